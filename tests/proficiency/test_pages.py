"""Pages: owner works, team reads (403 where a manager role is needed), outsider 404; participants see
their own participation only, an uninvited laboratory gets 404."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.clock import travel_to
from casys.proficiency.models import Evaluation, Participation, PTScheme, Result, Round

pytestmark = pytest.mark.django_db

IN_TIME = date(2026, 4, 1)


def _pid(pt_round: Round, code: str) -> int:
    with unscoped():
        return Participation.all_objects.get(round=pt_round, code=code).id


def _round_pages(pt_round: Round) -> list[str]:
    base = f"/proficiency/alpha-pt/rounds/{pt_round.id}/"
    return [
        "/proficiency/alpha-pt/schemes/",
        f"/proficiency/alpha-pt/schemes/{pt_round.scheme_id}/",
        base,
        base + "summary/",
        base + "summary.pdf",
        base + f"participants/{_pid(pt_round, 'L01')}/report.pdf",
    ]


def test_the_index_lists_the_users_provider_and_laboratory(
    owner_client: Client, lab_x_client: Client, designed_round
) -> None:
    assert "Alpha PT" in owner_client.get("/proficiency/").content.decode()
    assert "Laboratory X" in lab_x_client.get("/proficiency/").content.decode()


def test_the_owner_and_the_team_read_every_provider_page(
    owner_client: Client, team_client: Client, evaluated_round: Round
) -> None:
    for url in _round_pages(evaluated_round):
        for client in (owner_client, team_client):
            response = client.get(url)
            assert response.status_code == 200, url
    pdf = owner_client.get(_round_pages(evaluated_round)[-2])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["outsider_client", "lab_x_client", "lab_z_client"])
def test_outsiders_and_participants_get_404_on_provider_pages(
    request, who: str, evaluated_round: Round
) -> None:
    client = request.getfixturevalue(who)
    for url in _round_pages(evaluated_round) + [
        f"/proficiency/alpha-pt/rounds/{evaluated_round.id}/evaluate/"
    ]:
        assert client.get(url).status_code == 404, url


def test_the_provider_round_page_names_the_laboratories(owner_client: Client, open_round: Round) -> None:
    page = owner_client.get(f"/proficiency/alpha-pt/rounds/{open_round.id}/").content.decode()
    assert (
        "Laboratory X" in page and "Laboratory Y" in page and "Laboratory Z" in page
    )  # Z in the invitation list


def test_the_owner_creates_a_scheme_and_a_round(owner_client: Client, body_a) -> None:
    response = owner_client.post("/proficiency/alpha-pt/schemes/", {"name": "Nutrients in soil"})
    with unscoped():
        scheme = PTScheme.all_objects.get(name="Nutrients in soil")
    assert response.status_code == 302
    response = owner_client.post(
        f"/proficiency/alpha-pt/schemes/{scheme.id}/",
        {"code": "NS-1", "opens_on": "2026-05-01", "deadline": "2026-04-01"},
        follow=True,
    )
    assert "deadline: must not be before the dispatch date" in response.content.decode()
    owner_client.post(
        f"/proficiency/alpha-pt/schemes/{scheme.id}/",
        {"code": "NS-1", "opens_on": "2026-05-01", "deadline": "2026-06-01"},
    )
    with unscoped():
        assert Round.all_objects.filter(scheme=scheme, code="NS-1").exists()


def test_the_team_may_not_manage(team_client: Client, designed_round: Round) -> None:
    base = f"/proficiency/alpha-pt/rounds/{designed_round.id}/"
    assert team_client.post("/proficiency/alpha-pt/schemes/", {"name": "X"}).status_code == 403
    assert (
        team_client.post(
            f"/proficiency/alpha-pt/schemes/{designed_round.scheme_id}/", {"code": "Y"}
        ).status_code
        == 403
    )
    for path, data in [
        ("measurands/", {"name": "Cd", "unit": "µg/L"}),
        ("items/", {"code": "C"}),
        ("invite/", {"laboratory": "lab-z"}),
        ("status/open/", {}),
        ("homogeneity/", {}),
        ("results-csv/", {}),
        ("evaluate/", {}),
    ]:
        assert team_client.post(base + path, data).status_code == 403, path
    assert team_client.get(base + "evaluate/").status_code == 403


def test_the_owner_designs_and_opens_a_round(owner_client: Client, designed_round: Round) -> None:
    base = f"/proficiency/alpha-pt/rounds/{designed_round.id}/"
    owner_client.post(base + "measurands/", {"name": "Cd", "unit": "µg/L", "sigma_pt": "0,1"})
    owner_client.post(base + "items/", {"code": "C"})
    owner_client.post(base + "invite/", {"laboratory": "lab-z", "language": "ru"})
    owner_client.post(base + "status/open/")
    with unscoped():
        pt_round = Round.all_objects.get(pk=designed_round.pk)
        assert pt_round.status == "open"
        assert Participation.all_objects.get(round=pt_round, participant__slug="lab-z").language == "ru"
        assert rounds_measurand(pt_round, "Cd").sigma_pt == 0.1


def rounds_measurand(pt_round: Round, name: str):
    from casys.proficiency.models import Measurand

    return Measurand.all_objects.get(round=pt_round, name=name)


def test_outsiders_get_404_on_provider_changes(
    outsider_client: Client, lab_x_client: Client, designed_round: Round
) -> None:
    base = f"/proficiency/alpha-pt/rounds/{designed_round.id}/"
    for client in (outsider_client, lab_x_client):
        assert client.post(base + "items/", {"code": "C"}).status_code == 404
        assert client.post("/proficiency/alpha-pt/schemes/", {"name": "X"}).status_code == 404


def test_a_participant_sees_its_own_participation_only(
    lab_x_client: Client, lab_y_client: Client, lab_z_client: Client, open_round: Round
) -> None:
    mine, theirs = _pid(open_round, "L01"), _pid(open_round, "L02")
    listing = lab_x_client.get("/proficiency/lab-x/participations/").content.decode()
    assert "TM-2026-1" in listing
    page = lab_x_client.get(f"/proficiency/lab-x/participations/{mine}/").content.decode()
    assert "L01" in page and "Laboratory Y" not in page and "L02" not in page
    assert lab_x_client.get(f"/proficiency/lab-x/participations/{theirs}/").status_code == 404
    assert lab_x_client.get(f"/proficiency/lab-y/participations/{theirs}/").status_code == 404
    assert lab_y_client.get(f"/proficiency/lab-x/participations/{mine}/").status_code == 404
    assert lab_z_client.get(f"/proficiency/lab-z/participations/{mine}/").status_code == 404
    assert "TM-2026-1" not in lab_z_client.get("/proficiency/lab-z/participations/").content.decode()


def test_the_provider_and_outsiders_do_not_reach_the_lab_portal(
    owner_client: Client, outsider_client: Client, open_round: Round
) -> None:
    mine = _pid(open_round, "L01")
    for client in (owner_client, outsider_client):
        assert client.get("/proficiency/lab-x/participations/").status_code == 404
        assert client.get(f"/proficiency/lab-x/participations/{mine}/").status_code == 404


def test_a_participant_submits_by_form(lab_x_client: Client, open_round: Round) -> None:
    with unscoped():
        p = Participation.all_objects.get(round=open_round, code="L01")
        items = {i.code: i.id for i in rounds_items(open_round)}
        pb = rounds_measurand(open_round, "Pb").id
    with travel_to(IN_TIME):
        response = lab_x_client.post(
            f"/proficiency/lab-x/participations/{p.id}/",
            {f"r_{items['A']}_{pb}": "10,12", f"U_{items['A']}_{pb}": "0.9", f"r_{items['B']}_{pb}": ""},
            follow=True,
        )
    assert "1 result submitted." in response.content.decode()
    with unscoped():
        assert list(Result.all_objects.values_list("value", "U", "source")) == [(10.12, 0.9, "form")]


def rounds_items(pt_round: Round):
    from casys.proficiency.models import Item

    return Item.all_objects.filter(round=pt_round)


def test_a_bad_csv_shows_row_and_column_and_stores_nothing(lab_y_client: Client, open_round: Round) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "r.csv", b"item,measurand,result\nA,Pb,10.1\nB,Pb,abc\n", content_type="text/csv"
    )
    with travel_to(IN_TIME):
        response = lab_y_client.post(
            f"/proficiency/lab-y/participations/{_pid(open_round, 'L02')}/upload/",
            {"file": upload},
            follow=True,
        )
    page = response.content.decode()
    assert "Nothing was stored: the CSV file has errors." in page
    assert "row 3, column &#x27;result&#x27;: &#x27;abc&#x27; is not a number" in page
    with unscoped():
        assert not Result.all_objects.exists()


def test_another_lab_cannot_upload_to_a_participation(lab_x_client: Client, open_round: Round) -> None:
    response = lab_x_client.post(f"/proficiency/lab-x/participations/{_pid(open_round, 'L02')}/upload/", {})
    assert response.status_code == 404


def test_a_report_reviewer_reads_but_may_not_submit(open_round: Round) -> None:
    from casys.accounts.models import Body, Membership, Role
    from tests.conftest import make_user
    from tests.proficiency.conftest import login

    with unscoped():
        user = make_user("reviewer@lab-x.example")
        Membership.all_objects.create(
            user=user, body=Body.all_objects.get(slug="lab-x"), role=Role.REPORT_REVIEWER
        )
    client = login("reviewer@lab-x.example")
    url = f"/proficiency/lab-x/participations/{_pid(open_round, 'L01')}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    assert client.post(url + "upload/", {}).status_code == 403


def test_the_owner_evaluates_through_the_form_and_each_choice_is_logged(
    owner_client: Client, closed_round: Round
) -> None:
    base = f"/proficiency/alpha-pt/rounds/{closed_round.id}/"
    assert owner_client.get(base + "evaluate/").status_code == 200
    bad = owner_client.post(
        base + "evaluate/",
        {"assigned": "algorithm-a", "sigma_pt": "prescribed", "score": "auto", "exclusions": "L05"},
    )
    assert "exclusions, line 1: write" in bad.content.decode()
    response = owner_client.post(
        base + "evaluate/",
        {
            "assigned": "q-hampel",
            "sigma_pt": "prescribed",
            "score": "auto",
            "exclusions": "L05: bottle broken",
            "confirm": "yes",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/summary/")
    with unscoped():
        evaluation = Evaluation.all_objects.get()
        assert (evaluation.assigned_method, evaluation.exclusions) == ("q-hampel", {"L05": "bottle broken"})
        assert evaluation.evaluated_by.email == "owner@alpha.example"
        excluded = AuditEntry.all_objects.get(action="proficiency.evaluation.result_excluded")
        assert excluded.data == {"round": "TM-2026-1", "participant": "L05", "reason": "bottle broken"}
        assert excluded.actor_label == "Olga Owner"


def test_the_report_waits_for_publication(lab_x_client: Client, evaluated_round: Round) -> None:
    assert (
        lab_x_client.get(
            f"/proficiency/lab-x/participations/{_pid(evaluated_round, 'L01')}/report/"
        ).status_code
        == 404
    )


def test_the_participant_report_shows_its_score_charts_and_codes_only(
    lab_x_client: Client, lab_y_client: Client, lab_z_client: Client, published_round: Round
) -> None:
    mine = _pid(published_round, "L01")
    response = lab_x_client.get(f"/proficiency/lab-x/participations/{mine}/report/")
    page = response.content.decode()
    assert response.status_code == 200
    with unscoped():
        from casys.proficiency.models import Score

        score = Score.all_objects.get(participation_id=mine, series__item__code="A")
    assert html.escape(f"{score.kind} = {score.value:.2f}") in page
    assert page.count('class="highlight"') == 2  # one bar chart per item
    assert "<polyline" in page and 'class="youden"' in page
    for name in ("Laboratory Y", "lab-y", "Laboratory 3"):
        assert name not in page
    assert lab_y_client.get(f"/proficiency/lab-x/participations/{mine}/report/").status_code == 404
    assert lab_z_client.get(f"/proficiency/lab-z/participations/{mine}/report/").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_participant_report_pdf_is_served_in_each_language(
    lab_x_client: Client, published_round: Round, language: str
) -> None:
    response = lab_x_client.get(
        f"/proficiency/lab-x/participations/{_pid(published_round, 'L01')}/report.pdf?lang={language}"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_report_language_defaults_to_the_participants_choice(
    lab_y_client: Client, published_round: Round, monkeypatch
) -> None:
    seen = []

    def fake_render(template, context, **kwargs):
        from django.utils import translation

        seen.append((template, context["language"], translation.get_language()))
        return b"%PDF-fake"

    monkeypatch.setattr("casys.proficiency.views.common.render_pdf", fake_render)
    lab_y_client.get(f"/proficiency/lab-y/participations/{_pid(published_round, 'L02')}/report.pdf")
    assert seen == [("proficiency/report_pdf.html", "fr", "fr")]


def test_a_participant_chooses_its_report_language(lab_x_client: Client, open_round: Round) -> None:
    pid = _pid(open_round, "L01")
    lab_x_client.post(f"/proficiency/lab-x/participations/{pid}/language/", {"language": "ru"})
    with unscoped():
        assert Participation.all_objects.get(pk=pid).language == "ru"
    response = lab_x_client.post(
        f"/proficiency/lab-x/participations/{pid}/language/", {"language": "de"}, follow=True
    )
    assert "language: choose one of en, fr, ru" in response.content.decode()


def test_the_history_chart_follows_the_laboratory_over_published_rounds(
    lab_x_client: Client, published_round: Round
) -> None:
    page = lab_x_client.get(
        f"/proficiency/lab-x/participations/{_pid(published_round, 'L01')}/report/"
    ).content.decode()
    assert 'class="history"' in page and "TM-2026-1 A" in page


@pytest.mark.parametrize(
    ("language", "heading", "verdict"),
    [("fr", "Rapport de performance", "satisfaisant"), ("ru", "Отчёт о результатах", "удовлетворительно")],
)
def test_the_report_page_is_translated(
    lab_x_client: Client, published_round: Round, language, heading, verdict
) -> None:
    lab_x_client.cookies["django_language"] = language
    page = lab_x_client.get(
        f"/proficiency/lab-x/participations/{_pid(published_round, 'L01')}/report/"
    ).content.decode()
    assert heading in page and verdict in page


def test_the_owner_uploads_homogeneity_data_and_a_series(owner_client: Client, open_round: Round) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with unscoped():
        item = rounds_items(open_round).get(code="A").id
        pb = rounds_measurand(open_round, "Pb").id
    base = f"/proficiency/alpha-pt/rounds/{open_round.id}/"
    data = b"item,replicate,result\n1,1,10.0\n1,2,10.1\n2,1,10.1\n2,2,10.0\n3,1,9.9\n3,2,10.0\n"
    response = owner_client.post(
        base + "homogeneity/",
        {"item": item, "measurand": pb, "file": SimpleUploadedFile("h.csv", data)},
        follow=True,
    )
    assert "Homogeneity checked: adequately homogeneous." in response.content.decode()
    duplicate = b"participant,result\nL01,10.0\nL01,10.2\n"
    response = owner_client.post(
        base + "results-csv/",
        {"item": item, "measurand": pb, "file": SimpleUploadedFile("s.csv", duplicate)},
        follow=True,
    )
    assert (
        "row 3, column &#x27;participant&#x27;: duplicate participant &#x27;L01&#x27;"
        in response.content.decode()
    )
    with unscoped():
        assert not Result.all_objects.exists()


def test_the_report_page_links_each_pdf_language_with_its_code(
    lab_x_client: Client, published_round: Round
) -> None:
    page = lab_x_client.get(
        f"/proficiency/lab-x/participations/{_pid(published_round, 'L01')}/report/"
    ).content.decode()
    for code in ("en", "fr", "ru"):
        assert f"report.pdf?lang={code}&quot;" not in page
        assert f'report.pdf?lang={code}"' in page
    assert "lang={" not in html.unescape(page)


def test_the_report_language_form_offers_the_codes_and_saves_the_choice(
    lab_x_client: Client, open_round: Round
) -> None:
    pid = _pid(open_round, "L01")
    page = lab_x_client.get(f"/proficiency/lab-x/participations/{pid}/").content.decode()
    for code in ("en", "fr", "ru"):
        assert f'<option value="{code}"' in page
    response = lab_x_client.post(
        f"/proficiency/lab-x/participations/{pid}/language/", {"language": "fr"}, follow=True
    )
    assert "language: choose one of" not in response.content.decode()
    with unscoped():
        assert Participation.all_objects.get(pk=pid).language == "fr"


def test_every_chart_of_the_participant_report_pdf_has_a_title_and_axis_labels(
    lab_x_client: Client, published_round: Round
) -> None:
    from tests.documents.pdftext import pdf_text

    pdf = lab_x_client.get(
        f"/proficiency/lab-x/participations/{_pid(published_round, 'L01')}/report.pdf?lang=fr"
    ).content
    text = pdf_text(pdf)
    for phrase in ("participant", "densité", "Diagramme de Youden"):
        assert phrase in text


def test_the_participant_report_pdf_carries_the_providers_template(
    lab_x_client: Client, published_round: Round
) -> None:
    from tests.documents.conftest import give_template
    from tests.documents.pdftext import pdf_images_per_page, pdf_pages

    give_template(published_round.scheme.provider)
    pdf = lab_x_client.get(
        f"/proficiency/lab-x/participations/{_pid(published_round, 'L01')}/report.pdf?lang=en"
    ).content
    assert pdf_images_per_page(pdf).get(1) == 1  # the provider's logo heads the first page
    assert published_round.scheme.provider.name in pdf_pages(pdf)[0]
