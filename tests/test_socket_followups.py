"""Following questions up over Socket.IO: question:refer / question:defer / question:close / followups:resolve
acks and error codes, the room's question lists and followup:changed pushed, a presenter refused."""
from followup_helpers import in_days, ledger_of, organized
from helpers import question_row

from townhall.services import roles


def error_code(ack) -> str:
    assert ack["ok"] is False and ack["error"]["message"], ack
    return ack["error"]["code"]


def test_followup_commands_over_the_socket(app, event, organizer, room, make_question):
    offices = organized(app, event, organizer.id)
    moderators, phone_socket = room.moderators, room.phone_socket
    qid = make_question(event, "When is the bridge repaired?")
    closing = make_question(event, "Off topic")
    phone_socket.clear()

    assert error_code(moderators.emit("question:refer", {"question_id": qid, "office_id": 999999,
                                                         "due_on": in_days(3)})) == "office_not_found"
    assert error_code(moderators.emit("question:refer", {"question_id": qid, "office_id": offices["Parks"],
                                                         "due_on": in_days(-3)})) == "invalid_due_date"
    assert error_code(moderators.emit("question:refer", {"question_id": qid, "office_id": offices["Parks"],
                                                         "due_on": in_days(3), "x": 1})) == "invalid_input"
    assert question_row(app, qid)["ledger_state"] == "published"

    ack = moderators.emit("question:refer", {"question_id": qid, "office_id": offices["Parks"],
                                             "due_on": in_days(10), "note": "By the next council"})
    assert ack["ok"] is True and ack["data"]["followup"]["office"] == "Parks"
    assert ack["data"]["question"]["state"] == "referred"
    pushed = phone_socket.wait_for("followup:changed")
    assert pushed[-1]["followup"]["question_id"] == qid and pushed[-1]["followup"]["due_on"] == in_days(10)
    changed = phone_socket.wait_for("questions:changed")
    assert any(q["id"] == qid and q["state"] == "referred" for m in changed for q in m.get("questions", []))

    assert error_code(moderators.emit("question:defer", {"question_id": qid})) == "invalid_transition"
    assert error_code(moderators.emit("question:close", {"question_id": closing})) == "invalid_input"
    closed = moderators.emit("question:close", {"question_id": closing, "reason": "Not ours to answer"})
    assert closed["ok"] is True and closed["data"]["question"]["state"] == "closed"
    assert ledger_of(app, closing)[-1]["actor"] == "team" and ledger_of(app, closing)[-1]["user_id"] == organizer.id

    later = make_question(event, "Later")
    assert moderators.emit("question:defer", {"question_id": later, "note": "Next meeting"})["data"]["question"][
        "state"] == "deferred"
    bad = moderators.emit("followups:resolve", {"close": [{"question_id": later, "reason": "x" * 501}]})
    assert error_code(bad) == "too_long" and bad["error"]["field"] == "close[0].reason"
    assert question_row(app, later)["ledger_state"] == "deferred"
    resolved = moderators.emit("followups:resolve", {"refer": [{"question_id": later, "office_id": offices["Planning"],
                                                               "due_on": in_days(20)}]})
    assert resolved["ok"] is True and resolved["data"]["referred"][0]["office"] == "Planning"


def test_a_presenter_is_refused_over_the_socket(app, event, organizer, make_organizer, login_client, connect,
                                                make_question):
    offices = organized(app, event, organizer.id)
    make_organizer(email="pia@example.com", name="Pia")
    with app.app_context():
        roles.add_member(code=event, user_id=organizer.id, email="pia@example.com", role="presenter")
    socket = connect(login_client("pia@example.com"), event, "moderator")
    qid = make_question(event)
    for name, payload in (("question:refer", {"question_id": qid, "office_id": offices["Parks"], "due_on": in_days(3)}),
                          ("question:defer", {"question_id": qid}),
                          ("question:close", {"question_id": qid, "reason": "No"}),
                          ("followups:resolve", {"close": [{"question_id": qid, "reason": "No"}]})):
        assert error_code(socket.emit(name, payload)) == "forbidden", name
    assert question_row(app, qid)["ledger_state"] == "published"
