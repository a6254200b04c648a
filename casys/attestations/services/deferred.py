"""Credentials signed when first asked for: the bulk import writes certificates without one.

A certificate written by the registry's bulk ingest (:mod:`casys.registry.services.ingest`) has an
empty ``credential``: at ingest its integrity is carried by its transparency-log leaf (which
commits to the certificate's public facts) and the batch's signed tree head. Its W3C credential
is signed the first time someone asks for it (the credential download, the API, the verify page)
with the same builder, key and status slot the layer uses, and kept in the row; or ahead of time,
in batches, by :func:`sign_pending` (``casys registry sign-pending``). Rows signed before this
existed are never touched: their credential is served as signed.
"""

from __future__ import annotations

from django.db import transaction

from casys import clock
from casys.accounts.models import Body
from casys.attestations.models import Attestation
from casys.attestations.services.issue import _entry_of, _Signer
from casys.attestations.services.keys import signing_key

#: rows signed per transaction by :func:`sign_pending`
BATCH = 2000


def credential_of(row: Attestation) -> str:
    """The row's signed credential, signing and storing it first when it has none yet."""
    if row.credential:
        return row.credential
    issuer = Body.all_objects.get(pk=row.issuer_id)
    signer = _Signer.of(issuer, signing_key(issuer.slug))
    token = signer.sign(_entry_of(row), (row.status_list, row.status_index))
    with transaction.atomic():
        # another request may have signed it meanwhile: the first stored credential wins
        Attestation.all_objects.filter(pk=row.pk, credential="").update(
            credential=token, kid=signer.key.kid, updated_at=clock.now()
        )
        stored = Attestation.all_objects.filter(pk=row.pk).values_list("credential", "kid").first()
    if stored is not None:
        row.credential, row.kid = stored
    return row.credential


def sign_pending(issuer: Body, *, limit: int | None = None) -> int:
    """Sign the issuer's credentials that are still unsigned, in batches; how many."""
    signer = _Signer.of(issuer, signing_key(issuer.slug))
    count = 0
    while limit is None or count < limit:
        take = BATCH if limit is None else min(BATCH, limit - count)
        with transaction.atomic():
            rows = list(
                Attestation.all_objects.select_for_update(skip_locked=True)
                .filter(issuer=issuer, credential="")
                .order_by("pk")[:take]
            )
            if not rows:
                break
            now = clock.now()
            for row in rows:
                row.credential = signer.sign(_entry_of(row), (row.status_list, row.status_index))
                row.kid, row.updated_at = signer.key.kid, now
            Attestation.all_objects.bulk_update(rows, ["credential", "kid", "updated_at"], batch_size=BATCH)
        count += len(rows)
    return count
