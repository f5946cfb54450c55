"""axe-core (tests/browser/vendor/axe-core) run in a real page against the WCAG 2.2 A and AA rules.

axe runs inside the page: its file is evaluated with page.evaluate, which the pages' Content-Security-Policy
(no inline script, no eval in the page) does not govern, so the pages are checked with their real policy.
`assert_no_serious` fails on a serious or critical violation and prints every violation, moderate ones
included, with the elements it found (pytest -s shows them for passing pages too)."""
from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe(page) -> list[dict]:
    """The page's violations of the WCAG A and AA rules: [{id, impact, help, nodes: [target, ...]}]."""
    page.evaluate(AXE)
    result = page.evaluate("""async (tags) => {
        // What is fading or sliding in is checked as it comes to rest, not half-way (endless ones are left).
        const settling = document.getAnimations().filter(a => a.effect
            && a.effect.getComputedTiming().endTime !== Infinity && a.playState === "running");
        await Promise.all(settling.map(a => a.finished.catch(() => null)));
        const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"],
            rules: { "label-content-name-mismatch": { enabled: true } } });
        return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 6).map(n => n.target.join(" ") + " :: " + n.failureSummary) }));
    }""", TAGS)
    return result


def assert_no_serious(page, name):
    found = axe(page)
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    listing = "\n".join(f"- [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)
    print(f"axe {name}: {len(found)} violations\n{listing}")
    assert not serious, f"{name}: {len(serious)} serious or critical violations\n{listing}"
