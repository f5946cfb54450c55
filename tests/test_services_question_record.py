"""What the minutes need about questions and attendance: moderation reasons, merged duplicates,
the answer and next step of each question, and the peak number of phones connected."""
from types import SimpleNamespace

import pytest
from helpers import question_row as row
from sqlalchemy import select

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import MODERATION_REASONS, Event, Question, Vote
from townhall.services import merge, presence, questions, roles, snapshots, vote_batches


def call(app, fn, **kwargs):
    with app.app_context():
        return fn(**kwargs)


def vote(app, code, voter, question_id):
    attendee_id, token = voter
    return call(app, questions.vote, code=code, attendee_id=attendee_id, token=token, question_id=question_id)


def voters_of(app, question_id) -> list[int]:
    with app.app_context():
        return sorted(db.session.execute(select(Vote.attendee_id).where(Vote.question_id == question_id)).scalars())


def everything(app) -> tuple:
    """Every question row and every vote: what "nothing changed" compares."""
    with app.app_context():
        qs = [{c.name: getattr(q, c.name) for c in Question.__table__.columns}
              for q in db.session.query(Question).order_by(Question.id)]
        votes = sorted(db.session.query(Vote.question_id, Vote.attendee_id).all())
        seq = sorted(db.session.query(Event.id, Event.seq).all())
        return qs, votes, seq


@pytest.fixture
def premoderated(organizer, make_event):
    return make_event(organizer.id, premoderation=True)


# --- moderation reasons ---------------------------------------------------------------------

@pytest.mark.parametrize("reason", MODERATION_REASONS)
def test_hide_and_reject_store_the_reason(app, organizer, premoderated, make_question, reason):
    hidden, rejected = make_question(premoderated), make_question(premoderated)
    call(app, questions.moderate, code=premoderated, user_id=organizer.id, question_id=hidden, action="approve")
    result = call(app, questions.moderate, code=premoderated, user_id=organizer.id, question_id=hidden,
                  action="hide", reason=reason)
    call(app, questions.moderate, code=premoderated, user_id=organizer.id, question_id=rejected,
         action="reject", reason=reason)
    assert result["moderation_reason"] == reason and result["status"] == "hidden"
    assert row(app, hidden)["moderation_reason"] == row(app, rejected)["moderation_reason"] == reason


def test_a_reason_is_optional(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    assert moderate(event, organizer.id, qid, "hide")["moderation_reason"] is None
    assert row(app, qid)["status"] == "hidden"


@pytest.mark.parametrize("reason", ["rude", "", "OFF_TOPIC", 3, ["spam"], {"reason": "spam"}, True])
def test_an_unknown_reason_is_refused_and_changes_nothing(app, organizer, event, make_question, reason):
    qid = make_question(event)
    before = everything(app)
    with pytest.raises(InvalidInput) as caught:
        call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action="hide", reason=reason)
    assert (caught.value.code, caught.value.field, caught.value.status) == ("invalid_reason", "reason", 400)
    assert everything(app) == before


@pytest.mark.parametrize("action", ["approve", "restore", "archive", "answering", "answered", "reopen"])
def test_a_reason_with_another_action_is_refused(app, organizer, event, make_question, action):
    qid = make_question(event)
    before = everything(app)
    with pytest.raises(InvalidInput) as caught:
        call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action=action, reason="spam")
    assert (caught.value.code, caught.value.field) == ("reason_not_allowed", "reason")
    assert everything(app) == before


def test_restore_clears_the_reason_and_archive_keeps_it(app, organizer, event, make_question):
    first, second = make_question(event), make_question(event)
    for qid in (first, second):
        call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action="hide",
             reason="offensive")
    call(app, questions.moderate, code=event, user_id=organizer.id, question_id=first, action="restore")
    call(app, questions.moderate, code=event, user_id=organizer.id, question_id=second, action="archive")
    assert (row(app, first)["status"], row(app, first)["moderation_reason"]) == ("published", None)
    assert (row(app, second)["status"], row(app, second)["moderation_reason"]) == ("archived", "offensive")


def test_the_room_never_sees_the_reason(app, organizer, event, make_attendee, make_question):
    asker = make_attendee(event)
    qid = make_question(event, "Rude words", asker=asker)
    call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action="hide",
         reason="offensive")
    room = call(app, snapshots.public_snapshot, code=event, attendee_id=asker[0], token=asker[1])
    (own,) = room["me"]["own"]
    assert own["status"] == "hidden" and "moderation_reason" not in own and "offensive" not in str(room)


# --- merging duplicates ----------------------------------------------------------------------

@pytest.fixture
def people(make_attendee, event):
    return {name: make_attendee(event, name=name) for name in ("Ana", "Ben", "Cai", "Dee", "Eve")}


def test_merge_moves_the_voters_once_each(app, organizer, event, people, make_question):
    target = make_question(event, "When will the river park open?", asker=people["Ana"])
    duplicate = make_question(event, "Opening date of the river park?", asker=people["Ben"])
    for name in ("Cai", "Dee"):
        vote(app, event, people[name], target)
    for name in ("Cai", "Eve", "Ana"):  # Cai supports both; Ana is the target's own author
        vote(app, event, people[name], duplicate)

    result = call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)

    ids = {name: p[0] for name, p in people.items()}
    assert voters_of(app, target) == sorted([ids["Cai"], ids["Dee"], ids["Eve"]])  # union, never Ana
    assert voters_of(app, duplicate) == []
    assert row(app, target)["vote_count"] == 3
    dup = row(app, duplicate)
    assert (dup["status"], dup["merged_into_id"], dup["vote_count"]) == ("merged", target, 0)
    assert result["question"]["status"] == "merged" and result["question"]["merged_into_id"] == target
    assert result["into"]["id"] == target and result["into"]["votes"] == 3
    stats = call(app, snapshots.stats, event_id=event_id(app, event))
    assert stats["votes"] == 3 and stats["by_status"] == {"published": 1, "merged": 1}


def test_a_vote_racing_a_merge_never_lands_on_the_merged_question(app, organizer, event, people, make_question,
                                                                 monkeypatch):
    """On PostgreSQL a merge may commit between the vote reading the question (still published) and
    writing. Here the merge has committed and the vote's read is made to see the question as it was."""
    target, duplicate = make_question(event, asker=people["Ana"]), make_question(event, asker=people["Ben"])
    vote(app, event, people["Eve"], duplicate)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    before = everything(app)
    read = vote_batches._questions

    def as_before_the_merge(conn, ids):
        rows = read(conn, ids)
        return {qid: SimpleNamespace(**{**row._asdict(), "status": "published"}) for qid, row in rows.items()}

    monkeypatch.setattr(vote_batches, "_questions", as_before_the_merge)
    with pytest.raises(NotFound) as caught:
        vote(app, event, people["Cai"], duplicate)
    assert caught.value.code == "question_not_found"
    assert everything(app) == before  # refused whole: no vote on a merged question, no count on it


def test_moved_votes_keep_their_time(app, organizer, event, people, make_question):
    target, duplicate = make_question(event, asker=people["Ana"]), make_question(event, asker=people["Ben"])
    vote(app, event, people["Eve"], duplicate)
    with app.app_context():
        cast_at = db.session.query(Vote.created_at).filter_by(question_id=duplicate).scalar()
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    with app.app_context():
        assert db.session.query(Vote.created_at).filter_by(question_id=target).scalar() == cast_at


def test_a_pending_duplicate_can_be_merged(app, organizer, premoderated, make_question):
    target = make_question(premoderated, "Bus line 4?")
    call(app, questions.moderate, code=premoderated, user_id=organizer.id, question_id=target, action="approve")
    duplicate = make_question(premoderated, "What about bus 4?")
    call(app, merge.merge, code=premoderated, user_id=organizer.id, question_id=duplicate, into_id=target)
    assert row(app, duplicate)["status"] == "merged"


def test_after_the_merge_voters_follow_the_target(app, organizer, event, people, make_question):
    target, duplicate = make_question(event, asker=people["Ana"]), make_question(event, asker=people["Ben"])
    vote(app, event, people["Eve"], duplicate)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    with pytest.raises(NotFound):  # the duplicate is gone from the room
        vote(app, event, people["Cai"], duplicate)
    with pytest.raises(Conflict) as caught:  # Eve's vote is on the target now
        vote(app, event, people["Eve"], target)
    assert caught.value.code == "already_voted"
    room = call(app, snapshots.public_snapshot, code=event, attendee_id=people["Eve"][0], token=people["Eve"][1])
    assert [q["id"] for q in room["questions"]] == [target] and room["me"]["voted"] == [target]


def test_the_asker_of_a_duplicate_sees_where_it_went(app, organizer, event, people, make_question):
    target = make_question(event, asker=people["Ana"])
    duplicate = make_question(event, "Same again", asker=people["Ben"], anonymous=True)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    ben = people["Ben"]
    room = call(app, snapshots.public_snapshot, code=event, attendee_id=ben[0], token=ben[1])
    assert room["me"]["mine"] == [duplicate]
    (own,) = room["me"]["own"]
    assert (own["id"], own["status"], own["merged_into_id"], own["author"]) == (duplicate, "merged", target, None)
    moderator = call(app, snapshots.moderator_snapshot, code=event, user_id=organizer.id)
    merged = next(q for q in moderator["questions"] if q["id"] == duplicate)
    assert merged["status"] == "merged" and merged["merged_into_id"] == target


@pytest.mark.parametrize("action", list(questions.TRANSITIONS))
def test_a_merged_question_is_final(app, organizer, event, make_question, action):
    target, duplicate = make_question(event), make_question(event)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    before = everything(app)
    with pytest.raises(Conflict) as caught:
        call(app, questions.moderate, code=event, user_id=organizer.id, question_id=duplicate, action=action)
    assert caught.value.code == "invalid_transition"
    assert everything(app) == before


def _merge_error(app, code, user_id, question_id, into_id):
    before = everything(app)
    with pytest.raises((InvalidInput, NotFound, Conflict, Forbidden)) as caught:
        call(app, merge.merge, code=code, user_id=user_id, question_id=question_id, into_id=into_id)
    assert everything(app) == before, "a refused merge changed something"
    return caught.value


def test_merge_errors_change_nothing(app, organizer, event, people, make_question, make_event, moderate):
    target = make_question(event, asker=people["Ana"])
    duplicate = make_question(event, asker=people["Ben"])
    vote(app, event, people["Eve"], duplicate)
    elsewhere = make_question(make_event(organizer.id))
    hidden, answered, answering = make_question(event), make_question(event), make_question(event)
    moderate(event, organizer.id, hidden, "hide")
    moderate(event, organizer.id, answered, "answered")
    moderate(event, organizer.id, answering, "answering")
    merged = make_question(event)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=merged, into_id=target)

    cases = [
        (duplicate, duplicate, InvalidInput, "merge_into_self", 400),
        (duplicate, "2", InvalidInput, "invalid_input", 400),
        (duplicate, None, InvalidInput, "invalid_input", 400),
        (duplicate, 2**40, InvalidInput, "invalid_input", 400),
        (duplicate, elsewhere, NotFound, "target_not_found", 404),
        (duplicate, 9999, NotFound, "target_not_found", 404),
        (duplicate, hidden, Conflict, "target_not_published", 409),
        (duplicate, merged, Conflict, "target_merged", 409),
        (merged, target, Conflict, "already_merged", 409),
        (answered, target, Conflict, "question_answered", 409),
        (answering, target, Conflict, "question_answering", 409),
        (elsewhere, target, NotFound, "question_not_found", 404),
        ("1", target, InvalidInput, "invalid_input", 400),
    ]
    for question_id, into_id, kind, code, status in cases:
        error = _merge_error(app, event, organizer.id, question_id, into_id)
        assert (type(error), error.code, error.status) == (kind, code, status), (question_id, into_id)
    assert _merge_error(app, event, organizer.id, duplicate, hidden).field == "into_id"


def test_only_those_who_moderate_questions_may_merge(app, organizer, event, make_question, make_organizer):
    target, duplicate = make_question(event), make_question(event)
    nora = make_organizer(email="nora@example.com", name="Nora Notes")
    call(app, roles.add_member, code=event, user_id=organizer.id, email="nora@example.com", role="note_taker")
    assert _merge_error(app, event, nora, duplicate, target).code == "forbidden"
    assert _merge_error(app, event, None, duplicate, target).code == "forbidden"


# --- answer text and next step ---------------------------------------------------------------

def edit(app, code, user_id, qid, **changes):
    return call(app, questions.edit, code=code, user_id=user_id, question_id=qid, **changes)


def test_the_answer_is_recorded_while_answering_and_shown_to_the_room_once_answered(app, organizer, event,
                                                                                      make_question, moderate):
    qid = make_question(event)
    moderate(event, organizer.id, qid, "answering")
    result = edit(app, event, organizer.id, qid, answer_text="  Next spring,\r\nafter the\u200b survey.  ")
    assert result["answer_text"] == "Next spring,\nafter the survey."
    assert row(app, qid)["answer_text"] == "Next spring,\nafter the survey."
    room = call(app, snapshots.public_snapshot, code=event)
    assert room["questions"][0]["answer_text"] is None  # not answered yet: the room waits
    moderate(event, organizer.id, qid, "answered")
    room = call(app, snapshots.public_snapshot, code=event)
    assert room["questions"][0]["answer_text"] == "Next spring,\nafter the survey."
    assert "next_step" not in room["questions"][0]


def test_the_answered_action_can_carry_the_answer(app, organizer, event, make_question):
    qid = make_question(event)
    result = call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action="answered",
                  answer_text="Yes, from June.")
    assert (result["progress"], result["answer_text"]) == ("answered", "Yes, from June.")
    assert row(app, qid)["answer_text"] == "Yes, from June."


@pytest.mark.parametrize("action", ["answering", "hide", "reopen", "archive"])
def test_the_answer_goes_only_with_the_answered_action(app, organizer, event, make_question, action):
    qid = make_question(event)
    before = everything(app)
    with pytest.raises(InvalidInput) as caught:
        call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action=action,
             answer_text="An answer")
    assert (caught.value.code, caught.value.field) == ("answer_not_allowed", "answer_text")
    assert everything(app) == before


def test_an_open_question_has_no_answer_yet(app, organizer, event, make_question):
    qid = make_question(event)
    before = everything(app)
    with pytest.raises(Conflict) as caught:
        edit(app, event, organizer.id, qid, answer_text="Too early")
    assert (caught.value.code, caught.value.status) == ("not_answering", 409)
    assert everything(app) == before


def test_answer_and_next_step_are_validated(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    moderate(event, organizer.id, qid, "answered")
    before = everything(app)
    bad = [{"answer_text": "x" * (questions.ANSWER_MAX_LENGTH + 1)}, {"answer_text": 5}, {"answer_text": ["x"]},
           {"next_step": "x" * (questions.NEXT_STEP_MAX_LENGTH + 1)}, {"next_step": {"a": 1}},
           {"text": "fine", "answer_text": 7}]
    for changes in bad:
        with pytest.raises(InvalidInput):
            edit(app, event, organizer.id, qid, **changes)
        assert everything(app) == before, changes
    edit(app, event, organizer.id, qid, answer_text="y" * questions.ANSWER_MAX_LENGTH)
    assert len(row(app, qid)["answer_text"]) == questions.ANSWER_MAX_LENGTH


def test_next_step_is_set_and_an_empty_string_clears_both(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    result = edit(app, event, organizer.id, qid, next_step="Written reply within 14 days")
    assert result["next_step"] == "Written reply within 14 days"
    moderate(event, organizer.id, qid, "answered")
    edit(app, event, organizer.id, qid, answer_text="Done")
    edit(app, event, organizer.id, qid, answer_text="", next_step="")
    assert (row(app, qid)["answer_text"], row(app, qid)["next_step"]) == (None, None)
    edit(app, event, organizer.id, qid, answer_text=None)  # null clears too
    assert row(app, qid)["answer_text"] is None


def test_answer_and_next_step_do_not_mark_the_question_edited(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    moderate(event, organizer.id, qid, "answering")
    result = edit(app, event, organizer.id, qid, answer_text="Soon", next_step="Follow-up by mail")
    assert result["edited"] is False and row(app, qid)["edited_at"] is None


def test_unchanged_answer_does_not_advance_the_sequence(app, organizer, event, make_question, moderate):
    qid = make_question(event)
    moderate(event, organizer.id, qid, "answering")
    edit(app, event, organizer.id, qid, answer_text="Same")
    before = everything(app)
    edit(app, event, organizer.id, qid, answer_text="Same ")
    assert everything(app) == before


def test_a_merged_question_takes_no_next_step(app, organizer, event, make_question):
    target, duplicate = make_question(event), make_question(event)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    with pytest.raises(Conflict) as caught:
        edit(app, event, organizer.id, duplicate, next_step="Reply by mail")
    assert caught.value.code == "question_merged"


def test_only_moderators_record_answers(app, organizer, event, make_question, make_organizer, moderate):
    qid = make_question(event)
    moderate(event, organizer.id, qid, "answered")
    stranger = make_organizer(email="someone@example.com")
    with pytest.raises(Forbidden):
        edit(app, event, stranger, qid, answer_text="Mine")
    assert row(app, qid)["answer_text"] is None


# --- peak connected -------------------------------------------------------------------------

def peak(app, code) -> int:
    """The stored peak once presence's timer has written it (at most PEAK_SECONDS later)."""
    with app.app_context():
        presence.write_peaks()
        return db.session.query(Event.peak_connected).filter_by(code=code).scalar()


def event_id(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.id).filter_by(code=code).scalar()


def test_peak_connected_rises_and_never_falls(app, event, make_attendee, organizer):
    eid = event_id(app, event)
    ana, ben, cai = (make_attendee(event)[0] for _ in range(3))
    sockets = [("s1", ana), ("s2", ana), ("s3", ben)]  # Ana has two tabs: one person
    for sid, attendee_id in sockets:
        call(app, presence.connected, sid=sid, event_id=eid, audience="attendee", attendee_id=attendee_id)
    assert peak(app, event) == 2
    call(app, presence.connected, sid="m1", event_id=eid, audience="moderator", user_id=organizer.id)
    call(app, presence.connected, sid="p1", event_id=eid, audience="projector")
    call(app, presence.connected, sid="r1", event_id=eid, audience="attendee")  # a reader who has not joined
    assert peak(app, event) == 2
    for sid in ("s1", "s2", "s3"):
        call(app, presence.disconnected, sid=sid)
    assert peak(app, event) == 2
    call(app, presence.connected, sid="s4", event_id=eid, audience="attendee", attendee_id=cai)
    assert peak(app, event) == 2  # one now, the peak stays
    call(app, presence.reset)  # a restart's clean-up of organizer rows leaves the peak alone
    assert peak(app, event) == 2
    stats = call(app, snapshots.stats, event_id=eid)
    assert (stats["connected"], stats["peak_connected"]) == (1, 2)


def test_peak_is_per_event(app, organizer, event, make_event, make_attendee):
    other = make_event(organizer.id)
    call(app, presence.connected, sid="a", event_id=event_id(app, event), audience="attendee",
         attendee_id=make_attendee(event)[0])
    assert (peak(app, event), peak(app, other)) == (1, 0)
