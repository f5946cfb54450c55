"""The minutes over HTTP: workflow, JSON errors that change nothing, roles, downloads of every format
(opened with real readers), the attendees' published page and its downloads, the room's message."""
import csv
import io
import json
import re

import pytest
from helpers import api, assert_error, question_row
from readers import docx_text, pdf_text
from records_helpers import give_role, make_item

from townhall.extensions import db
from townhall.models import Minutes

SUMMARY = "The pool budget was adopted <by a large margin> & the 河滨公园 plan goes ahead."
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@pytest.fixture
def item(app, event):
    return make_item(app, event, "Budget 2027")


@pytest.fixture
def member(app, make_organizer, organizer, event, login_client):
    """member(role) -> a client logged in as a fresh account with that role on ``event``."""
    made = []

    def make(role):
        email = f"{role}{len(made)}@example.com"
        make_organizer(email=email, name=f"Nora {role}")
        give_role(app, event, organizer.id, email, role)
        made.append(email)
        return login_client(email)

    return make


def url(code, path=""):
    return f"/api/events/{code}/minutes{path}"


def stored(app) -> list[tuple]:
    with app.app_context():
        return [(m.version, m.status, m.revision, m.summary, m.chair, m.include_hidden_text, m.item_notes,
                 m.published_at is not None) for m in db.session.query(Minutes).order_by(Minutes.id)]


def save(client, code, base_revision, **fields):
    return api(client, "PUT", url(code, "/draft"), {"base_revision": base_revision, **fields})


def final_version(client, code, summary=SUMMARY) -> dict:
    """Save a draft with this summary and mark it final; returns the state."""
    draft = client.get(url(code)).get_json()["draft"]
    saved = save(client, code, draft["revision"], summary=summary)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    done = api(client, "POST", url(code, "/finalize"), {"base_revision": saved.get_json()["draft"]["revision"]})
    assert done.status_code == 200, done.get_data(as_text=True)
    return done.get_json()


# --- the workflow -------------------------------------------------------------------------------

def test_draft_final_publish_over_http(app, moderator, event, item, client):
    state = moderator.get(url(event))
    assert state.status_code == 200
    assert state.get_json()["draft"] | {"updated_at": None} == {
        "exists": False, "version": 1, "revision": 0, "updated_at": None, "summary": "", "item_notes": {},
        "chair": "", "note_taker": "", "next_steps": "", "include_hidden_text": False}
    saved = save(moderator, event, 0, summary=SUMMARY, chair="Maria Lopez", item_notes={str(item): "Adopted."})
    assert saved.status_code == 200
    assert saved.get_json()["draft"]["revision"] == 1 and saved.get_json()["draft"]["chair"] == "Maria Lopez"
    saved = save(moderator, event, 1, include_hidden_text=True)
    assert saved.get_json()["draft"]["revision"] == 2 and saved.get_json()["draft"]["summary"] == SUMMARY

    finalized = api(moderator, "POST", url(event, "/finalize"), {"base_revision": 2}).get_json()
    assert [(v["version"], v["status"]) for v in finalized["versions"]] == [(1, "final")]
    assert finalized["versions"][0]["finalized_at"].endswith("Z")
    assert client.get(f"/e/{event}/minutes").status_code == 404  # final, not yet published

    published = api(moderator, "POST", url(event, "/publish"), {"version": 1}).get_json()
    assert published["published"] == {**published["published"], "version": 1, "url": f"/e/{event}/minutes"}
    page = client.get(f"/e/{event}/minutes")
    assert page.status_code == 200
    assert "The pool budget was adopted &lt;by a large margin&gt; &amp; the 河滨公园" in page.get_data(as_text=True)

    withdrawn = api(moderator, "DELETE", url(event, "/publish"))
    assert withdrawn.status_code == 200 and withdrawn.get_json()["published"] is None
    assert client.get(f"/e/{event}/minutes").status_code == 404
    assert stored(app) == [(1, "final", 2, SUMMARY, "Maria Lopez", True, {str(item): "Adopted."}, False)]


def test_a_stale_save_is_409_with_the_current_draft(app, moderator, event, member):
    other = member("moderator")
    save(moderator, event, 0, summary="Olga's summary")
    error = assert_error(save(other, event, 0, summary="Nora's summary"), 409, "stale_revision")
    assert error["field"] == "base_revision"
    assert error["current"]["summary"] == "Olga's summary" and error["current"]["revision"] == 1
    assert_error(api(other, "POST", url(event, "/finalize"), {"base_revision": 0}), 409, "stale_revision")
    assert [row[3] for row in stored(app)] == ["Olga's summary"]


BAD = [
    ({"base_revision": 0, "summary": 5}, "invalid_input", "summary"),
    ({"base_revision": 0, "summary": "x" * 10_001}, "too_long", "summary"),
    ({"base_revision": 0, "chair": "x" * 201}, "too_long", "chair"),
    ({"base_revision": 0, "note_taker": ["Sam"]}, "invalid_input", "note_taker"),
    ({"base_revision": 0, "next_steps": 1.5}, "invalid_input", "next_steps"),
    ({"base_revision": 0, "include_hidden_text": "true"}, "invalid_input", "include_hidden_text"),
    ({"base_revision": 0, "item_notes": {"12345": "Not an item here"}}, "item_not_found", "item_notes"),
    ({"base_revision": 0, "item_notes": [1, 2]}, "invalid_input", "item_notes"),
    ({"base_revision": 0, "title": "Not a field"}, "invalid_input", "title"),
    ({"base_revision": 0, "user_id": 1}, "invalid_input", "user_id"),
    ({"summary": "No revision"}, "invalid_input", "base_revision"),
    ({"base_revision": "0", "summary": "x"}, "invalid_input", "base_revision"),
]


@pytest.mark.parametrize("data, code, field", BAD)
def test_bad_drafts_are_400_and_change_nothing(app, moderator, event, item, data, code, field):
    error = assert_error(api(moderator, "PUT", url(event, "/draft"), data), 400, code)
    assert error["field"] == field
    assert stored(app) == []
    save(moderator, event, 0, summary="Kept")
    before = stored(app)
    on_the_draft = {**data, "base_revision": 1} if data.get("base_revision") == 0 else data
    assert_error(api(moderator, "PUT", url(event, "/draft"), on_the_draft), 400, code)
    assert stored(app) == before


def test_malformed_requests_change_nothing(app, moderator, event):
    assert_error(api(moderator, "PUT", url(event, "/draft"), ["summary"]), 400, "invalid_json")
    assert_error(api(moderator, "PUT", url(event, "/draft"), {"base_revision": 0, "summary": "x"}, csrf=False),
                 400, "csrf_failed")
    assert_error(api(moderator, "POST", url(event, "/finalize"), {"base_revision": 0}), 409, "no_draft")
    assert_error(api(moderator, "POST", url(event, "/finalize"), "1"), 400, "invalid_json")
    assert_error(api(moderator, "POST", url(event, "/publish"), {"version": "1"}), 400, "invalid_input")
    assert_error(api(moderator, "POST", url(event, "/publish"), {"version": 3}), 404, "minutes_not_found")
    save(moderator, event, 0, summary="Draft only")
    assert_error(api(moderator, "POST", url(event, "/publish"), {"version": 1}), 409, "not_final")
    assert_error(api(moderator, "POST", url(event, "/publish"), {"version": 1}, csrf=False), 400, "csrf_failed")
    assert_error(api(moderator, "PUT", url("NOPE2345", "/draft"), {"base_revision": 0}), 404, "event_not_found")
    assert_error(moderator.get(url(event, "/export.md?version=x")), 400, "invalid_input")
    assert_error(moderator.get(url(event, "/export.md?version=-1")), 400, "invalid_input")
    assert_error(moderator.get(url(event, "/export.md?version=99999999999")), 400, "invalid_input")
    assert_error(moderator.get(url(event, "/export.md?version=7")), 404, "minutes_not_found")
    assert_error(moderator.get(url(event, "/export.md?inline=maybe")), 400, "invalid_input")
    assert_error(moderator.get(f"/api/events/{event}/export/questions.csv?include_hidden=2"), 400, "invalid_input")
    assert moderator.get(url(event, "/export.txt")).status_code == 404
    assert stored(app) == [(1, "draft", 1, "Draft only", "", False, {}, False)]


def test_every_route_needs_the_right_role(app, event, member, moderator, client):
    final_version(moderator, event)
    reads = [url(event), *(url(event, f"/export.{fmt}") for fmt in FORMATS),
             f"/api/events/{event}/export/questions.csv", f"/api/events/{event}/export/polls.csv"]
    writes = [("PUT", url(event, "/draft"), {"base_revision": 0, "summary": "Mine"}),
              ("POST", url(event, "/finalize"), {"base_revision": 0}),
              ("POST", url(event, "/publish"), {"version": 1}), ("DELETE", url(event, "/publish"), None)]
    presenter = member("presenter")
    for path in reads:
        assert_error(presenter.get(path), 403, "forbidden")
        assert_error(client.get(path), 401, "not_authenticated")
    for method, path, data in writes:
        assert_error(api(presenter, method, path, data), 403, "forbidden")
        assert_error(api(client, method, path, data), 401, "not_authenticated")
    note_taker = member("note_taker")
    assert note_taker.get(url(event)).status_code == 200
    assert note_taker.get(url(event, "/export.md")).status_code == 200
    assert_error(api(note_taker, "POST", url(event, "/publish"), {"version": 1}), 403, "forbidden")
    assert_error(api(note_taker, "DELETE", url(event, "/publish")), 403, "forbidden")
    assert stored(app) == [(1, "final", 1, SUMMARY, "", False, {}, False)]
    moderator_member = member("moderator")
    assert api(moderator_member, "POST", url(event, "/publish"), {"version": 1}).status_code == 200


def test_organizers_of_other_events_get_403(app, event, moderator, make_organizer, login_client):
    save(moderator, event, 0, summary="Private")
    make_organizer(email="piet@example.com")
    piet = login_client("piet@example.com")
    assert_error(piet.get(url(event)), 403)
    assert_error(piet.get(url(event, "/export.md")), 403)
    assert_error(save(piet, event, 1, summary="Mine"), 403)
    assert piet.get(f"/dashboard/e/{event}/minutes").status_code == 403
    assert stored(app)[0][3] == "Private"


# --- frozen versions ---------------------------------------------------------------------------

def test_a_final_version_never_changes_and_the_next_edit_opens_version_2(app, moderator, event, item):
    final_version(moderator, event)
    frozen = {fmt: moderator.get(url(event, f"/export.{fmt}?version=1")).data for fmt in ("md", "html")}
    assert "the 河滨公园 plan goes ahead." in frozen["md"].decode()
    # The record changes after the final: a decision and new live notes.
    added = api(moderator, "POST", f"/api/events/{event}/agenda/{item}/decisions", {"text": "Decided afterwards"})
    assert added.status_code == 201
    assert api(moderator, "PUT", f"/api/events/{event}/agenda/{item}/notes",
               {"text": "Late notes", "base_version": 0}).status_code == 200
    for fmt in ("md", "html"):
        assert moderator.get(url(event, f"/export.{fmt}?version=1")).data == frozen[fmt]
    preview = moderator.get(url(event, "/export.md")).get_data(as_text=True)  # the next draft, built now
    assert "Decided afterwards" in preview and "Late notes" in preview
    state = save(moderator, event, 0, summary="Amended").get_json()
    assert [(v["version"], v["status"]) for v in state["versions"]] == [(1, "final"), (2, "draft")]
    assert moderator.get(url(event, "/export.md?version=1")).data == frozen["md"]
    assert "Amended" in moderator.get(url(event, "/export.md?version=2")).get_data(as_text=True)


# --- downloads -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_are_attachments_with_their_type_and_name(app, moderator, event, fmt):
    final_version(moderator, event)
    response = moderator.get(url(event, f"/export.{fmt}?version=1"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == FORMATS[fmt]
    assert response.headers["Content-Disposition"] == f'attachment; filename="minutes-{event}-v1.{fmt}"'
    assert "no-store" in response.headers["Cache-Control"]
    draft = moderator.get(url(event, f"/export.{fmt}"))  # no draft yet: what version 2 would be
    assert draft.headers["Content-Disposition"] == f'attachment; filename="minutes-{event}-v2-draft.{fmt}"'
    inline = moderator.get(url(event, f"/export.{fmt}?inline=1"))
    assert inline.headers["Content-Disposition"].startswith("inline;")


def test_each_format_opens_in_a_real_reader_and_says_what_was_written(app, moderator, event, item):
    save(moderator, event, 0, summary=SUMMARY, item_notes={str(item): "Notes for the minutes 备注"})
    texts = {
        "pdf": pdf_text(moderator.get(url(event, "/export.pdf")).data),
        "docx": docx_text(moderator.get(url(event, "/export.docx")).data),
        "md": moderator.get(url(event, "/export.md")).get_data(as_text=True),
        "html": moderator.get(url(event, "/export.html")).get_data(as_text=True),
    }
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert "Budget 2027" in flat, fmt
        assert "Notes for the minutes 备注" in flat, fmt
        assert "河滨公园" in flat, fmt
    assert "&lt;by a large margin&gt;" in texts["html"] and "<by a large margin>" not in texts["html"]


def test_no_export_names_an_anonymous_asker(app, moderator, event, join):
    phone, _ = join(event, name="Jonas Secret")
    asked = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Who pays for the pool?", "anonymous": True})
    assert asked.status_code == 201
    tag = question_row(app, asked.get_json()["question"]["id"])["author_tag"]
    cookie = phone.get_cookie("session").value
    save(moderator, event, 0, summary="Anonymity check")
    for fmt in ("md", "html", "docx", "pdf"):
        data = moderator.get(url(event, f"/export.{fmt}")).data
        text = {"pdf": pdf_text, "docx": docx_text}.get(fmt, lambda d: d.decode())(data)
        assert "Who pays for the pool?" in " ".join(text.split()), fmt
        for secret in (tag, "Jonas Secret", cookie):
            assert secret not in text, fmt
    exported = moderator.get(f"/api/events/{event}/export/questions.csv?include_hidden=1").get_data(as_text=True)
    assert "Who pays for the pool?" in exported
    assert tag not in exported and "Jonas Secret" not in exported


def test_questions_and_polls_csv(app, moderator, event, join, organizer, moderate):
    phone, _ = join(event)
    shown = api(phone, "POST", f"/api/events/{event}/questions", {"text": "Shown question"}).get_json()["question"]
    hidden = api(phone, "POST", f"/api/events/{event}/questions", {"text": "=HIDDEN()"}).get_json()["question"]
    moderate(event, organizer.id, hidden["id"], "hide")
    response = moderator.get(f"/api/events/{event}/export/questions.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="questions-{event}.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert any("Shown question" in row for row in rows) and not any("HIDDEN" in "".join(r) for r in rows)
    with_hidden = moderator.get(f"/api/events/{event}/export/questions.csv?include_hidden=1").get_data(as_text=True)
    assert "HIDDEN()" in with_hidden and shown["text"] in with_hidden
    assert "\n=HIDDEN" not in with_hidden and ",=HIDDEN" not in with_hidden  # formula neutralised
    polls = moderator.get(f"/api/events/{event}/export/polls.csv")
    assert polls.status_code == 200 and polls.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert polls.headers["Content-Disposition"] == f'attachment; filename="polls-{event}.csv"'
    assert list(csv.reader(io.StringIO(polls.get_data(as_text=True).lstrip("\ufeff"))))  # a header at least


# --- attendees -------------------------------------------------------------------------------------

def test_attendees_read_only_the_published_version(app, moderator, event, client):
    assert client.get(f"/e/{event}/minutes").status_code == 404
    assert "not published" in client.get(f"/e/{event}/minutes").get_data(as_text=True)
    final_version(moderator, event, summary="Version one words")
    api(moderator, "POST", url(event, "/publish"), {"version": 1})
    save(moderator, event, 0, summary="A draft nobody outside may read")
    page = client.get(f"/e/{event.lower()}/minutes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Version one words" in html
    assert "A draft nobody outside may read" not in html
    for fmt in ("pdf", "docx", "md"):
        assert f'href="/e/{event}/minutes.{fmt}"' in html
        download = client.get(f"/e/{event}/minutes.{fmt}")
        assert download.status_code == 200 and download.headers["Content-Type"] == FORMATS[fmt]
        assert download.headers["Content-Disposition"] == f'attachment; filename="minutes-{event}-v1.{fmt}"'
    assert "Version one words" in client.get(f"/e/{event}/minutes.md").get_data(as_text=True)
    assert client.get(f"/e/{event}/minutes.html").status_code == 404  # the HTML is the page itself
    api(moderator, "DELETE", url(event, "/publish"))
    for path in (f"/e/{event}/minutes", f"/e/{event}/minutes.pdf", f"/e/{event}/minutes.md"):
        assert client.get(path).status_code == 404, path
    assert client.get("/e/NOPE2345/minutes").status_code == 404
    assert client.get("/e/NOPE2345/minutes.pdf").status_code == 404


def test_the_attendee_page_links_to_published_minutes(app, moderator, event, client):
    def link_shown() -> bool:
        page = client.get(f"/e/{event}").get_data(as_text=True)
        tag = re.search(r'<p [^>]*data-testid="minutes-link"[^>]*>\s*<a href="([^"]+)"', page)
        assert tag and tag.group(1) == f"/e/{event}/minutes"
        return " hidden" not in tag.group(0)

    assert not link_shown()
    final_version(moderator, event)
    assert not link_shown()  # final but not published
    api(moderator, "POST", url(event, "/publish"), {"version": 1})
    assert link_shown()
    api(moderator, "DELETE", url(event, "/publish"))
    assert not link_shown()


def test_the_room_learns_when_minutes_are_published(app, moderator, event, attendee, connect):
    phone, organizers = connect(attendee[0], event), connect(moderator, event, "moderator")
    final_version(moderator, event)
    assert phone.messages("minutes:published") == []
    api(moderator, "POST", url(event, "/publish"), {"version": 1})
    api(moderator, "DELETE", url(event, "/publish"))
    for socket in (phone, organizers):
        published, withdrawn = socket.messages("minutes:published")
        assert published["minutes"]["version"] == 1 and published["minutes"]["url"] == f"/e/{event}/minutes"
        assert withdrawn["minutes"] is None
        assert isinstance(published["seq"], int)


# --- pages and the API document --------------------------------------------------------------------

def test_the_organizer_page(app, moderator, event, member):
    page = moderator.get(f"/dashboard/e/{event}/minutes")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="minutes-page"' in html and 'data-testid="nav-minutes"' in html
    assert 'data-can-publish="true"' in html
    note_taker = member("note_taker").get(f"/dashboard/e/{event}/minutes").get_data(as_text=True)
    assert 'data-can-publish="false"' in note_taker and 'data-can-edit="true"' in note_taker
    presenter = member("presenter").get(f"/dashboard/e/{event}/minutes").get_data(as_text=True)
    assert 'data-can-edit="false"' in presenter and 'data-testid="nav-minutes"' not in presenter
    assert moderator.get("/dashboard/e/NOPE2345/minutes").status_code == 404


def test_script_typed_anywhere_is_text_on_both_minutes_pages(app, organizer, make_event, moderator, client):
    script = "<script>alert(1)</script>"
    code = make_event(organizer.id, title=f"Budget {script}", place=script)
    item = make_item(app, code, f"Item {script}")
    save(moderator, code, 0, summary=script, chair=script, item_notes={str(item): script})
    api(moderator, "POST", url(code, "/finalize"), {"base_revision": 1})
    api(moderator, "POST", url(code, "/publish"), {"version": 1})
    for who, path in ((moderator, f"/dashboard/e/{code}/minutes"), (client, f"/e/{code}/minutes"),
                      (moderator, url(code, "/export.html?version=1"))):
        page = who.get(path)
        assert page.status_code == 200, path
        assert script not in page.get_data(as_text=True), path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/e/{code}/minutes").get_data(as_text=True)


def test_the_openapi_document_describes_the_minutes(client):
    spec = client.get("/api/openapi.json").get_json()
    for fmt, content_type in FORMATS.items():
        operation = spec["paths"][f"/api/events/{{code}}/minutes/export.{fmt}"]["get"]
        assert list(operation["responses"]["200"]["content"]) == [content_type.split(";")[0]]
    draft = spec["paths"]["/api/events/{code}/minutes/draft"]["put"]
    assert draft["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].endswith("StaleRevision")
    assert json.dumps(spec["paths"]["/api/events/{code}/export/questions.csv"]).count("include_hidden") == 1
