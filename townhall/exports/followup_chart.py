"""The open-vs-answered chart of follow-ups as SVG geometry (plain data in, plain data out): the tracker page
draws it inline (templates/public/_tracker_chart.html); the numbers come from services/tracker_chart.series.

The drawing scales with its box (viewBox); its text alternative is the list of days on which a count changed
(`changes`), which says everything the lines do."""
from datetime import date

from . import fmt

W, H = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 34, 14, 14, 32


def _top(largest: int) -> int:
    """The y axis' top: the largest count rounded up to an even number (so its half is a whole number)."""
    return max(2, largest + largest % 2)


def _label(iso: str) -> str:
    return fmt.day_month_text(date.fromisoformat(iso))


def geometry(chart: dict) -> dict | None:
    """{width, height, open, answered (polyline points), grid [(y, label)], ticks [(x, label, anchor)], plot
    box, changes [{date, label, open, answered}]}; None when there is nothing to draw."""
    days = chart.get("days") or []
    if not days:
        return None
    top = _top(chart.get("max") or 0)
    width, height = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = width / max(1, len(days) - 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(count: int) -> float:
        return round(TOP + height - count / top * height, 1)

    def line(key: str) -> str:
        if len(days) == 1:  # one day: a short level line
            return f"{LEFT},{y(days[0][key])} {LEFT + width},{y(days[0][key])}"
        return " ".join(f"{x(i)},{y(day[key])}" for i, day in enumerate(days))

    picks = sorted({0, len(days) // 2, len(days) - 1}) if len(days) > 2 else sorted({0, len(days) - 1})
    anchors = {0: "start", len(days) - 1: "end"}
    ticks = [(x(i) if len(days) > 1 else LEFT, _label(days[i]["date"]), anchors.get(i, "middle")) for i in picks]
    changes, before = [], None
    for day in days:
        now = (day["open"], day["answered"])
        if now != before:
            changes.append({**day, "label": _label(day["date"])})
        before = now
    last = days[-1]
    return {"width": W, "height": H, "left": LEFT, "right": W - RIGHT, "top": TOP, "bottom": TOP + height,
            "open": line("open"), "answered": line("answered"),
            "open_end": (x(len(days) - 1) if len(days) > 1 else LEFT + width, y(last["open"])),
            "answered_end": (x(len(days) - 1) if len(days) > 1 else LEFT + width, y(last["answered"])),
            "grid": [(y(value), str(value)) for value in (0, top // 2, top)], "ticks": ticks,
            "changes": changes, "first": _label(days[0]["date"]), "last": _label(last["date"]),
            "now_open": last["open"], "now_answered": last["answered"]}
