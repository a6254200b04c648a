"""E-mail notices in the recipient's language, plain text and HTML, at once or as a daily digest.

Mail goes through Django's e-mail backend (SMTP in production, console or file in the demo).
Each notice kind has three templates under ``notifications/email/``: ``<kind>_subject.txt``,
``<kind>.txt`` and ``<kind>.html``; the digest puts the text of each pending notice in one mail.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from casys.accounts.models import User
from casys.auditlog.services import SYSTEM, log
from casys.jobs import kinds
from casys.notifications.models import DIGEST, Notice, Preference

logger = logging.getLogger("casys.notifications")
#: Keys of a notice's data that hold a date (ISO in the data, the reader's format in the mail).
DATES = ("due", "planned")


def language_of(user: Any) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def preference(user: Any) -> Preference:
    pref, _created = Preference.objects.get_or_create(user=user)
    return pref


def _render(kind: str, data: dict[str, Any], user: Any) -> tuple[str, str, str]:
    context = {**data, "user": user}
    with translation.override(language_of(user)):
        if "kind" in data:  # a job's kind, named in the reader's language
            context["kind_label"] = kinds.label(data["kind"])
        for key in DATES:  # dates in the reader's format
            if data.get(key):
                context[key] = formats.date_format(date.fromisoformat(data[key]), "DATE_FORMAT")
        subject = " ".join(render_to_string(f"notifications/email/{kind}_subject.txt", context).split())
        text = render_to_string(f"notifications/email/{kind}.txt", context)
        html = render_to_string(f"notifications/email/{kind}.html", context)
    return subject, text, html


def _mail(user: Any, subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def notify(
    user: Any, body: Any, kind: str, key: str, data: dict[str, Any], *, rule: str = ""
) -> Notice | None:
    """A notice for ``user`` (once per ``key``); mailed at once unless the user takes a digest.

    Answers None when the user does not want this kind or already has this notice.
    """
    if user is None or not user.is_active or not preference(user).wants(kind):
        return None
    try:
        with transaction.atomic():
            notice = Notice.all_objects.create(
                body_id=getattr(body, "pk", body), user=user, kind=kind, key=key, data=data
            )
            log(
                "notifications.notice.created",
                actor=SYSTEM,
                body=notice.body_id,
                obj=notice,
                data={"kind": kind, "to": user.email, "rule": rule, "key": key},
            )
    except IntegrityError:
        return None
    if preference(user).delivery != DIGEST:
        transaction.on_commit(lambda: send_now(notice))
    return notice


def send_now(notice: Notice) -> None:
    """Mail one notice; a mail server that refuses leaves it unsent (logged), never fails the caller."""
    subject, text, html = _render(notice.kind, notice.data, notice.user)
    try:
        _mail(notice.user, subject, text, html)
    except (OSError, smtplib.SMTPException):
        logger.warning("notice %s to %s not sent", notice.pk, notice.user.email, exc_info=True)
        return
    Notice.all_objects.filter(pk=notice.pk).update(sent_at=timezone.now())


def send_digests(day: date) -> int:
    """One mail per digest user with the notices not sent yet; answers how many mails went."""
    sent = 0
    users = User.objects.filter(notices__sent_at__isnull=True, notice_pref__delivery=DIGEST).distinct()
    for user in users:
        pending = list(Notice.all_objects.filter(user=user, sent_at__isnull=True).order_by("created_at"))
        items = [_render(n.kind, n.data, user) for n in pending]
        with translation.override(language_of(user)):
            context = {"user": user, "day": day, "items": items}
            subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
            text = render_to_string("notifications/email/digest.txt", context)
            html = render_to_string("notifications/email/digest.html", context)
        _mail(user, subject, text, html)
        Notice.all_objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=timezone.now())
        sent += 1
    return sent
