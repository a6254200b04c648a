"""Demo document templates (ORDER 5, before the areas issue anything): each demo body gets a logo,
a mark (the accreditation body: its accreditation symbol), an authorised signatory and a signature,
drawn in code as PNG images (nothing is downloaded); LCEM's accreditation for two of its methods.
"""

from __future__ import annotations

import io
import math
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from casys.accounts.models import Body
from casys.accreditation.models import Accreditation
from casys.accreditation.services import accreditations as acc_svc
from casys.auditlog.services import SYSTEM
from casys.documents.models import DocumentTemplate
from casys.documents.services import save_template

ORDER = 5

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def logo_png(initials: str, name: str, colour: str) -> bytes:
    """A wordmark: a coloured rounded square with the initials, the name beside it."""
    font = _font(60)
    width, height = 240 + int(ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength(name, font=font)), 200
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 10, 190, 190), radius=36, fill=_rgb(colour))
    draw.text((100, 100), initials[:3].upper(), font=_font(72), fill="white", anchor="mm")
    draw.text((220, 100), name, font=font, fill=_rgb(colour), anchor="lm")
    return _png(image.crop(image.getbbox() or (0, 0, width, height)))


def mark_png(top: str, bottom: str, colour: str) -> bytes:
    """A round seal: two rings, a tick in the middle, a word above and below."""
    size = 400
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    rgb = _rgb(colour)
    draw.ellipse((8, 8, size - 8, size - 8), outline=rgb, width=14)
    draw.ellipse((52, 52, size - 52, size - 52), outline=rgb, width=5)
    draw.line([(140, 205), (185, 250), (265, 150)], fill=rgb, width=22, joint="curve")
    draw.text((size / 2, 118), top[:12].upper(), font=_font(32), fill=rgb, anchor="mm")
    draw.text((size / 2, 292), bottom[:14].upper(), font=_font(28), fill=rgb, anchor="mm")
    return _png(image)


def signature_png(seed: int = 1) -> bytes:
    """A handwritten-looking stroke (a sum of sines: the same seed draws the same signature)."""
    width, height = 600, 160
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for i in range(400):
        t = i / 399
        x = 30 + t * 520
        y = 85 + 38 * math.sin(t * (14 + seed) * math.pi) * math.exp(-1.6 * t) + 12 * math.sin(t * 37)
        points.append((x, y))
    draw.line(points, fill=(20, 33, 61), width=5, joint="curve")
    draw.line([(60, 128), (520, 118)], fill=(20, 33, 61), width=3)
    return _png(image)


#: slug -> (initials, primary, accent, mark words, signatory, functions en/fr/ru)
TEMPLATES = {
    "nas": (
        "NAS",
        "#0b4f6c",
        "#20a39e",
        ("NAS", "Accredited"),
        "Karin Lindqvist",
        ("Director of accreditation", "Directrice de l'accréditation", "Директор по аккредитации"),
    ),
    "baltcert": (
        "BC",
        "#14213d",
        "#1f5fa8",
        ("Certified", "Management"),
        "Laura Ozola",
        ("Head of certification", "Directrice de la certification", "Руководитель органа по сертификации"),
    ),
    "eurasia-cert": (
        "ЕВ",
        "#5b1a18",
        "#b5651d",
        ("Евразия", "Сертифицировано"),
        "Айгерим Сапарова",
        ("Director", "Directrice", "Директор"),
    ),
    "lcem": (
        "LC",
        "#123c69",
        "#ac3b61",
        ("LCEM", "Essais"),
        "Hélène Moreau",
        ("Technical manager", "Responsable technique", "Технический руководитель"),
    ),
    "europt": (
        "EP",
        "#2d3142",
        "#ef8354",
        ("EuroPT", "PT provider"),
        "Sabine Krüger",
        ("Managing director", "Directrice générale", "Генеральный директор"),
    ),
}

#: LCEM's demo accreditation (fictional): ISO/IEC 17025 for the mass calibration and the tensile test,
#: not for the conductivity of water, so one demo report carries the statement and marks the rest.
LCEM_ACCREDITATION = "NAS-LAB-031"


def _templates() -> None:
    for slug, (initials, primary, accent, words, signatory, functions) in TEMPLATES.items():
        body = Body.all_objects.filter(slug=slug).first()
        if body is None or DocumentTemplate.all_objects.filter(body=body).exists():
            continue
        save_template(
            body,
            texts={
                "signatory_name": signatory,
                "signatory_function": functions[0],
                "signatory_function_fr": functions[1],
                "signatory_function_ru": functions[2],
            },
            colours={"primary_colour": primary, "accent_colour": accent},
            images={
                "logo": logo_png(initials, body.name_en or body.name, primary),
                "mark": mark_png(words[0], words[1], accent),
                "signature": signature_png(len(slug)),
            },
            actor=SYSTEM,
        )


def _lab_accreditation() -> None:
    nas, lcem = Body.all_objects.get(slug="nas"), Body.all_objects.get(slug="lcem")
    if Accreditation.all_objects.filter(body=nas, number=LCEM_ACCREDITATION).exists():
        return
    acc_svc.grant(
        nas,
        acc_svc.GrantInput(
            cab=lcem,
            number=LCEM_ACCREDITATION,
            standard="ISO/IEC 17025",
            activity="calibration",
            valid_from=date(2022, 9, 1),
            valid_until=date(2027, 8, 31),
            scope=(acc_svc.ScopeInput("ISO/IEC 17025:2017", methods=("mass-10kg-f1", "tensile-s355")),),
        ),
    )


def load_demo() -> None:
    _templates()
    _lab_accreditation()
