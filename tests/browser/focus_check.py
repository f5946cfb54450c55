"""Where the keyboard's focus is, and whether people see it: `focus_shown` notes how the focused control looks,
`unshown_focus` compares that with how it looks without the focus (a ring of 2 px or more, of 3:1 against what is
behind it: WCAG 2.4.7, 1.4.11), `hidden_focus` tabs round a page and lists the focused controls that something
else covers (WCAG 2.4.11)."""

# How a control looks: its outline, its box-shadow, the colour of its ring (the outline's, else the shadow's) and
# of what is behind the ring (the first ancestor with a background of its own).
LOOK = """(el) => { const s = getComputedStyle(el);
    let behind = "rgb(255, 255, 255)";
    for (let up = el.parentElement; up; up = up.parentElement) {
      const bg = getComputedStyle(up).backgroundColor, alpha = bg.match(/rgba\\(.*,\\s*([\\d.]+)\\)/);
      if (!alpha || parseFloat(alpha[1]) >= 0.5) { behind = bg; break; }
    }
    const shadowColour = (s.boxShadow.match(/rgba?\\([^)]*\\)/) || [""])[0];
    return { outline: s.outlineStyle === "none" ? "none" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
             width: s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth), shadow: s.boxShadow,
             ring: s.outlineStyle === "none" ? shadowColour : s.outlineColor, behind,
             name: el.dataset.testid || `${el.tagName.toLowerCase()}.${el.className}` }; }"""


def luminance(colour: str) -> float:
    def channel(value):
        value = int(float(value)) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(part) for part in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
ACTIVE = "() => document.activeElement"


def focus_shown(page, seen):
    """Remember how the focused element looks now, to compare with how it looks without the focus."""
    handle = page.evaluate_handle(ACTIVE)
    if not handle.evaluate("el => el === document.body"):  # (past the last control: the browser's own)
        seen.append((handle, handle.evaluate(LOOK)))


def unshown_focus(page, seen) -> list[str]:
    """The controls in `seen` whose look with the focus is no different from their look without it, whose
    outline is too thin to see, or whose ring has less than 3:1 against what is behind it (WCAG 1.4.11)."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    failing = []
    for handle, focused in seen:
        if not handle.evaluate("el => el.isConnected && el.getClientRects().length > 0"):
            continue
        plain = handle.evaluate(LOOK)
        outlined = focused["outline"] != "none" and focused["width"] >= 2 and focused["outline"] != plain["outline"]
        ringed = focused["shadow"] != plain["shadow"] and focused["shadow"] != "none"
        if not (outlined or ringed):
            failing.append(f"{focused['name']}: focused {focused}, plain {plain}")
        elif contrast(focused["ring"], focused["behind"]) < 3:
            failing.append(f"{focused['name']}: its ring {focused['ring']} on {focused['behind']} has "
                           f"{contrast(focused['ring'], focused['behind']):.1f}:1")
    return failing


HIDDEN_FOCUS = """() => { const el = document.activeElement; const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (el === document.body || hit === el || el.contains(hit)) return "";
    const name = (node) => node ? node.dataset.testid || node.getAttribute("class") : "nothing";
    return `${name(el)} under ${name(hit)}`; }"""


def hidden_focus(page, presses=45, seen=None) -> list[str]:
    """Tab round the page from its top: the focused controls whose middle something else covers. With a list
    `seen`, how each focused control looked is noted there too (for `unshown_focus`)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    hidden = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        hidden.append(page.evaluate(HIDDEN_FOCUS))
        if seen is not None:
            focus_shown(page, seen)
    return sorted({found for found in hidden if found})
