"""Joining by event setting over HTTP and the socket: open, passcode, one-time attendee codes."""
import pytest
from helpers import api, assert_error
from joining_helpers import attendees, code_rows, fresh_join, make_codes, set_mode

from townhall.models import Question


def error_code(ack) -> str:
    assert ack["ok"] is False, ack
    return ack["error"]["code"]


@pytest.fixture
def question(make_question, event):
    return make_question(event, "Is the ferry running on Sundays?")


# --- settings -------------------------------------------------------------------------------------

def test_the_team_sees_the_passcode_and_phones_never_do(app, moderator, event, join):
    settings = set_mode(moderator, event, join_mode="passcode", passcode="river 2026")
    assert settings["join_mode"] == "passcode" and settings["passcode"] == "river 2026"
    assert api(moderator, "GET", f"/api/events/{event}/snapshot?view=moderator").get_json()["event"]["passcode"] \
        == "river 2026"
    public = app.test_client()
    for url in (f"/api/events/{event}", f"/api/events/{event}/snapshot"):
        body = public.get(url).get_data(as_text=True)
        assert "river 2026" not in body and '"join_mode":"passcode"' in body.replace(" ", "")
    assert "river 2026" not in public.get(f"/e/{event}").get_data(as_text=True)


@pytest.mark.parametrize("settings, field, code", [
    ({"join_mode": "passcode"}, "passcode", "passcode_missing"),
    ({"join_mode": "passcode", "passcode": "abc"}, "passcode", "invalid_input"),
    ({"join_mode": "everyone"}, "join_mode", "invalid_join_mode"),
    ({"passcode": 1234}, "passcode", "invalid_input"),
])
def test_a_wrong_joining_setting_is_refused_and_nothing_changes(app, moderator, event, settings, field, code):
    error = assert_error(api(moderator, "PATCH", f"/api/events/{event}", settings), 400, code)
    assert error["field"] == field
    event_now = api(moderator, "GET", f"/api/events/{event}/snapshot?view=moderator").get_json()["event"]
    assert event_now["join_mode"] == "open" and event_now["passcode"] is None


def test_only_the_owner_changes_how_phones_join(app, moderator, event, join):
    phone, _ = join(event)
    assert_error(api(phone, "PATCH", f"/api/events/{event}", {"join_mode": "codes"}), 401)
    assert api(app.test_client(), "GET", f"/api/events/{event}").get_json()["event"]["join_mode"] == "open"


# --- passcode -------------------------------------------------------------------------------------

def test_passcode_mode_refuses_phones_without_the_passcode(app, moderator, event):
    set_mode(moderator, event, join_mode="passcode", passcode="River")
    assert_error(fresh_join(app, event)[1], 403, "passcode_required")
    assert_error(fresh_join(app, event, passcode="Lake")[1], 403, "wrong_passcode")
    assert attendees(app) == []
    client, response = fresh_join(app, event, passcode=" river ")  # spoken aloud: capitals and spaces don't matter
    assert response.status_code == 201
    assert attendees(app) == [(response.get_json()["me"]["id"], "passcode")]


def test_a_passcode_phone_asks_and_votes_over_the_socket_a_refused_one_cannot(app, moderator, event, connect,
                                                                               question):
    set_mode(moderator, event, join_mode="passcode", passcode="River")
    joined, _ = fresh_join(app, event, passcode="River")
    refused, _ = fresh_join(app, event, passcode="wrong")
    assert connect(joined, event).emit("question:vote", {"question_id": question})["data"]["votes"] == 1
    assert error_code(connect(refused, event).emit("question:vote", {"question_id": question})) == "not_joined"
    assert error_code(connect(refused, event).emit("question:ask", {"text": "Let me in?"})) == "not_joined"


def test_a_phone_that_joined_before_the_passcode_keeps_its_identity_and_becomes_verified(app, moderator, event,
                                                                                          join):
    phone, attendee_id = join(event)
    set_mode(moderator, event, join_mode="passcode", passcode="River")
    again = api(phone, "POST", f"/api/events/{event}/join", {})
    assert again.status_code == 200 and again.get_json()["me"]["id"] == attendee_id
    assert attendees(app) == [(attendee_id, "open")]
    assert_error(api(phone, "POST", f"/api/events/{event}/join", {"passcode": "Lake"}), 403, "wrong_passcode")
    assert api(phone, "POST", f"/api/events/{event}/join", {"passcode": "river"}).get_json()["me"]["id"] == attendee_id
    assert attendees(app) == [(attendee_id, "passcode")]


# --- one-time attendee codes ---------------------------------------------------------------------

def test_codes_use_no_look_alike_characters_and_only_the_owner_sees_them(app, moderator, event, join):
    codes = make_codes(moderator, event, 40)
    assert [c["number"] for c in codes] == list(range(1, 41)) and {c["status"] for c in codes} == {"unused"}
    text = "".join(c["code"].replace("-", "") for c in codes)
    assert len(codes[0]["code"]) == 11 and not set(text) & set("0O1IL8B2Z5S")
    assert len({c["code"] for c in codes}) == 40
    phone, _ = join(event)
    assert_error(api(phone, "GET", f"/api/events/{event}/codes"), 401)
    assert_error(api(phone, "POST", f"/api/events/{event}/codes", {"count": 5}), 401)
    assert len(code_rows(app)) == 40


@pytest.mark.parametrize("count", [0, 501, "5", None])
def test_a_wrong_count_of_codes_is_refused(app, moderator, event, count):
    assert_error(api(moderator, "POST", f"/api/events/{event}/codes", {"count": count}), 400, "invalid_count")
    assert code_rows(app) == []


def test_codes_mode_refuses_phones_without_a_valid_code(app, moderator, event):
    set_mode(moderator, event, join_mode="codes")
    (first, second) = make_codes(moderator, event, 2)
    assert_error(fresh_join(app, event)[1], 403, "code_required")
    assert_error(fresh_join(app, event, key="AAAAA-AAAAA")[1], 403, "invalid_code")
    assert_error(fresh_join(app, event, passcode="anything")[1], 403, "code_required")
    assert attendees(app) == []
    _, response = fresh_join(app, event, key=first["code"].lower().replace("-", " "))  # typed loosely
    assert response.status_code == 201
    assert attendees(app) == [(response.get_json()["me"]["id"], "code")]
    rows = code_rows(app)
    assert [r.status for r in rows] == ["used", "unused"] and rows[0].code is None


def test_a_code_used_again_takes_over_the_same_attendee_and_the_old_phone_stops(app, moderator, event, connect,
                                                                               question):
    set_mode(moderator, event, join_mode="codes")
    (slip,) = make_codes(moderator, event, 1)
    old_phone, first = fresh_join(app, event, key=slip["code"], name="Ana")
    attendee_id = first.get_json()["me"]["id"]
    assert connect(old_phone, event).emit("question:vote", {"question_id": question})["ok"] is True
    new_phone, second = fresh_join(app, event, key=slip["code"])  # cookies lost, or another phone
    assert second.status_code == 201 and second.get_json()["me"]["id"] == attendee_id
    assert second.get_json()["me"]["name"] == "Ana"
    assert [a for a in attendees(app) if a[1] == "code"] == [(attendee_id, "code")]  # (the asker joined openly)
    # one identity: the vote is already there, and the old phone's token no longer works
    assert error_code(connect(new_phone, event).emit("question:vote", {"question_id": question})) == "already_voted"
    assert error_code(connect(old_phone, event).emit("question:unvote", {"question_id": question})) == "not_joined"
    assert_error(api(old_phone, "POST", f"/api/events/{event}/questions", {"text": "Still me?"}), 401, "not_joined")
    again = api(new_phone, "POST", f"/api/events/{event}/join", {"key": slip["code"]})
    assert again.status_code == 200 and again.get_json()["me"]["id"] == attendee_id


def test_a_phone_with_a_code_cannot_take_a_second_one(app, moderator, event):
    set_mode(moderator, event, join_mode="codes")
    first, second = make_codes(moderator, event, 2)
    phone, response = fresh_join(app, event, key=first["code"])
    attendee_id = response.get_json()["me"]["id"]
    again = api(phone, "POST", f"/api/events/{event}/join", {"key": second["code"]})
    assert again.status_code == 200 and again.get_json()["me"]["id"] == attendee_id
    assert [r.status for r in code_rows(app)] == ["used", "unused"]


def test_a_revoked_code_is_refused_and_a_used_one_cannot_be_revoked(app, moderator, event):
    set_mode(moderator, event, join_mode="codes")
    used, revoked = make_codes(moderator, event, 2)
    fresh_join(app, event, key=used["code"])
    answer = api(moderator, "POST", f"/api/events/{event}/codes/{revoked['id']}/revoke")
    assert answer.status_code == 200 and answer.get_json()["code"] == {
        "id": revoked["id"], "number": 2, "code": None, "status": "revoked"}
    assert_error(fresh_join(app, event, key=revoked["code"])[1], 403, "invalid_code")
    assert_error(api(moderator, "POST", f"/api/events/{event}/codes/{used['id']}/revoke"), 409, "code_used")
    assert_error(api(moderator, "POST", f"/api/events/{event}/codes/99999/revoke"), 404, "code_not_found")
    listing = api(moderator, "GET", f"/api/events/{event}/codes").get_json()
    assert listing["counts"] == {"unused": 0, "used": 1, "revoked": 1}
    assert [(c["status"], c["code"]) for c in listing["codes"]] == [("used", None), ("revoked", None)]
    assert len(attendees(app)) == 1


def test_another_events_code_is_refused(app, moderator, organizer, make_event, event):
    other = make_event(organizer.id, title="Other meeting")
    set_mode(moderator, event, join_mode="codes")
    set_mode(moderator, other, join_mode="codes")
    (slip,) = make_codes(moderator, other, 1)
    assert_error(fresh_join(app, event, key=slip["code"])[1], 403, "invalid_code")
    assert attendees(app) == []


def test_the_csv_and_the_sheet_hold_exactly_the_unused_codes(app, moderator, event):
    codes = make_codes(moderator, event, 5)
    set_mode(moderator, event, join_mode="codes")
    fresh_join(app, event, key=codes[0]["code"])
    api(moderator, "POST", f"/api/events/{event}/codes/{codes[1]['id']}/revoke")
    unused = [c["code"] for c in codes[2:]]
    response = moderator.get(f"/api/events/{event}/codes.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "number,code,join_url"
    assert lines[1:] == [f"{n},{c},http://townhall.test/e/{event}?key={c}" for n, c in zip((3, 4, 5), unused)]
    sheet = moderator.get(f"/dashboard/e/{event}/codes/sheet")
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    page = sheet.get_data(as_text=True)
    assert page.count('data-testid="code-slip"') == 3 and page.count("<svg") == 3
    for c in codes:
        assert (c["code"] in page) == (c["code"] in unused)
    assert "Town hall on the river park" in page
    assert app.test_client().get(f"/api/events/{event}/codes.csv").status_code == 401


def test_a_slips_link_fills_the_code_in_and_leaves_the_address_bar(app, moderator, event):
    set_mode(moderator, event, join_mode="codes")
    (slip,) = make_codes(moderator, event, 1)
    phone = app.test_client()
    response = phone.get(f"/e/{event}?key={slip['code']}")
    assert response.status_code == 302 and response.headers["Location"] == f"/e/{event}"
    page = phone.get(f"/e/{event}").get_data(as_text=True)
    assert f'value="{slip["code"]}"' in page  # the join form is filled in, the URL is clean
    joined = api(phone, "POST", f"/api/events/{event}/join", {"key": slip["code"]})
    assert joined.status_code == 201
    assert slip["code"] not in phone.get(f"/e/{event}").get_data(as_text=True)  # forgotten once used


def test_a_phone_that_has_not_joined_still_reads_in_every_mode(app, moderator, event, question):
    for mode in ({"join_mode": "codes"}, {"join_mode": "passcode", "passcode": "River"}):
        set_mode(moderator, event, **mode)
        reader = app.test_client()
        assert reader.get(f"/e/{event}").status_code == 200
        snapshot = reader.get(f"/api/events/{event}/snapshot").get_json()
        assert [q["id"] for q in snapshot["questions"]] == [question] and snapshot["me"] is None


def test_refused_guesses_are_throttled_per_client(app_factory):
    app = app_factory("limited.db", RATELIMIT_ENABLED=True, JOIN_FAILURE_LIMIT="3 per minute")
    from helpers import PASSWORD, login

    from townhall.services import accounts, events
    with app.app_context():
        owner = accounts.create_organizer(email="owner@example.com", name="Owner", password=PASSWORD)
        code = events.create_event(owner_id=owner, title="Limited", join_mode="passcode", passcode="River")
    for _ in range(3):
        assert_error(fresh_join(app, code, passcode="guess")[1], 403, "wrong_passcode")
    assert_error(fresh_join(app, code, passcode="guess")[1], 429, "rate_limited")
    assert_error(fresh_join(app, code, passcode="River")[1], 429, "rate_limited")  # throttled, right or wrong
    assert attendees(app) == []
    organizer_client = app.test_client()
    login(organizer_client, "owner@example.com")
    assert api(organizer_client, "GET", f"/api/events/{code}").status_code == 200


def test_questions_asked_by_a_code_phone_are_the_same_persons_after_a_takeover(app, moderator, event):
    set_mode(moderator, event, join_mode="codes")
    (slip,) = make_codes(moderator, event, 1)
    old_phone, _ = fresh_join(app, event, key=slip["code"])
    asked = api(old_phone, "POST", f"/api/events/{event}/questions", {"text": "Who pays for the bridge?"})
    assert asked.status_code == 201
    new_phone, _ = fresh_join(app, event, key=slip["code"])
    with app.app_context():
        from townhall.extensions import db
        (row,) = db.session.query(Question).all()
        assert row.attendee_id == attendees(app)[0][0]


def test_the_codes_csv_of_an_unknown_event_is_a_documented_json_404(moderator, client):
    """Found by the schemathesis run: the CSV's errors were missing from the API document."""
    response = moderator.get("/api/events/NOSUCH99/codes.csv")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "event_not_found"
    documented = client.get("/api/openapi.json").get_json()["paths"]["/api/events/{code}/codes.csv"]["get"]
    assert {"200", "401", "403", "404"} <= set(documented["responses"])
    assert "text/csv" in documented["responses"]["200"]["content"]
