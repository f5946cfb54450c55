"""A page's layout at a given size (a laptop at 200 % zoom is 683x384 CSS px): nothing wider than the screen,
no word broken over two lines, a control on screen and uncovered once scrolled to."""


def no_sideways_scroll(page, name):
    wide = page.evaluate("""() => { const root = document.documentElement;
        return { scroll: root.scrollWidth, client: root.clientWidth,
                 wider: [...document.querySelectorAll("body *")].filter(el => el.getClientRects().length
                     && el.getBoundingClientRect().right > root.clientWidth + 1).slice(0, 8)
                     .map(el => (el.dataset.testid || el.tagName.toLowerCase() + "." + el.className)
                          + " " + Math.round(el.getBoundingClientRect().right)) }; }""")
    assert wide["scroll"] <= wide["client"] + 1, f"{name} scrolls sideways: {wide}"


def broken_words(page, selector) -> list[str]:
    """The words under `selector` that the layout splits over two lines or more ("Lo / g / ou / t")."""
    return page.evaluate("""(selector) => {
        const broken = [];
        for (const root of document.querySelectorAll(selector)) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/\\S+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
              if (tops.size > 1) broken.push(m[0]);
            }
          }
        }
        return broken; }""", selector)


def reachable(page, locator, name):
    """Scrolled to the middle of the screen, and to its top (as a page scrolled down shows it), the control is
    on screen and nothing covers its middle."""
    size = page.viewport_size
    for where in ("center", "start"):
        locator.evaluate("(el, where) => el.scrollIntoView({ block: where })", where)
        box = locator.bounding_box()
        assert box and box["width"] > 0, f"{name}: not shown"
        assert box["x"] >= -1 and box["x"] + box["width"] <= size["width"] + 1, f"{name} off screen sideways: {box}"
        assert box["y"] >= -1 and box["y"] + box["height"] <= size["height"] + 1, f"{name} off screen: {box}"
        on_top = locator.evaluate("""el => { const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            if (hit === el || el.contains(hit)) return "";
            return hit.dataset.testid || hit.tagName + "." + hit.className; }""")
        assert not on_top, f"{name} is covered by {on_top} (scrolled to its {where})"
