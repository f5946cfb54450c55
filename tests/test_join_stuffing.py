"""The scripted stuffing of issue 11 in the verified modes: 150 fresh phone identities (fresh cookies)
pushing one question. Without the passcode or a code: no identity and no vote; with ONE code: one
identity and one vote. Rate limits on, as in production (refused guesses end in 429)."""
import pytest
from helpers import PASSWORD, api
from joining_helpers import attendees, fresh_join, make_codes, set_mode

from townhall.services import accounts, events

PHONES = 150


@pytest.fixture
def limited(app_factory):
    """(app, owner client, event code) with the production rate limits."""
    from helpers import login

    app = app_factory("stuffing.db", RATELIMIT_ENABLED=True)
    with app.app_context():
        owner = accounts.create_organizer(email="owner@example.com", name="Owner", password=PASSWORD)
        code = events.create_event(owner_id=owner, title="Stuffed")
    client = app.test_client()
    login(client, "owner@example.com")
    return app, client, code


def stuff(app, code, question_id, **join_body) -> tuple[dict, int]:
    """150 fresh phones join with join_body and upvote: (statuses seen, votes the question has)."""
    statuses: dict[int, int] = {}
    for _ in range(PHONES):
        phone, joined = fresh_join(app, code, **join_body)
        statuses[joined.status_code] = statuses.get(joined.status_code, 0) + 1
        api(phone, "POST", f"/api/events/{code}/questions/{question_id}/vote")
    snapshot = app.test_client().get(f"/api/events/{code}/snapshot").get_json()
    (question,) = [q for q in snapshot["questions"] if q["id"] == question_id]
    return statuses, question["votes"]


def ask(app, code) -> int:
    """A question asked by the one phone the owner lets in (it joins openly before the mode changes)."""
    asker, joined = fresh_join(app, code)
    assert joined.status_code == 201
    return api(asker, "POST", f"/api/events/{code}/questions", {"text": "Shall we fix the bridge?"}).get_json()[
        "question"]["id"]


def test_passcode_mode_without_the_passcode_makes_no_identity(limited):
    app, owner, code = limited
    question_id = ask(app, code)
    set_mode(owner, code, join_mode="passcode", passcode="River")
    statuses, votes = stuff(app, code, question_id, passcode="guess")
    assert set(statuses) == {403, 429} and statuses[403] == 20  # JOIN_FAILURE_LIMIT, then throttled
    assert [a for a in attendees(app) if a[1] != "open"] == [] and len(attendees(app)) == 1  # only the asker
    assert votes == 0


def test_codes_mode_without_a_code_makes_no_identity(limited):
    app, owner, code = limited
    question_id = ask(app, code)
    set_mode(owner, code, join_mode="codes")
    make_codes(owner, code, 10)
    statuses, votes = stuff(app, code, question_id)
    assert statuses == {403: 20, 429: PHONES - 20}
    assert len(attendees(app)) == 1 and votes == 0


def test_codes_mode_with_one_code_makes_exactly_one_identity(limited):
    app, owner, code = limited
    question_id = ask(app, code)
    set_mode(owner, code, join_mode="codes")
    (slip,) = make_codes(owner, code, 1)
    statuses, votes = stuff(app, code, question_id, key=slip["code"])
    assert statuses == {201: PHONES}  # every phone gets in, each one taking over the same identity
    assert [a for a in attendees(app) if a[1] == "code"] == [(attendees(app)[1][0], "code")]
    assert len(attendees(app)) == 2 and votes == 1
