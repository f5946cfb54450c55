"""Offices over HTTP: the office role checked on the server (a member sees and acts on their office's
follow-ups only, an event's moderator has no say on an office, an office member none on the event), the
written work's answers and what it keeps, the push to the room, the event's organization setting, and the
office invitation link."""
from datetime import datetime, timedelta

import pytest
from helpers import api, assert_error, csrf_token
from office_helpers import followup_row, make_office_member, make_organization, make_referred
from sqlalchemy import select

from townhall.contracts import replies as r
from townhall.extensions import db
from townhall.models import Event, OfficeInvitation, OfficeMember, utcnow
from townhall.models.base import today
from townhall.services import roles


@pytest.fixture
def setup(app, organizer, event, make_organizer, make_question, login_client):
    """An organization (owned by the event's owner) with Parks and Roads, one member each, and a question
    referred to each office."""
    org, parks, roads = make_organization(app, organizer.id)
    pat = make_organizer(email="pat@example.com", name="Pat Parks")
    rita = make_organizer(email="rita@example.com", name="Rita Roads")
    make_office_member(app, parks, pat)
    make_office_member(app, roads, rita)
    parks_q = make_question(event, "When will the park lights be fixed?")
    roads_q = make_question(event, "Why is the bridge closed?", anonymous=True)
    make_referred(app, parks_q, parks, today() + timedelta(days=10), referred_at=datetime(2026, 1, 5, 9, 30))
    make_referred(app, roads_q, roads, today() - timedelta(days=2))
    return {"org": org, "parks": parks, "roads": roads, "pat": login_client("pat@example.com"),
            "rita": login_client("rita@example.com"), "parks_q": parks_q, "roads_q": roads_q}


def test_a_member_sees_only_their_offices_follow_ups(setup):
    body = setup["pat"].get("/api/followups").get_json()
    workspace = r.Workspace.model_validate(body)
    assert [f.question_id for f in workspace.followups] == [setup["parks_q"]]
    assert [o.name for o in workspace.offices] == ["Parks"]
    page = setup["pat"].get("/offices").get_data(as_text=True)
    assert "When will the park lights be fixed?" in page and "Why is the bridge closed?" not in page
    rita_page = setup["rita"].get("/offices").get_data(as_text=True)
    assert "Why is the bridge closed?" in rita_page and "2 days overdue" in rita_page and "Anonymous" in rita_page


def test_a_member_of_one_office_gets_403_on_anothers(setup):
    pat, roads_q = setup["pat"], setup["roads_q"]
    base = f"/api/followups/{roads_q}"
    for path, payload in (("answer", {"text": "Not mine"}),
                          ("transfer", {"office_id": setup["parks"]}),
                          ("extend", {"due_on": (today() + timedelta(days=40)).isoformat(), "reason": "Busy"})):
        assert_error(api(pat, "POST", f"{base}/{path}", payload), 403, "forbidden")
    assert_error(api(pat, "PATCH", f"{base}/answer", {"text": "x"}), 403, "forbidden")
    assert_error(api(pat, "POST", "/api/followups/99999/answer", {"text": "x"}), 404, "followup_not_found")
    row = followup_row(setup["pat"].application, roads_q)
    assert row["answer_text"] is None and row["office_id"] == setup["roads"]


def test_an_events_moderator_who_is_no_member_gets_403_on_the_office_api(app, setup, event, organizer,
                                                                       make_organizer, login_client):
    mod = make_organizer(email="mo@example.com", name="Mo Moderator")
    with app.app_context():
        roles.add_member(code=event, user_id=organizer.id, email="mo@example.com", role="moderator")
    client = login_client("mo@example.com")
    assert client.get(f"/dashboard/e/{event}").status_code == 200  # a moderator of the event...
    assert_error(api(client, "POST", f"/api/followups/{setup['parks_q']}/answer", {"text": "Mine"}), 403,
                 "forbidden")  # ...has no say on an office
    assert client.get("/api/followups").get_json()["followups"] == []
    assert_error(api(client, "POST", f"/api/organizations/{setup['org']}/offices", {"name": "Mine"}), 403,
                 "forbidden")
    assert mod and followup_row(app, setup["parks_q"])["answer_text"] is None


def test_an_office_member_gets_no_capability_on_the_event(setup, event):
    pat = setup["pat"]
    assert pat.get(f"/dashboard/e/{event}").status_code == 403
    assert pat.get(f"/dashboard/e/{event}/settings").status_code == 403
    assert_error(pat.get(f"/api/events/{event}/snapshot?view=moderator"), 403)
    assert_error(api(pat, "POST", f"/api/events/{event}/questions/{setup['parks_q']}/answered"), 403)
    assert_error(pat.get(f"/api/events/{event}/team"), 403)


def test_an_answer_is_recorded_and_pushed_to_the_room(app, setup, event, join, connect):
    phone, _ = join(event)
    socket = connect(phone, event)
    socket.clear()
    response = api(setup["pat"], "POST", f"/api/followups/{setup['parks_q']}/answer",
                   {"text": "The lights are fixed by the 12th."})
    assert response.status_code == 200, response.get_data(as_text=True)
    change = r.Followup.model_validate(response.get_json()["followup"])
    assert change.state == "answered_in_writing" and change.answer_text == "The lights are fixed by the 12th."
    [pushed] = socket.wait_for("followup:changed")
    assert pushed["followup"]["question_id"] == setup["parks_q"]
    assert pushed["followup"]["answer_text"] == "The lights are fixed by the 12th."
    history = setup["pat"].get("/api/followups").get_json()["followups"][0]["history"]
    assert history[-1]["kind"] == "answer_in_writing" and history[-1]["actor_name"] == "Pat Parks"
    # Answered once: a second answer is refused by the state machine, a correction keeps the first time.
    assert_error(api(setup["pat"], "POST", f"/api/followups/{setup['parks_q']}/answer", {"text": "Again"}), 409,
                 "invalid_transition")
    first = followup_row(app, setup["parks_q"])["answered_at"]
    corrected = api(setup["pat"], "PATCH", f"/api/followups/{setup['parks_q']}/answer", {"text": "By the 14th."})
    assert corrected.get_json()["followup"]["answer_text"] == "By the 14th."
    assert followup_row(app, setup["parks_q"])["answered_at"] == first


def test_a_transfer_keeps_referred_at_and_more_time_keeps_first_due_on(app, setup):
    pat, rita, question = setup["pat"], setup["rita"], setup["parks_q"]
    before = followup_row(app, question)
    later = (before["due_on"] + timedelta(days=14)).isoformat()
    extended = api(pat, "POST", f"/api/followups/{question}/extend", {"due_on": later, "reason": "Awaiting a quote"})
    assert extended.status_code == 200, extended.get_data(as_text=True)
    assert extended.get_json()["followup"]["first_due_on"] == before["first_due_on"].isoformat()
    moved = api(pat, "POST", f"/api/followups/{question}/transfer", {"office_id": setup["roads"], "note": "Lights"})
    assert moved.status_code == 200 and moved.get_json()["followup"]["office"] == "Roads"
    after = followup_row(app, question)
    assert after["referred_at"] == before["referred_at"] == datetime(2026, 1, 5, 9, 30)
    assert (after["first_due_on"], after["due_on"].isoformat()) == (before["first_due_on"], later)
    assert question in [f["question_id"] for f in rita.get("/api/followups").get_json()["followups"]]
    assert_error(api(pat, "POST", f"/api/followups/{question}/answer", {"text": "x"}), 403, "forbidden")


@pytest.mark.parametrize("path, payload, status, code", [
    ("answer", {"text": ""}, 400, "empty"),
    ("answer", {"text": 5}, 400, "invalid_input"),
    ("answer", {"text": "ok", "extra": 1}, 400, "invalid_input"),
    ("transfer", {"office_id": "2"}, 400, "invalid_input"),
    ("transfer", {}, 400, "invalid_input"),
    ("extend", {"due_on": "2020-01-01", "reason": "Late"}, 400, "due_date_not_later"),
    ("extend", {"due_on": "tomorrow", "reason": "Late"}, 400, "invalid_input"),
    ("extend", {"due_on": (today() + timedelta(days=60)).isoformat()}, 400, "empty"),
    ("extend", {"due_on": "2099-01-01", "reason": "Never"}, 400, "invalid_due_date"),  # a date that never comes
])
def test_bad_input_is_refused_with_nothing_changed(app, setup, path, payload, status, code):
    before = followup_row(app, setup["parks_q"])
    assert_error(api(setup["pat"], "POST", f"/api/followups/{setup['parks_q']}/{path}", payload), status, code)
    assert followup_row(app, setup["parks_q"]) == before


def test_writes_need_the_csrf_header_and_a_login(app, setup):
    assert_error(api(setup["pat"], "POST", f"/api/followups/{setup['parks_q']}/answer", {"text": "x"}, csrf=False),
                 400, "csrf_failed")
    assert_error(app.test_client().get("/api/followups"), 401, "not_authenticated")
    assert followup_row(app, setup["parks_q"])["answer_text"] is None


# --- organizations and offices over HTTP ------------------------------------------------------

def test_the_owner_manages_organizations_and_offices(app, moderator, setup):
    created = api(moderator, "POST", "/api/organizations", {"name": "Hillside", "slug": "hillside"})
    org = r.Organization.model_validate(created.get_json()["organization"])
    assert created.status_code == 201
    assert_error(api(moderator, "POST", "/api/organizations", {"name": "Again", "slug": "hillside"}), 409,
                 "slug_taken")
    office = api(moderator, "POST", f"/api/organizations/{org.id}/offices", {"name": "Library"})
    assert office.status_code == 201
    assert_error(api(moderator, "POST", f"/api/organizations/{org.id}/offices", {"name": "Library"}), 409,
                 "office_name_taken")
    detail = r.OrganizationDetail.model_validate(moderator.get(f"/api/organizations/{setup['org']}").get_json())
    assert [(o.name, [m.name for m in o.members], o.open_followups) for o in detail.offices] == \
        [("Parks", ["Pat Parks"], 1), ("Roads", ["Rita Roads"], 1)]
    assert_error(api(moderator, "DELETE", f"/api/offices/{setup['parks']}"), 409, "office_in_use")
    assert api(moderator, "DELETE", f"/api/offices/{office.get_json()['office']['id']}").status_code == 204
    assert_error(setup["pat"].get(f"/api/organizations/{setup['org']}"), 403, "forbidden")
    assert_error(moderator.get("/api/organizations/4242"), 404, "organization_not_found")
    assert [o["slug"] for o in moderator.get("/api/organizations").get_json()["organizations"]] == \
        ["city-of-riverton", "hillside"]
    page = moderator.get(f"/organizations/{setup['org']}").get_data(as_text=True)
    assert "Pat Parks" in page and "Rita Roads" in page
    assert setup["pat"].get(f"/organizations/{setup['org']}").status_code == 403
    assert "City Of Riverton" in moderator.get("/organizations").get_data(as_text=True)


def test_the_event_owner_attaches_the_event_to_an_organization_they_own(app, moderator, event, setup,
                                                                        make_organizer):
    other_org, *_ = make_organization(app, make_organizer(), slug="not-mine", offices=())

    def attached():
        with app.app_context():
            return db.session.scalars(select(Event.organization_id).filter_by(code=event)).one()

    assert_error(api(moderator, "PATCH", f"/api/events/{event}", {"organization_id": other_org}), 403, "forbidden")
    assert_error(api(moderator, "PATCH", f"/api/events/{event}", {"organization_id": 4242}), 404,
                 "organization_not_found")
    assert_error(api(moderator, "PATCH", f"/api/events/{event}", {"organization_id": "1"}), 400, "invalid_input")
    assert attached() is None
    answer = api(moderator, "PATCH", f"/api/events/{event}", {"organization_id": setup["org"]})
    assert answer.status_code == 200 and answer.get_json()["event"]["organization_id"] == setup["org"]
    assert attached() == setup["org"]
    assert f'value="{setup["org"]}" selected' in moderator.get(f"/dashboard/e/{event}/settings").get_data(as_text=True)
    assert api(moderator, "PATCH", f"/api/events/{event}", {"organization_id": None}).status_code == 200
    assert attached() is None


def test_the_home_page_links_an_office_member_to_the_workspace(setup, moderator):
    home = setup["pat"].get("/dashboard/").get_data(as_text=True)
    assert 'data-testid="home-offices"' in home and 'href="/offices"' in home
    assert 'data-testid="home-offices"' not in moderator.get("/dashboard/").get_data(as_text=True)


# --- the invitation link ------------------------------------------------------------------------

def invite(client, office_id):
    response = api(client, "POST", f"/api/offices/{office_id}/invitations")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = r.OfficeInvitation.model_validate(response.get_json()["invitation"])
    return body.id, "/office-invite/" + body.url.rsplit("/", 1)[1]


def members(app, office_id):
    with app.app_context():
        return sorted(db.session.scalars(select(OfficeMember.user_id).filter_by(office_id=office_id)))


def test_an_invitation_link_accepted_with_a_new_account_works_once(app, moderator, setup):
    _id, link = invite(moderator, setup["parks"])
    newcomer = app.test_client()
    assert "Parks" in newcomer.get(link).get_data(as_text=True)
    answer = newcomer.post(link, data={"name": "Nia New", "email": "nia@example.com", "password": "long password 1",
                                       "confirm": "long password 1", "csrf_token": csrf_token(newcomer)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/offices")
    assert "When will the park lights be fixed?" in newcomer.get("/offices").get_data(as_text=True)
    assert len(members(app, setup["parks"])) == 2
    # Reused: refused, nothing changes.
    other = app.test_client()
    reused = other.get(link)
    assert reused.status_code == 403 and "used already" in reused.get_data(as_text=True)


def test_a_logged_in_user_accepts_with_their_account(app, moderator, setup):
    _id, link = invite(moderator, setup["parks"])
    rita = setup["rita"]
    assert rita.post(link, data={"csrf_token": csrf_token(rita)}).status_code == 302
    assert len(members(app, setup["parks"])) == 2
    assert setup["parks_q"] in [f["question_id"] for f in rita.get("/api/followups").get_json()["followups"]]


def test_an_expired_or_withdrawn_link_is_refused(app, moderator, setup):
    expired_id, expired = invite(moderator, setup["parks"])
    withdrawn_id, withdrawn = invite(moderator, setup["parks"])
    with app.app_context():
        db.session.get(OfficeInvitation, expired_id).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert api(moderator, "DELETE", f"/api/office-invitations/{withdrawn_id}").status_code == 204
    assert_error(api(setup["pat"], "DELETE", f"/api/office-invitations/{withdrawn_id}"), 403, "forbidden")
    rita = setup["rita"]
    for link, words in ((expired, "expired"), (withdrawn, "withdrawn")):
        page = rita.get(link)
        assert page.status_code == 403 and words in page.get_data(as_text=True)
        assert rita.post(link, data={"csrf_token": csrf_token(rita)}).status_code == 403
    assert members(app, setup["parks"]) == [members(app, setup["parks"])[0]]
    assert_error(api(setup["pat"], "POST", f"/api/offices/{setup['parks']}/invitations"), 403, "forbidden")


def test_the_owner_removes_a_member_who_then_sees_nothing(app, moderator, setup):
    pat_id = members(app, setup["parks"])[0]
    assert api(moderator, "DELETE", f"/api/offices/{setup['parks']}/members/{pat_id}").status_code == 204
    assert setup["pat"].get("/api/followups").get_json()["followups"] == []
    assert_error(api(setup["pat"], "POST", f"/api/followups/{setup['parks_q']}/answer", {"text": "x"}), 403)


def test_the_office_pages_are_not_cached_and_escape_what_askers_wrote(app, setup, event, make_question, moderator):
    question = make_question(event, "<script>alert(1)</script> and the park?")
    make_referred(app, question, setup["parks"])
    page = setup["pat"].get("/offices")
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert moderator.get("/organizations").headers["Cache-Control"] == "no-store"


def test_an_event_is_not_created_in_someone_elses_organization(app, moderator, make_organizer):
    other_org, *_ = make_organization(app, make_organizer(), slug="not-mine", offices=())
    assert_error(api(moderator, "POST", "/api/events", {"title": "Mine", "organization_id": other_org}), 403,
                 "forbidden")
    with app.app_context():
        assert db.session.query(Event).count() == 0
    mine, *_ = make_organization(app, make_organizer(email="x@example.com"), slug="also-not", offices=())
    created = api(moderator, "POST", "/api/events", {"title": "Mine", "organization_id": None})
    assert created.status_code == 201 and created.get_json()["event"]["organization_id"] is None
