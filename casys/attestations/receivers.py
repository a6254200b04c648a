"""The attestations layer listens to accounts: an issuing body gets its signing key when it is created.

Key creation is explicit — here, on the creation of a body that issues attestations on casys, and
by ``casys keys create`` — never a side effect of a first signature. A client, and a body record kept
by another body (``managed_by``: a CAB registered by its accreditation body), signs nothing here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from casys.accounts.models import Body, BodyKind
from casys.attestations.services import keys
from casys.auditlog.services import SYSTEM, log


def issues_attestations(body: Body) -> bool:
    return body.kind != BodyKind.CLIENT and body.managed_by_id is None


def on_body_saved(sender: Any, instance: Body, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created or not issues_attestations(instance) or keys.has_key(instance.slug):
        return
    key = keys.create_key(instance.slug)
    with transaction.atomic():  # the body's own transaction if there is one
        log("attestations.key.created", actor=SYSTEM, body=instance, data={"kid": key.kid})


def connect() -> None:
    post_save.connect(on_body_saved, sender=Body, dispatch_uid="casys.attestations.body_key")
