"""Passwords are hashed with Argon2id and sign-in works with them."""

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import Body, BodyKind, Membership, Role, User

pytestmark = pytest.mark.django_db


def test_new_passwords_are_hashed_with_argon2() -> None:
    user = User.objects.create_user("a@b.example", "correct horse battery staple")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("correct horse battery staple")


def test_sign_in_with_email_and_password(client: Client) -> None:
    user = User.objects.create_user("anna@cb.example", "correct horse battery staple")
    body = Body.all_objects.create(slug="cb", name="CB", kind=BodyKind.CERTIFICATION_BODY, country="FR")
    Membership.all_objects.create(user=user, body=body, role=Role.AUDITOR)  # no membership: no sign-in
    response = client.post(
        reverse("login"), {"username": "anna@cb.example", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    wrong = Client().post(reverse("login"), {"username": "anna@cb.example", "password": "nope"})
    assert wrong.status_code == 200


def test_the_email_is_the_login_and_is_required() -> None:
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "x")
