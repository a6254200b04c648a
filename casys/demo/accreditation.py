"""Demo accreditations (ORDER 10): the Nordic Accreditation Service accredits the two demo CBs.

All of it is fictional: NAS's signatory status below is demo data, not a real IAF MLA listing.
"""

from __future__ import annotations

from datetime import date

from casys.accounts.models import Body, User
from casys.accreditation.models import Accreditation, Assessment, SignatoryStatus
from casys.accreditation.services import accreditations as svc
from casys.accreditation.services import assessments as asv
from casys.accreditation.services.recognition import import_statuses
from casys.auditlog.services import Actor

ORDER = 10

#: Fictional signatory statuses of NAS (demo only): ISO 9001 and ISO 14001, not ISO 45001.
NAS_STATUSES = [
    {
        "body": "nas",
        "arrangement": "IAF-MLA",
        "activity": "certification-management-systems",
        "normativeDocument": "ISO/IEC 17021-1",
        "subScope": sub,
        "validFrom": "2012-06-01",
    }
    for sub in ("ISO 9001", "ISO 14001")
]


def load_demo() -> None:
    nas = Body.all_objects.get(slug="nas")
    baltcert = Body.all_objects.get(slug="baltcert")
    eurasia = Body.all_objects.get(slug="eurasia-cert")
    if not Accreditation.all_objects.filter(body=nas, number="NAS-CB-014").exists():
        codes = ("3", "17", "18", "19", "28", "29", "35")
        svc.grant(
            nas,
            svc.GrantInput(
                cab=baltcert,
                number="NAS-CB-014",
                standard="ISO/IEC 17021-1",
                valid_from=date(2021, 4, 1),
                valid_until=date(2029, 3, 31),
                scope=tuple(
                    svc.ScopeInput(s, codes) for s in ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018")
                ),
            ),
        )
    if not Accreditation.all_objects.filter(body=nas, number="NAS-CB-022").exists():
        svc.grant(
            nas,
            svc.GrantInput(
                cab=eurasia,
                number="NAS-CB-022",
                standard="ISO/IEC 17021-1",
                valid_from=date(2018, 1, 1),
                valid_until=date(2023, 12, 31),  # lapsed: not renewed
                scope=(svc.ScopeInput("ISO 9001:2015", ("3", "17", "29")),),
            ),
        )
    if not SignatoryStatus.all_objects.filter(body=nas).exists():
        import_statuses(NAS_STATUSES, source="demo data (fictional)")
    acc = Accreditation.all_objects.get(body=nas, number="NAS-CB-014")
    if not Assessment.all_objects.filter(accreditation=acc).exists():
        _assessments(acc)


def _assessments(acc: Accreditation) -> None:
    """A witnessing (one observation, no decision) and a reassessment whose nonconformity was closed
    before the decision, taken by NAS's administrator, who was not on the team."""
    erik = User.objects.get(email="assessor@nas.example")
    liisa = User.objects.get(email="assessor2@nas.example")
    karin = User.objects.get(email="ab.admin@nas.example")
    team = Actor(user=erik, label=str(erik))
    witness = asv.record_assessment(
        acc,
        asv.AssessmentInput(
            kind="witness",
            start=date(2023, 10, 10),
            end=date(2023, 10, 11),
            team_leader=erik,
            witnessed=(
                asv.WitnessInput("BaltCert stage 2 audit (ISO 9001, IAF 17)", date(2023, 10, 11), "Rīga"),
            ),
            summary="The audit team of BaltCert conducted the stage 2 audit competently.",
        ),
        actor=team,
    )
    asv.add_finding(
        witness,
        "observation",
        "ISO/IEC 17021-1 9.4.8",
        "The closing meeting did not restate the appeals process.",
        actor=team,
    )
    reassessment = asv.record_assessment(
        acc,
        asv.AssessmentInput(
            kind="reassessment",
            start=date(2025, 2, 17),
            end=date(2025, 2, 20),
            team_leader=erik,
            assessors=(liisa,),
            recommendation="grant",
            summary="Office assessment in Rīga; files of 12 certified clients reviewed.",
        ),
        actor=team,
    )
    nc = asv.add_finding(
        reassessment,
        "nonconformity",
        "ISO/IEC 17021-1 7.2.8",
        "Competence evaluation of two auditors for IAF code 28 not documented.",
        actor=team,
    )
    asv.close_finding(nc, date(2025, 3, 14), actor=team)
    asv.decide(
        reassessment,
        asv.DecisionInput("grant", date(2025, 3, 28), reason="Reaccreditation for the current scope."),
        actor=Actor(user=karin, label=str(karin)),
    )
