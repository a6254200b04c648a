"""Photos taken during an inspection: the type judged by the bytes (PNG, JPEG, WebP), size capped,
stored by SHA-256 under ``DATA_DIR/inspection-photos/<body id>/``; a file that is not an image is
refused and nothing is stored."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from casys.auditlog.services import Actor, log
from casys.inspection.models import Inspection, Photo, State
from casys.inspection.services import InspectionError

MAX_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = "PNG, JPEG or WebP"


def image_type(data: bytes) -> str | None:
    """The image media type of ``data`` judged by its first bytes (never by its name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def photo_path(photo: Photo) -> Path:
    return Path(settings.DATA_DIR) / "inspection-photos" / str(photo.body_id) / photo.sha256


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return  # stored by its digest: the same bytes are there already
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


@transaction.atomic
def add_photo(inspection: Inspection, *, data: bytes, name: str, check_id: str = "", actor: Actor) -> Photo:
    """Attach a photo while the inspection is in progress."""
    if inspection.state != State.IN_PROGRESS:
        raise InspectionError("photo", "photos are attached while the inspection is in progress")
    if not data:
        raise InspectionError("photo", "the file is empty")
    if len(data) > MAX_BYTES:
        raise InspectionError("photo", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    kind = image_type(data)
    if kind is None:
        raise InspectionError("photo", f"{name or 'the file'} is not an image ({IMAGE_TYPES} are accepted)")
    photo = Photo.all_objects.create(
        body_id=inspection.body_id,
        inspection=inspection,
        check_id=check_id[:80],
        name=(name or "photo")[:200],
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor.user,
    )
    log(
        "inspection.photo.added",
        actor=actor,
        body=inspection.body,
        obj=photo,
        data={
            "inspection": inspection.reference,
            "name": photo.name,
            "sha256": photo.sha256,
            "size": photo.size,
            "content_type": kind,
            "check": photo.check_id,
        },
    )
    # written last: a refused file (above) leaves no bytes behind; a rolled-back row leaves an orphan
    # file named by its digest, harmless
    _store(photo_path(photo), data)
    return photo
