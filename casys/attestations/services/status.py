"""Status-list indexes and the signed Bitstring Status List credentials, written as static files.

Each issuer's credentials — of every kind — take indexes in its list 1, then 2...; every list has
:data:`casys.core.status_list.MIN_BITS` entries (Bitstring Status List v1.0, §2.2).
A credential points into two lists with the same index: ``<n>-suspension`` and
``<n>-revocation`` (withdrawal, or replacement by a corrected attestation). The bits are derived
from the rows' status, so a republished list is always the database's state.

A list is a statement about *now*: each signing gives it ``validFrom`` = the moment of signing
and ``validUntil`` = that moment plus ``CASYS_STATUS_LIST_HOURS`` (default 24). A verifier that
holds an old list therefore cannot keep calling a since-withdrawn certificate valid: once the
list expires it fails verification, and the certificate's status is reported as not known
(issue 12, finding 5). Lists are re-signed when their status changes, by
``casys registry publish-status`` (for a timer), and on request when the served file is past
half its validity.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction

from casys import clock
from casys.accounts.models import Body
from casys.attestations.identity import did_for, status_list_url
from casys.attestations.models import Attestation, StatusList
from casys.attestations.services.keys import signing_key, status_file, write_atomic
from casys.core import credentials, status_list

#: which statuses set the bit of each list
FLAG: dict[str, tuple[str, ...]] = {"suspension": ("suspended",), "revocation": ("withdrawn", "superseded")}


def allocate(issuer: Body, count: int) -> list[tuple[int, int]]:
    """Take ``count`` fresh (list, index) slots of the issuer; call inside the writing transaction."""
    out: list[tuple[int, int]] = []
    while len(out) < count:
        current = StatusList.all_objects.select_for_update().filter(issuer=issuer).order_by("-number").first()
        if current is None or current.next_index >= current.size:
            number = 1 if current is None else current.number + 1
            current = StatusList.all_objects.create(issuer=issuer, number=number)
        take = min(count - len(out), current.size - current.next_index)
        out += [(current.number, i) for i in range(current.next_index, current.next_index + take)]
        current.next_index += take
        current.save(update_fields=["next_index"])
    return out


def entries(slug: str, list_number: int, index: int) -> tuple[dict[str, str], ...]:
    """The two ``credentialStatus`` entries of a credential."""
    return tuple(status_list.status_list_entry(status_list_url(slug, list_number, p), index, p) for p in FLAG)


def publish(issuer: Body, list_numbers: Iterable[int]) -> None:
    """Sign and write the issuer's suspension and revocation lists ``list_numbers`` (after commit)."""
    numbers = sorted(set(list_numbers))
    if not numbers:
        return
    key = signing_key(issuer.slug)
    signed_at = clock.now().astimezone(UTC).replace(microsecond=0)
    valid_from = signed_at.isoformat().replace("+00:00", "Z")
    valid_until = (signed_at + validity()).isoformat().replace("+00:00", "Z")
    purpose_of = {s: purpose for purpose, flagged in FLAG.items() for s in flagged}
    empty = {p: status_list.empty(p) for p in FLAG}
    bits = {(n, p): bytearray(empty[p].bits) for n in numbers for p in FLAG}
    # the flagged slots of every list at once, by one plain fetch: a server-side cursor (iterator())
    # is planned for its first rows, walking the status index of every issuer's rows; a query per
    # list and purpose walked the issuer's slots twice a list (SQLite: 0.33 s a list of 20,000)
    flagged_slots = Attestation.all_objects.filter(
        issuer=issuer, status_list__in=numbers, status__in=list(purpose_of)
    ).values_list("status_list", "status", "status_index")
    for number, state, i in flagged_slots:
        bits[number, purpose_of[state]][i // 8] |= 0x80 >> (i % 8)  # index 0 is the left-most bit (§4.1)
    for number in numbers:
        for purpose in FLAG:
            lst = status_list.StatusList(purpose=empty[purpose].purpose, bits=bytes(bits[number, purpose]))
            url = status_list_url(issuer.slug, number, purpose)
            cred = status_list.status_list_credential(url, did_for(issuer.slug), lst, valid_from, valid_until)
            token = credentials.sign(cred, key)
            write_atomic(status_file(issuer.slug, f"{number}-{purpose}"), token.encode("ascii"))


def publish_on_commit(issuer: Body, list_numbers: Iterable[int]) -> None:
    numbers = set(list_numbers)
    transaction.on_commit(lambda: publish(issuer, numbers))


def validity() -> timedelta:
    """How long a signed status list is valid (``CASYS_STATUS_LIST_HOURS``, default 24 h)."""
    return timedelta(hours=float(getattr(settings, "CASYS_STATUS_LIST_HOURS", 24)))


def valid_until(token: str) -> datetime | None:
    """The ``validUntil`` a signed list claims (unverified: only to decide whether to re-sign it)."""
    try:
        return datetime.fromisoformat(str(credentials.unverified_claims(token)["validUntil"]))
    except (ValueError, KeyError):
        return None


def refresh_if_stale(issuer_slug: str, name: str) -> None:
    """Re-sign the issuer's list ``<n>-<purpose>`` when it is past half its validity (or has none)."""
    number, _sep, purpose = name.partition("-")
    if not number.isdigit() or purpose not in FLAG:
        return
    path = status_file(issuer_slug, name)
    if not path.exists():
        return
    until = valid_until(path.read_text(encoding="ascii"))
    if until is not None and until - clock.now() > validity() / 2:
        return
    issuer = Body.all_objects.filter(slug=issuer_slug).first()
    if issuer is not None:
        publish(issuer, [int(number)])


def publish_all(issuers: Iterable[Body]) -> int:
    """Re-sign every status list of ``issuers`` (a timer runs this daily); the number of lists."""
    count = 0
    for issuer in issuers:
        numbers = list(StatusList.all_objects.filter(issuer=issuer).values_list("number", flat=True))
        publish(issuer, numbers)
        count += 2 * len(numbers)
    return count
