"""The persons demo data: an item bank of at least 200 items over two schemes, two past sessions of at
least 150 candidates each whose simulated (2PL) responses give a reliability in the range real
examinations have, certificates in every state, and demo logins for an examiner and a candidate."""

from __future__ import annotations

import time

import numpy as np
import pytest

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from casys.demo import load
from casys.persons.models import AngoffRating, ExamSession, Item, Response, Sitting
from casys.persons.services.psychometrics import angoff_panel, session_report
from tests.persons.test_open_badges import ob3_errors, payload

pytestmark = pytest.mark.django_db


def _kr20(matrix: np.ndarray) -> float:
    """KR-20 with the population variance of the totals (Kuder & Richardson 1937)."""
    k = matrix.shape[1]
    p = matrix.mean(axis=0)
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / matrix.sum(axis=1).var()))


def test_the_demo_has_the_bank_the_sessions_and_certificates_in_every_state() -> None:
    started = time.perf_counter()
    logins = load()
    elapsed = time.perf_counter() - started
    assert ("examiner@certpers.example", "Examiner", "CertPers Personnel Certification OÜ") in logins
    assert ("candidate@certpers.example", "Candidate", "CertPers Personnel Certification OÜ") in logins
    with unscoped():
        assert Item.all_objects.count() >= 200
        assert set(Item.all_objects.values_list("scheme_id", flat=True)) == {"ndt-iso9712", "ms-auditor"}
        sessions = list(ExamSession.all_objects.all())
        assert len([s for s in sessions if s.capacity is None]) == 2
        for s in [x for x in sessions if x.capacity is None]:
            sittings = list(Sitting.all_objects.filter(session=s).order_by("pk"))
            assert len(sittings) >= 150
            rows = Response.all_objects.filter(sitting__session=s, form_item__item__kind="single")
            scored: dict[int, dict[int, float]] = {}
            for sid, fid, pts in rows.values_list("sitting_id", "form_item_id", "points"):
                scored.setdefault(sid, {})[fid] = pts
            items = sorted(next(iter(scored.values())))
            matrix = np.array([[scored[x][i] for i in items] for x in sorted(scored)])
            assert 0.7 <= _kr20(matrix) <= 0.95, s.form.scheme_id
            assert {"pass", "fail"} <= {x.outcome for x in sittings}
        states = set(
            Attestation.all_objects.filter(kind=Kind.PERSON_CERTIFICATE).values_list("status", flat=True)
        )
        assert states == {"active", "suspended", "withdrawn", "expired"}
        for row in Attestation.all_objects.filter(kind=Kind.PERSON_CERTIFICATE)[:3]:
            assert ob3_errors(payload(row.credential)) == [], row.number
        past = [s for s in ExamSession.all_objects.filter(capacity__isnull=True)]
        for s in past:
            panel = angoff_panel(s.form_id)
            assert [r["round"] for r in panel] == [1, 2] and all(r["judges"] >= 6 for r in panel)
            assert panel[-1]["sd"] < panel[0]["sd"]  # the panel converges after discussion
            report = session_report(s)
            assert report["cut_source"] == "modified Angoff, round 2"
            assert 0.7 <= report["alpha"] <= 0.95 and report["alpha"] == report["kr20"]
            assert any(it["flags"] for it in report["items"])
            assert report["dif"] == {"reference": "et", "focal": "ru"}
        assert AngoffRating.all_objects.values("judge").distinct().count() >= 6
        assert ExamSession.all_objects.filter(capacity__isnull=False).count() == 1
    assert elapsed < 120  # the whole demo, persons included
