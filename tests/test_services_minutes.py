"""The minutes workflow: draft, revisions, checks, final versions frozen, publication, roles."""
import itertools

import pytest
import records_helpers

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import Minutes
from townhall.services import events, minutes, records
from townhall.services.minutes import (
    NAME_MAX_LENGTH,
    NEXT_STEPS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    StaleRevision,
)
from townhall.services.records import NOTES_MAX_LENGTH


@pytest.fixture
def member(app, make_organizer, organizer, event):
    """member(role, name=...) -> user id of a fresh account given that role on ``event``."""
    numbers = itertools.count(1)

    def make(role, name=None):
        email = f"{role}{next(numbers)}@example.com"
        make_organizer(email=email, name=name or f"Nora {role}")
        return records_helpers.give_role(app, event, organizer.id, email, role)

    return make


@pytest.fixture
def item(app, event):
    return records_helpers.make_item(app, event, "Budget 2027")


@pytest.fixture
def owner_call(call, organizer, event):
    """owner_call(fn, **kwargs): a minutes call by the event's owner on ``event``."""
    return lambda fn, **kwargs: call(fn, code=event, user_id=organizer.id, **kwargs)


def rows(app, code) -> list[dict]:
    """Every stored version of the event's minutes, as plain dicts."""
    with app.app_context():
        from townhall.services.events import get_event

        event_id = get_event(code).id
        return [{c.name: getattr(row, c.name) for c in Minutes.__table__.columns}
                for row in db.session.query(Minutes).filter_by(event_id=event_id).order_by(Minutes.version)]


def save(owner_call, base_revision, **fields) -> dict:
    return owner_call(minutes.save_draft, base_revision=base_revision, **fields)


# --- the draft -------------------------------------------------------------------------

def test_before_any_draft_the_state_shows_what_version_1_would_start_with(app, owner_call, organizer, event, item,
                                                                         member, call):
    member("note_taker", name="Sam Note")
    call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text="Live notes", base_version=0)
    state = owner_call(minutes.state)
    assert state["versions"] == [] and state["published"] is None
    draft = state["draft"]
    assert (draft["exists"], draft["version"], draft["revision"]) == (False, 1, 0)
    assert draft["chair"] == "" and draft["note_taker"] == ""  # empty: the document names the team
    assert state["defaults"] | {"next_steps": ""} == {"chair": "Olga Organizer", "note_taker": "Sam Note",
                                                      "next_steps": ""}
    assert state["defaults"]["next_steps"]  # what the document says of unanswered questions by default
    assert draft["summary"] == "" and draft["item_notes"] == {} and draft["include_hidden_text"] is False
    assert state["items"] == [{"id": item, "position": 0, "title": "Budget 2027", "live_notes": "Live notes"}]
    assert rows(app, event) == []  # reading creates nothing


def test_saving_opens_version_1_then_bumps_the_revision_and_keeps_fields_left_out(app, owner_call, event, item):
    state = save(owner_call, 0, summary="The budget was adopted.", item_notes={str(item): "For the minutes"})
    assert state["draft"] | {"updated_at": None} == {
        "exists": True, "version": 1, "revision": 1, "updated_at": None, "summary": "The budget was adopted.",
        "item_notes": {str(item): "For the minutes"}, "chair": "", "note_taker": "",
        "next_steps": "", "include_hidden_text": False}
    assert [v["version"] for v in state["versions"]] == [1] and state["versions"][0]["status"] == "draft"
    state = save(owner_call, 1, chair="Maria Lopez", include_hidden_text=True)
    assert state["draft"]["revision"] == 2
    assert state["draft"]["summary"] == "The budget was adopted."  # left out: kept
    assert (state["draft"]["chair"], state["draft"]["include_hidden_text"]) == ("Maria Lopez", True)
    [row] = rows(app, event)
    assert (row["version"], row["status"], row["revision"], row["chair"]) == (1, "draft", 2, "Maria Lopez")


def test_a_save_that_changes_nothing_keeps_the_revision(app, owner_call, event):
    save(owner_call, 0, summary="Same")
    assert save(owner_call, 1, summary="Same")["draft"]["revision"] == 1
    assert rows(app, event)[0]["revision"] == 1


def test_a_stale_revision_is_refused_with_the_current_draft_and_nothing_changes(app, owner_call, event):
    save(owner_call, 0, summary="First words")
    save(owner_call, 1, summary="Second words")
    for stale in (0, 1, 7):
        with pytest.raises(StaleRevision) as caught:
            save(owner_call, stale, summary="Overwrite")
        assert caught.value.status == 409 and caught.value.code == "stale_revision"
        assert caught.value.current["revision"] == 2 and caught.value.current["summary"] == "Second words"
        assert caught.value.to_dict()["error"]["current"]["summary"] == "Second words"
    assert rows(app, event)[0]["summary"] == "Second words"


def test_long_texts_keep_their_spacing_and_names_are_one_line(owner_call):
    draft = save(owner_call, 0, summary="  Line one\r\n\tLine two\x07  ", next_steps="To the council\n\n",
                 chair="  Maria \n Lopez ", note_taker=None)["draft"]
    assert draft["summary"] == "  Line one\n\tLine two  "
    assert draft["next_steps"] == "To the council\n\n"
    assert (draft["chair"], draft["note_taker"]) == ("Maria Lopez", "")


def test_limits_are_exact(owner_call, item):
    draft = save(owner_call, 0, summary="s" * SUMMARY_MAX_LENGTH, chair="c" * NAME_MAX_LENGTH,
                 next_steps="n" * NEXT_STEPS_MAX_LENGTH, item_notes={str(item): "i" * NOTES_MAX_LENGTH})["draft"]
    assert len(draft["summary"]) == SUMMARY_MAX_LENGTH and len(draft["item_notes"][str(item)]) == NOTES_MAX_LENGTH


BAD_FIELDS = [
    ({"summary": "x" * (SUMMARY_MAX_LENGTH + 1)}, "summary"),
    ({"summary": 42}, "summary"),
    ({"chair": "x" * (NAME_MAX_LENGTH + 1)}, "chair"),
    ({"chair": ["Maria"]}, "chair"),
    ({"note_taker": 7}, "note_taker"),
    ({"note_taker": "x" * (NAME_MAX_LENGTH + 1)}, "note_taker"),
    ({"next_steps": "x" * (NEXT_STEPS_MAX_LENGTH + 1)}, "next_steps"),
    ({"next_steps": {"a": 1}}, "next_steps"),
    ({"include_hidden_text": "yes"}, "include_hidden_text"),
    ({"include_hidden_text": 1}, "include_hidden_text"),
    ({"item_notes": ["notes"]}, "item_notes"),
    ({"item_notes": "notes"}, "item_notes"),
    ({"item_notes": {"abc": "notes"}}, "item_notes"),
    ({"item_notes": {"999999": "notes"}}, "item_notes"),
    ({"item_notes": {"ITEM": ["not text"]}}, "item_notes"),
    ({"item_notes": {"ITEM": "x" * (NOTES_MAX_LENGTH + 1)}}, "item_notes"),
]


@pytest.mark.parametrize("fields, field", BAD_FIELDS)
def test_bad_fields_are_refused_and_nothing_is_stored(app, owner_call, event, item, fields, field):
    fields = {k: ({str(item) if key == "ITEM" else key: v for key, v in value.items()} if isinstance(value, dict)
                  else value) for k, value in fields.items()}
    with pytest.raises(InvalidInput) as caught:  # no draft yet: none is created
        save(owner_call, 0, **fields)
    assert caught.value.field == field and caught.value.status == 400
    assert rows(app, event) == []
    save(owner_call, 0, summary="Kept")
    before = rows(app, event)
    with pytest.raises(InvalidInput) as caught:  # a draft: it is not changed
        save(owner_call, 1, **{"chair": "Changed", **fields})
    assert caught.value.field == field
    assert rows(app, event) == before


@pytest.mark.parametrize("base_revision", [None, "1", -1, True, 1.0, 2**40])
def test_base_revision_must_be_a_revision_number(app, owner_call, event, base_revision):
    with pytest.raises(InvalidInput) as caught:
        save(owner_call, base_revision, summary="x")
    assert caught.value.field == "base_revision"
    assert rows(app, event) == []


def test_notes_of_another_events_item_are_refused(app, owner_call, make_event, organizer, event):
    other_item = records_helpers.make_item(app, make_event(organizer.id, title="Other"), "Elsewhere")
    with pytest.raises(InvalidInput) as caught:
        save(owner_call, 0, item_notes={str(other_item): "Not ours"})
    assert caught.value.code == "item_not_found"


def test_two_organizers_saving_at_once_one_wins_the_other_is_told(app, owner_call, organizer, event, member):
    moderator = member("moderator")
    save(owner_call, 0, summary="Start")
    results = records_helpers.run_together(app, [
        lambda: minutes.save_draft(code=event, user_id=organizer.id, base_revision=1, summary="Owner's words"),
        lambda: minutes.save_draft(code=event, user_id=moderator, base_revision=1, summary="Moderator's words"),
    ])
    won = [value for kind, value in results if kind == "ok"]
    lost = [value for kind, value in results if kind == "error"]
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0], StaleRevision) and lost[0].current["summary"] == won[0]["draft"]["summary"]
    [row] = rows(app, event)
    assert (row["revision"], row["summary"]) == (2, won[0]["draft"]["summary"])


def test_two_organizers_opening_the_draft_at_once_make_one_draft(app, organizer, event, member):
    moderator = member("moderator")
    results = records_helpers.run_together(app, [
        lambda: minutes.save_draft(code=event, user_id=organizer.id, base_revision=0, summary="Owner"),
        lambda: minutes.save_draft(code=event, user_id=moderator, base_revision=0, summary="Moderator"),
    ])
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert all(isinstance(value, StaleRevision) for kind, value in results if kind == "error")
    assert [(r["version"], r["revision"]) for r in rows(app, event)] == [(1, 1)]


# --- final versions ------------------------------------------------------------------------

def test_mark_final_freezes_the_document_and_the_next_edit_opens_version_2(app, owner_call, call, organizer,
                                                                          event, item):
    save(owner_call, 0, summary="The budget was adopted.", item_notes={str(item): "Frozen notes"})
    state = owner_call(minutes.finalize, base_revision=1)
    [version] = state["versions"]
    assert version["status"] == "final" and version["finalized_at"].endswith("Z")
    assert state["draft"]["exists"] is False and state["draft"]["version"] == 2
    assert state["draft"]["summary"] == "The budget was adopted."  # the next draft starts from the final
    [row] = rows(app, event)
    assert row["status"] == "final" and row["finalized_at"] is not None and row["finalized_by"] == organizer.id
    frozen = row["content"]
    assert frozen["status"] == "final" and frozen["version"] == 1 and frozen["summary"] == "The budget was adopted."
    assert frozen["finalized_at"] == version["finalized_at"]

    # The record changes afterwards: the final version does not; the next draft's preview does.
    call(records.add_decision, code=event, user_id=organizer.id, item_id=item, text="Decided after the final")
    assert owner_call(minutes.document_for, version=1) == frozen
    preview = owner_call(minutes.document_for)
    assert preview["status"] == "draft" and preview["version"] == 2
    assert "Decided after the final" in str(preview) and "Decided after the final" not in str(frozen)

    state = save(owner_call, 0, summary="Amended summary.")
    assert [(v["version"], v["status"]) for v in state["versions"]] == [(1, "final"), (2, "draft")]
    assert state["draft"]["item_notes"] == {str(item): "Frozen notes"}  # copied from version 1
    owner_call(minutes.finalize, base_revision=1)
    assert [r["content"]["summary"] for r in rows(app, event)] == ["The budget was adopted.", "Amended summary."]
    assert owner_call(minutes.document_for, version=1) == frozen


def test_a_final_version_is_never_changed_by_a_save_from_its_old_revision(app, owner_call, event):
    save(owner_call, 0, summary="Final words")
    owner_call(minutes.finalize, base_revision=1)
    before = rows(app, event)
    with pytest.raises(StaleRevision) as caught:  # this writer still had version 1's draft open
        save(owner_call, 1, summary="Late edit")
    assert caught.value.current["exists"] is False and caught.value.current["version"] == 2
    assert rows(app, event) == before


def test_finalize_needs_a_draft_and_its_current_revision(app, owner_call, event):
    with pytest.raises(Conflict) as caught:
        owner_call(minutes.finalize, base_revision=0)
    assert caught.value.code == "no_draft"
    save(owner_call, 0, summary="One")
    save(owner_call, 1, summary="Two")
    with pytest.raises(StaleRevision):
        owner_call(minutes.finalize, base_revision=1)
    with pytest.raises(InvalidInput):
        owner_call(minutes.finalize, base_revision="2")
    assert rows(app, event)[0]["status"] == "draft"
    owner_call(minutes.finalize, base_revision=2)
    with pytest.raises(StaleRevision):  # a second click on "Mark final"
        owner_call(minutes.finalize, base_revision=2)
    assert [r["status"] for r in rows(app, event)] == ["final"]


def test_building_the_final_document_holds_up_no_writer_and_a_save_meanwhile_wins(app, owner_call, organizer,
                                                                                  event, monkeypatch):
    """While the document is built (a big event takes a moment) others can still write; if one of them saves
    the draft meanwhile, the finalize is refused as stale instead of freezing text its author never saw."""
    import threading

    save(owner_call, 0, summary="Before")
    build = minutes._build
    other = {}

    def build_then_someone_saves(*args, **kwargs):
        doc = build(*args, **kwargs)

        def save_meanwhile():
            with app.app_context():
                other["state"] = minutes.save_draft(code=event, user_id=organizer.id, base_revision=1,
                                                    summary="Saved while building")

        writer = threading.Thread(target=save_meanwhile)
        writer.start()
        writer.join(timeout=5)
        assert not writer.is_alive(), "a writer waited for the finalize's build"
        return doc

    monkeypatch.setattr(minutes, "_build", build_then_someone_saves)
    with pytest.raises(StaleRevision) as caught:
        owner_call(minutes.finalize, base_revision=1)
    assert caught.value.current["summary"] == "Saved while building" and caught.value.current["revision"] == 2
    assert [(r["status"], r["summary"], r["content"]) for r in rows(app, event)] == [
        ("draft", "Saved while building", None)]


def test_document_for_the_draft_and_unknown_versions(owner_call):
    preview = owner_call(minutes.document_for)  # no draft yet: what version 1 would show
    assert (preview["version"], preview["status"]) == (1, "draft")
    save(owner_call, 0, summary="Draft text")
    assert owner_call(minutes.document_for)["summary"] == "Draft text"
    assert owner_call(minutes.document_for, version=1)["summary"] == "Draft text"
    with pytest.raises(NotFound):
        owner_call(minutes.document_for, version=2)
    for bad in (0, -1, "1", True):
        with pytest.raises(InvalidInput):
            owner_call(minutes.document_for, version=bad)


# --- publication ---------------------------------------------------------------------------

def test_publish_moves_the_one_publication_and_unpublish_withdraws_it(app, owner_call, event):
    with pytest.raises(NotFound) as caught:
        owner_call(minutes.publish, version=1)
    assert caught.value.code == "minutes_not_found"
    save(owner_call, 0, summary="Version one")
    with pytest.raises(Conflict) as caught:
        owner_call(minutes.publish, version=1)
    assert caught.value.code == "not_final"
    owner_call(minutes.finalize, base_revision=1)
    with app.app_context(), pytest.raises(NotFound):
        minutes.published_document(code=event)

    state = owner_call(minutes.publish, version=1)
    assert state["published"]["version"] == 1 and state["published"]["url"] == f"/e/{event}/minutes"
    with app.app_context():
        assert minutes.published_document(code=event)["summary"] == "Version one"
        assert minutes.publication(events.get_event(event))["version"] == 1
    assert owner_call(minutes.publish, version=1)["published"]["version"] == 1  # again: nothing changes

    save(owner_call, 0, summary="Version two")
    owner_call(minutes.finalize, base_revision=1)
    state = owner_call(minutes.publish, version=2)
    assert [(v["version"], v["published_at"] is not None) for v in state["versions"]] == [(1, False), (2, True)]
    with app.app_context():
        assert minutes.published_document(code=event)["summary"] == "Version two"

    state = owner_call(minutes.unpublish)
    assert state["published"] is None and all(v["published_at"] is None for v in state["versions"])
    with app.app_context(), pytest.raises(NotFound) as caught:
        minutes.published_document(code=event)
    assert caught.value.code == "minutes_not_published"
    assert owner_call(minutes.unpublish)["published"] is None  # nothing published: nothing changes
    with pytest.raises(InvalidInput):
        owner_call(minutes.publish, version="2")


def test_publishing_tells_the_room_and_the_organizers(app, owner_call, event, monkeypatch):
    from townhall.realtime import broadcast

    sent = []
    monkeypatch.setattr(broadcast, "minutes_published", lambda *args: sent.append(args))
    save(owner_call, 0, summary="Words")
    owner_call(minutes.finalize, base_revision=1)
    assert sent == []
    owner_call(minutes.publish, version=1)
    owner_call(minutes.publish, version=1)  # already published: no second message
    owner_call(minutes.unpublish)
    assert [args[2] and args[2]["version"] for args in sent] == [1, None]


# --- roles -----------------------------------------------------------------------------------

def test_note_taker_prepares_and_finalizes_but_only_moderators_publish(app, call, event, member, owner_call):
    note_taker, moderator, presenter = member("note_taker"), member("moderator"), member("presenter")
    call(minutes.save_draft, code=event, user_id=note_taker, base_revision=0, summary="By the note-taker")
    call(minutes.finalize, code=event, user_id=note_taker, base_revision=1)
    assert call(minutes.document_for, code=event, user_id=note_taker, version=1)["summary"] == "By the note-taker"
    with pytest.raises(Forbidden):
        call(minutes.publish, code=event, user_id=note_taker, version=1)
    with pytest.raises(Forbidden):
        call(minutes.unpublish, code=event, user_id=note_taker)
    call(minutes.publish, code=event, user_id=moderator, version=1)
    call(minutes.unpublish, code=event, user_id=moderator)
    for fn, kwargs in [(minutes.state, {}), (minutes.save_draft, {"base_revision": 0, "summary": "x"}),
                       (minutes.finalize, {"base_revision": 0}), (minutes.document_for, {}),
                       (minutes.publish, {"version": 1}), (minutes.unpublish, {}),
                       (minutes.questions_csv, {}), (minutes.polls_csv, {})]:
        for user_id in (presenter, None):
            with pytest.raises(Forbidden):
                call(fn, code=event, user_id=user_id, **kwargs)
    assert [r["summary"] for r in rows(app, event)] == ["By the note-taker"]


def test_organizers_of_other_events_cannot_see_or_touch_the_minutes(app, call, event, make_organizer, owner_call):
    save(owner_call, 0, summary="Private draft")
    stranger = make_organizer(email="stranger@example.com")
    for fn, kwargs in [(minutes.state, {}), (minutes.document_for, {"version": 1}),
                       (minutes.save_draft, {"base_revision": 1, "summary": "Mine"}),
                       (minutes.finalize, {"base_revision": 1})]:
        with pytest.raises(Forbidden):
            call(fn, code=event, user_id=stranger, **kwargs)
    assert rows(app, event)[0]["summary"] == "Private draft"


def test_unknown_event(call, organizer):
    with pytest.raises(NotFound):
        call(minutes.state, code="NOPE2345", user_id=organizer.id)
    with pytest.raises(NotFound):
        call(minutes.published_document, code="NOPE2345")
