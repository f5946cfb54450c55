"""Published minutes read on a phone (390x844): each speaker stands under the agenda item on the floor when
they were called, not the one when they asked, and every length of time reads the same way ("47 s",
"1 min 35 s"; never "47s")."""
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from townhall.models import utcnow
from townhall.services import agenda, minutes, speakers

pytestmark = pytest.mark.browser


def test_a_speaker_stands_under_the_item_where_they_spoke(people, seed, monkeypatch):
    owner = seed.organizer()
    code = seed.event(owner.id)
    mei, wim = seed.attendee(code, "Mei"), seed.attendee(code, "Wim")
    clock = SimpleNamespace(now=utcnow())
    monkeypatch.setattr(speakers, "utcnow", lambda: clock.now)
    with seed.app.app_context():
        welcome, buses = (agenda.add_item(code=code, user_id=owner.id, title=title)["item_id"]
                          for title in ("Welcome", "Bus routes"))
        agenda.run(code=code, user_id=owner.id, action="start_item", item_id=welcome)
        for (attendee_id, token), topic in ((mei, "The library"), (wim, "Night buses")):  # both ask now
            speakers.request_floor(code=code, attendee_id=attendee_id, token=token, topic=topic)

        def speak(seconds):
            speakers.moderate(code=code, user_id=owner.id, action="next")
            speakers.moderate(code=code, user_id=owner.id, action="start")
            clock.now += timedelta(seconds=seconds)
            speakers.moderate(code=code, user_id=owner.id, action="finish")

        speak(47)  # Mei, during the welcome
        agenda.run(code=code, user_id=owner.id, action="start_item", item_id=buses)
        speak(95)  # Wim, who asked during the welcome, speaks on the bus routes
        minutes.save_draft(code=code, user_id=owner.id, base_revision=0, summary="Two people spoke.")
        draft = minutes.state(code=code, user_id=owner.id)["draft"]
        minutes.finalize(code=code, user_id=owner.id, base_revision=draft["revision"])
        minutes.publish(code=code, user_id=owner.id, version=draft["version"])

    phone = people.phone()
    phone.goto(f"/e/{code}/minutes")
    sections = phone.locator("section.minutes-item")
    first = sections.filter(has=phone.get_by_role("heading", name="Welcome", exact=False))
    second = sections.filter(has=phone.get_by_role("heading", name="Bus routes", exact=False))
    expect(first.get_by_role("row", name=re.compile("Mei"))).to_contain_text("47 s")
    expect(second.get_by_role("row", name=re.compile("Wim"))).to_contain_text("1 min 35 s")
    expect(first.get_by_text("Wim")).to_have_count(0)
    text = phone.locator("main").inner_text()
    assert not re.search(r"\b\d+(s|min|h)\b", text), re.findall(r".{20}\b\d+(?:s|min|h)\b", text)
