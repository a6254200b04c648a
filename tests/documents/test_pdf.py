"""PDF rendering with WeasyPrint (Latin and Cyrillic) and QR codes."""

import re

from casys.documents.pdf import qr_svg, render_pdf


def test_it_renders_a_template_with_latin_and_cyrillic_text_to_pdf() -> None:
    pdf = render_pdf("base.html", {"request": None, "my_bodies": [], "area_links": []})
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000


def test_a_qr_code_is_an_inline_svg_that_encodes_the_url() -> None:
    svg = str(qr_svg("https://registry.example/verify/ABC-123"))
    assert svg.startswith("<svg")
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
