"""casys manage mfa_reset EMAIL: remove a user's two-factor devices (lost phone and recovery codes).

For an operator who has checked the person's identity out of band. The user signs in with the
password alone afterwards — or, where a body requires two-factor, is sent to enrol again. The
removal is written to the audit log (``accounts.mfa.disabled``, actor: system).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp import devices_for_user

from casys.accounts.models import User
from casys.auditlog.services import SYSTEM, log


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator app and recovery codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"email: no user {options['email']!r}")
        with transaction.atomic():
            devices = list(devices_for_user(user, confirmed=None))
            for device in devices:
                device.delete()
            data = {"by": "mfa_reset", "devices": len(devices)}
            log("accounts.mfa.disabled", actor=SYSTEM, obj=user, data=data)
        self.stdout.write(f"{user.email}: {len(devices)} two-factor device(s) removed")
