"""Audit-time tables a certification body loads (ISO/IEC 27006-1, ISO 50003, ISO 21030).

The real tables are not public: every table value in this file is MADE UP for the tests
(bands and days chosen to be easy to follow), and is not taken from, nor a guess of, any
of those documents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient

from casys import clock
from casys.accounts.models import Body, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM, Actor
from casys.certification.models import Application, AuditTimeTable
from casys.certification.models import Client as CertClient
from casys.certification.services import CertificationError, applications, audit_tables
from tests.certification.conftest import START, central
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SOURCE = "ISO/IEC 27006-1:2024 Table D.1, licensed copy"
# MADE-UP values (not from ISO/IEC 27006-1, which is not public).
MADE_UP = "# made-up test values\npersonnel_min,personnel_max,all\n1,50,3\n51,200,6\n201,100000,9\n"
# A second, also MADE-UP version of the same table.
MADE_UP_V2 = "personnel_min,personnel_max,all\n1,50,4\n51,200,8\n201,100000,12\n"
URL = "/certification/alpha-cert/audit-time-tables/"


@pytest.fixture
def app27001(body_a: Body, cert_client: CertClient) -> Application:
    with unscoped():
        return applications.create_application(
            body_a,
            cert_client,
            schemes=["iso27001"],
            scope="Information security of the design office",
            iaf_codes=[33],
            complexity="medium",
            sites=[central()],  # 100 full-time + 10 part-time at 20 h of 40: n = 105
            received_on=START,
        )


def _load(body: Body, csv_text: str = MADE_UP, source: str = SOURCE, **kw: Any) -> AuditTimeTable:
    with unscoped():
        return audit_tables.load_table(body, kw.get("table_id", "iso27006-1"), csv_text, source, SYSTEM)


# --- service ------------------------------------------------------------------------------


def test_a_valid_table_is_stored_with_its_source_and_logged(body_a: Body, owner: User) -> None:
    with unscoped():
        row = audit_tables.load_table(body_a, "iso27006-1", MADE_UP, SOURCE, Actor(user=owner, label="o"))
        entry = AuditEntry.objects.get(action="certification.audit_table.loaded")
    assert (row.table_id, row.source, row.csv_text, row.loaded_by) == ("iso27006-1", SOURCE, MADE_UP, owner)
    assert row.loaded_at.date() == START
    assert entry.data == {"table": "iso27006-1", "source": SOURCE, "rows": 3}
    assert entry.body_id == body_a.pk


def test_a_bad_cell_is_refused_naming_row_and_column_and_nothing_is_stored(body_a: Body) -> None:
    bad = "# made-up\npersonnel_min,personnel_max,all\n1,50,3\n51,200,six\n"
    with pytest.raises(CertificationError) as exc:
        _load(body_a, bad)
    assert "line 4, column 'all': 'six' is not a number" in str(exc.value)
    with unscoped():
        assert not AuditTimeTable.all_objects.exists()
        assert not AuditEntry.objects.filter(action="certification.audit_table.loaded").exists()


@pytest.mark.parametrize(
    ("csv_text", "source", "table_id", "message"),
    [
        ("personnel_min,personnel_max,all\n1,50,3\n60,200,6", SOURCE, "iso27006-1", "line 3: band 60-200"),
        ("personnel_min,personnel_max,all\n1,50,0", SOURCE, "iso27006-1", "audit days must be greater"),
        ("personnel,all\n1,3", SOURCE, "iso27006-1", "header must be personnel_min"),
        (MADE_UP, "  ", "iso27006-1", "source: a loaded table must name its source"),
        (MADE_UP, SOURCE, "qms", "table_id: 'qms' is not a table"),
        ("", SOURCE, "iso27006-1", "csv_text: paste the table"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(
    body_a: Body, csv_text: str, source: str, table_id: str, message: str
) -> None:
    with pytest.raises(CertificationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _load(body_a, csv_text, source, table_id=table_id)
    with unscoped():
        assert not AuditTimeTable.all_objects.exists()


def test_a_new_version_is_a_new_row_and_the_newest_is_used(body_a: Body, body_b: Body) -> None:
    first = _load(body_a, MADE_UP, "first copy")
    clock.set_today(date(2026, 2, 1))
    second = _load(body_a, MADE_UP_V2, "second copy")
    _load(body_b, MADE_UP, "body B copy")
    with unscoped():
        assert list(AuditTimeTable.all_objects.filter(body=body_a).order_by("id")) == [first, second]
        table = audit_tables.table_set(body_a.pk).table("iso27006-1")
        other = audit_tables.table_set(body_b.pk).table("iso27006-1")
    assert (table.source, table.row(105).days["all"]) == ("second copy", 8)  # MADE_UP_V2, band 51-200
    assert (other.source, other.row(105).days["all"]) == ("body B copy", 6)  # MADE_UP, band 51-200
    first.refresh_from_db()
    assert first.source == "first copy"  # the history is kept, never edited


def test_the_27001_review_is_refused_before_the_table_is_loaded(app27001: Application) -> None:
    with unscoped(), pytest.raises(CertificationError) as exc:
        applications.review_application(app27001, on=date(2026, 1, 6))
    assert str(exc.value) == (
        "audit-time table 'iso27006-1' (ISO/IEC 27006-1) is not loaded: it is not public, so the "
        "certification body loads its licensed copy with load_body_table() "
        "(in casys: the certification body's Audit-time tables page)"
    )
    app27001.refresh_from_db()
    assert (app27001.status, app27001.initial_days) == ("received", None)


def test_the_27001_quotation_uses_the_loaded_table_and_names_its_source(app27001: Application) -> None:
    _load(app27001.body)
    with unscoped():
        applications.review_application(app27001, on=date(2026, 1, 6))
    app27001.refresh_from_db()
    # MADE_UP band 51-200 persons: 6 days; stage 1 = 30 % of 6 = 1.8 -> 2 (half-day rounding,
    # IAF MD 5:2019 2.2); surveillance 1/3 and recertification 2/3 of the initial time.
    assert (app27001.initial_days, app27001.stage1_days, app27001.stage2_days) == (6, 2, 4)
    assert (app27001.surveillance_days, app27001.recertification_days) == (2, 4)
    assert (
        f"{SOURCE}, row 51-200 persons doing work under the organization's control: 6 auditor-days "
        "(stage 1 + stage 2, ISO/IEC 27006-1)"
    ) in app27001.justification


def test_an_integrated_9001_27001_quotation_names_both_sources(body_a: Body, cert_client: CertClient) -> None:
    _load(body_a)
    with unscoped():
        app = applications.create_application(
            body_a,
            cert_client,
            schemes=["iso9001", "iso27001"],
            scope="Design and machining",
            iaf_codes=[17],
            complexity="medium",
            sites=[central()],
            received_on=START,
        )
        applications.review_application(app, on=date(2026, 1, 6))
    app.refresh_from_db()
    firsts = [line for line in app.justification if "row " in line]
    assert firsts[0].startswith("IAF MD 5:2019 Table QMS 1, row 86-125 persons")
    assert firsts[1] == (
        f"{SOURCE}, row 51-200 persons doing work under the organization's control: 6 auditor-days "
        "(stage 1 + stage 2, ISO/IEC 27006-1)"
    )


# --- page ---------------------------------------------------------------------------------


def test_the_page_lists_needed_tables_loaded_and_missing_for_every_member(
    body_a: Body, owner_client: HttpClient, team_client: HttpClient, outsider_client: HttpClient
) -> None:
    _load(body_a)
    for c in (owner_client, team_client):
        r = c.get(URL)
        assert r.status_code == 200
        html = r.content.decode()
        assert SOURCE in html and "ISO/IEC 27001:2022" in html
        for table in ("iso27006-1", "iso50003", "iso21030", "iso42006", "iso22003-1"):
            assert f'id="table-{table}"' in html
        assert html.count(">missing<") == 4
        assert "personnel_min,personnel_max" in html
    assert 'id="load-table"' in owner_client.get(URL).content.decode()
    assert 'id="load-table"' not in team_client.get(URL).content.decode()
    assert outsider_client.get(URL).status_code == 404
    assert outsider_client.post(URL, {"table_id": "iso27006-1"}).status_code == 404


def test_the_subnavigation_links_the_page(owner_client: HttpClient) -> None:
    assert URL in owner_client.get("/certification/alpha-cert/").content.decode()


def test_the_owner_loads_a_table_from_the_textarea(body_a: Body, owner_client: HttpClient) -> None:
    posted = {"table_id": "iso50003", "source": "ISO 50003:2021, licensed", "csv_text": MADE_UP}
    r = owner_client.post(URL, posted)
    assert r.status_code == 302
    with unscoped():
        row = AuditTimeTable.all_objects.get()
    assert (row.body_id, row.table_id, row.source) == (body_a.pk, "iso50003", "ISO 50003:2021, licensed")


def test_a_scheme_manager_loads_a_table_from_a_file(body_a: Body) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager = make_user("manager@alpha.example", "Mia Manager")
    Membership.all_objects.create(user=manager, body=body_a, role=Role.SCHEME_MANAGER)
    c = HttpClient()
    c.force_login(manager)
    upload = SimpleUploadedFile("t.csv", MADE_UP.encode(), content_type="text/csv")
    c.post(URL, {"table_id": "iso21030", "source": "ISO 21030, licensed", "csv_file": upload})
    with unscoped():
        row = AuditTimeTable.all_objects.get()
    assert (row.table_id, row.csv_text, row.loaded_by) == ("iso21030", MADE_UP, manager)


def test_a_team_member_without_the_role_gets_403_and_nothing_is_stored(team_client: HttpClient) -> None:
    r = team_client.post(URL, {"table_id": "iso27006-1", "source": SOURCE, "csv_text": MADE_UP})
    assert r.status_code == 403
    with unscoped():
        assert not AuditTimeTable.all_objects.exists()


def test_a_bad_upload_shows_the_row_and_column(owner_client: HttpClient) -> None:
    bad = "personnel_min,personnel_max,all\n1,x,3\n"
    r = owner_client.post(URL, {"table_id": "iso27006-1", "source": SOURCE, "csv_text": bad}, follow=True)
    assert "line 2, column &#x27;personnel_max&#x27;: &#x27;x&#x27; is not a number" in (r.content.decode())
    with unscoped():
        assert not AuditTimeTable.all_objects.exists()


# --- API ----------------------------------------------------------------------------------


def test_the_api_lists_the_27001_audit_time_with_the_source(
    app27001: Application, owner: User, team: User, outsider: User, body_a: Body, body_b: Body
) -> None:
    _load(body_a)
    with unscoped():
        applications.review_application(app27001, on=date(2026, 1, 6))
    app27001.refresh_from_db()
    expected = {
        "id": app27001.pk,
        "body": "alpha-cert",
        "client": app27001.client_id,
        "schemes": ["iso27001"],
        "scope": "Information security of the design office",
        "iaf_codes": [33],
        "complexity": "medium",
        "status": "reviewed",
        "received_on": "2026-01-05",
        "audit_time": {
            "n": 105,
            # MADE_UP band 51-200 persons: 6 days (see test above)
            "initial": 6.0,
            "stage1": 2.0,
            "stage2": 4.0,
            "surveillance": 2.0,
            "recertification": 4.0,
            "justification": app27001.justification,
            "sites_to_visit": ["Stuttgart plant"],
        },
    }
    assert any(line.startswith(SOURCE) for line in app27001.justification)

    def get(user: User, body: Body) -> Any:
        token = create_token(user=user, body=body, name="t", actor=SYSTEM)[1]
        return HttpClient().get("/api/v1/certification/applications", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert get(owner, body_a).json() == [expected]
    assert get(team, body_a).json() == [expected]
    assert get(outsider, body_b).json() == []
