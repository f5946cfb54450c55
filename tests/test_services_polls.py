"""Polls at the service level: preparing, running, ballots (one per phone, changes, the race with
the close) and closing on time. Results and who sees them: test_services_poll_results.py."""
import threading

import pytest
from polls_helpers import (
    CHOICES,
    ballot_rows,
    cast,
    create,
    freeze,
    make_open,
    moderator_view,
    open_poll,
    participations,
    poll_row,
    room_view,
    run,
    seq,
)
from records_helpers import give_role, run_together

from townhall.errors import Conflict, EventClosed, Forbidden, InvalidInput, NotAuthenticated, NotFound
from townhall.extensions import socketio
from townhall.services import agenda, events, polls


@pytest.fixture
def clock(monkeypatch):
    return freeze(monkeypatch)


# --- preparing ---------------------------------------------------------------------

@pytest.mark.parametrize("fields, stored", [
    ({"kind": "single", "options": [" Bike  lanes ", "Buses"]},
     {"options": ["Bike lanes", "Buses"], "max_choices": None, "scale_min": None}),
    ({"kind": "multiple", "options": ["A", "B", "C"]}, {"options": ["A", "B", "C"], "max_choices": 3}),
    ({"kind": "multiple", "options": ["A", "B", "C"], "max_choices": 2}, {"max_choices": 2}),
    ({"kind": "yesno"}, {"options": ["Yes", "No", "Abstain"], "max_choices": None}),
    ({"kind": "rating"}, {"options": [], "scale_min": 1, "scale_max": 5, "labels": None}),
    ({"kind": "rating", "scale_min": 0, "scale_max": 10, "labels": ["Bad", "Great"]},
     {"scale_min": 0, "scale_max": 10, "labels": ["Bad", "Great"]}),
    ({"kind": "ranking", "options": ["A", "B"]}, {"options": ["A", "B"]}),
    ({"kind": "text"}, {"options": [], "scale_min": None}),
])
def test_a_draft_of_each_kind_is_stored_normalised(app, organizer, event, fields, stored):
    poll_id = create(app, event, organizer.id, question="  Which first? ", **fields)
    row = poll_row(app, poll_id)
    assert row["status"] == "draft" and row["question"] == "Which first?" and row["kind"] == fields["kind"]
    assert row["visibility"] == "live" and row["confidential"] is False and row["k_threshold"] == 5
    assert {k: row[k] for k in stored} == stored


@pytest.mark.parametrize("fields, code, field", [
    ({"kind": "poll"}, "invalid_kind", "kind"),
    ({"question": "  "}, "empty", "question"),
    ({"question": "x" * 301}, "too_long", "question"),
    ({"options": ["Only one"]}, "invalid_options", "options"),
    ({"options": [f"Option {i}" for i in range(21)]}, "invalid_options", "options"),
    ({"options": ["Parks", "parks"]}, "duplicate_option", "options"),
    ({"options": ["Parks", ""]}, "empty", "options"),
    ({"kind": "ranking", "options": [f"Option {i}" for i in range(11)]}, "invalid_options", "options"),
    ({"kind": "multiple", "max_choices": 4}, "invalid_input", "max_choices"),
    ({"kind": "multiple", "max_choices": 0}, "invalid_input", "max_choices"),
    ({"kind": "yesno", "options": ["Yes", "No"]}, "invalid_input", "options"),
    ({"kind": "single", "scale_max": 5}, "invalid_input", "scale_max"),
    ({"kind": "rating", "scale_min": 0, "scale_max": 11}, "invalid_input", "scale_max"),
    ({"kind": "rating", "scale_min": 5, "scale_max": 5}, "invalid_input", "scale_max"),
    ({"kind": "rating", "labels": ["Low"]}, "invalid_input", "labels"),
    ({"visibility": "secret"}, "invalid_input", "visibility"),
    ({"confidential": "yes"}, "invalid_input", "confidential"),
    ({"k_threshold": 0}, "invalid_input", "k_threshold"),
    ({"duration_seconds": 5}, "invalid_input", "duration_seconds"),
    ({"colour": "red"}, "invalid_input", "colour"),
])
def test_bad_drafts_are_refused_with_the_field(app, organizer, event, fields, code, field):
    with pytest.raises(InvalidInput) as error:
        create(app, event, organizer.id, **fields)
    assert (error.value.code, error.value.field) == (code, field)
    assert poll_row(app, 1) is None


@pytest.mark.parametrize("role", ["presenter", "note_taker"])
def test_only_moderators_prepare_and_run_polls(app, organizer, event, make_organizer, role):
    helper = make_organizer(email="helper@example.com")
    give_role(app, event, organizer.id, "helper@example.com", role)
    with pytest.raises(Forbidden):
        create(app, event, helper)
    poll_id = create(app, event, organizer.id)
    for fn in (polls.open_poll, polls.delete_poll, polls.reveal, polls.close_poll):
        with pytest.raises(Forbidden):
            run(app, fn, code=event, user_id=helper, poll_id=poll_id)
    with pytest.raises(Forbidden):
        run(app, polls.create, code=event, user_id=None, kind="yesno", question="Anyone?")
    make_organizer(email="mod@example.com")
    moderator_id = give_role(app, event, organizer.id, "mod@example.com", "moderator")
    assert open_poll(app, event, moderator_id, poll_id)["status"] == "open"


def test_a_poll_cannot_be_run_from_another_event(app, organizer, event, make_event):
    other = make_event(organizer.id, title="Another town hall")
    poll_id = create(app, other, organizer.id)
    with pytest.raises(NotFound) as error:
        open_poll(app, event, organizer.id, poll_id)
    assert error.value.code == "poll_not_found"


def test_edit_changes_a_draft_and_keeps_what_was_not_sent(app, organizer, event):
    poll_id = create(app, event, organizer.id, kind="multiple", max_choices=2, visibility="on_reveal")
    edited = run(app, polls.edit, code=event, user_id=organizer.id, poll_id=poll_id, question="Pick two")
    assert edited["question"] == "Pick two" and edited["max_choices"] == 2 and edited["visibility"] == "on_reveal"
    assert edited["options"] == CHOICES
    # another kind drops the fields the new kind does not take
    edited = run(app, polls.edit, code=event, user_id=organizer.id, poll_id=poll_id, kind="single")
    assert edited["kind"] == "single" and edited["max_choices"] is None and edited["options"] == CHOICES
    edited = run(app, polls.edit, code=event, user_id=organizer.id, poll_id=poll_id, kind="rating", scale_max=7)
    assert (edited["options"], edited["scale_min"], edited["scale_max"]) == ([], 1, 7)
    with pytest.raises(InvalidInput):
        run(app, polls.edit, code=event, user_id=organizer.id, poll_id=poll_id, scale_min=9)
    assert poll_row(app, poll_id)["scale_max"] == 7
    open_poll(app, event, organizer.id, poll_id)
    with pytest.raises(Conflict) as error:
        run(app, polls.edit, code=event, user_id=organizer.id, poll_id=poll_id, question="Too late")
    assert error.value.code == "poll_not_draft"


def test_delete_a_draft_or_a_closed_poll_but_not_an_open_one(app, organizer, event, make_attendee):
    draft = create(app, event, organizer.id)
    run(app, polls.delete_poll, code=event, user_id=organizer.id, poll_id=draft)
    assert poll_row(app, draft) is None
    poll_id = make_open(app, event, organizer.id)
    cast(app, event, make_attendee(event), poll_id, {"choice": 0})
    with pytest.raises(Conflict) as error:
        run(app, polls.delete_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert error.value.code == "poll_open"
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    run(app, polls.delete_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert poll_row(app, poll_id) is None and ballot_rows(app, poll_id) == [] and participations(app, poll_id) == []


def test_open_close_reveal_follow_the_lifecycle(app, organizer, event):
    poll_id = create(app, event, organizer.id, visibility="on_reveal")
    for fn, code in ((polls.close_poll, "poll_not_open"), (polls.reveal, "poll_not_open")):
        with pytest.raises(Conflict) as error:
            run(app, fn, code=event, user_id=organizer.id, poll_id=poll_id)
        assert error.value.code == code
    opened = open_poll(app, event, organizer.id, poll_id)
    assert opened["status"] == "open" and opened["opened_at"] and opened["closes_at"] is None
    with pytest.raises(Conflict) as error:
        open_poll(app, event, organizer.id, poll_id)
    assert error.value.code == "poll_not_draft"
    closed = run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert closed["status"] == "closed" and closed["closed_at"]
    with pytest.raises(Conflict) as error:
        run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert error.value.code == "poll_closed"
    revealed = run(app, polls.reveal, code=event, user_id=organizer.id, poll_id=poll_id)
    assert revealed["revealed"] is True and revealed["revealed_at"] >= closed["closed_at"]
    with pytest.raises(Conflict) as error:
        run(app, polls.reveal, code=event, user_id=organizer.id, poll_id=poll_id)
    assert error.value.code == "already_revealed"


def test_every_change_advances_seq_by_one(app, organizer, event):
    before = seq(app, event)
    poll_id = create(app, event, organizer.id)
    run(app, polls.edit, code=event, user_id=organizer.id, poll_id=poll_id, question="Changed")
    open_poll(app, event, organizer.id, poll_id)
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    run(app, polls.reveal, code=event, user_id=organizer.id, poll_id=poll_id)
    run(app, polls.delete_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert seq(app, event) == before + 6


def test_deleting_an_agenda_item_leaves_its_polls_without_an_item(app, organizer, event):
    item_id = run(app, agenda.add_item, code=event, user_id=organizer.id, title="Budget")["item_id"]
    poll_id = create(app, event, organizer.id, agenda_item_id=item_id)
    assert poll_row(app, poll_id)["agenda_item_id"] == item_id
    with pytest.raises(NotFound):
        create(app, event, organizer.id, agenda_item_id=item_id + 100)
    run(app, agenda.delete_item, code=event, user_id=organizer.id, item_id=item_id)
    assert poll_row(app, poll_id)["agenda_item_id"] is None
    assert moderator_view(app, event, organizer.id, poll_id)["agenda_item_id"] is None


# --- ballots -------------------------------------------------------------------------

@pytest.mark.parametrize("fields, good, bad", [
    ({"kind": "single"}, {"choice": 2}, [{"choice": 3}, {"choice": -1}, {"choice": True}, {"choice": "0"},
                                        {"choices": [0]}, {"choice": 0, "extra": 1}, [0], None]),
    ({"kind": "yesno"}, {"choice": 2}, [{"choice": 3}, {"rating": 1}]),
    ({"kind": "multiple", "max_choices": 2}, {"choices": [2, 0]},
     [{"choices": []}, {"choices": [0, 1, 2]}, {"choices": [1, 1]}, {"choices": [3]}, {"choices": 1}]),
    ({"kind": "rating", "scale_min": 0, "scale_max": 3}, {"rating": 0},
     [{"rating": 4}, {"rating": -1}, {"rating": 2.5}, {"rating": False}]),
    ({"kind": "ranking"}, {"order": [2, 0, 1]},
     [{"order": [0, 1]}, {"order": [0, 1, 1]}, {"order": [0, 1, 3]}, {"order": [0, 1, "2"]},
      {"order": [0, 1, 2, 0]}]),
])
def test_each_kind_checks_its_answers(app, organizer, event, make_attendee, fields, good, bad):
    poll_id = make_open(app, event, organizer.id, **fields)
    phone = make_attendee(event)
    for answer in bad:
        with pytest.raises(InvalidInput) as error:
            cast(app, event, phone, poll_id, answer)
        assert (error.value.code, error.value.field) == ("invalid_answer", "answer"), answer
    assert poll_row(app, poll_id)["ballot_count"] == 0 and ballot_rows(app, poll_id) == []
    assert participations(app, poll_id) == []
    ack = cast(app, event, phone, poll_id, good)
    assert ack == {"poll_id": poll_id, "ballots": 1, "voted": True, "changed": False}


def test_text_answers_are_cleaned_like_questions(app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id, kind="text")
    phone = make_attendee(event)
    for answer, code in (({"text": "   "}, "empty"), ({"text": "x" * 201}, "too_long"), ({"text": 5}, "invalid_input")):
        with pytest.raises(InvalidInput) as error:
            cast(app, event, phone, poll_id, answer)
        assert (error.value.code, error.value.field) == (code, "answer")
    cast(app, event, phone, poll_id, {"text": " More\u200b  trees\n please "})
    assert [b["answer"] for b in ballot_rows(app, poll_id)] == [{"text": "More trees please"}]


def test_one_ballot_per_attendee(app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id)
    ana, ben = make_attendee(event), make_attendee(event)
    cast(app, event, ana, poll_id, {"choice": 0})
    with pytest.raises(Conflict) as error:
        cast(app, event, ana, poll_id, {"choice": 1})
    assert error.value.code == "already_voted"
    assert cast(app, event, ben, poll_id, {"choice": 1})["ballots"] == 2
    assert poll_row(app, poll_id)["ballot_count"] == 2 == len(ballot_rows(app, poll_id))
    assert participations(app, poll_id) == sorted([ana[0], ben[0]])
    assert moderator_view(app, event, organizer.id, poll_id)["results"] == {"counts": [1, 1, 0]}


def test_simultaneous_ballots_from_one_phone_count_once(app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id)
    attendee_id, token = make_attendee(event)
    results = run_together(app, [
        (lambda i=i: polls.vote(code=event, attendee_id=attendee_id, token=token, poll_id=poll_id,
                                answer={"choice": i % 3})) for i in range(8)
    ])
    outcomes = sorted(kind if kind == "ok" else value.code for kind, value in results)
    assert outcomes == ["already_voted"] * 7 + ["ok"], results
    assert poll_row(app, poll_id)["ballot_count"] == 1 == len(ballot_rows(app, poll_id))
    assert participations(app, poll_id) == [attendee_id]


def test_changing_a_ballot_needs_the_event_setting(app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id)
    phone = make_attendee(event)
    cast(app, event, phone, poll_id, {"choice": 0})
    with pytest.raises(Conflict):
        cast(app, event, phone, poll_id, {"choice": 2})
    run(app, events.update_event, code=event, user_id=organizer.id, allow_ballot_change=True)
    ack = cast(app, event, phone, poll_id, {"choice": 2})
    assert ack == {"poll_id": poll_id, "ballots": 1, "voted": True, "changed": True}
    (ballot,) = ballot_rows(app, poll_id)
    assert ballot["answer"] == {"choice": 2} and poll_row(app, poll_id)["ballot_count"] == 1
    assert moderator_view(app, event, organizer.id, poll_id)["results"] == {"counts": [0, 0, 1]}
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    with pytest.raises(Conflict) as error:
        cast(app, event, phone, poll_id, {"choice": 1})
    assert error.value.code == "poll_closed"
    assert ballot_rows(app, poll_id)[0]["answer"] == {"choice": 2}


def test_a_confidential_ballot_is_changed_by_its_own_phone_only(app, organizer, make_event, make_attendee):
    code = make_event(organizer.id, allow_ballot_change=True)
    poll_id = make_open(app, code, organizer.id, confidential=True, k_threshold=1)
    ana, ben = make_attendee(code), make_attendee(code)
    cast(app, code, ana, poll_id, {"choice": 0})
    cast(app, code, ben, poll_id, {"choice": 1})
    old_ids = {b["id"] for b in ballot_rows(app, poll_id)}
    assert cast(app, code, ana, poll_id, {"choice": 2})["changed"] is True
    rows = ballot_rows(app, poll_id)
    assert sorted(b["answer"]["choice"] for b in rows) == [1, 2]  # ben's ballot untouched
    assert len(old_ids & {b["id"] for b in rows}) == 1  # the changed ballot got a new random id
    assert moderator_view(app, code, organizer.id, poll_id)["results"] == {"counts": [0, 1, 1]}


def test_ballots_need_a_joined_phone_an_open_event_and_a_published_poll(app, organizer, event, make_attendee):
    draft = create(app, event, organizer.id)
    phone = make_attendee(event)
    with pytest.raises(NotFound) as error:
        cast(app, event, phone, draft, {"choice": 0})
    assert error.value.code == "poll_not_found"
    poll_id = make_open(app, event, organizer.id)
    for forged in ((None, None), (phone[0], "forged"), (phone[0] + 1, phone[1])):
        with pytest.raises(NotAuthenticated):
            cast(app, event, forged, poll_id, {"choice": 0})
    run(app, events.update_event, code=event, user_id=organizer.id, is_open=False)
    with pytest.raises(EventClosed):
        cast(app, event, phone, poll_id, {"choice": 0})
    assert ballot_rows(app, poll_id) == [] and poll_row(app, poll_id)["ballot_count"] == 0


def test_a_ballot_after_the_close_is_refused_and_never_counted(app, organizer, event, make_attendee):
    poll_id = make_open(app, event, organizer.id)
    cast(app, event, make_attendee(event), poll_id, {"choice": 0})
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    late = make_attendee(event)
    with pytest.raises(Conflict) as error:
        cast(app, event, late, poll_id, {"choice": 1})
    assert error.value.code == "poll_closed"
    assert poll_row(app, poll_id)["ballot_count"] == 1 == len(ballot_rows(app, poll_id))
    assert late[0] not in participations(app, poll_id)
    assert moderator_view(app, event, organizer.id, poll_id)["results"] == {"counts": [1, 0, 0]}


def test_a_ballot_that_saw_the_poll_open_is_refused_if_the_close_won(app, organizer, event, make_attendee,
                                                                     monkeypatch):
    """By a hair: the close commits after the ballot read the poll as open, before it is counted."""
    poll_id = make_open(app, event, organizer.id)
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    monkeypatch.setattr(polls.poll_results, "is_closed", lambda *_args: False)  # the stale read
    with pytest.raises(Conflict) as error:
        cast(app, event, make_attendee(event), poll_id, {"choice": 0})
    assert error.value.code == "poll_closed"
    assert poll_row(app, poll_id)["ballot_count"] == 0
    assert ballot_rows(app, poll_id) == [] and participations(app, poll_id) == []


def test_ballots_racing_the_close_are_counted_or_refused_never_lost(app, organizer, event, make_attendee):
    """Many phones vote while the moderator closes (file SQLite, one thread each)."""
    poll_id = make_open(app, event, organizer.id)
    phones = [make_attendee(event) for _ in range(16)]
    calls = [
        (lambda a=a, t=t, i=i: polls.vote(code=event, attendee_id=a, token=t, poll_id=poll_id,
                                          answer={"choice": i % 3}))
        for i, (a, t) in enumerate(phones)
    ]
    calls.insert(len(calls) // 2, lambda: polls.close_poll(code=event, user_id=organizer.id, poll_id=poll_id))
    results = run_together(app, calls)
    close_result = results.pop(len(calls) // 2)
    assert close_result[0] == "ok", close_result
    accepted = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert all(isinstance(e, Conflict) and e.code == "poll_closed" for e in refused), refused
    row = poll_row(app, poll_id)
    assert row["status"] == "closed"
    assert row["ballot_count"] == len(accepted) == len(ballot_rows(app, poll_id)) == len(participations(app, poll_id))
    assert sorted(ack["ballots"] for ack in accepted) == list(range(1, len(accepted) + 1))
    view = moderator_view(app, event, organizer.id, poll_id)
    assert sum(view["results"]["counts"]) == view["ballots"] == len(accepted)


# --- closing on time ---------------------------------------------------------------------

def test_a_poll_is_closed_for_ballots_when_its_time_is_up(app, organizer, event, make_attendee, clock, monkeypatch):
    monkeypatch.setattr(polls, "arm_timer", lambda *args: None)  # the condition alone closes it
    poll_id = create(app, event, organizer.id, duration_seconds=60)
    opened = open_poll(app, event, organizer.id, poll_id)
    assert opened["closes_at"] == "2026-05-04T19:01:37.500000Z"
    clock.tick(59)
    cast(app, event, make_attendee(event), poll_id, {"choice": 0})
    clock.tick(1)
    with pytest.raises(Conflict) as error:
        cast(app, event, make_attendee(event), poll_id, {"choice": 1})
    assert error.value.code == "poll_closed"
    assert poll_row(app, poll_id)["status"] == "open"  # not recorded yet, but every read says closed
    for view in (room_view(app, event, poll_id), moderator_view(app, event, organizer.id, poll_id)):
        assert view["status"] == "closed" and view["closed_at"] == opened["closes_at"] and view["ballots"] == 1
    assert run(app, polls.close_expired, poll_id=poll_id) is True
    row = poll_row(app, poll_id)
    assert row["status"] == "closed" and row["closed_at"] == row["closes_at"] and row["ballot_count"] == 1
    assert run(app, polls.close_expired, poll_id=poll_id) is False


def test_open_takes_its_own_duration_or_none(app, organizer, event, clock, monkeypatch):
    monkeypatch.setattr(polls, "arm_timer", lambda *args: None)
    first = create(app, event, organizer.id, duration_seconds=60)
    assert open_poll(app, event, organizer.id, first, duration_seconds=None)["closes_at"] is None
    second = create(app, event, organizer.id)
    opened = open_poll(app, event, organizer.id, second, duration_seconds=30)
    assert opened["closes_at"] == "2026-05-04T19:01:07.500000Z"
    third = create(app, event, organizer.id)
    with pytest.raises(InvalidInput):
        open_poll(app, event, organizer.id, third, duration_seconds=0)
    assert poll_row(app, third)["status"] == "draft"


def test_the_moderator_closing_a_timed_out_poll_records_its_deadline(app, organizer, event, clock, monkeypatch):
    monkeypatch.setattr(polls, "arm_timer", lambda *args: None)
    poll_id = make_open(app, event, organizer.id, duration_seconds=60)
    clock.tick(300)
    closed = run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    assert closed["closed_at"] == "2026-05-04T19:01:37.500000Z"


def test_a_background_task_records_the_close_on_time(app, organizer, event, clock, monkeypatch, background_tasks):
    monkeypatch.setattr(socketio, "sleep", clock.tick)  # sleeping advances the frozen clock
    poll_id = create(app, event, organizer.id, duration_seconds=90)
    before = seq(app, event)
    open_poll(app, event, organizer.id, poll_id)
    for task in background_tasks:
        task.join(timeout=5)
    row = poll_row(app, poll_id)
    assert row["status"] == "closed" and row["closed_at"] == row["closes_at"]
    assert seq(app, event) == before + 2  # opened, closed


def test_closing_early_stops_the_timer(app, organizer, event, background_tasks):
    poll_id = make_open(app, event, organizer.id, duration_seconds=3600)
    run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    done = threading.Event()

    def join_all():
        for task in background_tasks:
            task.join(timeout=5)
        done.set()

    threading.Thread(target=join_all).start()
    assert done.wait(timeout=3), "the timer kept waiting for a closed poll"
