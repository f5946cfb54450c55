"""What clients fetch: snapshots, the anonymity of anonymous questions, sequence numbers, stats."""
import json

import pytest
from helpers import question_row
from helpers import stored_seq as seq

from townhall.extensions import db
from townhall.models import Attendee
from townhall.services import events, questions, snapshots
from townhall.services.secrets import token_hash


def public(app, code, asker=(None, None)):
    with app.app_context():
        return snapshots.public_snapshot(code=code, attendee_id=asker[0], token=asker[1])


# --- anonymity -------------------------------------------------------------------

def test_anonymous_question_is_not_stored_linked_to_its_asker(app, event, make_attendee, make_question):
    asker = make_attendee(event, name="Ana Lima")
    attendee_id, token = asker
    qid = make_question(event, "Who pays for the new bridge?", asker=asker, anonymous=True)
    stored = question_row(app, qid)
    assert stored["attendee_id"] is None and stored["author_name"] is None and stored["is_anonymous"]
    with app.app_context():
        hashed = db.session.get(Attendee, attendee_id).token_hash
    text_values = [str(v) for k, v in stored.items() if isinstance(v, str)]
    for secret in (token, hashed, "Ana Lima"):
        assert not any(secret in value for value in text_values), (secret, stored)
    assert hashed == token_hash(token)


def test_only_the_askers_phone_recognises_its_anonymous_question(app, event, make_attendee, make_question):
    asker, other = make_attendee(event), make_attendee(event)
    qid = make_question(event, asker=asker, anonymous=True)
    named = make_question(event, asker=asker)
    assert public(app, event, asker)["me"]["mine"] == [qid, named]
    assert public(app, event, other)["me"]["mine"] == []


def test_public_snapshot_never_names_anonymous_askers_or_ids(app, event, make_attendee, make_question):
    asker = make_attendee(event, name="Ana Lima")
    make_question(event, "Anonymous one", asker=asker, anonymous=True)
    snapshot = public(app, event)
    (question,) = snapshot["questions"]
    assert question["author"] is None and question["anonymous"] is True
    dumped = json.dumps(snapshot)
    assert "Ana Lima" not in dumped and "attendee_id" not in dumped and "author_tag" not in dumped


def test_snapshot_me_lists_own_votes_and_ignores_a_forged_token(app, event, make_attendee, make_question):
    voter = make_attendee(event)
    first, second = make_question(event), make_question(event)
    with app.app_context():
        questions.vote(code=event, attendee_id=voter[0], token=voter[1], question_id=second)
    assert public(app, event, voter)["me"]["voted"] == [second]
    assert public(app, event, (voter[0], "forged"))["me"] is None
    assert public(app, event)["me"] is None
    assert {q["id"]: q["votes"] for q in public(app, event)["questions"]} == {first: 0, second: 1}


# --- what each audience sees --------------------------------------------------------

def test_public_snapshot_holds_only_published_questions(app, organizer, make_event, make_question, moderate):
    code = make_event(organizer.id, premoderation=True)
    ids = {name: make_question(code, f"Question {name}") for name in ("pending", "published", "hidden", "rejected")}
    moderate(code, organizer.id, ids["published"], "approve")
    moderate(code, organizer.id, ids["hidden"], "approve")
    moderate(code, organizer.id, ids["hidden"], "hide")
    moderate(code, organizer.id, ids["rejected"], "reject")
    snapshot = public(app, code)
    assert [q["text"] for q in snapshot["questions"]] == ["Question published"]
    with app.app_context():
        moderator_view = snapshots.moderator_snapshot(code=code, user_id=organizer.id)
    assert {q["id"]: q["status"] for q in moderator_view["questions"]} == {v: k for k, v in ids.items()}
    assert moderator_view["stats"]["by_status"] == {"pending": 1, "published": 1, "hidden": 1, "rejected": 1}


def test_moderator_snapshot_is_for_the_owner_only(app, event, make_organizer):
    from townhall.errors import Forbidden

    with app.app_context():
        with pytest.raises(Forbidden):
            snapshots.moderator_snapshot(code=event, user_id=make_organizer())


def test_stats_count_questions_votes_and_joined(app, event, make_attendee, make_question):
    voters = [make_attendee(event) for _ in range(3)]
    qid = make_question(event)  # its asker joins too: 4 joined
    for attendee_id, token in voters:
        with app.app_context():
            questions.vote(code=event, attendee_id=attendee_id, token=token, question_id=qid)
    with app.app_context():
        stats = snapshots.stats(events.get_event(event).id)
    assert (stats["joined"], stats["questions"], stats["votes"], stats["connected"]) == (4, 1, 3, 0)


# --- sequence numbers --------------------------------------------------------------

def test_seq_advances_by_exactly_one_per_structural_change(app, organizer, event, make_attendee, make_question,
                                                          moderate):
    voter = make_attendee(event)
    assert seq(app, event) == 0
    qid = make_question(event)
    assert seq(app, event) == 1
    other = make_question(event)
    assert seq(app, event) == 2
    moderate(event, organizer.id, qid, "answering")
    assert seq(app, event) == 3
    moderate(event, organizer.id, other, "answering")  # moves two questions: still one change
    assert seq(app, event) == 4
    with app.app_context():
        questions.edit(code=event, user_id=organizer.id, question_id=qid, text="Reworded")
        assert seq(app, event) == 5
        questions.edit(code=event, user_id=organizer.id, question_id=qid, text="Reworded")  # no change
        assert seq(app, event) == 5
        events.update_event(code=event, user_id=organizer.id, title="New title")
        assert seq(app, event) == 6
        questions.vote(code=event, attendee_id=voter[0], token=voter[1], question_id=other)  # tallies: no seq
        questions.unvote(code=event, attendee_id=voter[0], token=voter[1], question_id=other)
    assert seq(app, event) == 6 == public(app, event)["seq"]


def test_failed_use_case_does_not_advance_seq(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    from townhall.errors import Conflict

    with pytest.raises(Conflict):
        moderate(event, organizer.id, qid, "approve")  # already published
    assert seq(app, event) == 1


def test_seq_is_per_event(app, organizer, make_event, make_question):
    a, b = make_event(organizer.id), make_event(organizer.id)
    make_question(a)
    make_question(a)
    assert (seq(app, a), seq(app, b)) == (2, 0)
