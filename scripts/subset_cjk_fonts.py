"""Make the minutes' Chinese fonts (townhall/exports/fonts/NotoSansSC-{Regular,Bold}.ttf) from Debian's
fonts-noto-cjk (1:20220127+repack1-1): Noto Sans CJK SC, subset to the GB 2312 character set (6,763 Han
characters, the punctuation, full-width forms, kana, Greek and Cyrillic it holds: 7,716 characters) and
converted from CFF to TrueType outlines.

Why TrueType: fpdf2 embeds a CID-keyed CFF font (as Noto CJK's .otf are) with a text map that puts a NUL
before every character, so text copied from the PDF (or read by a screen reader, or indexed) is broken;
with TrueType outlines it reads back as written. Why a subset: the full SC face is 16 MB per weight. The
PDF embeds only the glyphs it uses either way. Characters outside GB 2312 fall back to Droid Sans Fallback.

    apt-get install fonts-noto-cjk && python scripts/subset_cjk_fonts.py
"""
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
SIMPLIFIED_CHINESE = 2  # the face's index in the collection: JP, KR, SC, TC, HK
TARGET = Path(__file__).resolve().parent.parent / "townhall" / "exports" / "fonts"
MAX_ERROR = 1.0  # font units: how far a quadratic curve may stray from the cubic it replaces


def gb2312() -> set[int]:
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    # CJK punctuation, full-width forms and general punctuation (dashes, quotes, ellipsis) in full
    return found | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(range(0x2010, 0x2070))


def to_truetype(font) -> None:
    """Replace the font's CFF outlines by TrueType (quadratic) ones, in place."""
    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        outlines[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def main() -> None:
    characters = gb2312()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    for weight in ("Regular", "Bold"):
        font = TTCollection(SOURCE.format(weight=weight)).fonts[SIMPLIFIED_CHINESE]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=characters)
        subsetter.subset(font)
        to_truetype(font)
        font.save(TARGET / f"NotoSansSC-{weight}.ttf")
        print(f"NotoSansSC-{weight}.ttf: {len(characters)} characters")


if __name__ == "__main__":
    main()
