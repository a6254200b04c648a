"""Issuing attestations of every kind: upsert by (issuer, kind, number), sign, allocate a status slot.

Every area issues through :func:`issue` (many at once, in one transaction) or :func:`issue_one`:
the certification app for each issued or changed certificate, the registry's bulk import (a whole
CertSearch file), the accreditation app for each accreditation and its changes of scope, the
laboratory for each test report, the PT provider for each participant's performance. A row whose
facts did not change is left alone (its signed credential too), so re-issuing changes nothing.

Each of these events is also a leaf of the issuer's transparency log (:mod:`.log`), appended in
the same transaction; each :func:`issue` call and each status event ends with one signed tree head.

A status event (suspend, restore, withdraw, expire, supersede) is :func:`record_status`: the row's
status and history change, its credential stays as signed, and the issuer's status lists are
re-signed after commit — that is what a verifier reads offline. A change of scope (reduced or
extended) changes what the credential states: the area re-issues the attestation with its new
facts (same number, same status slot, a new signature) and the event in its history.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.attestations.identity import certificate_url, did_for
from casys.attestations.models import Attestation, Kind, Status
from casys.attestations.services import log as tlog
from casys.attestations.services import status
from casys.attestations.services.keys import signing_key
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import credentials, search_keys, signing

#: what an area hands over for a kind other than a certificate: the unsigned credential, given the
#: ``credentialStatus`` entries of the slot the layer allocated
Build = Callable[[tuple[Mapping[str, str], ...]], Mapping[str, Any]]

BATCH = 2000
SQLITE_CACHE_KIB = 256 * 1024
#: Test hook for the all-or-nothing import test: sleep this long after N rows are prepared.
SLEEP_AFTER_ENV = "CASYS_IMPORT_SLEEP_AFTER"


class AttestationError(ValueError):
    """A status event or an issue that cannot be carried out; the message names the field first."""


@dataclass(frozen=True)
class Entry:
    """The public facts of one attestation (for certificates, IAF CertSearch's upload fields).

    ``kind`` says what was attested; a certificate's credential is built by the layer from these
    facts, every other kind hands its unsigned credential over as ``build``. ``holder`` is the
    holder when it is a body on casys (an accredited CAB, a PT participant).
    """

    number: str
    status: str
    holder_name: str
    holder_name_en: str
    country: str
    standards: tuple[str, ...]
    original_issue_date: date
    issue_date: date
    expiry_date: date | None
    kind: str = Kind.CERTIFICATE
    holder: Body | None = None
    build: Build | None = field(default=None, compare=False)
    holder_address: str = ""
    iaf_codes: tuple[str, ...] = ()
    scope: str = ""
    public: bool = True
    sites: tuple[dict[str, str], ...] = ()
    accreditation_body: str = ""
    scheme_ids: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = field(default=())


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def holder_key(name: str, name_en: str) -> str:
    """The search column: the name keys of both names (each word searchable by prefix)."""
    keys = dict.fromkeys(k for k in (search_keys.name_key(name), search_keys.name_key(name_en)) if k)
    return " | ".join(keys)


def _facts(issuer: Body, e: Entry) -> dict[str, Any]:
    return {
        "holder_id": e.holder.pk if e.holder is not None else None,
        "issuer_slug": issuer.slug,
        "issuer_name": issuer.name,
        "status": e.status,
        "holder_name": e.holder_name,
        "holder_name_en": e.holder_name_en,
        "holder_key": holder_key(e.holder_name, e.holder_name_en)[:700],
        "holder_address": e.holder_address,
        "country": e.country.upper(),
        "standards": "|" + "|".join(e.standards) + "|",
        "iaf_codes": ("|" + "|".join(e.iaf_codes) + "|") if e.iaf_codes else "",
        "scope": e.scope,
        "sites": [dict(s) for s in e.sites],
        "original_issue_date": e.original_issue_date,
        "issue_date": e.issue_date,
        "expiry_date": e.expiry_date,
        "accreditation_body": e.accreditation_body,
        "public": e.public,
        "history": [dict(h) for h in e.history],
    }


def _same(row: Attestation, facts: dict[str, Any]) -> bool:
    return all(getattr(row, k) == v for k, v in facts.items())


@dataclass(frozen=True)
class _Signer:
    """Signs the credentials of one issuer: its key and the accreditations it holds, looked up once.

    The accreditations are the layer's own records (attestations of kind ``accreditation`` whose
    holder is the issuer), so a certificate names the accreditation it is issued under without
    the layer knowing the accreditation app.
    """

    issuer: Body
    key: signing.PrivateKey
    accreditations: dict[str, tuple[str, credentials.Party]]

    @classmethod
    def of(cls, issuer: Body, key: signing.PrivateKey) -> _Signer:
        accs: dict[str, tuple[str, credentials.Party]] = {}
        held = Attestation.all_objects.filter(kind=Kind.ACCREDITATION, holder=issuer).order_by("-issue_date")
        for row in held.only("issuer_slug", "issuer_name", "number", "credential"):
            party = credentials.Party(did_for(row.issuer_slug), row.issuer_name)
            accs.setdefault(row.issuer_slug, (credential_id(row), party))
        return cls(issuer, key, accs)

    def sign(self, e: Entry, slot: tuple[int, int]) -> str:
        entries = status.entries(self.issuer.slug, *slot)
        if e.kind != Kind.CERTIFICATE:
            if e.build is None:
                raise AttestationError(f"build: the {e.kind} {e.number} has no credential to sign")
            return credentials.sign(e.build(entries), self.key)
        slug = self.issuer.slug
        url = certificate_url(slug, e.number)
        acc = self.accreditations.get(e.accreditation_body)
        standard = e.standards[0]
        facts = credentials.CertificateFacts(
            id=url,
            number=e.number,
            issuer=credentials.Party(did_for(slug), self.issuer.name),
            holder=credentials.Party(f"{url}#holder", e.holder_name),
            standards=tuple(dict.fromkeys(e.standards)),
            scheme_id=e.scheme_ids[0] if e.scheme_ids else standard.split(":")[0].lower().replace(" ", ""),
            scheme_name=f"{', '.join(e.standards)} certification",
            issue_date=e.issue_date,
            expiry_date=e.expiry_date,
            scope=e.scope,
            iaf_codes=e.iaf_codes,
            sites=tuple(
                credentials.Party(f"{url}#site-{i + 1}", s.get("name") or e.holder_name)
                for i, s in enumerate(e.sites)
            ),
            accreditation_id=acc[0] if acc else None,
            accreditation_body=acc[1] if acc else None,
            status=entries,
        )
        return credentials.sign(credentials.certificate_credential(facts), self.key)


def credential_id(row: Attestation) -> str:
    """The ``id`` the row's signed credential claims (read from the token, not verified)."""
    return str(credentials.unverified_claims(row.credential).get("id", ""))


def _entry_of(row: Attestation) -> Entry:
    """A certificate row's facts as an entry (what it was issued with, but its scheme id)."""
    return Entry(
        number=row.number,
        status=row.status,
        holder_name=row.holder_name,
        holder_name_en=row.holder_name_en,
        holder_address=row.holder_address,
        country=row.country,
        standards=tuple(row.standard_list),
        iaf_codes=tuple(row.iaf_code_list),
        scope=row.scope,
        original_issue_date=row.original_issue_date,
        issue_date=row.issue_date,
        expiry_date=row.expiry_date,
        public=row.public,
        sites=tuple(row.sites),
        accreditation_body=row.accreditation_body,
        history=tuple(row.history),
    )


def reissue_outdated_certificates(issuer: Body, *, actor: Actor = SYSTEM) -> int:
    """Re-sign, in their own slots, the issuer's certificates whose credential does not name the
    current UNTP DCC context (signed before casys moved to UNTP 0.6.1); how many.

    The earlier tokens stay valid signatures (their key is unchanged): a holder who kept one can still
    verify it; the registry serves the new one.
    """
    signer = _Signer.of(issuer, signing_key(issuer.slug))
    now, changed = clock.now(), []
    with transaction.atomic():
        appender = tlog.Appender.open(issuer)
        for row in Attestation.all_objects.filter(issuer=issuer, kind=Kind.CERTIFICATE).order_by("pk"):
            if not row.credential:
                continue  # imported, not signed yet: signed when first asked for, with the current context
            if credentials.UNTP_DCC in (credentials.unverified_claims(row.credential).get("@context") or []):
                continue
            row.credential = signer.sign(_entry_of(row), (row.status_list, row.status_index))
            row.kid, row.updated_at = signer.key.kid, now
            changed.append(row)
            appender.add(row.kind, row.number, "reissue", row.issue_date, row.credential)
        Attestation.all_objects.bulk_update(changed, ["credential", "kid", "updated_at"], batch_size=BATCH)
        appender.close(signer.key)
        if changed:
            data = {"kind": Kind.CERTIFICATE, "reissued": len(changed), "context": credentials.UNTP_DCC}
            log("attestations.attestation.issued", actor=actor, body=issuer, data=data)
    return len(changed)


def _copy_rows(rows: Sequence[Attestation]) -> None:
    """PostgreSQL: insert new rows with COPY, in the current transaction (bulk_create elsewhere)."""
    fields = [f for f in Attestation._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Attestation._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields])


def _existing(issuer: Body, kind: str, numbers: Sequence[str]) -> dict[str, Attestation]:
    out: dict[str, Attestation] = {}
    for i in range(0, len(numbers), 900):
        chunk = numbers[i : i + 900]
        rows = Attestation.all_objects.filter(issuer=issuer, kind=kind, number__in=chunk)
        out.update((a.number, a) for a in rows)
    return out


def _maybe_pause(done: int) -> None:
    after = os.environ.get(SLEEP_AFTER_ENV)
    if after and done >= int(after):
        print(f"paused after {done} rows", flush=True)
        time.sleep(3600)


def _write(
    issuer: Body,
    signer: _Signer,
    batch: Sequence[Entry],
    counts: Counts,
    touched: set[int],
    appender: tlog.Appender,
) -> None:
    kinds = {e.kind for e in batch}
    if len(kinds) != 1:
        raise AttestationError(f"kind: one kind per batch, got {sorted(kinds)}")
    existing = _existing(issuer, batch[0].kind, [e.number for e in batch])
    now = clock.now()
    new: list[tuple[Entry, dict[str, Any]]] = []
    changed: list[Attestation] = []
    for e in batch:
        facts = _facts(issuer, e)
        row = existing.get(e.number)
        if row is None:
            new.append((e, facts))
        elif _same(row, facts):
            counts.unchanged += 1
        else:
            for k, v in facts.items():
                setattr(row, k, v)
            row.credential = signer.sign(e, (row.status_list, row.status_index))
            row.kid, row.updated_at = signer.key.kid, now
            changed.append(row)
            touched.add(row.status_list)
            appender.add(e.kind, e.number, "reissue", e.issue_date, row.credential)
    slots = status.allocate(issuer, len(new)) if new else []
    rows = []
    for (e, facts), slot in zip(new, slots, strict=True):
        token = signer.sign(e, slot)
        appender.add(e.kind, e.number, "issue", e.issue_date, token)
        rows.append(
            Attestation(
                issuer=issuer,
                kind=e.kind,
                number=e.number,
                status_list=slot[0],
                status_index=slot[1],
                credential=token,
                kid=signer.key.kid,
                source="casys" if not e.history or e.history[0].get("source") != "import" else "import",
                updated_at=now,
                **facts,
            )
        )
        touched.add(slot[0])
    if connection.vendor == "postgresql":
        _copy_rows(rows)
    else:
        Attestation.all_objects.bulk_create(rows, batch_size=BATCH)
    if changed:
        fields = [*_facts(issuer, batch[0]).keys(), "credential", "kid", "updated_at"]
        Attestation.all_objects.bulk_update(changed, fields, batch_size=BATCH)
    appender.flush()
    counts.created += len(rows)
    counts.updated += len(changed)


def _log(
    issuer: Body, entries: Iterable[Entry], counts: Counts, *, source: str, actor: Actor, log_each: bool
) -> None:
    if not (counts.created or counts.updated):
        return  # nothing changed: nothing to log, no list to rewrite
    if not log_each:
        log(
            "registry.import.completed", actor=actor, body=issuer, data={"source": source, **counts.as_dict()}
        )
        return
    for e in entries if isinstance(entries, Sequence) else ():
        if e.kind == Kind.CERTIFICATE:
            log("registry.attestation.published", actor=actor, body=issuer, data={"number": e.number})
        else:
            log(
                "attestations.attestation.issued",
                actor=actor,
                body=issuer,
                data={"kind": e.kind, "number": e.number},
            )


def issue(
    issuer: Body,
    entries: Iterable[Entry],
    *,
    source: str,
    actor: Actor = SYSTEM,
    progress: Callable[[int], None] | None = None,
    log_each: bool = False,
) -> Counts:
    """Issue ``entries`` of ``issuer`` (all or nothing, one kind per call); the status lists are
    rewritten after commit. Raises :class:`~casys.attestations.services.keys.NoKey` if the issuer
    has no signing key."""
    if issuer.kind == BodyKind.CLIENT:
        raise ValueError(f"issuer: {issuer.slug} is a client, not an issuing body")
    signer = _Signer.of(issuer, signing_key(issuer.slug))
    if connection.vendor == "sqlite":
        # SQLite's default page cache (2 MiB) makes index inserts into a large table random reads;
        # a bigger cache for this connection keeps the indexes' upper pages in memory.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    counts, touched, done = Counts(), set[int](), 0
    with transaction.atomic():
        appender = tlog.Appender.open(issuer)
        batch: list[Entry] = []
        for e in entries:
            batch.append(e)
            if len(batch) >= BATCH:
                _write(issuer, signer, batch, counts, touched, appender)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
                _maybe_pause(done)
        if batch:
            _write(issuer, signer, batch, counts, touched, appender)
            done += len(batch)
            if progress:
                progress(done)
            _maybe_pause(done)
        _log(issuer, entries, counts, source=source, actor=actor, log_each=log_each)
        appender.close(signer.key)  # one signed tree head for the whole call
        status.publish_on_commit(issuer, touched)
    if connection.vendor == "sqlite" and counts.created >= 10_000:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")  # refresh the planner's statistics after a large import
    return counts


def issue_one(issuer: Body, entry: Entry, *, actor: Actor = SYSTEM) -> Attestation:
    """Issue (or re-issue with changed facts) one attestation; its row, with the signed credential."""
    with transaction.atomic():
        issue(issuer, [entry], source="casys", actor=actor, log_each=True)
        return Attestation.all_objects.get(issuer=issuer, kind=entry.kind, number=entry.number)


#: status events and the status they lead to
EVENTS: dict[str, str] = {
    "suspend": Status.SUSPENDED,
    "restore": Status.ACTIVE,
    "withdraw": Status.WITHDRAWN,
    "expire": Status.EXPIRED,
    "supersede": Status.SUPERSEDED,
}
#: the statuses each event may start from (withdrawn and superseded are final)
_FROM: dict[str, tuple[str, ...]] = {
    "suspend": (Status.ACTIVE,),
    "restore": (Status.SUSPENDED,),
    "withdraw": (Status.ACTIVE, Status.SUSPENDED, Status.EXPIRED),
    "expire": (Status.ACTIVE, Status.SUSPENDED),
    "supersede": (Status.ACTIVE, Status.SUSPENDED, Status.EXPIRED),
}


def record_status(
    issuer: Body,
    kind: str,
    number: str,
    event: str,
    *,
    on: date,
    reason: str = "",
    actor: Actor = SYSTEM,
) -> Attestation:
    """Record a status event of an issued attestation; its status lists are re-signed after commit.

    The credential stays as signed (its facts did not change); a verifier learns the new status
    from the issuer's status lists, offline.
    """
    if event not in EVENTS:
        raise AttestationError(f"event: {event!r} is not one of {', '.join(EVENTS)}")
    with transaction.atomic():
        # the log first, then the row: the order issue() takes them in, so the two never deadlock
        appender = tlog.Appender.open(issuer)
        row = (
            Attestation.all_objects.select_for_update()
            .filter(issuer=issuer, kind=kind, number=number)
            .first()
        )
        if row is None:
            raise AttestationError(f"number: {issuer.slug} issued no {kind} {number!r}")
        if row.status not in _FROM[event]:
            raise AttestationError(
                f"event: the {kind} {number} is {row.status}; it cannot be {EVENTS[event]}"
            )
        if event in ("suspend", "withdraw") and not reason.strip():
            raise AttestationError("reason: a suspension or withdrawal needs a reason")
        row.status = EVENTS[event]
        row.history = [*row.history, {"on": on.isoformat(), "status": row.status, "reason": reason}]
        row.updated_at = clock.now()
        row.save(update_fields=["status", "history", "updated_at"])
        appender.add(kind, number, event, on)
        appender.close()
        log(
            "attestations.attestation.status_changed",
            actor=actor,
            body=issuer,
            data={
                "kind": kind,
                "number": number,
                "status": row.status,
                "on": on.isoformat(),
                "reason": reason,
            },
        )
        status.publish_on_commit(issuer, [row.status_list])
    return row
