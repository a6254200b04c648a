"""Evidence files on findings and answers: type checked by content, size capped, stored by SHA-256.

A file is accepted when its bytes are one of the allowed kinds — whatever its name
or the browser's declared type says: PDF, PNG, JPEG, UTF-8 plain text or CSV,
and office documents (OOXML or OpenDocument, read as ZIP archives without
extracting them; a document with macros is refused). The size limit is the
setting ``ATTACHMENT_MAX_BYTES`` (``CASYS_ATTACHMENT_MAX_MB``, default 10).
Files live under ``DATA_DIR/attachments/<body id>/<sha256>``; the digest is
recorded with the row and shown, so a downloaded file can be checked.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from casys import clock
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Attachment, Finding, FindingStep
from casys.certification.services import CertificationError

OOXML_MAIN = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
ALLOWED_LABEL = "PDF, PNG, JPEG, plain text or CSV, Word/Excel/PowerPoint or OpenDocument"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _office(data: bytes) -> str | None:
    """The office document type of a ZIP archive, read from its directory only (nothing extracted)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise CertificationError("files: office documents with macros are not accepted")
        if "[Content_Types].xml" in names:
            return next((kind for part, kind in OOXML_MAIN.items() if part in names), None)
        info = archive.getinfo("mimetype") if "mimetype" in names else None
        if info is not None and info.file_size < 100:
            kind = archive.read(info).decode("ascii", "replace").strip()
            return kind if kind in ODF_TYPES else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, NotImplementedError):
        return None
    return None


def _text(data: bytes, name: str) -> str | None:
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(decoded):
        return None
    return "text/csv" if name.lower().endswith(".csv") else "text/plain"


def content_type(data: bytes, name: str) -> str:
    """The media type of ``data`` judged by its bytes, or a refusal naming the allowed kinds."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        kind = _office(data)
        if kind:
            return kind
    elif data:
        kind = _text(data, name)
        if kind:
            return kind
    raise CertificationError(f"files: {name!r} is not an accepted kind of file ({ALLOWED_LABEL})")


def clean_name(name: str) -> str:
    """A safe display and download name: the base name, no control or path characters."""
    base = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", os.path.basename(name or "")).strip(" .")
    return (base or "file")[:200]


def read_upload(upload: Any) -> tuple[str, bytes, str]:
    """Check one uploaded file: (clean name, bytes, media type) or a refusal naming the file."""
    name = clean_name(getattr(upload, "name", "") or "file")
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise CertificationError(f"files: {name!r} is larger than {limit // (1024 * 1024)} MB")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CertificationError(f"files: {name!r} is larger than {limit // (1024 * 1024)} MB")
    if not data:
        raise CertificationError(f"files: {name!r} is empty")
    return name, data, content_type(data, name)


def path_of(attachment: Attachment) -> Path:
    return Path(settings.DATA_DIR) / "attachments" / str(attachment.body_id) / attachment.sha256


def _write(body_id: int, digest: str, data: bytes) -> None:
    folder = Path(settings.DATA_DIR) / "attachments" / str(body_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / digest
    if target.exists():
        return
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, target)


def store(body_id: int, data: bytes) -> str:
    """Write checked bytes under the body's folder by their SHA-256; return the digest."""
    digest = hashlib.sha256(data).hexdigest()
    _write(body_id, digest, data)
    return digest


def check_uploads(uploads: Iterable[Any]) -> list[tuple[str, bytes, str]]:
    """Every file checked before anything is written: one bad file refuses the whole form."""
    # a file input left empty posts a nameless, empty file: that is no file, not an empty one
    return [read_upload(u) for u in uploads if u is not None and (u.name or u.size)]


@transaction.atomic
def attach(
    finding: Finding,
    files: list[tuple[str, bytes, str]],
    *,
    step: FindingStep | None = None,
    user: Any = None,
    by_client: bool = False,
    actor: Actor = SYSTEM,
) -> list[Attachment]:
    """Store checked files (see :func:`check_uploads`) on the finding, each with its SHA-256."""
    out = []
    for name, data, kind in files:
        digest = hashlib.sha256(data).hexdigest()
        _write(finding.body_id, digest, data)
        att = Attachment.all_objects.create(
            body_id=finding.body_id,
            finding=finding,
            step=step,
            name=name,
            content_type=kind,
            size=len(data),
            sha256=digest,
            uploaded_at=clock.now(),
            uploaded_by=user if getattr(user, "pk", None) else None,
            by_client=by_client,
        )
        log(
            "certification.finding.attached",
            actor=actor,
            body=finding.body_id,
            obj=att,
            data={"finding": finding.ref, "name": name, "sha256": digest, "size": len(data)},
        )
        out.append(att)
    return out
