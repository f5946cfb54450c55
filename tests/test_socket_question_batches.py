"""Moderating a selection of questions at once (questions:moderate, questions:move): one transaction and one
broadcast for the whole selection; any bad id (not of this event, named twice, not a number) or any question
the action does not apply to answers with an error code and changes nothing."""
import pytest

from townhall.extensions import db
from townhall.models import Question
from townhall.services import agenda


def error(ack) -> tuple[str, str | None]:
    assert ack["ok"] is False and ack["error"]["message"], ack
    return ack["error"]["code"], ack["error"].get("field")


@pytest.fixture
def premoderated(make_event, organizer):
    return make_event(organizer.id, title="Held questions", premoderation=True)


def statuses(app, ids) -> list[str]:
    with app.app_context():
        return [db.session.get(Question, i).status for i in ids]


def ask_many(socket, n) -> list[int]:
    return [socket.emit("question:ask", {"text": f"Question number {i + 1}?"})["data"]["id"] for i in range(n)]


def test_a_selection_is_approved_in_one_command_and_reaches_the_room_in_one_message(
        app, premoderated, join, login_client, organizer, connect):
    phone, _ = join(premoderated, name="Ana")
    phone_socket = connect(phone, premoderated)
    moderators = connect(login_client(organizer.email), premoderated, "moderator")
    projector = connect(app.test_client(), premoderated, "projector")
    ids = ask_many(phone_socket, 5)
    for socket in (phone_socket, moderators, projector):
        socket.clear()

    ack = moderators.emit("questions:moderate", {"question_ids": ids[:4], "action": "approve"})
    assert ack["ok"] is True, ack
    assert [q["status"] for q in ack["data"]["questions"]] == ["published"] * 4
    assert statuses(app, ids) == ["published"] * 4 + ["pending"]
    shown = projector.messages("questions:changed")
    assert len(shown) == 1 and sorted(q["id"] for q in shown[0]["questions"]) == sorted(ids[:4])
    assert len(moderators.messages("questions:changed")) == 1

    rejected = moderators.emit("questions:moderate", {"question_ids": [ids[4]], "action": "reject", "reason": "spam"})
    assert rejected["ok"] is True and rejected["data"]["questions"][0]["moderation_reason"] == "spam"
    archived = moderators.emit("questions:moderate", {"question_ids": ids[:2], "action": "archive"})
    assert [q["status"] for q in archived["data"]["questions"]] == ["archived", "archived"]
    assert statuses(app, ids) == ["archived", "archived", "published", "published", "rejected"]


def test_bad_ids_or_a_question_the_action_does_not_fit_change_nothing(
        app, premoderated, join, login_client, organizer, connect, make_event):
    phone, _ = join(premoderated, name="Ana")
    phone_socket = connect(phone, premoderated)
    moderators = connect(login_client(organizer.email), premoderated, "moderator")
    projector = connect(app.test_client(), premoderated, "projector")
    ids = ask_many(phone_socket, 3)
    other_event = make_event(organizer.id, title="Another meeting")
    other_phone, _ = join(other_event)
    elsewhere = connect(other_phone, other_event).emit("question:ask", {"text": "Not yours?"})["data"]["id"]
    assert moderators.emit("questions:moderate", {"question_ids": [ids[0]], "action": "approve"})["ok"] is True
    projector.clear()
    moderators.clear()
    before = statuses(app, ids)

    cases = [
        ({"question_ids": [ids[1], 999999], "action": "approve"}, ("question_not_found", "question_ids[1]")),
        ({"question_ids": [ids[1], elsewhere], "action": "approve"}, ("question_not_found", "question_ids[1]")),
        ({"question_ids": [ids[1], ids[2], ids[1]], "action": "approve"}, ("duplicate_question_id", "question_ids[2]")),
        # ids[0] is live already: approving it again does not fit, so neither of the others is approved
        ({"question_ids": [ids[1], ids[0], ids[2]], "action": "approve"}, ("invalid_transition", "question_ids[1]")),
        ({"question_ids": [ids[1], "7"], "action": "approve"}, ("invalid_question_ids", "question_ids[1]")),
        ({"question_ids": [], "action": "approve"}, ("invalid_question_ids", "question_ids")),
        ({"question_ids": list(range(1, 502)), "action": "approve"}, ("invalid_question_ids", "question_ids")),
        ({"question_ids": [ids[1]], "action": "hide"}, ("unknown_action", "action")),
        ({"question_ids": [ids[1]], "action": "approve", "reason": "spam"}, ("reason_not_allowed", "reason")),
    ]
    for payload, expected in cases:
        assert error(moderators.emit("questions:moderate", payload)) == expected, payload
    assert error(moderators.emit("questions:move", {"question_ids": [ids[1], 999999], "agenda_item_id": None})) \
        == ("question_not_found", "question_ids[1]")
    assert error(moderators.emit("questions:move", {"question_ids": [ids[1]], "agenda_item_id": 999999}))[0] \
        == "agenda_item_not_found"
    assert error(phone_socket.emit("questions:moderate", {"question_ids": [ids[1]], "action": "approve"}))[0] in (
        "forbidden", "not_authenticated")

    assert statuses(app, ids) == before
    assert projector.messages("questions:changed") == [] and moderators.messages("questions:changed") == []


def test_a_selection_moves_to_an_agenda_item_and_back_to_general(app, premoderated, join, login_client, organizer,
                                                                connect):
    phone, _ = join(premoderated, name="Ana")
    phone_socket = connect(phone, premoderated)
    moderators = connect(login_client(organizer.email), premoderated, "moderator")
    ids = ask_many(phone_socket, 3)
    with app.app_context():
        item_id = agenda.add_item(code=premoderated, user_id=organizer.id, title="Budget")["item_id"]
    moderators.clear()

    ack = moderators.emit("questions:move", {"question_ids": ids[:2], "agenda_item_id": item_id})
    assert ack["ok"] is True and [q["agenda_item_id"] for q in ack["data"]["questions"]] == [item_id, item_id]
    assert len(moderators.messages("questions:changed")) == 1
    back = moderators.emit("questions:move", {"question_ids": ids, "agenda_item_id": None})
    assert [q["agenda_item_id"] for q in back["data"]["questions"]] == [None, None, None]
