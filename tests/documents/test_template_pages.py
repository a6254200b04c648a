"""The document template page: the body's administrator edits it (checked uploads, colours, the
signatory) and previews it as a PDF; other roles get 403, a foreign body's member 404, anonymous
users the login page. Every change is in the audit log."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.demo.documents import logo_png, mark_png, signature_png
from casys.documents.models import DocumentTemplate
from casys.documents.services import MAX_IMAGE_BYTES
from tests.documents.conftest import give_template
from tests.documents.pdftext import pdf_images_per_page, pdf_text

pytestmark = pytest.mark.django_db

PAGE = "/documents/alpha-cert/template/"
PREVIEW = "/documents/alpha-cert/template/preview.pdf"


def _png(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "signatory_name": "Olga Owner",
        "signatory_function": "Head of certification",
        "signatory_function_fr": "Directrice de la certification",
        "signatory_function_ru": "Руководитель органа по сертификации",
        "primary_colour": "#123456",
        "accent_colour": "#ABCDEF",
    }
    data.update(extra)
    return data


def test_the_administrator_saves_the_template_with_its_images(owner_client: Client, body_a) -> None:
    response = owner_client.post(
        PAGE,
        _form(
            logo=_png("logo.png", logo_png("AC", "Alpha", "#123456")),
            mark=_png("mark.png", mark_png("Certified", "ISO", "#abcdef")),
            signature=_png("signature.png", signature_png()),
        ),
    )
    assert response.status_code == 302
    with unscoped():
        t = DocumentTemplate.all_objects.get(body=body_a)
        entry = AuditEntry.objects.filter(action="documents.template.updated").get()
    assert (t.signatory_name, t.primary_colour, t.accent_colour) == ("Olga Owner", "#123456", "#abcdef")
    assert (t.logo_type, t.mark_type, t.signature_type) == ("image/png",) * 3
    assert entry.data["images"] == ["logo", "mark", "signature"]
    page = owner_client.get(PAGE).content.decode()
    assert 'value="Olga Owner"' in page and "data:image/png;base64," in page


def test_the_preview_is_a_sample_certificate_with_the_bodys_look(owner_client: Client, body_a) -> None:
    give_template(body_a)
    for language, words in (
        ("en", ("Certificate", "SAMPLE", "Head of certification", "Page 1 of 1")),
        ("fr", ("Certificat", "SPÉCIMEN", "Directrice de la certification", "Page 1 sur 1")),
        ("ru", ("Сертификат", "ОБРАЗЕЦ", "Руководитель органа по сертификации", "Страница 1 из 1")),
    ):
        response = owner_client.get(f"{PREVIEW}?lang={language}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        for word in (*words, "Alpha Certification", "Olga Owner", "ALPHA-CERT-SAMPLE-0001"):
            assert word in text, (language, word)
        assert pdf_images_per_page(response.content) == {1: 3}  # logo, signature, mark


@pytest.mark.parametrize(
    ("field", "data", "reason"),
    [
        ("logo", b"GIF89a" + b"\0" * 40, "not a PNG or JPEG image"),
        ("mark", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG or JPEG image"),
        ("signature", b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_IMAGE_BYTES + 1), "at most 1000000 are accepted"),
    ],
)
def test_a_bad_upload_is_refused_next_to_its_field_and_nothing_is_saved(
    owner_client: Client, body_a, field: str, data: bytes, reason: str
) -> None:
    response = owner_client.post(PAGE, _form(**{field: _png(f"{field}.png", data)}))
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="error-{field}"' in page and reason in page
    assert 'value="Olga Owner"' in page  # what was typed is kept
    with unscoped():
        assert not DocumentTemplate.all_objects.filter(body=body_a).exists()
        assert not AuditEntry.objects.filter(action="documents.template.updated").exists()


def test_a_gif_renamed_to_png_is_refused_by_its_content(owner_client: Client, body_a) -> None:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="GIF")
    response = owner_client.post(PAGE, _form(logo=_png("logo.png", out.getvalue())))
    assert (
        response.status_code == 400 and "a GIF image; upload a PNG or JPEG image" in response.content.decode()
    )


def test_a_colour_that_is_not_hex_is_refused_with_the_field_named(owner_client: Client, body_a) -> None:
    response = owner_client.post(PAGE, _form(primary_colour="navy"))
    page = response.content.decode()
    assert response.status_code == 400 and 'id="error-primary_colour"' in page
    assert "&#x27;navy&#x27; is not a colour as #rrggbb" in page and 'value="navy"' in page


def test_an_image_is_removed_on_request(owner_client: Client, body_a) -> None:
    give_template(body_a)
    owner_client.post(PAGE, _form(remove_logo="1"))
    with unscoped():
        t = DocumentTemplate.all_objects.get(body=body_a)
    assert bytes(t.logo) == b"" and t.logo_type == "" and t.mark_type == "image/png"


def test_other_roles_get_403_and_see_no_link(team_client: Client, body_a) -> None:
    assert team_client.get(PAGE).status_code == 403
    assert team_client.post(PAGE, _form()).status_code == 403
    assert team_client.get(PREVIEW).status_code == 403
    assert "/documents/" not in team_client.get("/dashboard/").content.decode()


def test_a_foreign_bodys_administrator_gets_404(outsider_client: Client, body_a) -> None:
    for response in (
        outsider_client.get(PAGE),
        outsider_client.post(PAGE, _form()),
        outsider_client.get(PREVIEW),
    ):
        assert response.status_code == 404
    with unscoped():
        assert not DocumentTemplate.all_objects.filter(body=body_a).exists()


def test_anonymous_users_are_sent_to_sign_in(client: Client, body_a) -> None:
    for url in (PAGE, PREVIEW, "/documents/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_index_lists_the_bodies_the_user_administers(
    owner_client, outsider_client, body_a, body_b
) -> None:
    mine = owner_client.get("/documents/").content.decode()
    assert PAGE in mine and "/documents/beta-cert/template/" not in mine
    assert "/documents/" in owner_client.get("/dashboard/").content.decode()  # the navigation link
