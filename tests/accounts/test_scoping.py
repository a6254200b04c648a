"""One scoping mechanism: queries through a scoped manager only see the scope's bodies."""

import pytest

from casys.accounts.models import Body, Membership
from casys.accounts.scoping import ScopeError, scoped, unscoped
from casys.accounts.services.scopes import scope_for_user

pytestmark = pytest.mark.django_db


def test_a_query_outside_any_scope_fails_loudly(body_a: Body) -> None:
    with pytest.raises(ScopeError, match="Body queried outside a scope"):
        list(Body.objects.all())


def test_a_user_scope_reaches_only_their_bodies(owner, outsider, body_a: Body, body_b: Body) -> None:
    with scoped(scope_for_user(owner)):
        assert list(Body.objects.values_list("slug", flat=True)) == ["alpha-cert"]
        assert not Body.objects.filter(pk=body_b.pk).exists()
        assert set(Membership.objects.values_list("user__email", flat=True)) == {"owner@alpha.example"}


def test_a_client_record_is_reached_through_the_body_that_keeps_it(owner, body_a: Body, body_b: Body) -> None:
    kept = Body.all_objects.create(
        slug="kept-client", name="Kept Client", kind="client", country="DE", managed_by=body_a
    )
    Body.all_objects.create(slug="other-client", name="Other", kind="client", country="DE", managed_by=body_b)
    with scoped(scope_for_user(owner)):
        assert set(Body.objects.values_list("slug", flat=True)) == {"alpha-cert", kept.slug}


def test_the_roles_are_those_of_the_memberships(owner, team, body_a: Body) -> None:
    scope = scope_for_user(team)
    assert scope.has_role(body_a.id, "auditor")
    assert not scope.has_role(body_a.id, "admin")
    assert scope_for_user(owner).has_role(body_a.id, "admin")


def test_an_inactive_user_has_an_empty_scope(owner, body_a: Body) -> None:
    owner.is_active = False
    owner.save()
    assert scope_for_user(owner).body_ids == frozenset()


def test_system_code_reaches_everything_only_when_it_says_so(body_a: Body, body_b: Body) -> None:
    with unscoped():
        assert Body.objects.count() == 2


def test_related_managers_are_scoped_like_the_model_manager(owner, team, outsider, body_a: Body) -> None:
    with scoped(scope_for_user(owner)):
        assert sorted(m.user.email for m in body_a.memberships.all()) == [
            "owner@alpha.example",
            "team@alpha.example",
        ]
    with scoped(scope_for_user(outsider)):
        assert list(body_a.memberships.all()) == []
    with pytest.raises(ScopeError):
        list(body_a.memberships.all())


def test_a_scoped_query_can_lock_rows_on_every_database(owner, body_a: Body) -> None:
    from django.db import transaction

    with scoped(scope_for_user(owner)), transaction.atomic():
        assert [m.role for m in Membership.objects.select_for_update().filter(body=body_a)] == ["admin"]
