"""Text inside the minutes' SVG charts, which never wraps by itself: widths are
estimated in units (a Latin character 1, a CJK character or emoji 2)."""

WIDE_FROM = "\u2e80"  # CJK radicals onwards: drawn about twice as wide as Latin


def units(text) -> int:
    return sum(2 if ch >= WIDE_FROM else 1 for ch in str(text))


def wrap(label, width: int, max_lines: int = 2) -> list[str]:
    """`label` as at most `max_lines` lines of at most `width` units, broken at spaces where
    possible (a longer word, e.g. CJK text without spaces, anywhere); "…" ends a cut line."""
    lines, line, used = [], "", 0
    for word in str(label).split():
        size = units(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
        elif size <= width:
            if line:
                lines.append(line)
            line, used = word, size
        else:
            if line:
                lines.append(line)
                line, used = "", 0
            for ch in word:
                wide = units(ch)
                if used + wide > width:
                    lines.append(line)
                    line, used = "", 0
                line, used = line + ch, used + wide
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines - 1] + [(last[:-1] if len(last) > 1 else last) + "…"]
    return lines
