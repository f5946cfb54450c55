"""The page and text machinery of the minutes PDF (fpdf2): A4, shipped fonts,
running header and footer, wrapped paragraphs, headings kept with what follows,
and tables that repeat their header row and split rows taller than a page.

Text is wrapped here, not by fpdf2's multi_cell(): its line breaker measures the
line again for every character (quadratic; 2,000 questions took seconds). We
measure each word once from the fonts' width tables and print each finished line
with text(), one call per run of a single font: DejaVu Sans for what it has, Droid
Sans Fallback for Chinese, Japanese and Korean (bold text falls back to regular
DejaVu, then Droid). This does what set_fallback_fonts() would, without fpdf2
splitting and measuring every line again. Everything printed goes through
glyphs.printable(), so no character lacks a glyph and fpdf2 has nothing to warn about.
"""
import re
from dataclasses import dataclass

from fpdf import FPDF

from . import glyphs

MARGIN = 20.0
TOP = 22.0            # content top on every page (the running header sits above it from page 2)
BOTTOM = 20.0         # content stops this far above the page edge; the footer sits inside it
PT = 25.4 / 72        # millimetres per point

INK = (26, 26, 26)
MUTED = (96, 100, 106)
ACCENT = (31, 78, 121)
RULE = (208, 212, 217)
HEADER_FILL = (237, 241, 245)

_HEADINGS = {1: (15, "accent", 7, 2.5), 2: (12, "bold", 5, 1), 3: (10, "accent", 3.5, 1)}  # size, style, before, after
_STYLES = {"body": ("", INK), "muted": ("", MUTED), "bold": ("B", INK), "accent": ("B", ACCENT)}
_FONT_FILES = (("dejavu", "", glyphs.REGULAR), ("dejavu", "B", glyphs.BOLD), ("notosc", "", glyphs.CJK_REGULAR),
               ("notosc", "B", glyphs.CJK_BOLD), ("droid", "", glyphs.FALLBACK))
_KEYS = {"dejavu": ("dejavu", ""), "dejavuB": ("dejavu", "B"), "notosc": ("notosc", ""), "notoscB": ("notosc", "B"),
         "droid": ("droid", "")}
# Where each character's glyph is looked for, in order: Chinese in Noto Sans SC (bold headings in its bold
# face), what it lacks (rarer Han characters, kana, Hangul) in Droid Sans Fallback.
_SEARCH = {True: ("dejavuB", "notoscB", "dejavu", "droid"), False: ("dejavu", "notosc", "droid")}
# Characters a line may break between without a space: CJK ideographs, kana, Hangul, full-width forms.
_CJK = ("\u1100-\u11ff\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff\ua000-\ua4cf"
        "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff")
_TOKENS = re.compile(f"( +)|([{_CJK}])|([^ {_CJK}]+)")
# The total page count: private-use characters, which glyphs.printable() removes from every text.
NB_ALIAS = "\ue000nb\ue000"


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "L"


class MinutesPDF(FPDF):
    """An A4 page with the minutes' fonts, header and footer; text helpers in millimetres."""

    def __init__(self, *, running_title: str, running_label: str, footer_label: str, accent: str | None = None):
        super().__init__(orientation="P", unit="mm", format="A4")
        # the event's accent colour (checked for contrast on white when set) for headings, rules and bars
        self.accent = tuple(int(accent[i:i + 2], 16) for i in (1, 3, 5)) if accent else ACCENT
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(False)
        self.alias_nb_pages(NB_ALIAS)
        for family, style, path in _FONT_FILES:
            self.add_font(family, style, str(path))
        self._cmaps = {key: self.fonts[key].cmap for key in _KEYS}
        self._widths = {key: self.fonts[key].cw for key in _KEYS}
        self._char_cache = {False: {}, True: {}}
        self._word_cache = {False: {}, True: {}}
        self.running_title = glyphs.printable(running_title).replace("\n", " ")
        self.running_label = glyphs.printable(running_label)
        self.footer_label = glyphs.printable(footer_label)
        self.content_width = self.w - 2 * MARGIN
        self.limit = self.h - BOTTOM

    def logo(self, data: bytes, *, height: float = 14.0, max_width: float = 60.0):
        """The event's logo (a PNG checked when uploaded) at the left margin, then below it."""
        import io

        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            ratio = image.width / image.height
        width = min(height * ratio, max_width)
        self.image(io.BytesIO(data), x=MARGIN, y=self.y, w=width, h=width / ratio)
        self.set_y(self.y + width / ratio + 3)

    def close_fonts(self):
        """Close the font files (output() closes only the fonts it embedded)."""
        for font in self.fonts.values():
            font.close()

    # --- page furniture ------------------------------------------------------------

    def header(self):
        if self.page_no() < 2:
            return
        size = 7.5
        label_w = self.text_width(self.running_label, size)
        title = self.fit(self.running_title, self.content_width - label_w - 8, size)
        self.draw_text(MARGIN, 10, title, size=size, style="muted")
        self.draw_text(MARGIN, 10, self.running_label, size=size, style="muted", width=self.content_width, align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, 15.2, self.w - MARGIN, 15.2)

    def footer(self):
        size = 7.5
        y = self.h - 13
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, y - 1.5, self.w - MARGIN, y - 1.5)
        self.draw_text(MARGIN, y, self.footer_label, size=size, style="muted")
        self.set_font("dejavu", "", size)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, y)
        # "3 / 12": the same in every language (the page count is filled in when the file is written)
        self.cell(self.content_width, size * PT * 1.25, f"{self.page_no()} / {NB_ALIAS}", align="R")

    def new_page(self):
        self.add_page()
        self.set_xy(MARGIN, TOP)

    def space_left(self) -> float:
        return self.limit - self.y

    def ensure(self, height: float) -> bool:
        """Start a new page unless `height` mm fit below; True if a page was started."""
        if self.y + height > self.limit:
            self.new_page()
            return True
        return False

    def gap(self, height: float):
        """Vertical space, dropped at the top of a page."""
        if self.y > TOP + 0.01:
            self.set_y(min(self.y + height, self.limit))

    # --- measuring -----------------------------------------------------------------

    def _font_of(self, char: str, bold: bool) -> tuple[str, int]:
        cache = self._char_cache[bold]
        found = cache.get(char)
        if found is None:
            code = ord(char)
            keys = _SEARCH[bold]
            key = next((k for k in keys if code in self._cmaps[k]), keys[0])
            found = cache[char] = (key, self._widths[key][code])
        return found

    def units(self, text: str, bold: bool = False) -> int:
        """Width of `text` in thousandths of the font size."""
        cache = self._word_cache[bold]
        width = cache.get(text)
        if width is None:
            if text.isascii():
                cw = self._widths["dejavuB" if bold else "dejavu"]
                width = sum(cw[ord(c)] for c in text)
            else:
                width = sum(self._font_of(c, bold)[1] for c in text)
            if len(text) < 40:
                cache[text] = width
        return width

    def text_width(self, text: str, size: float, style: str = "body") -> float:
        return self.units(text, _STYLES[style][0] == "B") * size * PT / 1000

    def _runs(self, text: str, bold: bool) -> list[tuple[str, str]]:
        if text.isascii():
            return [("dejavuB" if bold else "dejavu", text)]
        runs, current, start = [], None, 0
        for i, char in enumerate(text):
            key = self._font_of(char, bold)[0]
            if key != current:
                if current is not None:
                    runs.append((current, text[start:i]))
                current, start = key, i
        runs.append((current, text[start:]))
        return runs

    def wrap(self, text: str, width: float, size: float, style: str = "body") -> list[str]:
        """`text` (already printable) as lines no wider than `width` mm; line breaks kept."""
        bold = _STYLES[style][0] == "B"
        limit = width * 1000 / (size * PT) + 0.01  # a line exactly as wide as `width` fits
        space = self.units(" ", bold)
        lines = []
        for paragraph in text.split("\n"):
            line, line_w, pending, pending_w = "", 0, "", 0
            for spaces, cjk, word in _TOKENS.findall(paragraph):
                if spaces:
                    pending, pending_w = spaces, space * len(spaces)
                    continue
                token = cjk or word
                token_w = self.units(token, bold)
                if line_w + pending_w + token_w <= limit:
                    line, line_w = line + pending + token, line_w + pending_w + token_w
                elif token_w <= limit:
                    if line:
                        lines.append(line)
                    line, line_w = token, token_w
                else:  # longer than a line (a URL, a run of digits): break it anywhere
                    if line.strip():
                        lines.append(line)
                    line, line_w = "", 0
                    for char in token:
                        char_w = self.units(char, bold)
                        if line and line_w + char_w > limit:
                            lines.append(line)
                            line, line_w = "", 0
                        line, line_w = line + char, line_w + char_w
                pending, pending_w = "", 0
            lines.append(line)
        return lines

    def fit(self, text: str, width: float, size: float, style: str = "body") -> str:
        """`text` on one line, cut with an ellipsis if wider than `width` mm."""
        text = text.replace("\n", " ")
        if self.text_width(text, size, style) <= width:
            return text
        lines = self.wrap(text, max(1.0, width - self.text_width("…", size, style)), size, style)
        return (lines[0] if lines else "").rstrip() + "…"

    # --- printing ------------------------------------------------------------------

    def draw_text(self, x: float, y: float, text: str, *, size: float, style: str = "body",
                  width: float | None = None, align: str = "L", height: float | None = None, color=None):
        """One line of printable text whose box top is at y; right or centre alignment within `width`."""
        if not text:
            return
        font_style, ink = _STYLES[style]
        ink = self.accent if style == "accent" else ink
        bold = font_style == "B"
        height = height if height is not None else size * PT * 1.25
        if align != "L" and width is not None:
            used = self.units(text, bold) * size * PT / 1000
            x += (width - used) if align == "R" else (width - used) / 2
        self.set_text_color(*(color or ink))
        baseline = y + 0.5 * height + 0.3 * size * PT  # where cell() would put it
        for key, run in self._runs(text, bold):
            family, run_style = _KEYS[key]
            self.set_font(family, run_style, size)
            self.text(x, baseline, run)  # cell() costs ten times more: it splits and measures again
            x += self.units(run, bold) * size * PT / 1000

    def lines(self, lines: list[str], *, x: float | None = None, size: float = 10, style: str = "body",
              leading: float = 1.45, width: float | None = None, align: str = "L", color=None):
        """Print lines from the current y, starting new pages as needed."""
        x = MARGIN if x is None else x
        height = size * PT * leading
        for line in lines:
            self.ensure(height)
            self.draw_text(x, self.y, line, size=size, style=style, width=width, align=align,
                           height=height, color=color)
            self.set_xy(MARGIN, self.y + height)

    def paragraph(self, text, *, size: float = 10, style: str = "body", indent: float = 0.0,
                  after: float = 1.5, color=None):
        text = glyphs.printable(text).strip("\n")
        if not text.strip():
            return
        width = self.content_width - indent
        self.lines(self.wrap(text, width, size, style), x=MARGIN + indent, size=size, style=style, color=color)
        self.gap(after)

    def heading(self, text, level: int = 1, *, keep: float | None = None):
        """A heading kept on a page with at least `keep` mm of what follows."""
        size, style, before, after = _HEADINGS[level]
        keep = {1: 30, 2: 36, 3: 22}[level] if keep is None else keep
        lines = self.wrap(glyphs.printable(text).replace("\n", " "), self.content_width, size, style)
        height = len(lines) * size * PT * 1.3
        self.gap(before)
        self.ensure(height + keep)
        self.lines(lines, size=size, style=style, leading=1.3)
        if level == 1:
            self.set_draw_color(*self.accent)
            self.set_line_width(0.35)
            self.line(MARGIN, self.y + 0.6, self.w - MARGIN, self.y + 0.6)
            self.set_y(self.y + 1.5)
        self.gap(after)

    def bullets(self, items: list[str], *, size: float = 10, marker: str = "•", numbered: bool = False,
                notes: list[str] | None = None):
        """A list with a hanging indent; `notes` (one per item, may be "") print muted under each item."""
        indent = 7.0
        width = self.content_width - indent
        height = size * PT * 1.45
        for i, item in enumerate(items):
            lines = self.wrap(glyphs.printable(item), width, size) or [""]
            note = glyphs.printable(notes[i]) if notes and notes[i] else ""
            note_lines = self.wrap(note, width, size - 1, "muted") if note else []
            self.ensure(height * min(len(lines) + len(note_lines), 3))
            self.draw_text(MARGIN, self.y, f"{i + 1}." if numbered else marker, size=size,
                           style="muted", height=height)
            self.lines(lines, x=MARGIN + indent, size=size)
            if note_lines:
                self.lines(note_lines, x=MARGIN + indent, size=size - 1, style="muted")
            self.gap(0.8)

    def short_list(self, items: list[str], *, size: float = 9, columns: int = 3):
        """Short entries (text poll answers) in `columns` columns, row by row; else a plain bullet list."""
        texts = [glyphs.printable(item).replace("\n", " ") for item in items]
        column_w = self.content_width / columns
        if any(self.text_width(text, size) > column_w - 7 for text in texts):
            self.bullets(texts, size=size)
            return
        height = size * PT * 1.45
        for start in range(0, len(texts), columns):
            self.ensure(height)
            for i, text in enumerate(texts[start:start + columns]):
                x = MARGIN + i * column_w
                self.draw_text(x, self.y, "•", size=size, style="muted", height=height)
                self.draw_text(x + 4.5, self.y, text, size=size, height=height)
            self.set_xy(MARGIN, self.y + height)
        self.gap(1.5)

    def table(self, columns: list[Column], rows: list[list], *, header: bool = True, size: float = 9,
              label_style: str | None = None):
        """Rows of cells under a header row; a cell is a string or a list of (text, style) spans.

        A row moves whole to the next page when it fits there; a row taller than a
        page is split across pages. The header row repeats on every page."""
        pad_x, pad_y = 1.6, 1.2
        line_h = size * PT * 1.4
        header_h = line_h + 2 * pad_y
        if header and rows:
            self.ensure(header_h + line_h * 2 + 2 * pad_y)
            self._table_header(columns, size, pad_x, pad_y, line_h)
        for row in rows:
            cells = [self._cell_lines(cell, col.width - 2 * pad_x, size, label_style if i == 0 else None)
                     for i, (col, cell) in enumerate(zip(columns, row))]
            count = max((len(c) for c in cells), default=1) or 1
            full = count * line_h + 2 * pad_y
            room_on_new_page = self.limit - TOP - (header_h if header else 0)
            if full > self.space_left() and (full <= room_on_new_page or self.space_left() < 3 * line_h + 2 * pad_y):
                self.new_page()
                if header:
                    self._table_header(columns, size, pad_x, pad_y, line_h)
            start = 0
            while start < count:
                fits = max(1, int((self.space_left() - 2 * pad_y) // line_h))
                part = min(fits, count - start)
                self._table_row(columns, cells, start, part, size, pad_x, pad_y, line_h)
                start += part
                if start < count:
                    self.new_page()
                    if header:
                        self._table_header(columns, size, pad_x, pad_y, line_h)
        self.gap(2)

    def _cell_lines(self, cell, width: float, size: float, forced_style: str | None) -> list[tuple[str, str]]:
        spans = [(cell, forced_style or "body")] if isinstance(cell, str) or cell is None else cell
        out = []
        for text, style in spans:
            text = glyphs.printable(text).strip("\n")
            if text:
                out.extend((line, style) for line in self.wrap(text, width, size, style))
        return out

    def _table_header(self, columns, size, pad_x, pad_y, line_h):
        height = line_h + 2 * pad_y
        self.set_fill_color(*HEADER_FILL)
        self.rect(MARGIN, self.y, sum(c.width for c in columns), height, style="F")
        x, top = MARGIN, self.y
        for col in columns:
            title = self.fit(glyphs.printable(col.title), col.width - 2 * pad_x, size - 0.5, "bold")
            self.draw_text(x + pad_x, top + pad_y, title, size=size - 0.5, style="bold", height=line_h,
                           width=col.width - 2 * pad_x, align=col.align, color=MUTED)
            x += col.width
        self.set_xy(MARGIN, top + height)

    def _table_row(self, columns, cells, start, count, size, pad_x, pad_y, line_h):
        top = self.y + pad_y
        x = MARGIN
        for col, lines in zip(columns, cells):
            for n, (line, style) in enumerate(lines[start:start + count]):
                self.draw_text(x + pad_x, top + n * line_h, line, size=size, style=style, height=line_h,
                               width=col.width - 2 * pad_x, align=col.align)
            x += col.width
        bottom = top + count * line_h + pad_y
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, bottom, MARGIN + sum(c.width for c in columns), bottom)
        self.set_xy(MARGIN, bottom)
