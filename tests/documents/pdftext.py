"""Read a generated PDF as a person does: its text, page by page (``pdftotext -layout``, poppler-utils)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of every page of ``pdf``, in layout order (pages are split on form feeds)."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(  # noqa: S603  (a fixed program on a file we wrote)
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_text(pdf: bytes) -> str:
    """The whole text with runs of spaces and line breaks made single spaces (for phrase checks)."""
    return squash("\n".join(pdf_pages(pdf)))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
