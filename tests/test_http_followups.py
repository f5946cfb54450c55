"""Following questions up over HTTP: refer / defer / close a question, the offices, the review and its one step;
each refusal a 4xx with its JSON error and nothing stored; presenters and note-takers forbidden; the API
document lists the routes; the answers fit their reply models."""
import pytest
from followup_helpers import in_days, ledger_of, make_organization, organized
from helpers import api, assert_error, question_row

from townhall.contracts import replies as r
from townhall.extensions import db
from townhall.models import Followup, Operation
from townhall.services import roles


@pytest.fixture
def offices(app, event, organizer):
    return organized(app, event, organizer.id)


def member(app, event, organizer, make_organizer, login_client, role):
    email = f"{role}@example.com"
    make_organizer(email=email, name=role.title())
    with app.app_context():
        roles.add_member(code=event, user_id=organizer.id, email=email, role=role)
    return login_client(email)


def followups_stored(app) -> int:
    with app.app_context():
        return db.session.query(Followup).count()


def test_refer_over_http(app, event, organizer, moderator, offices, make_question):
    qid = make_question(event)
    url = f"/api/events/{event}/questions/{qid}/refer"
    answer = api(moderator, "POST", url, {"office_id": offices["Planning"], "due_on": in_days(14),
                                          "note": "Figures by then"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    r.QuestionForModerators.model_validate(body["question"])
    followup = r.Followup.model_validate(body["followup"])
    assert followup.office == "Planning" and followup.state == "referred" and body["question"]["state"] == "referred"
    entry = ledger_of(app, qid)[-1]
    assert (entry["kind"], entry["actor"], entry["user_id"]) == ("refer", "team", organizer.id)
    with app.app_context():
        assert db.session.query(Operation).filter_by(action="refer").count() == 1


@pytest.mark.parametrize("payload, status, code, field", [
    ({"office_id": "Planning", "due_on": "past"}, 400, "invalid_due_date", "due_on"),
    ({"office_id": "Planning", "due_on": "garbage"}, 400, "invalid_due_date", "due_on"),
    ({"office_id": "Planning", "due_on": 20261218}, 400, "invalid_due_date", "due_on"),
    ({"office_id": "Roads", "due_on": "soon"}, 404, "office_not_found", "office_id"),
    ({"office_id": "Planning"}, 400, "invalid_due_date", "due_on"),
    ({"office_id": "Planning", "due_on": "soon", "note": "x" * 1001}, 400, "too_long", "note"),
    ({"office_id": "Planning", "due_on": "soon", "extra": 1}, 400, "invalid_input", "extra"),
    ({"office_id": "1", "due_on": "soon"}, 400, "invalid_input", "office_id"),
])
def test_a_bad_referral_is_a_4xx_and_stores_nothing(app, event, organizer, moderator, offices, make_question,
                                                     payload, status, code, field):
    other = make_organization(app, organizer.id, slug="other-town", offices=("Roads",))
    ids = {**offices, "Roads": other["offices"]["Roads"]}
    dates = {"past": in_days(-1), "soon": in_days(3), "garbage": "18 Dec"}
    payload = {k: (ids.get(v, v) if k == "office_id" else dates.get(v, v) if k == "due_on" else v)
               for k, v in payload.items()}
    qid = make_question(event)
    error = assert_error(api(moderator, "POST", f"/api/events/{event}/questions/{qid}/refer", payload), status, code)
    assert error.get("field") == field
    assert question_row(app, qid)["ledger_state"] == "published" and followups_stored(app) == 0


def test_refer_in_an_event_without_organization_is_409(app, event, organizer, moderator, make_question):
    office = make_organization(app, organizer.id)["offices"]["Parks"]
    qid = make_question(event)
    error = assert_error(api(moderator, "POST", f"/api/events/{event}/questions/{qid}/refer",
                             {"office_id": office, "due_on": in_days(3)}), 409, "no_organization")
    assert "organization" in error["message"]
    assert moderator.get(f"/api/events/{event}/offices").get_json() == {"organization": None, "offices": []}


def test_defer_close_and_the_state_machines_409(app, event, moderator, offices, make_question):
    qid = make_question(event)
    base = f"/api/events/{event}/questions/{qid}"
    deferred = api(moderator, "POST", f"{base}/defer")  # no body
    assert deferred.status_code == 200 and deferred.get_json()["question"]["state"] == "deferred"
    assert_error(api(moderator, "POST", f"{base}/defer", {"note": "Again"}), 409, "invalid_transition")
    assert_error(api(moderator, "POST", f"{base}/close", {}), 400, "invalid_input")
    assert_error(api(moderator, "POST", f"{base}/close", {"reason": "  "}), 400, "empty")
    closed = api(moderator, "POST", f"{base}/close", {"reason": "Not for this council"})
    assert closed.status_code == 200 and closed.get_json()["followup"]["state"] == "closed"
    assert_error(api(moderator, "POST", f"{base}/close", {"reason": "Twice"}), 409, "invalid_transition")
    assert_error(api(moderator, "POST", f"{base}/refer", {"office_id": offices["Parks"], "due_on": in_days(2)}),
                 409, "invalid_transition")
    reopened = api(moderator, "POST", f"{base}/reopen")
    assert reopened.get_json()["question"]["state"] == "reopened"
    again = api(moderator, "POST", f"{base}/refer", {"office_id": offices["Parks"], "due_on": in_days(2)})
    assert again.status_code == 200 and again.get_json()["followup"]["office"] == "Parks"
    assert_error(api(moderator, "POST", f"/api/events/{event}/questions/999999/close", {"reason": "x"}), 404,
                 "question_not_found")


def test_review_and_resolve_over_http(app, event, moderator, offices, make_question, join):
    a, b, c = (make_question(event, f"Question {n}") for n in range(3))
    phone, _ = join(event)
    assert api(phone, "POST", f"/api/events/{event}/questions/{a}/vote").status_code == 200
    review = moderator.get(f"/api/events/{event}/followups/review?min_votes=1")
    assert review.status_code == 200
    body = r.FollowupReview.model_validate(review.get_json())
    assert [q.id for q in body.offered] == [a] and sorted(q.id for q in body.below) == [b, c]
    assert_error(moderator.get(f"/api/events/{event}/followups/review?min_votes=-2"), 400, "invalid_min_votes")

    url = f"/api/events/{event}/followups/resolve"
    bad = {"refer": [{"question_id": a, "office_id": offices["Planning"], "due_on": in_days(14)}],
           "close": [{"question_id": b, "reason": "Out of scope"}, {"question_id": c, "reason": ""}]}
    error = assert_error(api(moderator, "POST", url, bad), 400, "empty")
    assert error["field"] == "close[1].reason" and f"question {c}" in error["message"]
    assert followups_stored(app) == 0 and question_row(app, b)["ledger_state"] == "published"
    assert_error(api(moderator, "POST", url, {"refer": [{"question_id": a}]}), 400, "invalid_input")
    assert_error(api(moderator, "POST", url, {}), 400, "nothing_to_resolve")

    bad["close"][1]["reason"] = "Asked twice"
    done = api(moderator, "POST", url, bad)
    assert done.status_code == 200, done.get_data(as_text=True)
    answer = done.get_json()
    assert [f["question_id"] for f in answer["referred"]] == [a]
    assert [f["question_id"] for f in answer["closed"]] == [b, c]
    for item in answer["referred"] + answer["closed"]:
        r.Followup.model_validate(item)
    after = moderator.get(f"/api/events/{event}/followups/review").get_json()
    assert after["offered"] == after["below"] == [] and after["counts"]["closed"] == 2
    offices_listed = moderator.get(f"/api/events/{event}/offices").get_json()
    assert [r.OfficeOption.model_validate(o).name for o in offices_listed["offices"]] == ["Parks", "Planning"]


@pytest.mark.parametrize("role", ["presenter", "note_taker"])
def test_presenters_and_note_takers_are_forbidden(app, event, organizer, make_organizer, login_client, offices,
                                                  make_question, role):
    client = member(app, event, organizer, make_organizer, login_client, role)
    qid = make_question(event)
    base = f"/api/events/{event}"
    for method, url, payload in (
            ("POST", f"{base}/questions/{qid}/refer", {"office_id": offices["Parks"], "due_on": in_days(3)}),
            ("POST", f"{base}/questions/{qid}/defer", {}),
            ("POST", f"{base}/questions/{qid}/close", {"reason": "No"}),
            ("POST", f"{base}/followups/resolve", {"close": [{"question_id": qid, "reason": "No"}]}),
            ("GET", f"{base}/followups/review", None)):
        assert_error(api(client, method, url, payload), 403, "forbidden")
    assert question_row(app, qid)["ledger_state"] == "published"
    assert client.get(f"{base}/offices").status_code == 200  # the team may read the offices


def test_strangers_are_refused(app, event, client, offices, make_question):
    qid = make_question(event)
    assert_error(api(client, "POST", f"/api/events/{event}/questions/{qid}/close", {"reason": "No"}), 401)
    assert_error(client.get(f"/api/events/{event}/offices"), 401)


def test_the_api_document_lists_the_followup_routes(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/api/events/{code}/questions/{question_id}/refer", "/api/events/{code}/questions/{question_id}/close",
                 "/api/events/{code}/questions/{question_id}/defer", "/api/events/{code}/followups/resolve",
                 "/api/events/{code}/followups/review", "/api/events/{code}/offices"):
        assert path in paths, path
