"""The run of show's decisions on plain values, without a database: each action's changes and refusals."""
from datetime import datetime, timedelta

import pytest

from townhall.contracts.agenda import ACTIONS as API_ACTIONS
from townhall.errors import Conflict, InvalidInput, NotFound
from townhall.services import run_of_show as ros
from townhall.services.run_of_show import Item, Meeting, Step

T0 = datetime(2026, 5, 1, 18, 0, 0)
NOW = T0 + timedelta(minutes=5)


def agenda(n=3):
    return [Item(id=10 + i, position=i) for i in range(n)]


def running(items, index, since=T0, elapsed=0):
    """A started meeting with items[index] running since `since`."""
    item = items[index]
    item.status, item.running_since, item.started_at, item.elapsed_seconds = "running", since, since, elapsed
    return Meeting(meeting_started_at=T0, current_item_id=item.id)


def act(action, meeting, items, item_id=None):
    ros.apply(ros.decide(action, Step(meeting, items, NOW, item_id)))


def refused(action, meeting, items, item_id=None, error=Conflict):
    with pytest.raises(error) as caught:
        ros.decide(action, Step(meeting, items, NOW, item_id))
    return caught.value.code


def test_the_table_has_every_action_the_api_offers():
    assert set(ros.ACTIONS) == set(API_ACTIONS)


def test_start_runs_the_first_item_and_starts_the_meeting():
    items, meeting = agenda(), Meeting()
    act("start", meeting, items)
    assert meeting.meeting_started_at == NOW and meeting.current_item_id == 10
    assert (items[0].status, items[0].running_since, items[0].started_at) == ("running", NOW, NOW)
    assert [i.status for i in items[1:]] == ["upcoming", "upcoming"]


def test_start_is_refused_on_an_empty_agenda_a_started_or_an_ended_meeting():
    assert refused("start", Meeting(), []) == "agenda_empty"
    items = agenda()
    assert refused("start", running(items, 0), items) == "meeting_started"
    assert refused("start", Meeting(meeting_started_at=T0, meeting_ended_at=NOW), items) == "meeting_ended"


def test_next_ends_the_current_item_with_its_time_and_runs_the_following():
    items = agenda()
    meeting = running(items, 0, elapsed=30)
    act("next", meeting, items)
    assert (items[0].status, items[0].elapsed_seconds, items[0].ended_at, items[0].running_since) == (
        "done", 330, NOW, None)
    assert meeting.current_item_id == 11 and items[1].status == "running"


def test_next_comes_back_to_a_skipped_item_then_ends_the_meeting():
    items = agenda(2)
    meeting = running(items, 1)  # item 0 skipped
    act("next", meeting, items)
    assert meeting.current_item_id == 10 and items[0].status == "running"
    act("next", meeting, items)
    assert meeting.meeting_ended_at == NOW and meeting.current_item_id is None
    assert [i.status for i in items] == ["done", "done"]


def test_next_and_end_are_refused_before_the_start_and_after_the_end():
    items = agenda()
    for action in ("next", "end", "pause", "resume"):
        assert refused(action, Meeting(), items) == "meeting_not_started"
        assert refused(action, Meeting(meeting_started_at=T0, meeting_ended_at=NOW), items) == "meeting_ended"


def test_end_ends_the_current_item_and_the_meeting():
    items = agenda()
    meeting = running(items, 1)
    act("end", meeting, items)
    assert items[1].status == "done" and items[1].elapsed_seconds == 300
    assert meeting.meeting_ended_at == NOW and meeting.current_item_id is None


def test_back_returns_the_current_item_to_upcoming_and_runs_the_previous_again():
    items = agenda()
    items[0].status, items[0].started_at, items[0].elapsed_seconds = "done", T0, 120
    meeting = running(items, 1)
    act("back", meeting, items)
    assert (items[1].status, items[1].elapsed_seconds) == ("upcoming", 300)
    assert meeting.current_item_id == 10
    assert (items[0].status, items[0].started_at, items[0].ended_at, items[0].elapsed_seconds) == (
        "running", T0, None, 120)  # first start kept, time added to


def test_back_after_the_end_reopens_the_meeting_with_the_last_item():
    items = agenda()
    meeting = Meeting(meeting_started_at=T0, meeting_ended_at=T0)
    act("back", meeting, items)
    assert meeting.meeting_ended_at is None and meeting.current_item_id == 12


def test_back_is_refused_before_the_start_and_on_the_first_item():
    items = agenda()
    assert refused("back", Meeting(), items) == "meeting_not_started"
    assert refused("back", running(items, 0), items) == "no_previous_item"


def test_start_item_jumps_to_any_item_before_or_during_or_after_the_meeting():
    items, meeting = agenda(), Meeting()
    act("start_item", meeting, items, item_id=12)
    assert meeting.meeting_started_at == NOW and meeting.current_item_id == 12
    items = agenda()
    meeting = running(items, 0)
    act("start_item", meeting, items, item_id=12)
    assert items[0].status == "done" and items[2].status == "running" and meeting.meeting_started_at == T0
    ended = Meeting(meeting_started_at=T0, meeting_ended_at=T0)
    act("start_item", ended, items, item_id=11)
    assert ended.meeting_ended_at is None and ended.current_item_id == 11


def test_start_item_refusals():
    items = agenda()
    meeting = running(items, 0)
    assert refused("start_item", meeting, items, item_id=10) == "item_is_current"
    assert refused("start_item", meeting, items, item_id=99, error=NotFound) == "agenda_item_not_found"
    assert refused("start_item", meeting, items, error=InvalidInput) == "invalid_input"


def test_pause_keeps_the_time_and_resume_continues():
    items = agenda()
    meeting = running(items, 0, elapsed=10)
    act("pause", meeting, items)
    assert (items[0].status, items[0].elapsed_seconds, items[0].running_since) == ("paused", 310, None)
    assert refused("pause", meeting, items) == "already_paused"
    act("resume", meeting, items)
    assert (items[0].status, items[0].running_since, items[0].elapsed_seconds) == ("running", NOW, 310)
    assert refused("resume", meeting, items) == "not_paused"


def test_pause_and_resume_need_an_item_on_the_floor():
    items = agenda()
    meeting = Meeting(meeting_started_at=T0)  # started, item deleted from the floor
    assert refused("pause", meeting, items) == "no_current_item"
    assert refused("resume", meeting, items) == "no_current_item"


def test_unknown_actions_and_a_stray_item_id_are_refused_and_nothing_changes():
    items = agenda()
    meeting = Meeting()
    assert refused("jump", meeting, items, error=InvalidInput) == "unknown_action"
    assert refused(["start"], meeting, items, error=InvalidInput) == "unknown_action"
    with pytest.raises(InvalidInput) as caught:
        ros.decide("next", Step(meeting, items, NOW, 11))
    assert caught.value.field == "item_id"
    assert meeting == Meeting() and items == agenda()


def test_next_and_previous_items_as_the_view_shows_them():
    items = agenda()
    assert ros.next_item(Meeting(), items) is items[0] and ros.previous_item(Meeting(), items) is None
    meeting = running(items, 1)
    assert ros.next_item(meeting, items) is items[2] and ros.previous_item(meeting, items) is items[0]
    ended = Meeting(meeting_started_at=T0, meeting_ended_at=NOW)
    assert ros.next_item(ended, items) is None and ros.previous_item(ended, items) is items[2]
