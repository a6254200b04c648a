"""Artwork for the demo bodies' document templates, drawn in code (nothing downloaded): a logo,
a certification mark or accreditation symbol, and a signature, as PNG images."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

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
