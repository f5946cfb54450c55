"""Colours of an event's branding (services/branding.py checks them on save): WCAG contrast, and the
palette and stylesheet the pages, the projector and the minutes derive from a checked accent."""
import functools

MIN_CONTRAST = 4.5
WHITE = (255, 255, 255)
DARK_BACKGROUNDS = ((0x1d, 0x25, 0x30), (0x1b, 0x26, 0x37))  # the phone's dark surface, the projector's panel


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(round(c) for c in rgb))


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two colours (rgb tuples or "#rrggbb")."""
    la, lb = (_luminance(_rgb(c) if isinstance(c, str) else c) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _mix(rgb, other, share: float):
    return tuple(c + (o - c) * share for c, o in zip(rgb, other))


def palette(accent: str) -> dict[str, str]:
    """The shades the pages use, derived from a checked accent: primary and hover (text and buttons on
    white), soft (pale backgrounds under hover-coloured text) and light (text on dark backgrounds)."""
    rgb = _rgb(accent)
    hover = _mix(rgb, (0, 0, 0), 0.18)
    soft = _mix(rgb, WHITE, 0.9)
    share = 0.9
    while contrast(hover, soft) < MIN_CONTRAST and share < 0.99:  # a paler soft until hover reads on it
        share += 0.02
        soft = _mix(rgb, WHITE, share)
    light = rgb
    step = 0.0
    while min(contrast(light, bg) for bg in DARK_BACKGROUNDS) < MIN_CONTRAST and step < 1:
        step += 0.05
        light = _mix(rgb, WHITE, step)
    return {"primary": accent, "hover": _hex(hover), "soft": _hex(soft), "light": _hex(light)}


@functools.lru_cache(maxsize=256)  # every page of a branded event writes it: a join storm's page requests
def style(accent: str | None) -> str:
    """The stylesheet that dresses a page in the accent ("" without one): the app's custom properties."""
    if not accent:
        return ""
    shades = palette(accent)
    return (f":root{{--primary:{shades['primary']};--primary-hover:{shades['hover']};"
            f"--primary-soft:{shades['soft']};--m-accent:{shades['primary']};--m-accent-soft:{shades['soft']};"
            f"--p-accent:{shades['light']}}}"
            f"@media (prefers-color-scheme:dark){{html.follows-dark{{--primary:{shades['light']};"
            f"--primary-hover:{shades['light']}}}}}")
