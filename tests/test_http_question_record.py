"""The question record over HTTP: reasons in the moderation body, the merge route, answer text and next step
in the PATCH body, the peak in the stats, and the OpenAPI document that describes them."""
import pytest
from helpers import api, assert_error, body_schema, question_row

from townhall.extensions import db
from townhall.models import MODERATION_REASONS, Question, Vote


def url(code, qid, tail=""):
    return f"/api/events/{code}/questions/{qid}{tail}"


def votes_stored(app) -> list[tuple[int, int]]:
    with app.app_context():
        return sorted(db.session.query(Vote.question_id, Vote.attendee_id).all())


def rows(app) -> list[dict]:
    with app.app_context():
        return [{c.name: getattr(q, c.name) for c in Question.__table__.columns}
                for q in db.session.query(Question).order_by(Question.id)]


@pytest.fixture
def question(make_question, event):
    return make_question(event, "Will the ferry run on Sundays?")


# --- reasons ---------------------------------------------------------------------------------

def test_hide_with_a_reason_and_restore(app, moderator, event, question):
    answer = api(moderator, "POST", url(event, question, "/hide"), {"reason": "off_topic"})
    assert answer.status_code == 200
    assert answer.get_json()["question"]["moderation_reason"] == "off_topic"
    assert question_row(app, question)["moderation_reason"] == "off_topic"
    restored = api(moderator, "POST", url(event, question, "/restore")).get_json()["question"]
    assert restored["moderation_reason"] is None and restored["status"] == "published"


def test_a_moderation_without_a_body_still_works(app, moderator, event, question):
    assert api(moderator, "POST", url(event, question, "/hide")).status_code == 200
    assert question_row(app, question)["moderation_reason"] is None


@pytest.mark.parametrize("body, status, code, field", [
    ({"reason": "rude"}, 400, "invalid_reason", "reason"),
    ({"reason": 1}, 400, "invalid_reason", "reason"),
    ({"reason": "spam", "why": "x"}, 400, "invalid_input", "why"),
    ({"answer_text": "Yes"}, 400, "answer_not_allowed", "answer_text"),
    ([1], 400, "invalid_json", None),
])
def test_bad_moderation_bodies_are_refused(app, moderator, event, question, body, status, code, field):
    before = rows(app)
    error = assert_error(api(moderator, "POST", url(event, question, "/hide"), body), status, code)
    assert error.get("field") == field
    assert rows(app) == before


def test_a_body_that_is_not_json_is_refused(app, moderator, event, question):
    error = assert_error(api(moderator, "POST", url(event, question, "/hide"), data="{reason",
                             content_type="application/json"), 400, "invalid_json")
    assert error["message"]
    assert question_row(app, question)["status"] == "published"


def test_a_reason_with_approve_is_refused(app, organizer, make_event, make_question, login_client):
    code = make_event(organizer.id, premoderation=True)
    qid = make_question(code)
    client = login_client(organizer.email)
    assert_error(api(client, "POST", url(code, qid, "/approve"), {"reason": "spam"}), 400, "reason_not_allowed")
    assert question_row(app, qid)["status"] == "pending"
    assert api(client, "POST", url(code, qid, "/reject"), {"reason": "spam"}).status_code == 200
    assert question_row(app, qid)["moderation_reason"] == "spam"


def test_answered_with_the_answer_text(app, moderator, event, question):
    answer = api(moderator, "POST", url(event, question, "/answered"), {"answer_text": "From May, every hour."})
    assert answer.get_json()["question"]["answer_text"] == "From May, every hour."
    assert question_row(app, question)["answer_text"] == "From May, every hour."


# --- merge -----------------------------------------------------------------------------------

def test_merge_over_http(app, moderator, event, join, make_question):
    target = make_question(event, "Will the ferry run on Sundays?")
    duplicate = make_question(event, "Sunday ferry?")
    voter, voter_id = join(event)
    assert api(voter, "POST", url(event, duplicate, "/vote")).status_code == 200
    answer = api(moderator, "POST", url(event, duplicate, "/merge"), {"into_id": target})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["question"]["status"] == "merged" and body["question"]["merged_into_id"] == target
    assert body["into"]["votes"] == 1
    assert votes_stored(app) == [(target, voter_id)]
    room = voter.get(f"/api/events/{event}/snapshot").get_json()
    assert [q["id"] for q in room["questions"]] == [target] and room["me"]["voted"] == [target]
    moderator_view = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    assert {q["id"]: q["merged_into_id"] for q in moderator_view["questions"]} == {target: None, duplicate: target}
    assert moderator_view["stats"]["by_status"] == {"published": 1, "merged": 1}


def test_merge_errors_over_http(app, moderator, event, make_question, organizer, make_event):
    target, duplicate = make_question(event), make_question(event)
    elsewhere = make_question(make_event(organizer.id))
    assert api(moderator, "POST", url(event, target, "/hide")).status_code == 200
    before = rows(app)
    merge = url(event, duplicate, "/merge")
    assert assert_error(api(moderator, "POST", merge, {}), 400, "invalid_input")["field"] == "into_id"
    assert_error(api(moderator, "POST", merge, {"into_id": "x"}), 400, "invalid_input")
    assert_error(api(moderator, "POST", merge, {"into_id": duplicate}), 400, "merge_into_self")
    assert_error(api(moderator, "POST", merge, {"into_id": elsewhere}), 404, "target_not_found")
    assert_error(api(moderator, "POST", merge, {"into_id": target}), 409, "target_not_published")
    assert_error(api(moderator, "POST", merge, {"into_id": target, "votes": 3}), 400, "invalid_input")
    assert_error(api(moderator, "POST", merge, [target]), 400, "invalid_json")
    assert_error(api(moderator, "POST", url(event, 999, "/merge"), {"into_id": target}), 404, "question_not_found")
    assert_error(api(moderator, "POST", merge, {"into_id": target}, csrf=False), 400, "csrf_failed")
    assert_error(api(app.test_client(), "POST", merge, {"into_id": target}), 401, "not_authenticated")
    assert rows(app) == before


def test_a_phone_cannot_merge(app, event, attendee, make_question):
    target, duplicate = make_question(event), make_question(event)
    client, _ = attendee
    assert_error(api(client, "POST", url(event, duplicate, "/merge"), {"into_id": target}), 401)
    assert question_row(app, duplicate)["status"] == "published"


# --- answer text, next step ------------------------------------------------------------------

def test_answer_text_and_next_step_in_the_patch_body(app, moderator, event, question):
    patch = url(event, question)
    assert_error(api(moderator, "PATCH", patch, {"answer_text": "Early"}), 409, "not_answering")
    stepped = api(moderator, "PATCH", patch, {"next_step": "Written reply within 14 days"}).get_json()["question"]
    assert stepped["next_step"] == "Written reply within 14 days"
    api(moderator, "POST", url(event, question, "/answering"))
    answered = api(moderator, "PATCH", patch, {"answer_text": "Yes, hourly.", "next_step": ""}).get_json()["question"]
    assert (answered["answer_text"], answered["next_step"]) == ("Yes, hourly.", None)
    stored = question_row(app, question)
    assert (stored["answer_text"], stored["next_step"]) == ("Yes, hourly.", None)


@pytest.mark.parametrize("body, status, code, field", [
    ({"answer_text": "x" * 4001}, 400, "too_long", "answer_text"),
    ({"next_step": 12}, 400, "invalid_input", "next_step"),
    ({"answer": "typo in the field name"}, 400, "invalid_input", "answer"),
    ({}, 400, "empty", "text"),
])
def test_bad_patch_bodies_are_refused(app, moderator, event, question, body, status, code, field):
    api(moderator, "POST", url(event, question, "/answering"))
    before = rows(app)
    assert assert_error(api(moderator, "PATCH", url(event, question), body), status, code).get("field") == field
    assert rows(app) == before


def test_the_room_sees_the_answer_of_answered_questions_only(app, moderator, event, question, client):
    api(moderator, "POST", url(event, question, "/answering"))
    api(moderator, "PATCH", url(event, question), {"answer_text": "Yes, hourly.", "next_step": "Timetable online"})
    room = client.get(f"/api/events/{event}/snapshot").get_json()["questions"][0]
    assert room["answer_text"] is None and "next_step" not in room
    api(moderator, "POST", url(event, question, "/answered"))
    room = client.get(f"/api/events/{event}/snapshot").get_json()["questions"][0]
    assert room["answer_text"] == "Yes, hourly." and "next_step" not in room and "moderation_reason" not in room


# --- stats, OpenAPI --------------------------------------------------------------------------

def test_stats_carry_the_peak(app, moderator, event):
    stats = moderator.get(f"/api/events/{event}/stats").get_json()
    assert stats["peak_connected"] == 0 and stats["connected"] == 0


def test_openapi_describes_the_question_record(client):
    spec = client.get("/api/openapi.json").get_json()
    question = spec["components"]["schemas"]["QuestionForModerators"]["properties"]  # the room's, and more
    assert "merged" in question["status"]["enum"]
    assert {"answer_text", "next_step", "moderation_reason", "merged_into_id"} <= set(question)
    reasons = question["moderation_reason"]["anyOf"]
    assert reasons == [{"enum": list(MODERATION_REASONS), "type": "string"}, {"type": "null"}]
    assert "into_id" in body_schema(spec, "/api/events/{code}/questions/{question_id}/merge", "post")["properties"]
    patch = body_schema(spec, "/api/events/{code}/questions/{question_id}", "patch")
    assert {"answer_text", "next_step"} <= set(patch["properties"])
    for action, field in [("hide", "reason"), ("reject", "reason"), ("answered", "answer_text")]:
        path = f"/api/events/{{code}}/questions/{{question_id}}/{action}"
        assert field in body_schema(spec, path, "post")["properties"]
