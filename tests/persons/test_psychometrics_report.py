"""The psychometric report of a session and of the item bank: statistics equal to the core's on the
same responses, charts drawn, flags sent to the review queue, the Angoff panel and its CSV, the
large-session job; every page × every role × a foreign body × anonymous."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.core.psychometrics import analyse
from casys.jobs.models import Job
from casys.jobs.services import run_pending
from casys.persons.models import (
    AngoffRating,
    Application,
    Candidate,
    ExamSession,
    FormItem,
    Item,
    PsychometricReport,
    Response,
    Sitting,
)
from casys.persons.services.psychometrics import angoff_panel, session_report
from tests.persons.conftest import SCHEME, client_of

pytestmark = pytest.mark.django_db
SLUG = "alpha-persons"
N = 80


@pytest.fixture
def analysed(session: ExamSession) -> ExamSession:
    """The fixture session with 80 candidates more whose objective responses follow a seeded 2PL model;
    item 0 is keyed against ability (negative discrimination), half the sittings are in Latvian."""
    rng = np.random.default_rng(11)
    with unscoped():
        fis = [fi for fi in FormItem.all_objects.filter(form=session.form).select_related("item")]
        objective = [fi for fi in fis if not fi.item.rubric_kind]
        body = session.body
        cands = Candidate.all_objects.bulk_create(
            Candidate(body=body, full_name=f"Sim {i}", email=f"sim{i}@x.example") for i in range(N)
        )
        apps = Application.all_objects.bulk_create(
            Application(body=body, candidate=c, scheme_id=SCHEME, scope="UT-2", status="eligible",
                        submitted_on=session.held_on)
            for c in cands
        )  # fmt: skip
        sittings = Sitting.all_objects.bulk_create(
            Sitting(body=body, session=session, application=a, language="lv" if i % 2 else "en")
            for i, a in enumerate(apps)
        )
        Sitting.all_objects.filter(session=session, language="").update(language="en")
        theta = rng.normal(0, 1, N)
        a = rng.uniform(0.8, 2.0, len(objective))
        a[0] = -1.5
        b = rng.normal(0, 0.8, len(objective))
        correct = rng.random((N, len(objective))) < 1 / (1 + np.exp(-a * (theta[:, None] - b)))
        rows = []
        for i, s in enumerate(sittings):
            for j, fi in enumerate(objective):
                item = fi.item
                if item.kind == "numeric":
                    value = item.key if correct[i, j] else "9"
                else:
                    value = item.key if correct[i, j] else ("A" if item.key != "A" else "C")
                rows.append(Response(sitting=s, form_item=fi, response=value,
                                     points=1.0 if correct[i, j] else 0.0))  # fmt: skip
        Response.all_objects.bulk_create(rows)
        session.correct = correct  # type: ignore[attr-defined]
        session.objective = objective  # type: ignore[attr-defined]
    return session


def test_the_session_report_equals_the_core_analysis_of_the_same_responses(analysed: Any) -> None:
    with unscoped():
        report = session_report(analysed)
    core = analyse(analysed.correct, [fi.item.code for fi in analysed.objective])
    assert report["candidates"] == N  # the first candidate has no responses yet: left out
    assert report["kr20"] == round(core.kr20, 4) and report["alpha"] == report["kr20"]
    assert report["kr21"] == round(core.kr21, 4) and report["sem"] == round(core.sem, 4)
    assert report["ddof"] == 1 and report["distribution"] == list(core.distribution)
    first = report["items"][0]
    assert first["p"] == round(core.items[0].p, 4)
    assert first["rpb_corrected"] == round(core.items[0].rpb_corrected, 4) < 0
    assert "negative_discrimination" in first["flags"]
    assert report["consistency"]["livingston"] is not None and 0 < report["consistency"]["subkoviak_p0"] <= 1
    assert report["dif"] == {"reference": "en", "focal": "lv"} or report["dif"] == {
        "reference": "lv",
        "focal": "en",
    }
    assert first["dif"]["ets_class"] in ("A", "B", "C")
    choice = next(it for it in report["items"] if it["distractors"])
    assert abs(sum(o["share"] for o in choice["distractors"]) - 1) < 0.01
    assert report["cut_source"] == "pass mark of the scheme"


def test_the_report_page_shows_the_statistics_and_the_charts_and_sends_flags_to_the_review_queue(
    analysed: Any, users: dict[str, User]
) -> None:
    c = client_of(users["scheme_manager"])
    url = reverse("persons:session-psychometrics", args=[SLUG, analysed.pk])
    text = c.get(url).content.decode()
    assert 'id="stat-kr20"' in text and "Item difficulty × discrimination" in text
    assert "Score distribution" in text and 'class="cut"' in text and "n − 1" in text
    with unscoped():
        bad = analysed.objective[0].item
    assert f'data-item="{bad.code}"' in text
    assert c.post(url, {"action": "flags"}).status_code == 302
    with unscoped():
        bad.refresh_from_db()
        assert "negative_discrimination" in bad.flags and bad.flagged_on is not None
        assert AuditEntry.objects.filter(action="persons.items.flagged").exists()
    queue = c.get(reverse("persons:items", args=[SLUG]) + "?flagged=1").content.decode()
    assert f"{bad.code} v1" in queue
    with unscoped():
        unflagged = Item.all_objects.filter(flags=[]).exclude(state="retired").first()
    assert f">{unflagged.code} v1<" not in queue


def test_the_item_bank_report_pools_the_sessions_and_draws_the_reliability_over_time(
    analysed: Any, users: dict[str, User]
) -> None:
    text = (
        client_of(users["scheme_manager"])
        .get(reverse("persons:bank-psychometrics", args=[SLUG]) + f"?scheme={SCHEME}")
        .content.decode()
    )
    assert "Reliability (alpha = KR-20) over the sessions" in text and 'id="bank-sessions"' in text
    assert str(analysed.held_on) in text


RATINGS_JUDGES = ("J1", "J2", "J3", "J4", "J5", "J6")


def _ratings_csv(codes: list[str], rounds: int = 2, bad: tuple[int, int] | None = None) -> str:
    lines = ["judge,round," + ",".join(codes)]
    rng = np.random.default_rng(3)
    for r in range(1, rounds + 1):
        for j in RATINGS_JUDGES:
            values = [f"{v:.2f}" for v in rng.uniform(0.4, 0.9, len(codes))]
            lines.append(f"{j},{r}," + ",".join(values))
    if bad:
        row, col = bad
        cells = lines[row - 1].split(",")
        cells[col - 1] = "1.4"
        lines[row - 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


def _upload(c: Client, url: str, text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(url, {"ratings": SimpleUploadedFile("ratings.csv", text.encode(), "text/csv")})


def test_an_angoff_panel_of_six_judges_in_two_rounds_gives_the_cut_its_sd_and_se(
    analysed: Any, users: dict[str, User]
) -> None:
    codes = [fi.item.code for fi in analysed.objective]
    c = client_of(users["scheme_manager"])
    url = reverse("persons:angoff", args=[SLUG, analysed.form.pk])
    assert _upload(c, url, _ratings_csv(codes)).status_code == 302
    with unscoped():
        panel = angoff_panel(analysed.form.pk)
        assert AngoffRating.all_objects.count() == 2 * 6 * len(codes)
    assert [r["judges"] for r in panel] == [6, 6]
    cuts = list(panel[-1]["judge_cuts"].values())
    assert panel[-1]["cut_score"] == pytest.approx(np.mean(cuts))
    assert panel[-1]["sd"] == pytest.approx(np.std(cuts, ddof=1))
    assert panel[-1]["se"] == pytest.approx(np.std(cuts, ddof=1) / np.sqrt(6))
    text = c.get(url).content.decode()
    assert 'data-round="2"' in text and f"{panel[-1]['cut_score']:.2f}" in text
    with unscoped():
        assert session_report(analysed)["cut_source"] == "modified Angoff, round 2"


def test_a_ratings_file_with_a_probability_outside_0_1_is_refused_naming_row_and_column(
    analysed: Any, users: dict[str, User]
) -> None:
    codes = [fi.item.code for fi in analysed.objective]
    c = client_of(users["scheme_manager"])
    url = reverse("persons:angoff", args=[SLUG, analysed.form.pk])
    answer = _upload(c, url, _ratings_csv(codes, bad=(4, 5)))
    assert answer.status_code == 400
    assert f"row 4, column &#x27;{codes[2]}&#x27;: rating 1.4 is outside 0–1" in answer.content.decode()
    unknown = _upload(c, url, _ratings_csv([*codes[:-1], "nope"]))
    assert unknown.status_code == 400
    assert "(&#x27;nope&#x27;): not an objective item" in unknown.content.decode()
    with unscoped():
        assert not AngoffRating.all_objects.exists()


def test_an_examiner_neither_reads_the_panel_nor_uploads_ratings(
    analysed: Any, users: dict[str, User]
) -> None:
    c = client_of(users["examiner"])
    url = reverse("persons:angoff", args=[SLUG, analysed.form.pk])
    denied = c.get(url)
    assert denied.status_code == 403
    assert not any(fi.item.stem in denied.content.decode() for fi in analysed.objective)
    codes = [fi.item.code for fi in analysed.objective]
    assert _upload(c, url, _ratings_csv(codes)).status_code == 403


@override_settings(CASYS_PERSONS_REPORT_SYNC_MAX=10)
def test_a_large_session_is_analysed_by_a_background_job_whose_result_the_page_shows(
    analysed: Any, users: dict[str, User]
) -> None:
    c = client_of(users["scheme_manager"])
    url = reverse("persons:session-psychometrics", args=[SLUG, analysed.pk])
    first = c.get(url).content.decode()
    assert "computed as a background job" in first and 'id="stat-kr20"' not in first
    started = c.post(url, {"action": "compute"})
    with unscoped():
        job = Job.all_objects.get(kind="persons.psychometrics")
    assert started.status_code == 302 and started["Location"] == url
    assert "The job is queued" in c.get(url).content.decode()
    run_pending()
    job.refresh_from_db()
    assert job.state == "done" and job.result["candidates"] == N and job.result["flagged"] >= 1
    assert set(job.result) == {"candidates", "items", "kr20", "flagged"}  # no item named on the jobs pages
    with unscoped():
        assert PsychometricReport.all_objects.get(session=analysed).report["candidates"] == N
    assert 'id="stat-kr20"' in c.get(url).content.decode()
    # the examiner (an item-bank role no more, 17024 7.4) is refused the stored report
    refused = client_of(users["examiner"]).get(url)
    assert refused.status_code == 403 and 'id="stat-kr20"' not in refused.content.decode()


#: the reports name items and keys: the item bank's role only (ISO/IEC 17024:2012 7.4)
PAGES = {
    "session-psychometrics": {"scheme_manager"},
    "bank-psychometrics": {"scheme_manager"},
    "angoff": {"scheme_manager"},
}
WHO = ["admin", "scheme_manager", "examiner", "decision_maker", "candidate", "auditor", "outsider"]


def _url(name: str, session: ExamSession) -> str:
    args: dict[str, list[Any]] = {
        "session-psychometrics": [SLUG, session.pk],
        "angoff": [SLUG, session.form_id],
        "bank-psychometrics": [SLUG],
    }
    return reverse(f"persons:{name}", args=args[name])


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", WHO)
def test_every_report_page_answers_each_role_as_it_should(
    page: str, who: str, users: dict[str, User], analysed: Any
) -> None:
    answer = client_of(users[who]).get(_url(page, analysed))
    assert answer.status_code == (404 if who == "outsider" else 200 if who in PAGES[page] else 403)
    if answer.status_code != 200:
        assert not any(fi.item.stem in answer.content.decode() for fi in analysed.objective)


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", ["admin", "decision_maker", "candidate", "outsider"])
def test_no_other_role_can_post_to_a_report_page(
    page: str, who: str, users: dict[str, User], analysed: Any
) -> None:
    answer = client_of(users[who]).post(_url(page, analysed), {"action": "flags"})
    assert answer.status_code == (404 if who == "outsider" else 403)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_sign_in_from_a_report_page(page: str, analysed: Any) -> None:
    answer = Client().get(_url(page, analysed))
    assert answer.status_code == 302 and "login" in answer["Location"]
