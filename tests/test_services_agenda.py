"""The agenda at the service level: editing, order, the run of show and its timers,
questions per agenda item, templates, and who may do what."""
from datetime import datetime, timedelta

import pytest
from helpers import event_rows, question_row
from helpers import stored_seq as seq

from townhall.errors import Conflict, Forbidden, InvalidInput, NotFound
from townhall.extensions import db
from townhall.models import AgendaItem, AgendaTemplate, Decision, Event, EventRole
from townhall.services import agenda, questions, snapshots

T0 = datetime(2026, 5, 4, 18, 0, 0)


# --- helpers ----------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = T0

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    """Frozen server time for the agenda service and snapshots; .advance(seconds) moves it on."""
    frozen = Clock()
    monkeypatch.setattr(agenda, "utcnow", lambda: frozen.now)
    monkeypatch.setattr(snapshots, "utcnow", lambda: frozen.now)
    return frozen


def call(app, fn, **kwargs):
    with app.app_context():
        return fn(**kwargs)


def refused(app, error, fn, **kwargs):
    """Call fn expecting a domain error; returns its code. Nothing changes: seq stays."""
    before = seq(app, kwargs["code"]) if "code" in kwargs else None
    with app.app_context(), pytest.raises(error) as caught:
        fn(**kwargs)
    if before is not None:
        assert seq(app, kwargs["code"]) == before
    return caught.value.code


def rows(app, code) -> list[dict]:
    """The event's items as stored, by position."""
    return event_rows(app, code, AgendaItem, AgendaItem.position)


def event_row(app, code) -> dict:
    with app.app_context():
        event = db.session.query(Event).filter_by(code=code).one()
        return {"started": event.meeting_started_at, "ended": event.meeting_ended_at,
                "current": event.current_item_id}


def view(app, code) -> dict:
    return call(app, agenda.agenda_of, code=code)


def give_role(app, code, user_id, role):
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        db.session.add(EventRole(event_id=event_id, user_id=user_id, role=role))
        db.session.commit()


@pytest.fixture
def add(app, organizer):
    """add(code, title, **fields) -> item id, as the event's owner."""

    def make(code, title="Welcome", **fields):
        return call(app, agenda.add_item, code=code, user_id=organizer.id, title=title, **fields)["item_id"]

    return make


@pytest.fixture
def run(app, organizer):
    """run(code, action, item_id=None) -> the agenda after the action, as the event's owner."""

    def act(code, action, item_id=None):
        return call(app, agenda.run, code=code, user_id=organizer.id, action=action, item_id=item_id)["agenda"]

    return act


@pytest.fixture
def three(event, add):
    """Three items on ``event``: ids in agenda order."""
    return [add(event, "Welcome", planned_minutes=5), add(event, "Budget", planned_minutes=30),
            add(event, "Any other business", planned_minutes=10)]


def by_id(agenda_view) -> dict:
    return {i["id"]: i for i in agenda_view["items"]}


# --- editing ----------------------------------------------------------------------

def test_items_are_appended_in_dense_positions_with_their_fields(app, organizer, event):
    result = call(app, agenda.add_item, code=event, user_id=organizer.id, title="  Welcome\n and  apologies ",
                  description="Chair opens.\nApologies received.", presenter="Mayor Ada", planned_minutes=5)
    assert result["seq"] == seq(app, event) == 1
    call(app, agenda.add_item, code=event, user_id=organizer.id, title="Budget")
    stored = rows(app, event)
    assert [(r["position"], r["title"]) for r in stored] == [(0, "Welcome and apologies"), (1, "Budget")]
    assert stored[0]["description"] == "Chair opens.\nApologies received."
    assert (stored[0]["presenter"], stored[0]["planned_minutes"], stored[0]["status"]) == ("Mayor Ada", 5, "upcoming")
    assert (stored[1]["presenter"], stored[1]["planned_minutes"]) == ("", agenda.DEFAULT_MINUTES)
    shown = view(app, event)
    assert [i["title"] for i in shown["items"]] == ["Welcome and apologies", "Budget"]
    assert shown["planned_seconds"] == (5 + agenda.DEFAULT_MINUTES) * 60
    assert shown["meeting"]["state"] == "not_started" and shown["current_item_id"] is None


@pytest.mark.parametrize("fields, code, field", [
    ({"title": ""}, "empty", "title"),
    ({"title": "   "}, "empty", "title"),
    ({"description": "No title"}, "empty", "title"),
    ({"title": "x" * 201}, "too_long", "title"),
    ({"title": "Ok", "presenter": "p" * 121}, "too_long", "presenter"),
    ({"title": "Ok", "planned_minutes": -1}, "invalid_input", "planned_minutes"),
    ({"title": "Ok", "planned_minutes": 601}, "invalid_input", "planned_minutes"),
    ({"title": "Ok", "planned_minutes": "5"}, "invalid_input", "planned_minutes"),
    ({"title": "Ok", "planned_minutes": 2.5}, "invalid_input", "planned_minutes"),
    ({"title": "Ok", "planned_minutes": True}, "invalid_input", "planned_minutes"),
    ({"title": ["Ok"]}, "invalid_input", "title"),
    ({"title": "Ok", "status": "done"}, "invalid_input", "status"),
    ({"title": "Ok", "position": 0}, "invalid_input", "position"),
])
def test_invalid_items_are_refused_and_nothing_is_stored(app, organizer, event, fields, code, field):
    with app.app_context(), pytest.raises(InvalidInput) as caught:
        agenda.add_item(code=event, user_id=organizer.id, **fields)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert rows(app, event) == [] and seq(app, event) == 0


def test_limits_are_inclusive(app, organizer, event, add):
    add(event, "x" * 200, planned_minutes=600)
    add(event, "Short break", planned_minutes=0)
    assert [(len(r["title"]), r["planned_minutes"]) for r in rows(app, event)] == [(200, 600), (11, 0)]


def test_edit_changes_only_the_given_fields(app, organizer, event, three):
    welcome = three[0]
    result = call(app, agenda.update_item, code=event, user_id=organizer.id, item_id=welcome,
                  presenter="Deputy Mayor", planned_minutes=7)
    assert result["item_id"] == welcome and by_id(result["agenda"])[welcome]["presenter"] == "Deputy Mayor"
    stored = rows(app, event)[0]
    assert (stored["title"], stored["presenter"], stored["planned_minutes"]) == ("Welcome", "Deputy Mayor", 7)
    assert refused(app, InvalidInput, agenda.update_item, code=event, user_id=organizer.id, item_id=welcome,
                   title=" ") == "empty"
    assert rows(app, event)[0]["title"] == "Welcome"


def test_delete_keeps_positions_dense(app, organizer, event, three):
    result = call(app, agenda.delete_item, code=event, user_id=organizer.id, item_id=three[1])
    assert [i["id"] for i in result["agenda"]["items"]] == [three[0], three[2]]
    assert [(r["id"], r["position"]) for r in rows(app, event)] == [(three[0], 0), (three[2], 1)]


def test_the_item_on_the_floor_cannot_be_deleted_running_or_paused(app, organizer, event, three, run):
    run(event, "start")
    kwargs = {"code": event, "user_id": organizer.id, "item_id": three[0]}
    assert refused(app, Conflict, agenda.delete_item, **kwargs) == "item_is_current"
    run(event, "pause")
    assert refused(app, Conflict, agenda.delete_item, **kwargs) == "item_is_current"
    run(event, "next")
    call(app, agenda.delete_item, **kwargs)  # done now: may go
    assert [r["id"] for r in rows(app, event)] == three[1:]


def test_an_item_with_decisions_cannot_be_deleted(app, organizer, event, three):
    with app.app_context():
        db.session.add(Decision(agenda_item_id=three[1], text="The budget is approved", vote_result="12-3"))
        db.session.commit()
    code = refused(app, Conflict, agenda.delete_item, code=event, user_id=organizer.id, item_id=three[1])
    assert code == "item_has_records" and len(rows(app, event)) == 3


def test_deleting_an_item_leaves_its_questions_without_an_item(app, organizer, event, three, run, make_question):
    run(event, "start_item", three[1])
    qid = make_question(event, "How much for the parks?")
    assert question_row(app, qid)["agenda_item_id"] == three[1]
    run(event, "next")
    before = seq(app, event)
    call(app, agenda.delete_item, code=event, user_id=organizer.id, item_id=three[1])
    assert question_row(app, qid)["agenda_item_id"] is None
    assert seq(app, event) == before + 2  # the questions moved (one change), the agenda changed (one change)


def test_reorder_puts_items_in_the_given_order(app, organizer, event, three):
    new_order = [three[2], three[0], three[1]]
    result = call(app, agenda.reorder, code=event, user_id=organizer.id, item_ids=new_order)
    assert [i["id"] for i in result["agenda"]["items"]] == new_order
    assert [(r["id"], r["position"]) for r in rows(app, event)] == list(zip(new_order, range(3)))


def test_reorder_must_list_exactly_the_events_items(app, organizer, event, make_event, three, add):
    other_item = add(make_event(organizer.id, title="Other"), "Elsewhere")
    for bad in ([three[0], three[1]],                     # one missing
                [*three, other_item],                    # another event's item
                [three[0], three[0], three[1], three[2]],  # twice
                [three[0], three[1], str(three[2])],     # not an integer
                [three[0], three[1], True],
                {"ids": three}, None, "1,2,3"):
        code = refused(app, InvalidInput, agenda.reorder, code=event, user_id=organizer.id, item_ids=bad)
        assert code == "invalid_order", bad
    assert [r["id"] for r in rows(app, event)] == three


def test_items_of_another_event_are_not_found(app, organizer, event, make_event, add, three):
    other_item = add(make_event(organizer.id, title="Other"), "Elsewhere")
    base = {"code": event, "user_id": organizer.id}
    assert refused(app, NotFound, agenda.update_item, **base, item_id=other_item, title="Hijack") == \
        "agenda_item_not_found"
    assert refused(app, NotFound, agenda.delete_item, **base, item_id=other_item) == "agenda_item_not_found"
    assert refused(app, NotFound, agenda.run, **base, action="start_item", item_id=other_item) == \
        "agenda_item_not_found"
    assert refused(app, InvalidInput, agenda.run, **base, action="start_item", item_id="1") == "invalid_input"
    assert rows(app, event)[0]["status"] == "upcoming"


# --- run of show ------------------------------------------------------------------

def test_a_meeting_run_through_records_actual_times_and_accumulates_time(app, event, three, run, clock):
    welcome, budget, aob = three
    shown = run(event, "start")
    assert event_row(app, event) == {"started": T0, "ended": None, "current": welcome}
    assert shown["meeting"]["state"] == "running" and shown["current_item_id"] == welcome
    first = by_id(shown)[welcome]
    assert (first["status"], first["running"], first["current"], first["elapsed_seconds"]) == ("running", True, True, 0)
    assert first["started_at"] == "2026-05-04T18:00:00Z" and first["planned_seconds"] == 300

    clock.advance(90)
    paused = by_id(run(event, "pause"))[welcome]
    assert (paused["status"], paused["running"], paused["elapsed_seconds"]) == ("paused", False, 90)
    clock.advance(600)  # a long pause does not count
    assert by_id(view(app, event))[welcome]["elapsed_seconds"] == 90
    run(event, "resume")
    clock.advance(30)
    live = by_id(view(app, event))[welcome]
    assert (live["elapsed_seconds"], live["elapsed_base_seconds"], live["running"]) == (120, 90, True)
    assert live["running_since"] == "2026-05-04T18:11:30Z"

    shown = run(event, "next")  # welcome done at 18:12:00, budget runs
    assert (shown["current_item_id"], shown["next_item_id"], shown["previous_item_id"]) == (budget, aob, welcome)
    done = rows(app, event)[0]
    assert (done["status"], done["elapsed_seconds"], done["ended_at"]) == ("done", 120, T0 + timedelta(seconds=720))
    clock.advance(45)

    shown = run(event, "back")  # budget goes back to upcoming with its 45 s; welcome runs again
    again = by_id(shown)
    assert again[welcome]["status"] == "running" and again[welcome]["elapsed_seconds"] == 120
    assert again[welcome]["started_at"] == "2026-05-04T18:00:00Z" and again[welcome]["ended_at"] is None
    assert (again[budget]["status"], again[budget]["elapsed_seconds"]) == ("upcoming", 45)
    assert shown["next_item_id"] == budget
    clock.advance(15)

    run(event, "next")  # welcome done again (135 s); budget resumes its count
    clock.advance(60)
    shown = run(event, "next")
    items = by_id(shown)
    assert (items[welcome]["elapsed_seconds"], items[budget]["elapsed_seconds"]) == (135, 105)
    assert items[budget]["started_at"] == "2026-05-04T18:12:00Z"  # first start kept
    assert shown["current_item_id"] == aob and shown["next_item_id"] is None
    clock.advance(10)

    shown = run(event, "next")  # nothing left: the meeting ends
    assert shown["meeting"]["state"] == "ended" and shown["current_item_id"] is None
    assert shown["meeting"]["ended_at"] == "2026-05-04T18:14:10Z"
    assert [r["status"] for r in rows(app, event)] == ["done", "done", "done"]
    assert all(r["running_since"] is None for r in rows(app, event))
    assert rows(app, event)[2]["ended_at"] == T0 + timedelta(seconds=850)


def test_overrun_shows_negative_remaining_time(app, event, add, run, clock):
    add(event, "Quick update", planned_minutes=1)
    run(event, "start")
    clock.advance(90)
    item = view(app, event)["items"][0]
    assert (item["elapsed_seconds"], item["remaining_seconds"], item["overrun"]) == (90, -30, True)


def test_every_action_advances_seq_by_exactly_one(app, event, three, run):
    for action, item_id in [("start", None), ("pause", None), ("resume", None), ("next", None),
                            ("back", None), ("start_item", three[2]), ("end", None)]:
        before = seq(app, event)
        run(event, action, item_id)
        assert seq(app, event) == before + 1, action


def test_invalid_transitions_are_refused_with_a_code(app, organizer, event, three, run, make_event):
    def code_of(action, item_id=None, on=event):
        return refused(app, (Conflict, InvalidInput), agenda.run, code=on, user_id=organizer.id, action=action,
                       item_id=item_id)

    empty = make_event(organizer.id, title="No agenda yet")
    assert code_of("start", on=empty) == "agenda_empty"
    for action in ("next", "back", "pause", "resume", "end"):
        assert code_of(action) == "meeting_not_started", action
    assert code_of("dance") == "unknown_action"
    assert code_of("next", three[1]) == "invalid_input"  # only start_item takes an item
    assert code_of("start_item") == "invalid_input"  # ... and needs one
    run(event, "start")
    assert code_of("start") == "meeting_started"
    assert code_of("back") == "no_previous_item"
    assert code_of("resume") == "not_paused"
    assert code_of("start_item", three[0]) == "item_is_current"
    run(event, "pause")
    assert code_of("pause") == "already_paused"
    assert code_of("start_item", three[0]) == "item_is_current"
    run(event, "end")
    for action in ("start", "next", "pause", "resume", "end"):
        assert code_of(action) == "meeting_ended", action
    assert [r["status"] for r in rows(app, event)] == ["done", "upcoming", "upcoming"]


def test_start_item_before_the_start_starts_the_meeting_with_that_item(app, event, three, run, clock):
    shown = run(event, "start_item", three[1])
    assert shown["meeting"]["state"] == "running" and shown["current_item_id"] == three[1]
    assert event_row(app, event)["started"] == T0
    assert [r["status"] for r in rows(app, event)] == ["upcoming", "running", "upcoming"]


def test_next_runs_skipped_items_after_the_last_one(app, event, add, run):
    _a, b, c, d = (add(event, title) for title in "ABCD")
    run(event, "start")
    shown = run(event, "start_item", c)  # B skipped for now; A is done
    assert shown["next_item_id"] == d
    assert run(event, "next")["current_item_id"] == d
    shown = run(event, "next")
    assert shown["current_item_id"] == b and shown["next_item_id"] is None
    assert run(event, "next")["meeting"]["state"] == "ended"
    assert [r["status"] for r in rows(app, event)] == ["done"] * 4


def test_an_ended_meeting_can_be_reopened_by_back_or_start_item(app, event, three, run, clock):
    run(event, "start")
    run(event, "end")
    clock.advance(60)
    ended = view(app, event)
    assert ended["previous_item_id"] == three[2] and ended["next_item_id"] is None
    shown = run(event, "back")  # oops: the last item goes on
    assert shown["meeting"]["state"] == "running" and shown["current_item_id"] == three[2]
    assert event_row(app, event)["started"] == T0
    run(event, "end")
    shown = run(event, "start_item", three[1])
    assert shown["meeting"]["state"] == "running" and shown["current_item_id"] == three[1]


def test_closing_the_event_does_not_stop_the_agenda(app, organizer, event, three, run):
    from townhall.services import events

    call(app, events.update_event, code=event, user_id=organizer.id, is_open=False)
    assert run(event, "start")["current_item_id"] == three[0]
    call(app, agenda.update_item, code=event, user_id=organizer.id, item_id=three[0], title="Welcome (late)")


def test_the_room_and_moderators_see_the_same_agenda(app, event, three, run):
    run(event, "start")
    with app.app_context():
        from townhall.services import events

        e = events.get_event(event)
        assert agenda.view(e, moderator=False) == agenda.view(e, moderator=True)


# --- who may ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["presenter", "note_taker", None])
def test_only_owners_and_moderators_edit_and_run_the_agenda(app, event, three, make_organizer, role):
    user_id = make_organizer()
    if role:
        give_role(app, event, user_id, role)
    base = {"code": event, "user_id": user_id}
    for fn, kwargs in [(agenda.add_item, {"title": "Mine"}),
                       (agenda.update_item, {"item_id": three[0], "title": "Mine"}),
                       (agenda.delete_item, {"item_id": three[0]}),
                       (agenda.reorder, {"item_ids": three[::-1]}),
                       (agenda.run, {"action": "start"}),
                       (agenda.apply, {"from_event": event})]:
        assert refused(app, Forbidden, fn, **base, **kwargs) == "forbidden", fn.__name__
    assert refused(app, Forbidden, agenda.run, code=event, user_id=None, action="start") == "forbidden"
    assert [r["title"] for r in rows(app, event)] == ["Welcome", "Budget", "Any other business"]
    assert event_row(app, event)["started"] is None


def test_a_co_organizer_with_the_moderator_role_runs_the_agenda(app, event, three, make_organizer):
    user_id = make_organizer()
    give_role(app, event, user_id, "moderator")
    call(app, agenda.run, code=event, user_id=user_id, action="start")
    call(app, agenda.add_item, code=event, user_id=user_id, title="Late addition")
    assert event_row(app, event)["current"] == three[0] and len(rows(app, event)) == 4


# --- questions per agenda item ---------------------------------------------------------

def ask(app, code, asker, text="What about the parks?", **kwargs):
    with app.app_context():
        return questions.ask(code=code, attendee_id=asker[0], token=asker[1], text=text, **kwargs)


def test_questions_belong_to_the_current_item_by_default(app, event, three, run, make_attendee):
    asker = make_attendee(event)
    assert ask(app, event, asker)["agenda_item_id"] is None  # no meeting yet
    run(event, "start")
    run(event, "next")
    asked = ask(app, event, asker)
    assert asked["agenda_item_id"] == three[1] == question_row(app, asked["id"])["agenda_item_id"]
    run(event, "pause")
    assert ask(app, event, asker)["agenda_item_id"] == three[1]  # paused is still on the floor
    run(event, "end")
    assert ask(app, event, asker)["agenda_item_id"] is None


def test_an_attendee_may_pick_another_open_item_of_this_event(app, organizer, event, three, run, make_attendee,
                                                            make_event, add):
    asker = make_attendee(event)
    run(event, "start")
    assert ask(app, event, asker, agenda_item_id=three[2])["agenda_item_id"] == three[2]
    run(event, "next")  # welcome is done now
    other_item = add(make_event(organizer.id, title="Other"), "Elsewhere")
    for item_id, error, code in [(three[0], InvalidInput, "agenda_item_done"),
                                 (other_item, NotFound, "agenda_item_not_found"),
                                 (999, NotFound, "agenda_item_not_found"),
                                 (str(three[2]), InvalidInput, "invalid_input"),
                                 (True, InvalidInput, "invalid_input")]:
        with app.app_context(), pytest.raises(error) as caught:
            questions.ask(code=event, attendee_id=asker[0], token=asker[1], text="Hm", agenda_item_id=item_id)
        assert (caught.value.code, caught.value.field) == (code, "agenda_item_id")


def test_the_moderator_moves_a_question_to_another_item_or_none(app, organizer, event, three, run, make_question,
                                                               make_event, add):
    run(event, "start")
    qid = make_question(event)
    run(event, "next")
    run(event, "next")
    run(event, "next")  # the meeting is over: questions can still be filed under any item
    before = seq(app, event)
    moved = call(app, questions.edit, code=event, user_id=organizer.id, question_id=qid, agenda_item_id=three[2])
    assert moved["agenda_item_id"] == three[2] == question_row(app, qid)["agenda_item_id"]
    assert seq(app, event) == before + 1
    both = call(app, questions.edit, code=event, user_id=organizer.id, question_id=qid, agenda_item_id=None,
                text="What about the parks, exactly?")
    assert both["agenda_item_id"] is None and both["text"] == "What about the parks, exactly?"
    assert seq(app, event) == before + 2  # one change, one seq
    call(app, questions.edit, code=event, user_id=organizer.id, question_id=qid, agenda_item_id=None)
    assert seq(app, event) == before + 2  # no change, no seq
    other_item = add(make_event(organizer.id, title="Other"), "Elsewhere")
    code = refused(app, NotFound, questions.edit, code=event, user_id=organizer.id, question_id=qid,
                   agenda_item_id=other_item)
    assert code == "agenda_item_not_found" and question_row(app, qid)["agenda_item_id"] is None
    assert refused(app, InvalidInput, questions.edit, code=event, user_id=organizer.id, question_id=qid) == "empty"


@pytest.mark.parametrize("role", ["presenter", "note_taker"])
def test_presenters_and_note_takers_cannot_move_questions(app, event, three, make_question, make_organizer, role):
    user_id = make_organizer()
    give_role(app, event, user_id, role)
    qid = make_question(event)
    assert refused(app, Forbidden, questions.edit, code=event, user_id=user_id, question_id=qid,
                   agenda_item_id=three[0]) == "forbidden"
    assert question_row(app, qid)["agenda_item_id"] is None


def test_snapshots_carry_each_questions_item(app, organizer, event, three, run, make_question):
    run(event, "start")
    qid = make_question(event)
    with app.app_context():
        public = snapshots.public_snapshot(code=event)
        moderator = snapshots.moderator_snapshot(code=event, user_id=organizer.id)
    for snapshot in (public, moderator):
        assert [(q["id"], q["agenda_item_id"]) for q in snapshot["questions"]] == [(qid, three[0])]
        assert snapshot["agenda"]["current_item_id"] == three[0]
        assert [i["id"] for i in snapshot["agenda"]["items"]] == three


# --- templates ----------------------------------------------------------------------------

def templates_of(app, user_id):
    return call(app, agenda.list_templates, user_id=user_id)


def test_save_a_template_and_reuse_it_for_the_next_event(app, organizer, event, three, run, make_event, clock):
    run(event, "start")  # what happened is not part of the template
    clock.advance(120)
    template = call(app, agenda.save_template, code=event, user_id=organizer.id, name="  Monthly council ")
    assert template["name"] == "Monthly council" and template["planned_minutes"] == 45
    assert [i["title"] for i in template["items"]] == ["Welcome", "Budget", "Any other business"]
    assert templates_of(app, organizer.id) == [template]

    following = make_event(organizer.id, title="Next month")
    call(app, agenda.add_item, code=following, user_id=organizer.id, title="Minutes of last meeting")
    result = call(app, agenda.apply, code=following, user_id=organizer.id, template_id=template["id"])
    assert len(result["item_ids"]) == 3 and result["seq"] == seq(app, following)
    copied = rows(app, following)
    assert [(r["position"], r["title"], r["planned_minutes"]) for r in copied] == [
        (0, "Minutes of last meeting", 10), (1, "Welcome", 5), (2, "Budget", 30), (3, "Any other business", 10)]
    assert all(r["status"] == "upcoming" and r["started_at"] is None and r["elapsed_seconds"] == 0 for r in copied)
    assert [r["status"] for r in rows(app, event)] == ["running", "upcoming", "upcoming"]  # the source is untouched


def test_copy_another_events_agenda(app, organizer, event, three, run, make_event):
    run(event, "start")
    run(event, "next")
    following = make_event(organizer.id, title="Next month")
    result = call(app, agenda.apply, code=following, user_id=organizer.id, from_event=event.lower())
    assert [i["title"] for i in result["agenda"]["items"]] == ["Welcome", "Budget", "Any other business"]
    assert [r["status"] for r in rows(app, following)] == ["upcoming"] * 3
    assert refused(app, InvalidInput, agenda.apply, code=event, user_id=organizer.id, from_event=event) == "same_event"
    assert refused(app, NotFound, agenda.apply, code=following, user_id=organizer.id,
                   from_event="NOPE2345") == "event_not_found"
    assert len(rows(app, following)) == 3


def test_templates_are_private_and_copies_need_a_view_of_the_source(app, organizer, event, three, make_organizer,
                                                                   make_event):
    template = call(app, agenda.save_template, code=event, user_id=organizer.id, name="Council")
    other = make_organizer()
    their_event = make_event(other, title="Theirs")
    assert templates_of(app, other) == []
    assert refused(app, NotFound, agenda.apply, code=their_event, user_id=other,
                   template_id=template["id"]) == "template_not_found"
    assert refused(app, Forbidden, agenda.apply, code=their_event, user_id=other, from_event=event) == "forbidden"
    assert refused(app, NotFound, agenda.delete_template, user_id=other, template_id=template["id"]) == \
        "template_not_found"
    give_role(app, event, other, "presenter")  # now they can view our event: copying is fine
    call(app, agenda.apply, code=their_event, user_id=other, from_event=event)
    presenter_template = call(app, agenda.save_template, code=event, user_id=other, name="Seen at Olga's")
    assert [t["id"] for t in templates_of(app, other)] == [presenter_template["id"]]
    assert len(rows(app, their_event)) == 3


def test_delete_a_template(app, organizer, event, three):
    template = call(app, agenda.save_template, code=event, user_id=organizer.id, name="Council")
    call(app, agenda.delete_template, user_id=organizer.id, template_id=template["id"])
    assert templates_of(app, organizer.id) == []
    with app.app_context():
        assert db.session.query(AgendaTemplate).count() == 0


def test_template_input_is_checked(app, organizer, event, make_event, three):
    empty = make_event(organizer.id, title="Empty")
    assert refused(app, Conflict, agenda.save_template, code=empty, user_id=organizer.id, name="x") == "agenda_empty"
    assert refused(app, InvalidInput, agenda.save_template, code=event, user_id=organizer.id, name=" ") == "empty"
    assert refused(app, InvalidInput, agenda.save_template, code=event, user_id=organizer.id,
                   name="n" * 121) == "too_long"
    base = {"code": empty, "user_id": organizer.id}
    assert refused(app, InvalidInput, agenda.apply, **base) == "invalid_input"
    assert refused(app, InvalidInput, agenda.apply, **base, template_id=1, from_event=event) == "invalid_input"
    assert refused(app, InvalidInput, agenda.apply, **base, template_id="1") == "invalid_input"
    assert refused(app, InvalidInput, agenda.apply, **base, from_event=5) == "invalid_input"
    assert refused(app, Conflict, agenda.apply, code=event, user_id=organizer.id, from_event=empty) == "agenda_empty"


def test_an_agenda_has_a_size_limit(app, organizer, event, make_event, monkeypatch, three):
    monkeypatch.setattr(agenda, "MAX_ITEMS", 4)
    call(app, agenda.add_item, code=event, user_id=organizer.id, title="Fourth")
    assert refused(app, Conflict, agenda.add_item, code=event, user_id=organizer.id, title="Fifth") == "agenda_full"
    following = make_event(organizer.id, title="Next")
    call(app, agenda.add_item, code=following, user_id=organizer.id, title="First")
    assert refused(app, Conflict, agenda.apply, code=following, user_id=organizer.id, from_event=event) == \
        "agenda_full"
    assert len(rows(app, following)) == 1
