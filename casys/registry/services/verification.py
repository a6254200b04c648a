"""Verification as the public sees it: the chain from the database, the signed credential from files.

The chain (:func:`casys.core.recognition.chain`) is walked on the certificate's facts,
the issuer's accreditations and its ABs' signatory statuses. A submitted credential
(:func:`verify_token`) is checked with :func:`casys.core.credentials.verify` against
the issuer's published keys and status lists, read from the static files — the same
files an offline verifier downloads.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from casys import clock
from casys.accounts.models import Body
from casys.accreditation.models import Accreditation
from casys.accreditation.services import chain_cache
from casys.accreditation.services.recognition import recognition_data
from casys.attestations.identity import accreditation_url, base_url, did_for
from casys.attestations.models import Attestation
from casys.attestations.services import keys as files
from casys.core import credentials, recognition


def _events(a: Attestation, on: date) -> tuple[recognition.CertificateEvent, ...]:
    events = []
    for h in a.history:
        if h.get("status") in ("suspended", "restored", "withdrawn"):
            events.append(
                recognition.CertificateEvent(date.fromisoformat(h["on"]), h["status"], h.get("reason", ""))
            )
    latest = sorted(events, key=lambda e: e.on)[-1].kind if events else "restored"
    if a.status in ("suspended", "withdrawn") and latest != a.status:
        # the source gave no date for the current status: the record says so as of the date asked
        events.append(
            recognition.CertificateEvent(min(on, a.expiry_date), a.status, "status in the registry")
        )  # type: ignore[arg-type]
    return tuple(events)


def certificate_record(a: Attestation, on: date) -> recognition.Certificate:
    return recognition.Certificate(
        number=a.number,
        issuer=did_for(a.issuer_slug),
        standards=tuple(a.standard_list),
        issue_date=a.issue_date,
        expiry_date=a.expiry_date,
        iaf_codes=tuple(a.iaf_code_list),
        events=_events(a, on),
    )


def _chain_inputs(a: Attestation) -> tuple[recognition.RecognitionData, list[Accreditation]]:
    """The issuer's chain records, cached per issuer under the version read with ``a``
    (:func:`casys.registry.services.search.find`); a row read otherwise asks for the version."""
    version = getattr(a, "chain_version", None)
    return chain_cache.chain_data(a.issuer_id, chain_cache.current() if version is None else version)


def chain_of(
    a: Attestation, on: date, data: recognition.RecognitionData | None = None
) -> recognition.ChainVerdict:
    """The chain of ``a`` on ``on``; ``data``: the issuer's chain records if the caller has them."""
    if data is None:
        data, _accs = _chain_inputs(a)
    return recognition.chain(certificate_record(a, on), data.accreditations, data.statuses, on)


@dataclass(frozen=True)
class Answer:
    """What a buyer asks first: is this certificate valid today? ``kind`` is valid, suspended,
    withdrawn or expired; ``on`` the date that goes with it (valid until, suspended since,
    withdrawn on, expired on)."""

    kind: str
    on: date | None


def _last(a: Attestation, status: str) -> date | None:
    days = [date.fromisoformat(h["on"]) for h in a.history if h.get("status") == status and "on" in h]
    return max(days) if days else None


def answer(a: Attestation, today: date) -> Answer:
    """The certificate's state on ``today`` in plain words.

    Expiry wins over suspension (a suspended certificate whose validity ran out is expired,
    ISO/IEC 17021-1:2015, 9.6.5 ends a suspension by restoration or withdrawal, never past expiry);
    a withdrawal is final and wins over both.
    """
    if a.status == "withdrawn":
        return Answer("withdrawn", _last(a, "withdrawn") or a.updated_at.date())
    if a.status == "expired" or a.expiry_date < today:
        return Answer("expired", a.expiry_date)
    if a.status == "suspended":
        return Answer("suspended", _last(a, "suspended"))
    return Answer("valid", a.expiry_date)


@dataclass(frozen=True)
class Recognition:
    """The accreditation the public sees on a verify page: the AB's name and the number."""

    body_slug: str
    body_name: str
    number: str


def accreditation_of(a: Attestation) -> Recognition | None:
    """The accreditation of the issuer by the certificate's AB that held on its issue date
    (or, failing that, the latest one by that AB)."""
    if not a.accreditation_body:
        return None
    accs = sorted(
        (x for x in _chain_inputs(a)[1] if x.body.slug == a.accreditation_body),
        key=lambda x: x.valid_from,
        reverse=True,
    )
    held = [x for x in accs if x.valid_from <= a.issue_date <= x.valid_until]
    acc = (held or accs or [None])[0]
    if acc is None:
        body = Body.all_objects.filter(slug=a.accreditation_body).first()
        return Recognition(a.accreditation_body, body.name if body else a.accreditation_body, "")
    return Recognition(acc.body.slug, acc.body.name, acc.number)


def public_names(a: Attestation) -> dict[str, str]:
    """Machine identifiers in chain reasons (DIDs, accreditation URLs) → the names the public reads."""
    names = {did_for(a.issuer_slug): a.issuer_name}
    for acc in _chain_inputs(a)[1]:
        names[accreditation_url(acc.body.slug, acc.number)] = acc.number
        names[did_for(acc.body.slug)] = acc.body.name
    return names


def readable(chain: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``chain`` (from :func:`chain_json`) with every identifier of ``names`` replaced by its name."""
    ordered = sorted(names, key=len, reverse=True)  # an accreditation URL contains no DID, but be safe

    def swap(text: str) -> str:
        for key in ordered:
            text = text.replace(key, names[key])
        return text

    links = [{**lk, "reason": swap(lk["reason"]), "ref": swap(lk["ref"] or "")} for lk in chain["links"]]
    return {**chain, "links": links}


def chain_json(verdict: recognition.ChainVerdict) -> dict[str, Any]:
    return {
        "recognized": verdict.recognized,
        "on": verdict.on.isoformat(),
        "failed": verdict.failed,
        "links": [
            {
                "n": lk.n,
                "link": lk.name,
                "state": lk.state,
                "reason": lk.reason,
                "dates": dict(lk.dates),
                "ref": lk.ref,
            }
            for lk in verdict.links
        ],
    }


def _slug_of(did: str) -> str | None:
    prefix = did_for("")
    return did[len(prefix) :] if did.startswith(prefix) and did != prefix else None


def _claims(token: str) -> dict[str, Any]:
    """The payload a token claims, unverified: only to find which published files to check it with."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        doc = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return {}
    return doc if isinstance(doc, dict) else {}


def _status_lists(token: str, at: datetime) -> list[str]:
    """The status-list files a credential points to, where they are this registry's and valid at ``at``.

    A list states the status at its signing (see :mod:`.status`): asked about another moment, the
    registry does not offer it, and the status check says no list was supplied for that moment.
    """
    claimed = _claims(token)
    raw = claimed.get("credentialStatus") or []
    out = []
    prefix = base_url() + "/registry/status/"
    for entry in raw if isinstance(raw, list) else [raw]:
        url = entry.get("statusListCredential") if isinstance(entry, dict) else None
        if isinstance(url, str) and url.startswith(prefix):
            slug, _sep, name = url[len(prefix) :].partition("/")
            try:
                path = files.status_file(slug, name.removesuffix(".jwt"))
            except ValueError:
                continue
            if path.exists():
                token_text = path.read_text(encoding="ascii")
                if _covers(token_text, at):
                    out.append(token_text)
    return out


def _covers(list_token: str, at: datetime) -> bool:
    claims = _claims(list_token)
    try:
        start = datetime.fromisoformat(str(claims.get("validFrom")))
        end = datetime.fromisoformat(str(claims.get("validUntil")))
    except ValueError:
        return True  # malformed: let the verification itself report it
    return start <= at <= end


def _issuer_of(token: str) -> str | None:
    issuer = _claims(token).get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    return _slug_of(issuer) if isinstance(issuer, str) else None


def verify_token(token: str, on: date) -> credentials.Verification:
    """Verify a credential as an offline verifier would, with this registry's published files."""
    token = token.strip()
    slug = _issuer_of(token)
    rings = []
    data = None
    if slug is not None:
        try:
            ring = files.keyring(slug)
        except ValueError:
            ring = None
        if ring is not None:
            rings.append(ring)
        body = Body.all_objects.filter(slug=slug).first()
        if body is not None:
            data, _accs = recognition_data([body.pk])
    now = clock.now()
    # asked about today, the moment is now (the lists were signed today); another day, its noon
    at = now if on == now.date() else datetime.combine(on, time(12, 0), tzinfo=UTC)
    return credentials.verify(token, rings, at, _status_lists(token, at), (), data)


def verification_json(v: credentials.Verification) -> dict[str, Any]:
    cred = v.credential or {}
    subject = cred.get("credentialSubject") if isinstance(cred.get("credentialSubject"), dict) else {}
    return {
        "verdict": "valid" if v.ok else "invalid",
        "complete": v.complete,
        "failed": list(v.failed),
        "checks": [{"check": c.name, "state": c.state, "reason": c.reason} for c in v.checks],
        "kid": (v.header or {}).get("kid"),
        "certificate_number": subject.get("certificateNumber") if subject else None,
        "chain": chain_json(v.chain) if v.chain is not None else None,
    }
