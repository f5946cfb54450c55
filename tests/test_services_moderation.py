"""Moderating questions: the transition table, "now answering", edits and who may do it."""
import pytest
from helpers import question_row as row

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.services import questions

ACTIONS = ("approve", "reject", "hide", "restore", "archive", "answering", "answered", "reopen")
# (status before, action) -> (status after, progress after); every pair not listed is refused.
ALLOWED = {
    ("pending", "approve"): ("published", "open"),
    ("pending", "reject"): ("rejected", "open"),
    ("published", "hide"): ("hidden", "open"),
    ("published", "archive"): ("archived", "open"),
    ("published", "answering"): ("published", "answering"),
    ("published", "answered"): ("published", "answered"),
    ("published", "reopen"): ("published", "open"),
    ("hidden", "restore"): ("published", "open"),
    ("hidden", "archive"): ("archived", "open"),
    ("rejected", "restore"): ("published", "open"),
    ("archived", "restore"): ("published", "open"),
}
# how to bring a question from "pending" into each status
SETUP = {"pending": [], "published": ["approve"], "rejected": ["reject"],
         "hidden": ["approve", "hide"], "archived": ["approve", "archive"]}


@pytest.fixture
def premoderated(organizer, make_event):
    return make_event(organizer.id, premoderation=True)


@pytest.mark.parametrize("status", list(SETUP))
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_table(app, organizer, premoderated, make_question, moderate, status, action):
    qid = make_question(premoderated)
    for step in SETUP[status]:
        moderate(premoderated, organizer.id, qid, step)
    before = row(app, qid)
    assert before["status"] == status
    if (status, action) in ALLOWED:
        result = moderate(premoderated, organizer.id, qid, action)
        after = row(app, qid)
        assert (after["status"], after["progress"]) == ALLOWED[status, action]
        assert (result["status"], result["progress"]) == ALLOWED[status, action]
        assert (after["answered_at"] is not None) == (action == "answered")
    else:
        with pytest.raises(Conflict) as caught:
            moderate(premoderated, organizer.id, qid, action)
        assert caught.value.code == "invalid_transition"
        assert row(app, qid) == before


def test_approval_sets_published_at_once(app, organizer, premoderated, make_question, moderate):
    qid = make_question(premoderated)
    moderate(premoderated, organizer.id, qid, "approve")
    first = row(app, qid)["published_at"]
    assert first is not None
    moderate(premoderated, organizer.id, qid, "hide")
    moderate(premoderated, organizer.id, qid, "restore")
    assert row(app, qid)["published_at"] == first


def test_only_one_question_is_being_answered(app, organizer, event, make_question, moderate):
    first, second = make_question(event), make_question(event)
    moderate(event, organizer.id, first, "answering")
    moderate(event, organizer.id, second, "answering")
    assert row(app, first)["progress"] == "open"
    assert row(app, second)["progress"] == "answering"
    moderate(event, organizer.id, second, "answering")  # again: still exactly one
    assert row(app, second)["progress"] == "answering"


def test_answering_questions_of_different_events_do_not_interfere(app, organizer, make_event, make_question,
                                                                   moderate):
    a, b = make_event(organizer.id), make_event(organizer.id)
    qa, qb = make_question(a), make_question(b)
    moderate(a, organizer.id, qa, "answering")
    moderate(b, organizer.id, qb, "answering")
    assert row(app, qa)["progress"] == row(app, qb)["progress"] == "answering"


def test_hiding_the_question_being_answered_stops_answering(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    moderate(event, organizer.id, qid, "answering")
    moderate(event, organizer.id, qid, "hide")
    assert (row(app, qid)["status"], row(app, qid)["progress"]) == ("hidden", "open")
    moderate(event, organizer.id, make_question(event), "answering")  # slot is free


def test_edit_keeps_the_askers_original_wording(app, organizer, event, make_question):
    qid = make_question(event, "Wen does the librry open?")
    with app.app_context():
        questions.edit(code=event, user_id=organizer.id, question_id=qid, text="When does the library open?")
        result = questions.edit(code=event, user_id=organizer.id, question_id=qid,
                                text="When does the library open on Sundays?")
    stored = row(app, qid)
    assert stored["text"] == "When does the library open on Sundays?"
    assert stored["original_text"] == "Wen does the librry open?"
    assert stored["edited_at"] is not None
    assert result["edited"] is True and result["original_text"] == "Wen does the librry open?"


def test_edit_validates_text_like_asking(app, organizer, event, make_question):
    qid = make_question(event)
    before = row(app, qid)
    with app.app_context():
        for bad in ["", "x" * (app.config["QUESTION_MAX_LENGTH"] + 1), None]:
            with pytest.raises(InvalidInput):
                questions.edit(code=event, user_id=organizer.id, question_id=qid, text=bad)
    assert row(app, qid) == before


def test_unknown_or_malformed_action(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    before = row(app, qid)
    for action in ["delete", "", None, ["hide"], {"a": 1}]:
        with pytest.raises(InvalidInput) as caught:
            moderate(event, organizer.id, qid, action)
        assert caught.value.code == "unknown_action"
    with pytest.raises(NotFound):
        moderate(event, organizer.id, qid + 100, "hide")
    assert row(app, qid) == before


@pytest.mark.parametrize("who", ["attendee", "other organizer"])
def test_moderation_is_for_the_events_organizers_only(app, event, make_question, make_organizer, who):
    user_id = None if who == "attendee" else make_organizer()
    qid = make_question(event)
    before = row(app, qid)
    with app.app_context():
        with pytest.raises(Forbidden):
            questions.moderate(code=event, user_id=user_id, question_id=qid, action="hide")
        with pytest.raises(Forbidden):
            questions.edit(code=event, user_id=user_id, question_id=qid, text="Rewritten by someone else")
    assert row(app, qid) == before
