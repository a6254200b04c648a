"""Read a generated PDF as a person does: its text, page by page (``pdftotext -layout``, poppler-utils)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path


def pdf_pages(pdf: bytes, *, layout: bool = True) -> list[str]:
    """The text of every page of ``pdf`` (pages split on form feeds): in layout order, or with
    ``layout=False`` in reading order, block by block (for phrases that wrap inside a column)."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(  # noqa: S603  (a fixed program on a file we wrote)
            ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_text(pdf: bytes) -> str:
    """The whole text in reading order, runs of spaces and line breaks made single (phrase checks)."""
    return squash("\n".join(pdf_pages(pdf, layout=False)))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_images_per_page(pdf: bytes) -> dict[int, int]:
    """How many images each page draws (``pdfimages -list``): logos, marks, signatures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(  # noqa: S603  (a fixed program on a file we wrote)
            ["pdfimages", "-list", str(path)],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
    counts: dict[int, int] = {}
    for line in out.splitlines()[2:]:
        fields = line.split()
        if fields and fields[2] == "image":  # smask rows are the alpha channels of the same images
            counts[int(fields[0])] = counts.get(int(fields[0]), 0) + 1
    return counts
