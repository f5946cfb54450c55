"""Notes, decisions and action items per agenda item: versions, limits, CRUD, other events, roles."""
import itertools

import pytest
import records_helpers

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import ActionItem, AgendaItem, Decision
from townhall.services import events, questions, records, roles
from townhall.services.records import NOTES_MAX_LENGTH


@pytest.fixture
def make_item(app):
    """make_item(code, title) -> agenda item id."""
    return lambda code, title="Budget 2027": records_helpers.make_item(app, code, title)


@pytest.fixture
def member(app, make_organizer, organizer, event):
    """member(role) -> user id of a fresh organizer account given that role on ``event`` by its owner."""
    numbers = itertools.count(1)

    def make(role):
        email = f"{role}{next(numbers)}@example.com"
        make_organizer(email=email, name=f"Nora {role}")
        return records_helpers.give_role(app, event, organizer.id, email, role)

    return make


@pytest.fixture
def item(make_item, event):
    return make_item(event)


def seq_of(app, code) -> int:
    with app.app_context():
        return events.get_event(code).seq


def stored_notes(app, item_id) -> tuple[str, int]:
    with app.app_context():
        row = db.session.get(AgendaItem, item_id)
        return row.notes, row.notes_version


# --- notes ---------------------------------------------------------------------------

def test_saving_notes_advances_the_version(app, call, organizer, event, item):
    first = call(records.save_notes, code=event, user_id=organizer.id, item_id=item,
                 text="Budget presented by Ana.", base_version=0)
    assert (first["text"], first["version"], first["item_id"]) == ("Budget presented by Ana.", 1, item)
    assert first["updated_at"].endswith("Z")
    second = call(records.save_notes, code=event, user_id=organizer.id, item_id=item,
                  text="Budget presented by Ana.\nQuestions about the pool.", base_version=1)
    assert second["version"] == 2
    assert stored_notes(app, item) == ("Budget presented by Ana.\nQuestions about the pool.", 2)


def test_two_note_takers_never_overwrite_each_other_silently(app, call, event, item, member):
    anna, ben = member("note_taker"), member("note_taker")
    call(records.save_notes, code=event, user_id=anna, item_id=item, text="Anna: pool opens in May.",
         base_version=0)
    with pytest.raises(Conflict) as caught:  # Ben typed from version 0 too
        call(records.save_notes, code=event, user_id=ben, item_id=item, text="Ben: 12 for, 3 against.",
             base_version=0)
    assert caught.value.code == "notes_conflict"
    body = caught.value.to_dict()["error"]
    assert body["current"]["text"] == "Anna: pool opens in May." and body["current"]["version"] == 1
    assert stored_notes(app, item) == ("Anna: pool opens in May.", 1)
    merged = call(records.save_notes, code=event, user_id=ben, item_id=item,
                  text="Anna: pool opens in May.\nBen: 12 for, 3 against.", base_version=1)
    assert merged["version"] == 2
    assert stored_notes(app, item) == ("Anna: pool opens in May.\nBen: 12 for, 3 against.", 2)


def test_a_newer_base_version_than_stored_is_a_conflict_too(call, organizer, event, item):
    with pytest.raises(Conflict):
        call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text="x", base_version=5)


def test_notes_length_limit(app, call, organizer, event, item):
    full = "a" * NOTES_MAX_LENGTH
    assert call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text=full,
                base_version=0)["version"] == 1
    with pytest.raises(InvalidInput) as caught:
        call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text=full + "b", base_version=1)
    assert caught.value.code == "too_long"
    assert stored_notes(app, item) == (full, 1)


def test_notes_keep_their_spacing_and_can_be_emptied(app, call, organizer, event, item):
    typed = "  - point one\r\n\t- point two \x00"
    call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text=typed, base_version=0)
    assert stored_notes(app, item) == ("  - point one\n\t- point two ", 1)
    call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text="", base_version=1)
    assert stored_notes(app, item) == ("", 2)


@pytest.mark.parametrize("text, base_version", [
    ({"a": 1}, 0), (["x"], 0), (5, 0), ("ok", None), ("ok", "0"), ("ok", True), ("ok", 1.0),
])
def test_notes_input_is_checked(app, call, organizer, event, item, text, base_version):
    with pytest.raises(InvalidInput):
        call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text=text,
             base_version=base_version)
    assert stored_notes(app, item) == ("", 0)


def test_every_change_advances_seq_once_and_unchanged_saves_not_at_all(app, call, organizer, event, item):
    before = seq_of(app, event)
    call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text="One", base_version=0)
    assert seq_of(app, event) == before + 1
    call(records.save_notes, code=event, user_id=organizer.id, item_id=item, text="One", base_version=1)
    assert seq_of(app, event) == before + 1 and stored_notes(app, item) == ("One", 1)
    decision = call(records.add_decision, code=event, user_id=organizer.id, item_id=item, text="Adopted")
    action = call(records.add_action, code=event, user_id=organizer.id, item_id=item, what="Publish")
    call(records.update_decision, code=event, user_id=organizer.id, decision_id=decision["id"], text="Adopted.")
    call(records.update_action, code=event, user_id=organizer.id, action_id=action["id"], owner="Ana")
    call(records.delete_decision, code=event, user_id=organizer.id, decision_id=decision["id"])
    call(records.delete_action, code=event, user_id=organizer.id, action_id=action["id"])
    assert seq_of(app, event) == before + 7


# --- decisions and action items -----------------------------------------------------------

def test_decisions_create_edit_delete(app, call, organizer, event, item):
    made = call(records.add_decision, code=event, user_id=organizer.id, item_id=item,
                text="  The pool budget is adopted. ", vote_result="For 14 · Against 3 · Abstain 2")
    assert made["text"] == "The pool budget is adopted." and made["vote_result"] == "For 14 · Against 3 · Abstain 2"
    assert made["item_id"] == item
    plain = call(records.add_decision, code=event, user_id=organizer.id, item_id=item, text="Next meeting in May")
    assert plain["vote_result"] == ""
    edited = call(records.update_decision, code=event, user_id=organizer.id, decision_id=made["id"],
                  vote_result="For 15 · Against 3 · Abstain 1")
    assert edited["text"] == "The pool budget is adopted." and edited["vote_result"].startswith("For 15")
    call(records.delete_decision, code=event, user_id=organizer.id, decision_id=plain["id"])
    with app.app_context():
        rows = db.session.query(Decision.text, Decision.vote_result, Decision.created_by).all()
    assert rows == [("The pool budget is adopted.", "For 15 · Against 3 · Abstain 1", organizer.id)]


@pytest.mark.parametrize("data, code", [
    ({"text": ""}, "empty"), ({"text": "   "}, "empty"), ({"text": None}, "empty"), ({"text": 3}, "invalid_input"),
    ({"text": "x" * 2001}, "too_long"), ({"text": "ok", "vote_result": "v" * 201}, "too_long"),
])
def test_a_decision_needs_text(app, call, organizer, event, item, data, code):
    with pytest.raises(InvalidInput) as caught:
        call(records.add_decision, code=event, user_id=organizer.id, item_id=item, **data)
    assert caught.value.code == code
    with app.app_context():
        assert db.session.query(Decision).count() == 0


def test_unknown_fields_in_an_edit_are_refused(call, organizer, event, item):
    decision = call(records.add_decision, code=event, user_id=organizer.id, item_id=item, text="Adopted")
    with pytest.raises(InvalidInput) as caught:
        call(records.update_decision, code=event, user_id=organizer.id, decision_id=decision["id"], item_id=9)
    assert caught.value.field == "item_id"


def test_action_items_create_edit_delete(app, call, organizer, event, item):
    made = call(records.add_action, code=event, user_id=organizer.id, item_id=item,
                what="Ask the city for the pool's running costs", owner="Ana Ruiz", due_date="2026-12-31")
    assert (made["what"], made["owner"], made["due_date"]) == (
        "Ask the city for the pool's running costs", "Ana Ruiz", "2026-12-31")
    bare = call(records.add_action, code=event, user_id=organizer.id, item_id=item, what="Send the minutes")
    assert (bare["owner"], bare["due_date"]) == ("", None)
    edited = call(records.update_action, code=event, user_id=organizer.id, action_id=made["id"], due_date=None,
                  owner="Ben")
    assert (edited["owner"], edited["due_date"], edited["what"]) == ("Ben", None, made["what"])
    call(records.delete_action, code=event, user_id=organizer.id, action_id=bare["id"])
    with app.app_context():
        assert db.session.query(ActionItem.what, ActionItem.owner, ActionItem.due_date).all() == [
            ("Ask the city for the pool's running costs", "Ben", None)]


@pytest.mark.parametrize("data, field", [
    ({"what": ""}, "what"), ({"what": "Do it", "due_date": "31.12.2026"}, "due_date"),
    ({"what": "Do it", "due_date": "2026-02-30"}, "due_date"), ({"what": "Do it", "due_date": 20261231}, "due_date"),
    ({"what": "Do it", "owner": "o" * 121}, "owner"),
])
def test_action_item_input_is_checked(app, call, organizer, event, item, data, field):
    with pytest.raises(InvalidInput) as caught:
        call(records.add_action, code=event, user_id=organizer.id, item_id=item, **data)
    assert caught.value.field == field
    with app.app_context():
        assert db.session.query(ActionItem).count() == 0


def test_ids_of_another_event_are_not_found(app, call, organizer, event, item, make_event, make_item):
    other = make_event(organizer.id, title="Another town")
    other_item = make_item(other, "Their item")
    decision = call(records.add_decision, code=other, user_id=organizer.id, item_id=other_item, text="Theirs")
    action = call(records.add_action, code=other, user_id=organizer.id, item_id=other_item, what="Theirs")
    attempts = [
        (records.save_notes, {"item_id": other_item, "text": "x", "base_version": 0}, "item_not_found"),
        (records.add_decision, {"item_id": other_item, "text": "x"}, "item_not_found"),
        (records.add_action, {"item_id": other_item, "what": "x"}, "item_not_found"),
        (records.save_notes, {"item_id": 999, "text": "x", "base_version": 0}, "item_not_found"),
        (records.update_decision, {"decision_id": decision["id"], "text": "Mine"}, "decision_not_found"),
        (records.delete_decision, {"decision_id": decision["id"]}, "decision_not_found"),
        (records.update_action, {"action_id": action["id"], "what": "Mine"}, "action_not_found"),
        (records.delete_action, {"action_id": action["id"]}, "action_not_found"),
    ]
    for fn, kwargs, code in attempts:
        with pytest.raises(NotFound) as caught:
            call(fn, code=event, user_id=organizer.id, **kwargs)
        assert caught.value.code == code
    theirs = call(records.event_records, code=other, user_id=organizer.id)["items"][str(other_item)]
    assert [d["text"] for d in theirs["decisions"]] == ["Theirs"] and theirs["notes"]["text"] == ""
    assert [a["what"] for a in theirs["actions"]] == ["Theirs"]


def test_view_lists_every_item_in_agenda_order(app, call, organizer, event, make_item):
    first, second = make_item(event, "Welcome"), make_item(event, "Budget")
    call(records.add_decision, code=event, user_id=organizer.id, item_id=second, text="Adopted")
    call(records.save_notes, code=event, user_id=organizer.id, item_id=first, text="Mayor opened", base_version=0)
    with app.app_context():
        view = records.view(events.get_event(event))
    assert list(view["items"]) == [str(first), str(second)]
    assert view["items"][str(first)]["title"] == "Welcome" and view["items"][str(first)]["position"] == 0
    assert view["items"][str(first)]["notes"]["text"] == "Mayor opened"
    assert view["items"][str(first)]["decisions"] == [] and view["items"][str(first)]["actions"] == []
    assert [d["text"] for d in view["items"][str(second)]["decisions"]] == ["Adopted"]


# --- who may do what -----------------------------------------------------------------------

def test_presenter_cannot_write_records_but_can_read_them(app, call, event, item, member):
    presenter = member("presenter")
    for fn, kwargs in [(records.save_notes, {"item_id": item, "text": "x", "base_version": 0}),
                       (records.add_decision, {"item_id": item, "text": "x"}),
                       (records.add_action, {"item_id": item, "what": "x"})]:
        with pytest.raises(Forbidden):
            call(fn, code=event, user_id=presenter, **kwargs)
    assert stored_notes(app, item) == ("", 0)
    assert str(item) in call(records.event_records, code=event, user_id=presenter)["items"]


def test_note_taker_writes_records_but_cannot_moderate_configure_or_invite(app, call, event, item, member,
                                                                          make_question):
    note_taker = member("note_taker")
    call(records.save_notes, code=event, user_id=note_taker, item_id=item, text="Notes", base_version=0)
    decision = call(records.add_decision, code=event, user_id=note_taker, item_id=item, text="Adopted")
    call(records.update_decision, code=event, user_id=note_taker, decision_id=decision["id"], text="Adopted!")
    call(records.add_action, code=event, user_id=note_taker, item_id=item, what="Publish")
    qid = make_question(event)
    forbidden = [
        (questions.moderate, {"question_id": qid, "action": "hide"}),
        (questions.edit, {"question_id": qid, "text": "Edited"}),
        (events.update_event, {"title": "Renamed"}),
        (roles.create_invitation, {"role": "moderator"}),
        (roles.add_member, {"email": "x@example.com", "role": "moderator"}),
    ]
    for fn, kwargs in forbidden:
        with pytest.raises(Forbidden):
            call(fn, code=event, user_id=note_taker, **kwargs)
    from helpers import question_row

    assert question_row(app, qid)["status"] == "published"
    with app.app_context():
        assert events.get_event(event).title == "Town hall on the river park"


def test_moderator_writes_records_and_moderates(app, call, event, item, member, make_question):
    moderator = member("moderator")
    call(records.save_notes, code=event, user_id=moderator, item_id=item, text="Notes", base_version=0)
    assert call(questions.moderate, code=event, user_id=moderator, question_id=make_question(event),
                action="hide")["status"] == "hidden"
    with pytest.raises(Forbidden):
        call(roles.create_invitation, code=event, user_id=moderator, role="presenter")


def test_organizers_of_other_events_cannot_read_or_write(app, call, event, item, make_organizer):
    stranger = make_organizer(email="stranger@example.com")
    with pytest.raises(Forbidden):
        call(records.event_records, code=event, user_id=stranger)
    with pytest.raises(Forbidden):
        call(records.save_notes, code=event, user_id=stranger, item_id=item, text="x", base_version=0)
    with pytest.raises(Forbidden):
        call(records.add_decision, code=event, user_id=None, item_id=item, text="x")


def test_simultaneous_saves_from_one_version_keep_exactly_one_and_refuse_the_rest(app, organizer, event, item):
    """Eight note-takers save at the same moment from version 0: one wins, the others are told."""
    texts = [f"Note-taker {i} was here" for i in range(8)]
    results = records_helpers.run_together(app, [
        (lambda t=t: records.save_notes(code=event, user_id=organizer.id, item_id=item, text=t, base_version=0))
        for t in texts
    ])
    won = [value for kind, value in results if kind == "ok"]
    lost = [value for kind, value in results if kind == "error"]
    assert len(won) == 1 and won[0]["version"] == 1
    assert len(lost) == 7 and all(isinstance(e, Conflict) and e.code == "notes_conflict" for e in lost)
    assert all(e.current["text"] == won[0]["text"] for e in lost)
    assert stored_notes(app, item) == (won[0]["text"], 1)
