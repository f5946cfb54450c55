"""A phone loads every script, stylesheet and imported module by its versioned URL (the ones cached for
a year): the import map works in the browser, so no module is fetched by its plain URL."""
import pytest

from .helpers import join

pytestmark = pytest.mark.browser


def test_a_phone_loads_every_static_file_by_its_versioned_url(people, seed):
    organizer = seed.organizer()
    code = seed.event(organizer.id)
    phone = people.phone()
    requested = []
    phone.on("request", lambda request: requested.append(request.url.split("/", 3)[3]))
    join(phone, code, name="Vera")

    static = [url for url in requested if url.startswith("static/")]
    modules = {url.split("?")[0] for url in static if url.endswith(".js") or ".js?" in url}
    assert {"static/js/attendee.js", "static/js/live.js", "static/js/pollvote.js", "static/js/timers.js"} <= modules
    assert all("?v=" in url for url in static), [url for url in static if "?v=" not in url]
