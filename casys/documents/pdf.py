"""Render a Django template to PDF with WeasyPrint, and QR codes as inline SVG."""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def render_pdf(template: str, context: dict[str, Any], *, base_url: str = "") -> bytes:
    """The PDF of an HTML template (fonts from the system: DejaVu covers Latin and Cyrillic)."""
    from weasyprint import HTML  # imported late: it loads Pango

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url or None).write_pdf()


def qr_svg(data: str, *, scale: int = 3) -> SafeString:
    """A QR code (error correction M) as an inline SVG element."""
    code = segno.make(data, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=scale, dark="#14213d"))  # noqa: S308  (segno escapes nothing we pass raw)
