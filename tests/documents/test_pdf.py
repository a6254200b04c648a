"""PDF rendering with WeasyPrint (Latin and Cyrillic) and QR codes."""

from casys.documents.pdf import qr_svg, render_pdf


def test_it_renders_a_template_with_latin_and_cyrillic_text_to_pdf() -> None:
    pdf = render_pdf("base.html", {"request": None, "my_bodies": [], "area_links": []})
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000


def test_a_qr_code_is_an_inline_svg_sized_for_its_data() -> None:
    import segno

    url = "https://registry.example/verify/ABC-123"
    svg = str(qr_svg(url, scale=3))
    width, _height = segno.make(url, error="m", micro=False).symbol_size(scale=3)
    assert svg.startswith(f'<svg width="{width}" height="{width}"')
    assert svg != str(qr_svg(url + "4", scale=3))
