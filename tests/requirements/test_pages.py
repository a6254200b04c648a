"""Pages: the catalogues (every signed-in member of a body, read-only; search by id or title) and a
body's licensed text (administrators and scheme managers load it; other roles 403; a foreign
body's member 404; anonymous users the login page). Licensed text is seen by the body's members
only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.requirements.models import Requirement
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

INDEX = "/requirements/"
CATALOGUE = "/requirements/catalogues/iso9001:2015/"
LICENSED = "/requirements/alpha-cert/licensed/iso9001:2015/"
LICENSED_TEXT = "The organization shall implement production under controlled conditions (licensed copy)."


def _csv(text: str, name: str = "iso9001.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _member(body: Any, role: str) -> Client:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    client = Client()
    client.force_login(user)
    return client


def _load(client: Client) -> Any:
    return client.post(
        LICENSED, {"file": _csv(f'id,text\n8.5.1,"{LICENSED_TEXT}"\niso9001:2015/9.2,Audit text.\n')}
    )


def test_a_member_sees_the_catalogue_tree(owner_client: Client, iso9001: Any) -> None:
    response = owner_client.get(CATALOGUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "iso9001:2015/8.5.1" in page and "Control of production and service provision" in page
    with unscoped():
        top, clause = (Requirement.objects.get(uid=f"iso9001:2015/{n}") for n in ("8", "8.5.1"))
    assert (top.depth, clause.depth) == (1, 3)  # 8.5.1 sits under 8.5 under 8
    assert f'class="req-depth-3" id="r-{clause.pk}"' in page
    assert "78 clauses" in page


def test_a_member_finds_a_clause_by_id_or_by_title(owner_client: Client, iso9001: Any) -> None:
    by_id = owner_client.get(CATALOGUE, {"q": "8.5.1"}).content.decode()
    assert "iso9001:2015/8.5.1" in by_id and "iso9001:2015/8.5.2" not in by_id
    by_title = owner_client.get(CATALOGUE, {"q": "traceability"}).content.decode()
    assert "Identification and traceability" in by_title and "Measurement traceability" in by_title
    assert "2 clauses" in by_title
    assert "No clause matches." in owner_client.get(CATALOGUE, {"q": "zzz"}).content.decode()


def test_the_index_lists_catalogues_and_profiles(owner_client: Client, iso9001: Any) -> None:
    page = owner_client.get(INDEX).content.decode()
    assert CATALOGUE in page and "numbers and titles only" in page
    assert LICENSED in page  # the owner may load licensed text
    assert "iso9001" in page


def test_the_index_hides_the_licensed_text_link_from_roles_that_may_not_use_it(
    team_client: Client, iso9001: Any
) -> None:
    page = team_client.get(INDEX).content.decode()
    assert CATALOGUE in page and LICENSED not in page


def test_an_unknown_catalogue_is_404(owner_client: Client, iso9001: Any) -> None:
    assert owner_client.get("/requirements/catalogues/iso9999:2001/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client: Client, iso9001: Any) -> None:
    for url in (INDEX, CATALOGUE, LICENSED):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_signed_in_user_without_a_body_gets_404(iso9001: Any) -> None:
    client = Client()
    client.force_login(make_user("nobody@example.org"))
    assert client.get(CATALOGUE).status_code == 404


def test_the_owner_loads_licensed_text_that_its_members_see(
    owner_client: Client, team_client: Client, outsider_client: Client, iso9001: Any, body_a: Any
) -> None:
    response = _load(owner_client)
    assert response.status_code == 302
    with unscoped():
        entry = AuditEntry.all_objects.get(action="requirements.licensed_text.loaded")
    assert entry.body_id == body_a.pk and entry.data == {"catalogue": "iso9001:2015", "requirements": 2}
    assert LICENSED_TEXT in team_client.get(CATALOGUE).content.decode()
    assert (
        "Licensed text of Alpha Certification" in team_client.get(CATALOGUE, {"q": "8.5.1"}).content.decode()
    )
    # another body's member sees the shared clause, never the licensed text
    outsider_page = outsider_client.get(CATALOGUE).content.decode()
    assert "Control of production and service provision" in outsider_page
    assert LICENSED_TEXT not in outsider_page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SCHEME_MANAGER])
def test_administrators_and_scheme_managers_may_load_licensed_text(
    role: str, body_a: Any, iso9001: Any
) -> None:
    client = _member(body_a, role)
    assert client.get(LICENSED).status_code == 200
    assert _load(client).status_code == 302


@pytest.mark.parametrize(
    "role",
    [Role.AUDITOR, Role.DECISION_MAKER, Role.ANALYST, Role.REPORT_REVIEWER, Role.CLIENT_CONTACT],
)
def test_other_roles_may_not_load_licensed_text(role: str, body_a: Any, iso9001: Any) -> None:
    client = _member(body_a, role)
    assert client.get(LICENSED).status_code == 403
    assert _load(client).status_code == 403


def test_a_foreign_body_member_gets_404_on_the_licensed_text_page(
    outsider_client: Client, iso9001: Any
) -> None:
    assert outsider_client.get(LICENSED).status_code == 404
    assert _load(outsider_client).status_code == 404


def test_a_bad_row_is_named_and_nothing_is_loaded(owner_client: Client, iso9001: Any) -> None:
    _load(owner_client)
    response = owner_client.post(LICENSED, {"file": _csv("id,text\n8.5.1,New text.\n8.9,Invented clause.\n")})
    assert response.status_code == 400
    assert "row 3: &#x27;8.9&#x27; is not a clause of iso9001:2015" in response.content.decode()
    # the earlier text is still there: nothing was half written
    assert LICENSED_TEXT in owner_client.get(CATALOGUE).content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("clause;text\n8.5.1;x\n", "file: the first row must be the header &quot;id,text&quot;"),
        ("id,text\n", "file: has no rows after the header"),
        ("id,text\n8.5.1,\n", "row 2: the text is empty"),
        ("id,text\n8.5.1,a\n8.5.1,b\n", "row 3: &#x27;8.5.1&#x27; is given twice (also row 2)"),
        ("id,text\n8.5.1,a\u202eb\n", "row 2: the text contains the invisible direction control U+202E"),
    ],
)
def test_a_refused_file_says_why(owner_client: Client, iso9001: Any, content: str, message: str) -> None:
    response = owner_client.post(LICENSED, {"file": _csv(content)})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_file_that_is_not_utf8_is_refused(owner_client: Client, iso9001: Any) -> None:
    upload = SimpleUploadedFile(
        "x.csv", "id,text\n8.5.1,Qualité\n".encode("latin-1"), content_type="text/csv"
    )
    response = owner_client.post(LICENSED, {"file": upload})
    assert "file: is not UTF-8 text" in response.content.decode()


def test_the_owner_removes_the_licensed_text(owner_client: Client, iso9001: Any) -> None:
    _load(owner_client)
    assert owner_client.post(LICENSED, {"action": "remove"}).status_code == 302
    assert LICENSED_TEXT not in owner_client.get(CATALOGUE).content.decode()
    with unscoped():
        assert (
            AuditEntry.all_objects.get(action="requirements.licensed_text.removed").data["requirements"] == 2
        )


@pytest.mark.parametrize(
    ("language", "heading", "count"),
    [
        ("fr", "Rechercher par identifiant ou titre", "78 articles"),
        ("ru", "Поиск по идентификатору или названию", "78 пунктов"),
    ],
)
def test_the_catalogue_page_speaks_french_and_russian(
    owner_client: Client, iso9001: Any, language: str, heading: str, count: str
) -> None:
    page = owner_client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in page and count in page
    one = owner_client.get(CATALOGUE, {"q": "8.5.1"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert {"fr": "1 article", "ru": "1 пункт"}[language] in one
