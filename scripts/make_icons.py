"""Draw the app's icons for phones that install the attendee page (static/icons/icon-<size>.png): a white
speech bubble on Townhall's blue, with room around it for "maskable" crops.

    python scripts/make_icons.py
"""
from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (27, 91, 199)
WHITE = (255, 255, 255)
TARGET = Path(__file__).resolve().parent.parent / "static" / "icons"


def icon(size: int) -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    image = Image.new("RGB", (big, big), BLUE)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = big * 0.24, big * 0.26, big * 0.76, big * 0.62
    draw.rounded_rectangle((left, top, right, bottom), radius=big * 0.08, fill=WHITE)
    draw.polygon([(big * 0.36, bottom - 1), (big * 0.33, big * 0.75), (big * 0.48, bottom - 1)], fill=WHITE)
    for x in (0.38, 0.5, 0.62):  # three dots: people talking
        r = big * 0.035
        cx, cy = big * x, (top + bottom) / 2
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=BLUE)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(TARGET / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
