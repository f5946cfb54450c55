"""Polls over HTTP: the whole flow, JSON errors, CSRF, roles, and who gets which view."""
import pytest
from helpers import api, assert_error
from polls_helpers import CHOICES, ballot_rows, poll_row
from records_helpers import give_role

from townhall.services import accounts


def url(code, tail=""):
    return f"/api/events/{code}/polls{tail}"


def new_poll(client, code, **fields) -> dict:
    body = {"kind": "single", "question": "What first?", "options": CHOICES, **fields}
    response = api(client, "POST", url(code), body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["poll"]


def test_a_poll_from_draft_to_results(app, event, moderator, join):
    draft = new_poll(moderator, event, visibility="after_vote")
    assert draft["status"] == "draft" and draft["results"] == {"counts": [0, 0, 0]} and draft["ballots"] == 0
    assert set(draft) >= {"id", "kind", "question", "options", "max_choices", "scale_min", "scale_max", "labels",
                          "agenda_item_id", "visibility", "revealed", "confidential", "k_threshold", "status",
                          "opened_at", "closes_at", "closed_at", "ballots", "present", "results"}
    pid = draft["id"]
    phone, _ = join(event)
    assert phone.get(url(event)).get_json()["polls"] == []  # drafts are not the room's
    assert_error(phone.get(url(event, f"/{pid}")), 404, "poll_not_found")
    edited = api(moderator, "PATCH", url(event, f"/{pid}"), {"question": "What should come first?"})
    assert edited.status_code == 200 and edited.get_json()["poll"]["question"] == "What should come first?"
    opened = api(moderator, "POST", url(event, f"/{pid}/open"))
    assert opened.status_code == 200 and opened.get_json()["poll"]["status"] == "open"

    mine = phone.get(url(event, f"/{pid}")).get_json()["poll"]
    assert mine["voted"] is False and mine["results"] is None
    response = api(phone, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 1}})
    assert response.status_code == 200
    assert response.get_json() == {"poll_id": pid, "ballots": 1, "voted": True, "changed": False}
    mine = phone.get(url(event, f"/{pid}")).get_json()["poll"]
    assert mine["voted"] is True and mine["results"] == {"counts": [0, 1, 0]}  # after_vote: its own view
    assert app.test_client().get(url(event, f"/{pid}")).get_json()["poll"]["results"] is None  # the room's
    assert phone.get(f"/api/events/{event}/snapshot").get_json()["me"]["polls_voted"] == [pid]

    closed = api(moderator, "POST", url(event, f"/{pid}/close"))
    assert closed.get_json()["poll"]["status"] == "closed"
    assert app.test_client().get(url(event)).get_json()["polls"][0]["results"] == {"counts": [0, 1, 0]}
    assert api(moderator, "POST", url(event, f"/{pid}/reveal")).get_json()["poll"]["revealed"] is True
    assert api(moderator, "DELETE", url(event, f"/{pid}")).status_code == 204
    assert poll_row(app, pid) is None


def test_ballot_errors_are_json(app, event, moderator, join):
    pid = new_poll(moderator, event)["id"]
    phone, _ = join(event)
    assert_error(api(phone, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 0}}), 404, "poll_not_found")
    api(moderator, "POST", url(event, f"/{pid}/open"))
    assert_error(api(phone, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 9}}), 400, "invalid_answer")
    assert_error(api(phone, "POST", url(event, f"/{pid}/ballot"), data="nope", content_type="application/json"),
                 400, "invalid_json")
    assert_error(api(app.test_client(), "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 0}}),
                 401, "not_joined")
    assert api(phone, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 0}}).status_code == 200
    assert_error(api(phone, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 1}}), 409, "already_voted")
    api(moderator, "POST", url(event, f"/{pid}/close"))
    late, _ = join(event)
    assert_error(api(late, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 1}}), 409, "poll_closed")
    assert_error(api(phone, "POST", url(event, "/999/ballot"), {"answer": {"choice": 1}}), 404, "poll_not_found")
    assert poll_row(app, pid)["ballot_count"] == 1 == len(ballot_rows(app, pid))


def test_changing_a_ballot_over_http_follows_the_event_setting(app, event, moderator, join):
    pid = new_poll(moderator, event)["id"]
    api(moderator, "POST", url(event, f"/{pid}/open"))
    phone, _ = join(event)
    ballot = url(event, f"/{pid}/ballot")
    api(phone, "POST", ballot, {"answer": {"choice": 0}})
    assert_error(api(phone, "POST", ballot, {"answer": {"choice": 2}}), 409, "already_voted")
    response = api(moderator, "PATCH", f"/api/events/{event}", {"allow_ballot_change": True})
    assert response.get_json()["event"]["allow_ballot_change"] is True
    assert_error(api(moderator, "PATCH", f"/api/events/{event}", {"allow_ballot_change": "yes"}), 400)
    assert api(phone, "POST", ballot, {"answer": {"choice": 2}}).get_json()["changed"] is True
    assert [b["answer"] for b in ballot_rows(app, pid)] == [{"choice": 2}]


@pytest.mark.parametrize("body, code, field", [
    ({"kind": "single", "question": "Q", "options": ["A"]}, "invalid_options", "options"),
    ({"kind": "nope", "question": "Q"}, "invalid_kind", "kind"),
    ({"kind": "yesno", "question": "Q", "code": "X"}, "invalid_input", "code"),
    ({"kind": "yesno", "question": "Q", "user_id": 1}, "invalid_input", "user_id"),
    ({"kind": "yesno", "question": "Q", "agenda_item_id": "1"}, "invalid_input", "agenda_item_id"),
])
def test_bad_polls_are_json_errors(app, event, moderator, body, code, field):
    error = assert_error(api(moderator, "POST", url(event), body), 400, code)
    assert error["field"] == field
    assert poll_row(app, 1) is None


def test_moderator_errors(app, event, moderator):
    pid = new_poll(moderator, event)["id"]
    for body in ({"kind": ["single"]}, {"kind": {"a": 1}}, {"options": "A, B"}, {"visibility": ["live"]}, []):
        assert_error(api(moderator, "PATCH", url(event, f"/{pid}"), body), 400)
    assert_error(api(moderator, "POST", url(event, f"/{pid}/close")), 409, "poll_not_open")
    assert_error(api(moderator, "POST", url(event, f"/{pid}/open"), {"duration_seconds": 1}), 400)
    assert_error(api(moderator, "POST", url(event, f"/{pid}/open"), {"colour": "red"}), 400)
    opened = api(moderator, "POST", url(event, f"/{pid}/open"), {"duration_seconds": 60}).get_json()["poll"]
    assert opened["closes_at"] is not None and opened["duration_seconds"] == 60
    assert_error(api(moderator, "PATCH", url(event, f"/{pid}"), {"question": "Late"}), 409, "poll_not_draft")
    assert_error(api(moderator, "DELETE", url(event, f"/{pid}")), 409, "poll_open")
    assert_error(api(moderator, "POST", url(event, f"/{pid}/answers/abc/hide")), 404, "answer_not_found")
    assert_error(api(moderator, "POST", url(event, "/999/close")), 404, "poll_not_found")
    assert_error(api(moderator, "POST", url("NOPE2345"), {"kind": "yesno", "question": "Q"}), 404, "event_not_found")


def test_writes_need_the_csrf_header(app, event, moderator, join):
    body = {"kind": "yesno", "question": "Agreed?"}
    assert_error(api(moderator, "POST", url(event), body, csrf=False), 400, "csrf_failed")
    pid = new_poll(moderator, event, kind="yesno", options=None)["id"]
    for tail in ("/open", "/close", "/reveal"):
        assert_error(api(moderator, "POST", url(event, f"/{pid}{tail}"), csrf=False), 400, "csrf_failed")
    assert_error(api(moderator, "PATCH", url(event, f"/{pid}"), {"question": "x"}, csrf=False), 400, "csrf_failed")
    assert_error(api(moderator, "DELETE", url(event, f"/{pid}"), csrf=False), 400, "csrf_failed")
    api(moderator, "POST", url(event, f"/{pid}/open"))
    phone, _ = join(event)
    assert_error(api(phone, "POST", url(event, f"/{pid}/ballot"), {"answer": {"choice": 0}}, csrf=False),
                 400, "csrf_failed")
    assert poll_row(app, pid)["ballot_count"] == 0 and poll_row(app, pid)["status"] == "open"


def test_an_api_token_needs_no_csrf_header(app, event, organizer):
    with app.app_context():
        _row, secret = accounts.create_api_token(user_id=organizer.id, name="scripts")
    headers = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    response = client.post(url(event), json={"kind": "yesno", "question": "Agreed?"}, headers=headers)
    assert response.status_code == 201
    pid = response.get_json()["poll"]["id"]
    assert client.post(url(event, f"/{pid}/open"), headers=headers).status_code == 200


@pytest.mark.parametrize("role", ["presenter", "note_taker"])
def test_attendees_and_presenters_cannot_run_polls(app, organizer, event, moderator, join, make_organizer,
                                                   login_client, role):
    pid = new_poll(moderator, event)["id"]
    make_organizer(email="helper@example.com")
    give_role(app, event, organizer.id, "helper@example.com", role)
    helper = login_client("helper@example.com")
    phone, _ = join(event)
    for client, status in ((helper, 403), (phone, 401)):
        assert_error(api(client, "POST", url(event), {"kind": "yesno", "question": "Mine?"}), status)
        assert_error(api(client, "POST", url(event, f"/{pid}/open")), status)
        assert_error(api(client, "POST", url(event, f"/{pid}/close")), status)
        assert_error(api(client, "POST", url(event, f"/{pid}/reveal")), status)
        assert_error(api(client, "DELETE", url(event, f"/{pid}")), status)
    assert poll_row(app, pid)["status"] == "draft"
    # the read-only dashboard still sees drafts and live results
    assert helper.get(url(event)).get_json()["polls"][0]["id"] == pid
    assert helper.get(url(event, "?view=moderator")).status_code == 200


def test_who_gets_the_moderators_view(app, event, moderator, join, make_organizer, login_client):
    pid = new_poll(moderator, event, visibility="on_reveal")["id"]
    api(moderator, "POST", url(event, f"/{pid}/open"))
    assert moderator.get(url(event, f"/{pid}")).get_json()["poll"]["results"] == {"counts": [0, 0, 0]}
    assert moderator.get(url(event, f"/{pid}?view=room")).get_json()["poll"]["results"] is None
    phone, _ = join(event)
    assert_error(phone.get(url(event, "?view=moderator")), 403, "forbidden")
    make_organizer(email="stranger@example.com")
    stranger = login_client("stranger@example.com")
    assert stranger.get(url(event)).get_json()["polls"][0]["results"] is None  # another event's organizer: room
    assert_error(stranger.get(url(event, "?view=moderator")), 403, "forbidden")
    assert_error(moderator.get(url(event, "?view=everything")), 400)
