"""Building blocks of the minutes DOCX (python-docx): page setup, fonts, fields, tables.

Word needs a font for Chinese, Japanese and Korean that its reader has: every
style used names one as its East Asian font (w:eastAsia) beside Calibri for
Latin text, replacing the template's theme font references, which Word would
otherwise prefer.
"""
import re
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

LATIN_FONT = "Calibri"
EAST_ASIAN_FONT = "Microsoft YaHei"
MUTED = RGBColor(0x60, 0x64, 0x6A)
TABLE_STYLE = "Light List Accent 1"
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4",
          "List Number", "List Bullet", "Table Grid", TABLE_STYLE)
# Characters XML 1.0 cannot hold: python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(value) -> str:
    """Text as stored, minus what XML cannot carry; line ends as "\\n", tabs kept."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text)


def _child(parent, tag: str, *, first: bool = False):
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _fonts(rpr):
    """Name our fonts in a w:rPr (Latin and East Asian), dropping the theme references Word would prefer."""
    fonts = _child(rpr, "w:rFonts", first=True)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(slot), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def set_up(document, accent: str | None = None):
    """A4 with 2 cm margins, our fonts on every style we use, a compact Normal style; headings in the
    event's accent colour when it has one (checked for contrast on white when set)."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            _fonts(_child(rpr_default, "w:rPr"))
    for name in STYLES:
        _fonts(document.styles[name].element.get_or_add_rPr())
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    if accent:
        for name in ("Heading 1", "Heading 3"):
            document.styles[name].font.color.rgb = RGBColor.from_string(accent[1:].upper())


def field(paragraph, instruction: str, placeholder: str = "1"):
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the page."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    run.append(_small_rpr())
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def styled_paragraph(document, text: str, style_name: str):
    """A paragraph in a named style. python-docx looks a style name up through every style each
    time (seconds for the 12,000 answers of 30 text polls); this sets the style id directly."""
    paragraph = document.add_paragraph()
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = _style_id(document, style_name)
    paragraph.add_run(clean(text))
    return paragraph


def _style_id(document, name: str) -> str:
    cache = document.__dict__.setdefault("_townhall_style_ids", {})
    if name not in cache:
        cache[name] = document.styles[name].style_id
    return cache[name]


def restart_numbering(document, paragraph):
    """Make `paragraph` (style List Number) start a new list at 1 instead of continuing the last one."""
    style_num = document.styles["List Number"].element.pPr.numPr
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(style_num.numId.val).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num.numId


def _small_rpr():
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(MUTED))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    rpr.extend((color, size))
    return rpr


def header_footer(document, *, running_title: str, footer_label: str):
    """Page N of M in every footer; the event title as a running header from page 2."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(header.add_run(clean(running_title)))
    tabs = document.styles["Footer"].paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT)
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        _small(paragraph.add_run(clean(footer_label) + "\t"))
        field(paragraph, "PAGE")  # "3 / 12": the same in every language
        _small(paragraph.add_run(" / "))
        field(paragraph, "NUMPAGES")


def _small(run):
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    return run


def muted(paragraph, text: str, *, size: float | None = None):
    """A grey run."""
    run = paragraph.add_run(clean(text))
    run.font.color.rgb = MUTED
    if size:
        run.font.size = Pt(size)
    return run


def _look(table_, *, header_row: bool, first_column: bool):
    """Which parts of the table style apply: the header row (or, for a key-value block, the first
    column), never banded columns or a bold last row."""
    tbl_pr = table_._tbl.tblPr
    look = _child(tbl_pr, "w:tblLook")
    flags = {"firstRow": header_row, "lastRow": False, "firstColumn": first_column, "lastColumn": False,
             "noHBand": False, "noVBand": True}
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")
    value = (0x20 * header_row) | (0x80 * first_column) | 0x400
    look.set(qn("w:val"), f"{value:04X}")


def _spans(value) -> list[tuple[str, str]]:
    return [(value, "body")] if value is None or isinstance(value, str) else value


def _run_xml(text: str, style: str) -> str:
    """A w:r of escaped text; line breaks become w:br, tabs w:tab."""
    props = {"muted": f'<w:rPr><w:color w:val="{MUTED}"/></w:rPr>', "bold": "<w:rPr><w:b/></w:rPr>"}.get(style, "")
    lines = []
    for line in clean(text).split("\n"):
        pieces = (f'<w:t xml:space="preserve">{escape(piece)}</w:t>' if piece else "" for piece in line.split("\t"))
        lines.append("<w:tab/>".join(pieces))
    return f"<w:r>{props}{'<w:br/>'.join(lines)}</w:r>"


def _cell_xml(value, width: float, right: bool) -> str:
    """A w:tc: one paragraph per (text, style) span; a string is one body span."""
    align = '<w:jc w:val="right"/>' if right else ""
    paragraphs = [f'<w:p><w:pPr><w:spacing w:after="0"/>{align}</w:pPr>{_run_xml(text, style)}</w:p>'
                  for text, style in _spans(value) if clean(text)]
    body = "".join(paragraphs) or f'<w:p><w:pPr><w:spacing w:after="0"/>{align}</w:pPr></w:p>'
    return f'<w:tc><w:tcPr><w:tcW w:w="{round(width * 567)}" w:type="dxa"/></w:tcPr>{body}</w:tc>'


def _row_xml(values: list, widths: list[float], numeric: tuple[int, ...], *, header: bool = False) -> str:
    text_length = sum(len(clean(text)) for value in values for text, _ in _spans(value))
    if header:
        props = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
    elif text_length < 600:  # short rows move whole to the next page; long ones may split
        props = "<w:trPr><w:cantSplit/></w:trPr>"
    else:
        props = ""
    cells = "".join(_cell_xml(value, width, i in numeric) for i, (value, width) in enumerate(zip(values, widths)))
    return f"<w:tr>{props}{cells}</w:tr>"


def table(document, headers: list[str] | None, rows: list[list], widths: list[float], *,
          numeric: tuple[int, ...] = (), style: str = TABLE_STYLE):
    """A table with an optional header row (repeated on every page); widths in cm.

    A cell is a string or a list of (text, style) spans, one paragraph each ("muted" is grey,
    "bold" bold). Rows are written as XML in one parse: python-docx's cell API took seconds
    for 2,000 questions."""
    table_ = document.add_table(rows=0, cols=len(widths))
    table_.style = document.styles[style]
    table_.autofit = False
    for column, width in zip(table_.columns, widths):
        column.width = Cm(width)  # LibreOffice reads the grid, Word each cell's width
    xml = [_row_xml(headers, widths, numeric, header=True)] if headers else []
    xml.extend(_row_xml(values, widths, numeric) for values in rows)
    if xml:
        table_._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"))
    _look(table_, header_row=bool(headers), first_column=not headers)
    document.add_paragraph().paragraph_format.space_after = Pt(2)
    return table_
