"""Each area appears in the main navigation only for the people who work in it."""

import pytest
from django.test import Client

from casys.accounts.models import BodyKind, Membership, Role
from tests.conftest import make_body, make_user

pytestmark = pytest.mark.django_db


def _nav(user) -> str:
    client = Client()
    client.force_login(user)
    html = client.get("/dashboard/").content.decode()
    return html.split('class="mainnav"')[1].split("</nav>")[0]


def test_certification_staff_see_certification_and_their_published_certificates(owner) -> None:
    nav = _nav(owner)
    assert ">Certification</a>" in nav
    assert ">Published certificates</a>" in nav
    assert ">Registry</a>" in nav


def test_a_laboratory_analyst_sees_neither_certification_nor_published_certificates() -> None:
    lab = make_body("test-lab", kind=BodyKind.LABORATORY, name="Test Lab")
    analyst = make_user("analyst@lab.example")
    Membership.all_objects.create(user=analyst, body=lab, role=Role.ANALYST)
    nav = _nav(analyst)
    assert "Certification</a>" not in nav
    assert "Published certificates" not in nav
    assert ">Registry</a>" in nav
