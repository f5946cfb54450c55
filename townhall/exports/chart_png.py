"""The minutes' charts as PNG images (Pillow), for formats that cannot draw vectors (DOCX).

Drawn at print resolution (300 dpi, the width given in inches) and saved with a
small palette, so a chart is a few kilobytes. Text uses the shipped fonts:
Pillow has no font fallback, so text is drawn in runs: DejaVu Sans for the
characters it has, Droid Sans Fallback for the rest (Chinese, Japanese, Korean).

bars_png() draws the contract's `bars` (docs/minutes.md): a horizontal bar per
entry, length value / max(value), the label left, the text right.
activity_png() draws questions and votes per time bucket as two bar panels.
"""
import io
import math
from datetime import datetime
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from . import fmt, glyphs

DPI = 300
WIDTH_INCHES = 6.3
INK = (26, 26, 26)
MUTED = (96, 100, 106)
BAR = (31, 78, 121)
TRACK = (232, 236, 240)
RULE = (208, 212, 217)
VOTES = (204, 120, 40)


@lru_cache(maxsize=32)
def _font(path, pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), pixels)


def runs(text: str, pixels: int, *, bold: bool = False) -> list[tuple[ImageFont.FreeTypeFont, str]]:
    """`text` split into runs of one font: DejaVu Sans (bold if asked, else regular) for what it
    has, Droid Sans Fallback for the rest (it has no Latin letters, so it cannot take whole labels)."""
    faces = (glyphs.BOLD, glyphs.REGULAR, glyphs.FALLBACK) if bold else (glyphs.REGULAR, glyphs.FALLBACK)
    if text.isascii():
        return [(_font(faces[0], pixels), text)]
    out, current, start = [], None, 0
    for i, char in enumerate(text):
        code = ord(char)
        face = next((f for f in faces if code in glyphs.codepoints(f)), faces[0])
        if face != current:
            if current is not None:
                out.append((_font(current, pixels), text[start:i]))
            current, start = face, i
    out.append((_font(current, pixels), text[start:]))
    return out


def text_width(draw: ImageDraw.ImageDraw, text: str, pixels: int, *, bold: bool = False) -> float:
    return sum(draw.textlength(run, font=font) for font, run in runs(text, pixels, bold=bold))


def _px(points: float) -> int:
    return max(1, round(points * DPI / 72))


def _one_line(text) -> str:
    return glyphs.printable(text).replace("\n", " ").strip()


def _fit(draw: ImageDraw.ImageDraw, text: str, pixels: int, width: float) -> str:
    """`text` cut with an ellipsis to `width` pixels (binary search: one measurement per step)."""
    if text_width(draw, text, pixels) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(draw, text[:middle] + "…", pixels) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", compress_level=6,
                                                                     dpi=(DPI, DPI))
    return out.getvalue()


def _text(draw, xy, text, pixels, *, fill=INK, anchor="lm", bold=False):
    """Draw `text` run by run; anchor: l/m/r horizontally, m (middle), t (top) or s (baseline) vertically."""
    if not text:
        return
    x, y = xy
    if anchor[0] != "l":
        width = text_width(draw, text, pixels, bold=bold)
        x -= width if anchor[0] == "r" else width / 2
    baseline = {"m": y + 0.36 * pixels, "t": y + 0.93 * pixels, "s": y}[anchor[1]]
    for font, run in runs(text, pixels, bold=bold):
        draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
        x += draw.textlength(run, font=font)


def bars_png(bars: list[dict], *, width_inches: float = WIDTH_INCHES) -> bytes | None:
    """A horizontal bar chart of the contract's `bars`; None when there is nothing to draw."""
    if not bars:
        return None
    width = round(width_inches * DPI)
    size = _px(8.5)
    row, thickness, pad = _px(17), _px(11), _px(4)
    labels = [_one_line(b.get("label")) for b in bars]
    texts = [_one_line(b.get("text")) for b in bars]
    values = [fmt.bar_value(b.get("value")) for b in bars]
    image = Image.new("RGB", (width, len(bars) * row + 2 * pad), "white")
    draw = ImageDraw.Draw(image)
    label_w = math.ceil(min(max(max(text_width(draw, t, size) for t in labels), _px(30)), width * 0.38))
    text_w = math.ceil(min(max(max(text_width(draw, t, size) for t in texts), _px(24)), width * 0.3))
    bar_x = label_w + _px(6)
    bar_w = width - bar_x - text_w - _px(6)
    top = max(values) or 1.0
    for i, (label, text, value) in enumerate(zip(labels, texts, values)):
        middle = pad + i * row + row // 2
        _text(draw, (label_w, middle), _fit(draw, label, size, label_w), size, anchor="rm")
        box = (bar_x, middle - thickness // 2, bar_x + bar_w, middle + thickness // 2)
        draw.rectangle(box, fill=TRACK)
        length = round(bar_w * value / top)
        if value > 0:
            draw.rectangle((bar_x, box[1], bar_x + max(length, 2), box[3]), fill=BAR)
        _text(draw, (bar_x + bar_w + _px(4), middle), _fit(draw, text, size, text_w), size)
    return _png(image)


def _time(iso) -> datetime | None:
    try:
        return fmt.parse_local(iso) if iso else None
    except (TypeError, ValueError):
        return None


def _ticks(times: list, minutes: int, wanted: int = 7) -> list[int]:
    span = len(times) * minutes
    step = max(next((s for s in (5, 10, 15, 30, 60, 120, 180, 360, 720, 1440) if span / s <= wanted), 1440),
               minutes)
    marks = [i for i, at in enumerate(times) if at is not None and (at.hour * 60 + at.minute) % step == 0]
    return marks or list(range(0, len(times), max(1, math.ceil(len(times) / wanted))))


def _panel(draw, box, values, color, title):
    left, top, right, bottom = box
    size = _px(7)
    _text(draw, (left + _px(28), top), title, _px(8), anchor="lt", bold=True)
    plot_left, plot_top = left + _px(28), top + _px(13)
    for fraction in (0.0, 0.5, 1.0):
        y = round(plot_top + (bottom - plot_top) * (1 - fraction))
        draw.line((plot_left, y, right, y), fill=RULE, width=_px(0.4))
    peak = max(values) or 1
    _text(draw, (plot_left - _px(4), plot_top), str(peak), size, fill=MUTED, anchor="rm")
    _text(draw, (plot_left - _px(4), bottom), "0", size, fill=MUTED, anchor="rm")
    slot = (right - plot_left) / len(values)
    bar = max(slot * 0.75, 1)
    for i, value in enumerate(values):
        if value > 0:
            x = plot_left + i * slot + (slot - bar) / 2
            draw.rectangle((round(x), round(bottom - (bottom - plot_top) * value / peak),
                            round(x + bar), bottom), fill=color)
    return plot_left, slot


def activity_png(activity: dict | None, *, width_inches: float = WIDTH_INCHES) -> bytes | None:
    """Questions asked and votes cast per bucket, two panels over a UTC time axis; None without buckets."""
    buckets = (activity or {}).get("buckets") or []
    if not buckets:
        return None
    minutes = (activity or {}).get("bucket_minutes") or 1
    asked, cast = fmt.activity_titles(minutes)
    width, panel = round(width_inches * DPI), _px(78)
    height = 2 * panel + _px(34)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    questions = [int(fmt.bar_value(b.get("questions"))) for b in buckets]
    votes = [int(fmt.bar_value(b.get("votes"))) for b in buckets]
    right = width - _px(4)
    plot_left, slot = _panel(draw, (0, _px(2), right, panel), questions, BAR, asked)
    axis = 2 * panel + _px(8)
    _panel(draw, (0, panel + _px(8), right, axis), votes, VOTES, cast)
    times = [_time(b.get("at")) for b in buckets]
    for i in _ticks(times, minutes):
        x = round(plot_left + i * slot)
        draw.line((x, axis, x, axis + _px(3)), fill=MUTED, width=_px(0.4))
        if times[i]:
            _text(draw, (x, axis + _px(4)), f"{times[i]:%H:%M}", _px(7), fill=MUTED, anchor="mt")
    _text(draw, (right, height - _px(2)), fmt.zone_note(), _px(7), fill=MUTED, anchor="rs")
    return _png(image)
