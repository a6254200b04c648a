"""Models of the accounts app, one module per aggregate."""

from casys.accounts.models.body import Body, BodyKind
from casys.accounts.models.invitation import Invitation
from casys.accounts.models.membership import EXTERNAL_ROLES, ROLES_OF_KIND, Membership, Role
from casys.accounts.models.token import ApiToken
from casys.accounts.models.user import User

__all__ = [
    "EXTERNAL_ROLES",
    "ROLES_OF_KIND",
    "ApiToken",
    "Body",
    "BodyKind",
    "Invitation",
    "Membership",
    "Role",
    "User",
]
