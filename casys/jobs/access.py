"""Who sees a body's jobs: its staff, every role but those of people outside it."""

from __future__ import annotations

from casys.accounts.models.membership import EXTERNAL_ROLES, Role

#: all roles but client contacts and candidates (the roles of newer body kinds come with them)
STAFF_ROLES = tuple(r.value for r in Role if r.value not in EXTERNAL_ROLES)
