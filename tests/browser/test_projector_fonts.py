"""The projector draws Chinese in the shipped Noto Sans SC (static/vendor/noto-sans-sc), regular and bold,
fetching only the slices of the characters on screen: the room reads the same face whatever computer
runs the screen, with no font installed and no internet."""
import pytest

from .helpers import wait_live

pytestmark = pytest.mark.browser

QUESTION = "河滨公园什么时候重新开放？"


def test_the_projector_draws_chinese_in_the_shipped_face(people, seed, shoot):
    organizer = seed.organizer()
    code = seed.event(organizer.id, title="河滨公园市民大会")
    seed.question(code, QUESTION)
    fonts = []
    projector = people.projector()
    projector.on("response", lambda r: fonts.append((r.url, r.status)) if "/vendor/noto-sans-sc/" in r.url else None)
    projector.goto(f"/e/{code}/projector")
    wait_live(projector)
    projector.evaluate("document.fonts.ready")
    loaded = projector.evaluate("""() => [...document.fonts].filter(f => f.family.includes('Noto Sans SC')
        && f.status === 'loaded').map(f => f.weight)""")
    assert "700" in loaded, loaded  # the title and the question, bold on the projector
    slices = [url for url, _status in fonts if url.endswith(".woff2")]
    assert slices and all(status in (200, 304) for _url, status in fonts)
    assert len(slices) < 40, "only the slices of the characters shown, not the whole face (194 files)"
    shoot(projector, "projector-chinese")
