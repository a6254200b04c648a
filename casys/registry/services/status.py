"""Status-list indexes and the signed Bitstring Status List credentials, written as static files.

Each issuer's credentials take indexes in its list 1, then 2...; every list has
:data:`casys.core.status_list.MIN_BITS` entries (Bitstring Status List v1.0, §2.2).
A credential points into two lists with the same index: ``<n>-suspension`` and
``<n>-revocation`` (withdrawal). The bits are derived from the rows' status, so a
republished list is always the database's state.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min

from casys import clock
from casys.accounts.models import Body
from casys.core import credentials, status_list
from casys.registry.identity import did_for, status_list_url
from casys.registry.models import Attestation, StatusList
from casys.registry.services.files import signing_key, status_file, write_atomic

FLAG = {"suspension": "suspended", "revocation": "withdrawn"}


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
    for number in numbers:
        # A list states the credentials' status now; it is valid from the first issue date it
        # covers, so a verifier asking about an earlier date in a credential's life can read it.
        first = Attestation.all_objects.filter(issuer=issuer, status_list=number).aggregate(
            d=Min("issue_date")
        )
        valid_from = f"{(first['d'] or clock.today()).isoformat()}T00:00:00Z"
        for purpose, flagged_status in FLAG.items():
            lst = status_list.empty(purpose)
            bits = bytearray(lst.bits)
            indexes = Attestation.all_objects.filter(
                issuer=issuer, status_list=number, status=flagged_status
            ).values_list("status_index", flat=True)
            for i in indexes.iterator(chunk_size=10_000):
                bits[i // 8] |= 0x80 >> (i % 8)  # index 0 is the left-most bit (§4.1)
            lst = status_list.StatusList(purpose=lst.purpose, bits=bytes(bits))
            url = status_list_url(issuer.slug, number, purpose)
            cred = status_list.status_list_credential(url, did_for(issuer.slug), lst, valid_from)
            token = credentials.sign(cred, key)
            write_atomic(status_file(issuer.slug, f"{number}-{purpose}"), token.encode("ascii"))


def publish_on_commit(issuer: Body, list_numbers: Iterable[int]) -> None:
    numbers = set(list_numbers)
    transaction.on_commit(lambda: publish(issuer, numbers))
