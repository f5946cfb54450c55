"""The organizer pages as a browser gets them: one layout (header, title, stylesheet, scripts), every script
module they load is there, and every label and error element of their forms is wired to its control."""
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import static_modules as modules
from records_helpers import give_role

STATIC = Path(__file__).resolve().parents[1] / "static"
EVENT_PAGES = {  # path under /dashboard/e/<code>, the <title>'s first part, the page's script
    "": ("{title} · Dashboard", "dashboard.js"),
    "/agenda": ("Agenda · {title}", "agenda.js"),
    "/notes": ("Notes · {title}", "notes.js"),
    "/team": ("Team · {title}", "team.js"),
    "/polls": ("Polls · {title}", "polls_admin.js"),
    "/minutes": ("Minutes · {title}", "minutes.js"),
    "/settings": ("Settings · {title}", "settings.js"),
}


class Page(HTMLParser):
    """The parts of a page these tests read: title, elements with their attributes, and the form each is in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs, index of the enclosing form or None)
        self.forms = 0
        self.form = None
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.form = self.forms
            self.forms += 1
        self.elements.append((tag, dict(attrs), self.form))
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data

    def find(self, tag=None, **attrs):
        return [a for t, a, _ in self.elements if (tag is None or t == tag)
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def parse(response) -> Page:
    assert response.status_code == 200, response.status_code
    page = Page()
    page.feed(response.get_data(as_text=True))
    return page


@pytest.fixture
def presenter(app, organizer, event, make_organizer, login_client):
    make_organizer(email="pia@example.com", name="Pia Presenter")
    give_role(app, event, organizer.id, "pia@example.com", "presenter")
    return login_client("pia@example.com")


@pytest.mark.parametrize("suffix", EVENT_PAGES)
def test_event_pages_share_the_organizer_layout(moderator, event, suffix):
    title, script = EVENT_PAGES[suffix]
    page = parse(moderator.get(f"/dashboard/e/{event}{suffix}"))
    assert page.title == f"{title.format(title='Town hall on the river park')} · Townhall"
    assert page.find("header", data_testid="org-nav"), "the organizer header"
    assert page.find("span", data_testid="user-name")
    body = page.find("body")[0]
    assert body["class"].split()[0] == "org"
    assert [unversioned(s["src"]) for s in page.find("script", type="module")] == [f"/static/js/{script}"]
    for sheet in page.find("link", rel="stylesheet"):
        assert (STATIC / unversioned(sheet["href"]).removeprefix("/static/")).is_file(), sheet["href"]


def unversioned(url: str) -> str:
    """A static URL without its ?v=<content hash>."""
    return url.partition("?")[0]


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/tokens"])
def test_event_list_and_tokens_share_the_organizer_layout(moderator, path):
    page = parse(moderator.get(path))
    assert page.find("header", data_testid="org-nav")
    assert page.title in ("Events · Townhall", "API tokens · Townhall")


@pytest.mark.parametrize("script", sorted({s for _, s in EVENT_PAGES.values()} | {"events.js", "tokens.js"}))
def test_every_module_an_organizer_page_loads_exists(script):
    loaded = modules(script)  # fails on an import of a file that is not there
    assert script in loaded


def test_split_pages_load_their_parts():
    """The dashboard loads one module per panel; the other long pages their parts (none over ~400 lines)."""
    assert modules("dashboard.js") >= {
        "dashboard/context.js", "dashboard/run_of_show.js", "dashboard/speakers.js", "dashboard/questions.js",
        "dashboard/question_card.js", "dashboard/question_actions.js", "dashboard/question_rules.js"}
    for entry in ("dashboard.js", "agenda.js", "notes.js", "polls_admin.js", "minutes.js"):
        for name in modules(entry) - {"live.js", "polls.js"}:  # reworked on the attendee side
            lines = (STATIC / "js" / name).read_text().count("\n")
            assert lines <= 400, f"static/js/{name} has {lines} lines"


@pytest.mark.parametrize("who", ["owner", "presenter"])
@pytest.mark.parametrize("suffix", [*EVENT_PAGES, "LIST", "TOKENS"])
def test_labels_and_error_elements_point_at_their_controls(moderator, presenter, event, who, suffix):
    """A label focuses its control; a control's description and a form's field errors exist, so a server error
    shows next to the field it is about."""
    client = moderator if who == "owner" else presenter
    path = {"LIST": "/dashboard/", "TOKENS": "/dashboard/tokens"}.get(suffix, f"/dashboard/e/{event}{suffix}")
    response = client.get(path)
    if response.status_code == 403:  # settings: the owner's
        return
    page = parse(response)
    ids = [a["id"] for _, a, _ in page.elements if "id" in a]
    assert len(ids) == len(set(ids)), "ids are unique"
    for label in page.find("label"):
        if "for" in label:
            assert label["for"] in ids, f"<label for={label['for']}> on {path}"
    for _, attrs, _ in page.elements:
        for described in (attrs.get("aria-describedby") or "").split():
            assert described in ids, f"aria-describedby={described} on {path}"
    for _tag, attrs, form in page.elements:
        if "field-error" in (attrs.get("class") or "").split() and "data-error-for" in attrs:
            assert form is not None, f"field error {attrs['data-error-for']} outside a form on {path}"
