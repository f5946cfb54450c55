"""Moderation at the service level: a moderator's edit is checked against the blocklist (the term shown, not
held again); a ban keyed by attendee survives the phone joining again with the same identity; the vote batches
refuse a banned phone."""
import pytest
from helpers import question_row

from townhall.errors import Forbidden
from townhall.services import bans, questions


def test_a_moderators_edit_shows_the_term_but_is_not_held_again(app, event, organizer, make_question, call):
    question_id = make_question(event, "When does the park open?")
    edited = call(questions.edit, code=event, user_id=organizer.id, question_id=question_id,
                  text="When does the damn casino open?")
    assert edited["blocklist_term"] == "casino" and edited["status"] == "published"
    cleaned = call(questions.edit, code=event, user_id=organizer.id, question_id=question_id, text="When, then?")
    assert cleaned["blocklist_term"] is None


def test_a_banned_phone_is_refused_in_the_vote_batch_and_on_asking_again(app, event, organizer, make_attendee,
                                                                        make_question, call):
    troll = make_attendee(event, name="Troll")
    other = make_attendee(event, name="Ben")
    asked = make_question(event, "Spam: viagra", asker=troll)
    target = make_question(event, "A fair question", asker=other)
    call(bans.ban, code=event, user_id=organizer.id, question_id=asked, reason="spam")
    with pytest.raises(Forbidden) as refused:
        call(questions.vote, code=event, attendee_id=troll[0], token=troll[1], question_id=target)
    assert refused.value.code == "banned"
    assert question_row(app, target)["vote_count"] == 0
    with pytest.raises(Forbidden) as again:
        call(questions.ask, code=event, attendee_id=troll[0], token=troll[1], text="Hello again")
    assert again.value.code == "banned"
