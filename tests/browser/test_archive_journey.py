"""The organizer downloads an event's archive from its settings, imports it on the event list to
restore the meeting (a truncated file is refused at the file field first), and reuses an event as a
template from its settings; each import opens the new event's dashboard."""
import json
import re

import pytest
from playwright.sync_api import expect

from .helpers import login

pytestmark = pytest.mark.browser

TITLE = "Town hall on the river park"
QUESTION = "When will the park open? 公园什么时候开放？"


def test_download_import_and_reuse_as_template(people, seed, tmp_path, shoot):
    owner = seed.organizer()
    code = seed.event(owner.id, title=TITLE)
    seed.question(code, QUESTION)

    laptop = people.laptop("olga")
    login(laptop, owner.email, owner.password)
    laptop.goto(f"/dashboard/e/{code}/settings")
    with laptop.expect_download() as download_info:
        laptop.get_by_test_id("archive-download").click()
    download = download_info.value
    assert download.suggested_filename == f"townhall-{code}-archive.json"
    archive = tmp_path / download.suggested_filename
    download.save_as(archive)
    assert json.loads(archive.read_text(encoding="utf-8"))["event"]["title"] == TITLE

    # A truncated file is refused where it was picked; nothing is created.
    broken = tmp_path / "broken.json"
    broken.write_text(archive.read_text(encoding="utf-8")[:200], encoding="utf-8")
    laptop.goto("/dashboard/")
    form = laptop.get_by_test_id("import-event-form")
    form.get_by_test_id("import-file").set_input_files(str(broken))
    form.get_by_test_id("import-submit").click()
    expect(laptop.get_by_test_id("import-file-error")).to_be_visible()
    shoot(laptop, "import-error")
    assert laptop.url.endswith("/dashboard/")

    # Restore: a new event, closed, with the question; its dashboard opens.
    form.get_by_test_id("import-file").set_input_files(str(archive))
    form.get_by_test_id("import-mode-restore").check()
    form.get_by_test_id("import-submit").click()
    laptop.wait_for_url(re.compile(r"/dashboard/e/(?!" + code + r")\w+$"))
    restored = laptop.url.rsplit("/", 1)[-1]
    expect(laptop.get_by_text(QUESTION)).to_be_visible()

    # Reuse as template from the original's settings: a new open event with the plan only.
    laptop.goto(f"/dashboard/e/{code}/settings")
    laptop.get_by_test_id("reuse-template").click()
    laptop.wait_for_url(re.compile(r"/dashboard/e/(?!" + code + "|" + restored + r")\w+$"))
    expect(laptop.get_by_text(f"{TITLE} (copy)").first).to_be_visible()
    expect(laptop.get_by_text(QUESTION)).to_have_count(0)
