"""Models of the accounts app, one module per aggregate."""

from casys.accounts.models.body import Body, BodyKind
from casys.accounts.models.invitation import Invitation
from casys.accounts.models.membership import Membership, Role
from casys.accounts.models.token import ApiToken
from casys.accounts.models.user import User

__all__ = ["ApiToken", "Body", "BodyKind", "Invitation", "Membership", "Role", "User"]
