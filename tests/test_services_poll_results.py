"""Poll results: each kind's tally, who sees them when, confidentiality (unlinkable ballots, the
k threshold) and the moderation of text answers."""
import itertools
import json

import pytest
from polls_helpers import (
    ballot_rows,
    cast,
    create,
    event_id,
    freeze,
    make_open,
    moderator_view,
    open_poll,
    participations,
    room_view,
    run,
)
from sqlalchemy.exc import OperationalError

from townhall.errors import Conflict, NotFound
from townhall.extensions import db
from townhall.models import Attendee
from townhall.services import poll_results, polls, presence, snapshots


@pytest.fixture
def phones(event, make_attendee):
    """phones(n) -> n joined phones of ``event``."""
    return lambda n: [make_attendee(event) for _ in range(n)]


def results(app, code, user_id, poll_id) -> dict:
    return moderator_view(app, code, user_id, poll_id)["results"]


def vote_all(app, code, poll_id, phones, answers) -> None:
    for phone, answer in zip(phones, answers, strict=True):
        cast(app, code, phone, poll_id, answer)


# --- each kind's tally ---------------------------------------------------------------

@pytest.mark.parametrize("fields, answers, expected", [
    ({"kind": "single"}, [{"choice": 0}, {"choice": 2}, {"choice": 2}], {"counts": [1, 0, 2]}),
    ({"kind": "yesno"}, [{"choice": 0}, {"choice": 0}, {"choice": 2}, {"choice": 1}], {"counts": [2, 1, 1]}),
    ({"kind": "multiple", "max_choices": 2}, [{"choices": [0, 1]}, {"choices": [1]}, {"choices": [2, 1]}],
     {"counts": [1, 3, 1]}),
    ({"kind": "rating"}, [{"rating": 5}, {"rating": 4}, {"rating": 4}, {"rating": 1}],
     {"distribution": {"1": 1, "2": 0, "3": 0, "4": 2, "5": 1}, "average": 3.5}),
    ({"kind": "rating", "scale_min": 0, "scale_max": 2}, [{"rating": 0}, {"rating": 1}, {"rating": 1}],
     {"distribution": {"0": 1, "1": 2, "2": 0}, "average": 0.67}),
    # average rank: option 0 = (2+1+3)/3 = 2, option 1 = (1+2+1)/3 = 1.33, option 2 = (3+3+2)/3 = 2.67
    ({"kind": "ranking"}, [{"order": [1, 0, 2]}, {"order": [0, 1, 2]}, {"order": [1, 2, 0]}],
     {"average_rank": [2.0, 1.33, 2.67], "order": [1, 0, 2]}),
])
def test_each_kind_is_tallied(app, organizer, event, phones, fields, answers, expected):
    poll_id = make_open(app, event, organizer.id, **fields)
    vote_all(app, event, poll_id, phones(len(answers)), answers)
    assert results(app, event, organizer.id, poll_id) == expected
    assert room_view(app, event, poll_id)["results"] == expected  # live: the room sees the same
    assert room_view(app, event, poll_id)["ballots"] == len(answers)


@pytest.mark.parametrize("fields, empty", [
    ({"kind": "single"}, {"counts": [0, 0, 0]}),
    ({"kind": "rating", "scale_max": 3}, {"distribution": {"1": 0, "2": 0, "3": 0}, "average": None}),
    ({"kind": "ranking"}, {"average_rank": [None, None, None], "order": [0, 1, 2]}),
    ({"kind": "text"}, {"answers": [], "words": []}),
])
def test_results_before_any_ballot(app, organizer, event, fields, empty):
    poll_id = make_open(app, event, organizer.id, **fields)
    assert results(app, event, organizer.id, poll_id) == empty


def test_text_answers_make_a_list_and_a_word_cloud(app, organizer, event, phones, monkeypatch):
    clock = freeze(monkeypatch)
    poll_id = make_open(app, event, organizer.id, kind="text")
    texts = ["More trees in the park", "Trees! And benches.", "Safer bike lanes", "the park, the PARK, the park"]
    for phone, text in zip(phones(4), texts, strict=True):
        clock.tick(1)
        cast(app, event, phone, poll_id, {"text": text})
    got = results(app, event, organizer.id, poll_id)
    assert [a["text"] for a in got["answers"]] == texts[::-1]  # newest first
    assert all(set(a) == {"id", "text"} for a in got["answers"])
    # lowercase, 3+ letters, no stop words ("the", "and", "in", "more"), once per answer
    assert got["words"] == [["park", 2], ["trees", 2], ["benches", 1], ["bike", 1], ["lanes", 1], ["safer", 1]]


def test_the_word_cloud_keeps_the_top_40(app):
    texts = [" ".join(f"word{chr(97 + i)}x" for i in range(n)) for n in range(1, 27)] * 2
    texts += [" ".join(f"extra{chr(97 + i)}{chr(97 + j)}" for j in range(26)) for i in range(2)]
    words = poll_results.top_words(texts)
    assert len(words) == 40 and words[0] == ["wordax", 52] and words[1] == ["wordbx", 50]
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(words))


# --- who sees results --------------------------------------------------------------------

def visible(app, code, user_id, poll_id, phone, voter) -> tuple:
    """(room, phone that has not voted, phone that voted, moderators): do they get results?"""
    return (room_view(app, code, poll_id)["results"] is not None,
            room_view(app, code, poll_id, phone)["results"] is not None,
            room_view(app, code, poll_id, voter)["results"] is not None,
            moderator_view(app, code, user_id, poll_id)["results"] is not None)


@pytest.mark.parametrize("visibility, while_open, after_close, after_reveal", [
    ("live", (True, True, True, True), (True, True, True, True), (True, True, True, True)),
    ("after_vote", (False, False, True, True), (True, True, True, True), (True, True, True, True)),
    ("on_reveal", (False, False, False, True), (False, False, False, True), (True, True, True, True)),
])
def test_result_visibility_modes(app, organizer, event, phones, visibility, while_open, after_close, after_reveal):
    poll_id = make_open(app, event, organizer.id, visibility=visibility)
    phone, voter = phones(2)
    cast(app, event, voter, poll_id, {"choice": 1})
    assert visible(app, event, organizer.id, poll_id, phone, voter) == while_open
    assert room_view(app, event, poll_id)["ballots"] == 1  # turnout is always shown
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert visible(app, event, organizer.id, poll_id, phone, voter) == after_close
    run(app, polls.reveal, code=event, user_id=organizer.id, poll_id=poll_id)
    assert visible(app, event, organizer.id, poll_id, phone, voter) == after_reveal
    assert room_view(app, event, poll_id)["results"] == {"counts": [0, 1, 0]}


def test_reveal_while_open_shows_the_room_live_results(app, organizer, event, phones):
    poll_id = make_open(app, event, organizer.id, visibility="on_reveal")
    cast(app, event, phones(1)[0], poll_id, {"choice": 0})
    run(app, polls.reveal, code=event, user_id=organizer.id, poll_id=poll_id)
    assert room_view(app, event, poll_id)["results"] == {"counts": [1, 0, 0]}


def test_drafts_are_for_moderators_only(app, organizer, event, make_attendee):
    draft = create(app, event, organizer.id)
    phone = make_attendee(event)
    with app.app_context():
        assert snapshots.public_snapshot(code=event, attendee_id=phone[0], token=phone[1])["polls"] == []
        with pytest.raises(NotFound):
            poll_results.one_for(code=event, poll_id=draft, attendee_id=phone[0], token=phone[1])
        assert poll_results.one_for(code=event, poll_id=draft, user_id=organizer.id)["status"] == "draft"
    assert moderator_view(app, event, organizer.id, draft)["status"] == "draft"


def test_a_phone_knows_which_polls_it_voted_in(app, organizer, event, make_attendee):
    first, second = make_open(app, event, organizer.id), make_open(app, event, organizer.id)
    phone = make_attendee(event)
    cast(app, event, phone, second, {"choice": 0})
    with app.app_context():
        snapshot = snapshots.public_snapshot(code=event, attendee_id=phone[0], token=phone[1])
        assert snapshot["me"]["polls_voted"] == [second]
        listed = poll_results.list_for(code=event, attendee_id=phone[0], token=phone[1])
        assert [(p["id"], p["voted"]) for p in listed["polls"]] == [(first, False), (second, True)]
        assert "voted" not in poll_results.list_for(code=event)["polls"][0]


def test_turnout_counts_connected_phones(app, organizer, event, phones):
    poll_id = make_open(app, event, organizer.id)
    ana, ben, _cem = phones(3)
    the_event = event_id(app, event)
    with app.app_context():
        for sid, attendee_id, audience in (("a1", ana[0], "attendee"), ("a2", ana[0], "attendee"),
                                           ("b1", ben[0], "attendee"), ("p1", None, "projector")):
            presence.connected(sid=sid, event_id=the_event, attendee_id=attendee_id, audience=audience)
    cast(app, event, ana, poll_id, {"choice": 0})
    view = room_view(app, event, poll_id)
    assert (view["ballots"], view["present"]) == (1, 2)


# --- confidentiality ------------------------------------------------------------------------

def test_a_confidential_ballot_cannot_be_linked_to_its_voter(app, organizer, event, phones, monkeypatch):
    freeze(monkeypatch)  # 19:00:37.5
    poll_id = make_open(app, event, organizer.id, confidential=True)
    open_ballot = make_open(app, event, organizer.id)
    voters = phones(6)
    for phone in voters:
        cast(app, event, phone, poll_id, {"choice": 1})
        cast(app, event, phone, open_ballot, {"choice": 1})
    rows = ballot_rows(app, poll_id)
    assert len(rows) == 6 and participations(app, poll_id) == sorted(a for a, _t in voters)
    with app.app_context():
        secrets = [(a.id, a.token_hash) for a in db.session.query(Attendee)]
    for row in rows:
        assert row["attendee_id"] is None
        assert len(row["id"]) == 32 and int(row["id"], 16) >= 0  # random hex, not a counter
        assert row["submitted_at"].second == 0 and row["submitted_at"].microsecond == 0
        dumped = json.dumps(row, default=str)
        for _attendee_id, token_hash in secrets:
            assert token_hash not in dumped
    for phone in voters:
        assert not any(phone[1] in json.dumps(row, default=str) for row in rows)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":  # no hidden insertion order either (PostgreSQL: SECURITY.md)
            with pytest.raises(OperationalError):
                db.session.execute(db.text("SELECT rowid FROM ballots")).all()
    # an ordinary poll keeps who voted what and the exact time
    plain = ballot_rows(app, open_ballot)
    assert sorted(r["attendee_id"] for r in plain) == sorted(a for a, _t in voters)
    assert {r["submitted_at"].second for r in plain} == {37}


def test_confidential_results_are_suppressed_below_k_for_everyone(app, organizer, event, phones):
    poll_id = make_open(app, event, organizer.id, confidential=True, k_threshold=3)
    first, second = phones(2)
    cast(app, event, first, poll_id, {"choice": 0})
    cast(app, event, second, poll_id, {"choice": 2})
    assert results(app, event, organizer.id, poll_id) == {"suppressed": True}
    assert room_view(app, event, poll_id)["results"] == {"suppressed": True}
    assert room_view(app, event, poll_id)["ballots"] == 2
    with app.app_context():
        tally = poll_results.tallies(event_id(app, event), [poll_id])
    assert [m["results"] for m in tally["moderators"] + tally["public"]] == [{"suppressed": True}] * 2
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert results(app, event, organizer.id, poll_id) == {"suppressed": True}  # closing changes nothing


def test_confidential_results_appear_at_k_ballots(app, organizer, event, phones):
    poll_id = make_open(app, event, organizer.id, confidential=True)  # k = 5 by default
    voters = phones(5)
    vote_all(app, event, poll_id, voters[:4], [{"choice": 0}] * 4)
    assert results(app, event, organizer.id, poll_id) == {"suppressed": True}
    cast(app, event, voters[4], poll_id, {"choice": 1})
    assert results(app, event, organizer.id, poll_id) == {"counts": [4, 1, 0]}


def test_confidential_text_answers_are_suppressed_too(app, organizer, event, phones):
    poll_id = make_open(app, event, organizer.id, kind="text", confidential=True, k_threshold=2)
    ana, ben = phones(2)
    cast(app, event, ana, poll_id, {"text": "Fix the potholes"})
    view = moderator_view(app, event, organizer.id, poll_id)
    assert view["results"] == {"suppressed": True} and "potholes" not in json.dumps(view)
    cast(app, event, ben, poll_id, {"text": "Potholes first"})
    assert results(app, event, organizer.id, poll_id)["words"][0] == ["potholes", 2]


# --- moderating text answers --------------------------------------------------------------------

def test_a_hidden_answer_leaves_the_list_and_the_word_cloud(app, organizer, event, phones):
    poll_id = make_open(app, event, organizer.id, kind="text")
    ana, ben = phones(2)
    cast(app, event, ana, poll_id, {"text": "Parks parks"})
    cast(app, event, ben, poll_id, {"text": "Rude words here"})
    rude = next(a["id"] for a in results(app, event, organizer.id, poll_id)["answers"] if a["text"].startswith("Rude"))
    view = run(app, polls.moderate_answer, code=event, user_id=organizer.id, poll_id=poll_id, answer_id=rude,
               action="hide")
    assert {"id": rude, "text": "Rude words here", "hidden": True} in view["results"]["answers"]
    room = room_view(app, event, poll_id)["results"]
    assert room == {"answers": [{"id": room["answers"][0]["id"], "text": "Parks parks"}], "words": [["parks", 1]]}
    assert view["results"]["words"] == [["parks", 1]]  # the moderators see the room's word cloud
    with pytest.raises(Conflict):
        run(app, polls.moderate_answer, code=event, user_id=organizer.id, poll_id=poll_id, answer_id=rude,
            action="hide")
    run(app, polls.moderate_answer, code=event, user_id=organizer.id, poll_id=poll_id, answer_id=rude, action="show")
    assert len(room_view(app, event, poll_id)["results"]["answers"]) == 2


def test_premoderated_answers_wait_for_approval(app, organizer, make_event, make_attendee):
    code = make_event(organizer.id, premoderation=True)
    poll_id = make_open(app, code, organizer.id, kind="text")
    cast(app, code, make_attendee(code), poll_id, {"text": "Open the pool on Sundays"})
    (answer,) = results(app, code, organizer.id, poll_id)["answers"]
    assert answer["hidden"] is True and answer["pending"] is True
    assert room_view(app, code, poll_id)["results"] == {"answers": [], "words": []}
    assert room_view(app, code, poll_id)["ballots"] == 1
    run(app, polls.moderate_answer, code=code, user_id=organizer.id, poll_id=poll_id, answer_id=answer["id"],
        action="show")
    assert room_view(app, code, poll_id)["results"]["answers"] == [{"id": answer["id"],
                                                                   "text": "Open the pool on Sundays"}]


def test_only_text_answers_of_this_poll_can_be_moderated(app, organizer, event, phones):
    text_poll = make_open(app, event, organizer.id, kind="text")
    other = make_open(app, event, organizer.id, kind="text")
    choice = make_open(app, event, organizer.id)
    ana, ben = phones(2)
    cast(app, event, ana, text_poll, {"text": "Hello"})
    cast(app, event, ben, choice, {"choice": 0})
    answer_id = ballot_rows(app, text_poll)[0]["id"]
    for poll_id, answer in ((other, answer_id), (choice, ballot_rows(app, choice)[0]["id"]), (text_poll, "nope")):
        with pytest.raises(NotFound) as error:
            run(app, polls.moderate_answer, code=event, user_id=organizer.id, poll_id=poll_id, answer_id=answer,
                action="hide")
        assert error.value.code == "answer_not_found"


def test_the_answers_of_a_draft_poll_stay_unseen_after_open(app, organizer, event):
    poll_id = create(app, event, organizer.id, kind="text", visibility="on_reveal")
    open_poll(app, event, organizer.id, poll_id)
    assert room_view(app, event, poll_id)["results"] is None


def test_the_word_cloud_cuts_chinese_answers_into_words(app):
    """Chinese has no spaces: the two-character answer 热闹 ("lively") is one word, and it counts
    wherever it appears in a longer answer; particles and pronouns do not."""
    texts = ["热闹", "今天的会议很热闹", "我们希望公园早点开放", "公园的停车位不够", "The park is lively"]
    words = dict(poll_results.top_words(texts))
    assert words["热闹"] == 2
    assert words["公园"] == 2
    assert words["停车位"] == 1 and words["park"] == 1 and words["lively"] == 1
    assert not {"我们", "的", "很", "今天的会议很热闹"} & set(words)
