"""Demo data of the certification body for persons (CertPers): an item bank of 240 items across the two
example schemes, two past sessions of 160 candidates each whose responses are simulated from a seeded
two-parameter logistic (2PL) item-response model (the sittings record the language of the examination,
the groups of the DIF analysis), an Angoff panel of six judges in two rounds on each session's form, a
planned session open for booking in the candidate portal, and person certificates in every state.

2PL: P(correct | θ) = 1 / (1 + exp(−a(θ − b))) (Birnbaum 1968), θ ~ N(0.6, 1.2), a ~ U(0.4, 2.0),
b ~ N(−1, 1); a few items get a ≤ 0.1 or extreme b so the item analysis flags them.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import numpy as np

from casys import clock
from casys.accounts.models import Body, User
from casys.attestations.models import Kind
from casys.attestations.services.issue import issue, record_status
from casys.auditlog.services import SYSTEM, Actor
from casys.persons.models import (
    AngoffRating,
    Application,
    Candidate,
    Decision,
    Evidence,
    ExamSession,
    Form,
    FormItem,
    Item,
    Outcome,
    PersonCertificate,
    Response,
    Sitting,
)
from casys.persons.services import persons_part
from casys.persons.services.certificates import entry, expiry_date
from casys.persons.services.sessions import compute_results

ORDER = 60
SLUG = "certpers"
SEED = 20260105
FIRST = ["Jaan", "Mari", "Olev", "Kati", "Tõnu", "Anu", "Rein", "Liina", "Siim", "Eva", "Aivar", "Pille"]
LAST = ["Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Lepik", "Vaher"]
SESSIONS = (
    ("ndt-iso9712", "UT-2", date(2025, 9, 16), "Tallinn"),
    ("ms-auditor", "auditor-qms", date(2025, 11, 4), "Tartu"),
)


def _bank(body: Body, author: User, reviewer: User, rng: np.random.Generator) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    rows = []
    for sid, _scope, _on, _place in SESSIONS:
        p = persons_part(sid)
        for e in p.elements:
            part = p.part(e.part)
            n = (
                8
                if part.kind != "written"
                else 40
                if sid == "ms-auditor"
                else 30
                if e.part == "general"
                else 25
            )
            for i in range(int(n * max(e.weight, 0.3) * 2) if part.kind == "written" else n):
                a, b = float(rng.uniform(0.4, 2.0)), float(rng.normal(-1.0, 1))
                if i % 23 == 5:
                    a = 0.05  # a poor discriminator, flagged by the item analysis
                if i % 29 == 7:
                    b = -3.5  # far too easy
                rubric = part.kind != "written"
                rows.append(
                    Item(
                        body=body,
                        scheme_id=sid,
                        code=f"{sid[:3]}-{e.id}-{i + 1:03d}",
                        element=e.id,
                        kind="practical" if rubric else "single",
                        stem=f"{e.title}: {'task' if rubric else 'question'} {i + 1}",
                        options=[] if rubric else ["first", "second", "third", "fourth"],
                        key="" if rubric else "ABCD"[i % 4],
                        rubric=[
                            {"criterion": "method applied", "points": 6},
                            {"criterion": "report", "points": 4},
                        ]
                        if rubric
                        else [],
                        points=10 if rubric else 1,
                        state="approved",
                        author=author,
                        reviewer=reviewer,
                        # the simulated 2PL parameters, kept with the demo item for the psychometrics pages
                        tolerance=None,
                    )
                )
                rows[-1]._irt = (a, b)  # type: ignore[attr-defined]
    params = {(r.scheme_id, r.code): r._irt for r in rows}  # type: ignore[attr-defined]
    Item.all_objects.bulk_create(rows)
    for item in Item.all_objects.filter(body=body):
        item._irt = params[(item.scheme_id, item.code)]  # type: ignore[attr-defined]
        out.setdefault(item.scheme_id, []).append(item)
    return out


def _form(
    body: Body, sid: str, items: list[Item], on: date, rng: np.random.Generator
) -> tuple[Form, list[FormItem]]:
    p = persons_part(sid)
    form = Form.all_objects.create(
        body=body, scheme_id=sid, code=f"{sid}-{on.isoformat()}", seed=SEED, assembled_on=on, frozen=True
    )
    chosen = []
    for part in p.parts:
        pool = [i for i in items if p.element(i.element).part == part.id]
        pick = rng.choice(len(pool), size=part.items, replace=False)
        chosen.extend((part.id, pool[int(k)]) for k in pick)
    fis = FormItem.all_objects.bulk_create(
        FormItem(form=form, item=item, part=part, position=n + 1) for n, (part, item) in enumerate(chosen)
    )
    for _part, item in chosen:
        item.exposure_count, item.last_used_on = 1, on
    Item.all_objects.bulk_update([i for _p, i in chosen], ["exposure_count", "last_used_on"])
    return form, fis


def load_demo() -> None:
    body = Body.all_objects.get(slug=SLUG)
    if Item.all_objects.filter(body=body).exists():
        return
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@certpers.example")}
    examiner, manager, decider, admin = users["examiner"], users["manager"], users["decision"], users["admin"]
    rng = np.random.default_rng(SEED)
    # items are written and reviewed by the item bank's people (17024 7.4), never by the examiner
    bank = _bank(body, users["items"], manager, rng)
    me = Candidate.all_objects.create(
        body=body,
        user=users["candidate"],
        full_name="Jaan Ilves",
        email="candidate@certpers.example",
        publish_consent=True,
    )  # noqa: E501
    certificates: list[PersonCertificate] = []
    for k, (sid, scope, on, place) in enumerate(SESSIONS):
        form, fis = _form(body, sid, bank[sid], on, rng)
        session = ExamSession.all_objects.create(
            body=body, form=form, held_on=on, place=place, invigilator=manager, examiner=examiner
        )
        cands = [me] if k == 0 else []
        cands += Candidate.all_objects.bulk_create(
            Candidate(
                body=body,
                full_name=f"{FIRST[i % 12]} {LAST[(i * 7 + k) % 12]} {i + 1}",
                email=f"c{k}-{i}@candidates.example",
                publish_consent=i % 3 != 0,
            )
            for i in range(160 - len(cands))
        )
        apps = Application.all_objects.bulk_create(
            Application(
                body=body, candidate=c, scheme_id=sid, scope=scope, status="eligible", submitted_on=on
            )
            for c in cands
        )
        Evidence.all_objects.bulk_create(
            Evidence(
                body=body,
                application=a,
                requirement="training_hours",
                value="80",
                filename="training.pdf",
                content=b"demo",
                sha256=hashlib.sha256(b"demo").hexdigest(),
                size=4,
                uploaded_on=on,
            )
            for a in apps
        )
        sittings = Sitting.all_objects.bulk_create(
            Sitting(
                body=body,
                session=session,
                application=a,
                identity_checked=True,
                identity_document="ID card",
                # the language of the examination: the DIF groups of the psychometric report
                language="ru" if i % 3 == 0 else "et",
            )
            for i, a in enumerate(apps)
        )
        theta = rng.normal(0.6, 1.2, size=len(sittings))
        _angoff_panel(body, form, fis, on, rng)
        a = np.array([fi.item._irt[0] for fi in fis])  # type: ignore[attr-defined]
        b = np.array([fi.item._irt[1] for fi in fis])  # type: ignore[attr-defined]
        prob = 1 / (1 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
        correct = rng.random(prob.shape) < prob
        responses = []
        for i, s in enumerate(sittings):
            for j, fi in enumerate(fis):
                item = fi.item
                if item.kind == "practical":
                    pts = float(round(10 * prob[i, j]))
                    responses.append(
                        Response(
                            sitting=s,
                            form_item=fi,
                            response="specimen report",
                            points=pts,
                            marked_by=examiner,
                        )
                    )
                else:
                    wrong = "ABCD".replace(item.key, "")[(i + j) % 3]
                    value = item.key if correct[i, j] else wrong
                    responses.append(
                        Response(
                            sitting=s, form_item=fi, response=value, points=1.0 if correct[i, j] else 0.0
                        )
                    )
        Response.all_objects.bulk_create(responses, batch_size=2000)
        for s in sittings:
            s.session = session
            compute_results(s)
        for s in sittings:
            if s.outcome != Outcome.PASS:
                continue
            d = Decision.all_objects.create(
                body=body, sitting=s, decided_by=decider, granted=True, decided_on=on
            )
            certificates.append(
                PersonCertificate(
                    body=body,
                    candidate=s.application.candidate,
                    decision=d,
                    scheme_id=sid,
                    scope=scope,
                    number=f"CERTPERS-P-{on.year}-{len(certificates) + 1:04d}",
                    issued_on=on,
                    expires_on=expiry_date(on, persons_part(sid).validity_years),
                )
            )
    PersonCertificate.all_objects.bulk_create(certificates)
    issue(body, [entry(c) for c in certificates], source="demo", actor=SYSTEM)
    actor = Actor(user=admin)
    for cert, event, reason in zip(
        certificates[1:5],
        ("suspend", "withdraw", "expire", "suspend"),
        (
            "annual vision test not shown",
            "misuse of the certificate",
            "not recertified",
            "complaint under investigation",
        ),
        strict=False,
    ):
        record_status(
            body, Kind.PERSON_CERTIFICATE, cert.number, event, on=cert.issued_on, reason=reason, actor=actor
        )
    _planned_session(body, manager, examiner)


#: the demo's standard-setting panel (modified Angoff): six judges, two rounds
JUDGES = ("Mari Tamm", "Olev Saar", "Kati Sepp", "Rein Mägi", "Liina Kask", "Aivar Pärn")
#: ability of the minimally competent candidate on the 2PL scale the responses are drawn from
BORDERLINE_THETA = 0.0


def _angoff_panel(body: Body, form: Form, fis: list[FormItem], on: date, rng: np.random.Generator) -> None:
    """Six judges rate every objective item of the form in two rounds: each judge's rating is the 2PL
    probability at the borderline ability plus a judge's bias and noise, which shrink in round 2
    (after discussion), as panels do."""
    objective = [fi for fi in fis if fi.item.kind != "practical"]
    a = np.array([fi.item._irt[0] for fi in objective])  # type: ignore[attr-defined]
    b = np.array([fi.item._irt[1] for fi in objective])  # type: ignore[attr-defined]
    truth = 1 / (1 + np.exp(-a * (BORDERLINE_THETA - b)))
    bias = rng.normal(0, 0.08, len(JUDGES))
    rows = []
    for n, spread in ((1, 1.0), (2, 0.45)):
        noise = rng.normal(0, 0.12, (len(JUDGES), len(objective)))
        ratings = np.clip(truth[None, :] + spread * (bias[:, None] + noise), 0.05, 0.98)
        rows += [
            AngoffRating(
                body=body,
                form=form,
                item=fi.item,
                judge=judge,
                round=n,
                probability=round(float(ratings[j, k]), 2),
                recorded_on=on,
            )  # fmt: skip
            for j, judge in enumerate(JUDGES)
            for k, fi in enumerate(objective)
        ]
    AngoffRating.all_objects.bulk_create(rows)


def _planned_session(body: Body, invigilator: User, examiner: User) -> None:
    """A session of the NDT scheme six weeks after the demo's date, open for booking in the portal."""
    form = Form.all_objects.filter(body=body, scheme_id="ndt-iso9712").first()
    held_on = clock.today() + timedelta(days=42)
    ExamSession.all_objects.create(
        body=body, form=form, held_on=held_on, place="Tallinn", invigilator=invigilator, examiner=examiner,
        capacity=12, booking_closes_on=held_on - timedelta(days=7),
    )  # fmt: skip
