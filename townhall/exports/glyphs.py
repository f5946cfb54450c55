"""The shipped fonts (exports/fonts/) and which characters they can draw.

The PDF draws text with DejaVu Sans, Chinese with Noto Sans SC (regular and bold),
and falls back to Droid Sans Fallback for the rest of Chinese, Japanese and Korean;
the chart images use DejaVu and Droid. A character neither font has
(most emoji, rare scripts) would print as an empty box and make fpdf2 log a
warning, so printable() replaces it with U+FFFD (a visible "something was here")
and drops invisible joiners and variation selectors around it.
"""
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FALLBACK = FONT_DIR / "DroidSansFallbackFull.ttf"
# Simplified Chinese in a regular and a bold face (the GB 2312 characters: scripts/subset_cjk_fonts.py).
CJK_REGULAR = FONT_DIR / "NotoSansSC-Regular.ttf"
CJK_BOLD = FONT_DIR / "NotoSansSC-Bold.ttf"
REPLACEMENT = "\ufffd"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_REPLACED_RUN = re.compile("\ufffd(?:[\u200d\ufe0e\ufe0f]*\ufffd)*[\u200d\ufe0e\ufe0f]*")  # an emoji sequence
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Sk")


@cache
def codepoints(path: Path) -> frozenset[int]:
    """The characters a font file has a glyph for (read once per process)."""
    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(font.getBestCmap() or ())
    finally:
        font.close()


@lru_cache(maxsize=1)
def drawable() -> frozenset[int]:
    """Every character the text face or its fallback can draw."""
    return codepoints(REGULAR) | codepoints(FALLBACK)


def printable(text) -> str:
    """`text` with line breaks kept ("\\r\\n" and "\\r" become "\\n"), tabs as spaces,
    control characters dropped and every character no shipped font has replaced."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if text.isascii():
        return _CONTROL.sub("", text)
    known = drawable()
    out = []
    for char in text:
        if 0xE000 <= ord(char) <= 0xF8FF:
            continue  # private use: no agreed meaning (and the PDF's page-count alias lives there)
        if char == "\n" or ord(char) in known:
            out.append(char)
        elif unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            continue  # zero-width joiners, variation selectors, skin tones, lone surrogates
        elif not out or out[-1] != REPLACEMENT:
            out.append(REPLACEMENT)  # one mark for a run of emoji, not one per character
    text = "".join(out)
    return _REPLACED_RUN.sub(REPLACEMENT, text) if REPLACEMENT in text else text
