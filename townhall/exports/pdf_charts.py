"""The minutes' charts drawn as PDF vector graphics: rectangles, lines and real text.

Poll bars follow docs/minutes.md: one horizontal bar per entry, length
value / max(value), the label left, the text right. The activity chart shows
questions asked and votes cast per time bucket as two small bar panels over
one time axis.
"""
import math

from flask_babel import gettext as _

from . import fmt, glyphs
from .pdf_layout import MARGIN, MUTED, PT, RULE, MinutesPDF

TRACK = (232, 236, 240)
VOTES = (204, 120, 40)


def _time(iso):
    try:
        return fmt.parse_local(iso)
    except (TypeError, ValueError):
        return None


def bars(pdf: MinutesPDF, entries: list[dict], *, size: float = 8.5):
    """A horizontal bar chart of the contract's `bars`."""
    if not entries:
        return
    line_h = size * PT * 1.3
    labels = [glyphs.printable(e.get("label", "")).replace("\n", " ") for e in entries]
    texts = [glyphs.printable(e.get("text", "")).replace("\n", " ") for e in entries]
    values = [fmt.bar_value(e.get("value")) for e in entries]
    width = pdf.content_width
    label_w = min(max(max(pdf.text_width(t, size) for t in labels) + 3, 18), width * 0.38)
    text_w = min(max(max(pdf.text_width(t, size) for t in texts) + 3, 10), width * 0.3)
    bar_w = width - label_w - text_w - 2
    top_value = max(values) or 1.0

    rows = []
    for label, text in zip(labels, texts):
        lines = pdf.wrap(label, label_w - 3, size)[:3] or [""]
        if len(lines) == 3 and pdf.text_width(label, size) > 3 * (label_w - 3):
            lines[2] = pdf.fit(lines[2] + " …", label_w - 3, size)
        rows.append((lines, pdf.fit(text, text_w - 1, size), max(6.0, len(lines) * line_h + 1.6)))
    total = sum(height for _, _, height in rows)
    if total < 120:
        pdf.ensure(total + 2)
    for (lines, text, height), value in zip(rows, values):
        pdf.ensure(height)
        y = pdf.y
        first = y + (height - len(lines) * line_h) / 2
        for n, line in enumerate(lines):
            pdf.draw_text(MARGIN, first + n * line_h, line, size=size, height=line_h,
                          width=label_w - 3, align="R")
        thickness = 4.0
        bar_y = y + (height - thickness) / 2
        x = MARGIN + label_w
        pdf.set_fill_color(*TRACK)
        pdf.rect(x, bar_y, bar_w, thickness, style="F")
        length = bar_w * value / top_value
        if length > 0:
            pdf.set_fill_color(*pdf.accent)
            pdf.rect(x, bar_y, max(length, 0.4), thickness, style="F")
        pdf.draw_text(x + bar_w + 2, y + (height - line_h) / 2, text, size=size, height=line_h)
        pdf.set_xy(MARGIN, y + height)
    pdf.gap(2)


def _ticks(times: list, minutes: int, wanted: int = 7) -> list[int]:
    """Buckets to label: on round times (every 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours) if known."""
    count = len(times)
    span = count * minutes
    step = next((s for s in (5, 10, 15, 30, 60, 120, 180, 360, 720, 1440) if span / s <= wanted), 1440)
    step = max(step, minutes)
    marks = [i for i, at in enumerate(times) if at is not None and (at.hour * 60 + at.minute) % step == 0]
    if not marks:  # no bucket on a round time (odd bucket sizes): evenly spaced
        marks = list(range(0, count, max(1, math.ceil(count / wanted))))
    return marks


def _panel(pdf: MinutesPDF, x: float, y: float, width: float, height: float, values: list[int],
           color, title: str):
    top = max(values) or 1
    axis_w = 10.0
    plot_x, plot_w = x + axis_w, width - axis_w
    pdf.draw_text(plot_x, y, title, size=8, style="bold", height=4)
    plot_y, plot_h = y + 5, height - 5
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.15)
    for fraction in (0.0, 0.5, 1.0):
        line_y = plot_y + plot_h * (1 - fraction)
        pdf.line(plot_x, line_y, plot_x + plot_w, line_y)
    label = str(top)
    pdf.draw_text(x, plot_y - 1.6, label, size=7, style="muted", width=axis_w - 1.5, align="R", height=3.2)
    pdf.draw_text(x, plot_y + plot_h - 1.6, "0", size=7, style="muted", width=axis_w - 1.5, align="R", height=3.2)
    slot = plot_w / len(values)
    bar = max(slot * 0.75, 0.2)
    pdf.set_fill_color(*color)
    for i, value in enumerate(values):
        if value > 0:
            bar_h = plot_h * value / top
            pdf.rect(plot_x + i * slot + (slot - bar) / 2, plot_y + plot_h - bar_h, bar, bar_h, style="F")
    return plot_x, plot_w


def activity(pdf: MinutesPDF, data: dict | None):
    """Questions and votes per bucket, two panels sharing a time axis labelled in UTC."""
    buckets = (data or {}).get("buckets") or []
    if not buckets:
        pdf.paragraph(_("No questions or votes were recorded during the meeting."), style="muted")
        return
    minutes = (data or {}).get("bucket_minutes") or 1
    questions = [int(fmt.bar_value(b.get("questions"))) for b in buckets]
    votes = [int(fmt.bar_value(b.get("votes"))) for b in buckets]
    asked, cast = fmt.activity_titles(minutes)
    panel_h = 27.0
    needed = 2 * panel_h + 16
    pdf.ensure(needed)
    y = pdf.y
    plot_x, plot_w = _panel(pdf, MARGIN, y, pdf.content_width, panel_h, questions, pdf.accent, asked)
    _panel(pdf, MARGIN, y + panel_h + 4, pdf.content_width, panel_h, votes, VOTES, cast)
    axis_y = y + 2 * panel_h + 4
    slot = plot_w / len(buckets)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.15)
    times = [_time(b.get("at")) for b in buckets]
    for i in _ticks(times, minutes):
        tick_x = plot_x + i * slot
        pdf.line(tick_x, axis_y, tick_x, axis_y + 1.2)
        label = f"{times[i]:%H:%M}" if times[i] else ""
        pdf.draw_text(tick_x - 10, axis_y + 1.5, label, size=7, style="muted", width=20, align="C", height=3.2)
    pdf.set_xy(MARGIN, axis_y + 5.5)
    pdf.draw_text(MARGIN, pdf.y, fmt.zone_note(), size=7, style="muted", width=pdf.content_width, align="R",
                  height=3.2)
    pdf.set_xy(MARGIN, pdf.y + 5)
