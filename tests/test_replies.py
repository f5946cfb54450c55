"""The API document's response schemas are the reply models (townhall/contracts/replies.py), and
the server's real answers fit them field for field: a field the server sends that the model does
not list, one the model lists that the server leaves out, or a wrong type fails here. The answers
come from a whole meeting (every kind of question, poll, speaker and record), read by a moderator
and by a phone."""
import pytest
from helpers import api
from meeting_helpers import make_held_meeting
from pydantic import ValidationError

from townhall.contracts import replies as r


@pytest.fixture
def meeting(app, event, organizer):
    make_held_meeting(app, event, organizer.id, close=False)
    return event


def fits(model, body):
    """The body as `model`, or a failure naming the field that does not fit."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        pytest.fail(f"{model.__name__} does not describe the answer: {exc}")


def ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_the_moderators_views_fit_their_models(meeting, moderator):
    base = f"/api/events/{meeting}"
    snapshot = fits(r.Snapshot, ok(moderator.get(f"{base}/snapshot?view=moderator")))
    assert isinstance(snapshot.event, r.EventForModerators)
    assert snapshot.questions and all(isinstance(q, r.QuestionForModerators) for q in snapshot.questions)
    assert {q.status for q in snapshot.questions} >= {"published", "hidden", "merged", "archived"}
    assert snapshot.records is not None and snapshot.speakers.recent
    assert {p.kind for p in snapshot.polls} == {"single", "multiple", "yesno", "rating", "ranking", "text"}

    [mine] = [e for e in ok(moderator.get("/api/events"))["events"] if e["code"] == meeting]
    assert fits(r.MyEvent, mine).role == "owner"
    fits(r.Agenda, ok(moderator.get(f"{base}/agenda"))["agenda"])
    fits(r.Records, ok(moderator.get(f"{base}/records")))
    fits(r.Fairness, ok(moderator.get(f"{base}/fairness"))["fairness"])
    fits(r.Member, ok(moderator.get(f"{base}/team"))["owner"])
    for poll in ok(moderator.get(f"{base}/polls"))["polls"]:
        fits(r.Poll, poll)
    created = fits(r.Token, ok(api(moderator, "POST", "/api/tokens", {"name": "Integration"}), 201)["token"])
    assert created.token
    [listed] = ok(moderator.get("/api/tokens"))["tokens"]
    assert fits(r.Token, listed).token is None  # the secret is shown once


def test_the_rooms_and_a_phones_views_fit_their_models(meeting, join, client):
    base = f"/api/events/{meeting}"
    room = fits(r.Snapshot, ok(client.get(f"{base}/snapshot")))
    assert type(room.event) is r.Event and all(type(q) is r.Question for q in room.questions)
    assert room.records is None and room.stats is None

    phone, _ = join(meeting, "Pia")
    asked = fits(r.Question, ok(api(phone, "POST", f"{base}/questions", {"text": "Will the park have lights?"}),
                                201)["question"])
    assert asked.mine is True
    neighbour, _ = join(meeting)
    tally = fits(r.Tally, ok(api(neighbour, "POST", f"{base}/questions/{asked.id}/vote")))
    assert tally.voted and tally.votes == 1
    view = fits(r.Snapshot, ok(neighbour.get(f"{base}/snapshot")))
    assert view.me is not None and asked.id in view.me.voted
    assert asked.id in fits(r.Snapshot, ok(phone.get(f"{base}/snapshot"))).me.mine
    voted = [fits(r.Poll, poll) for poll in ok(phone.get(f"{base}/polls"))["polls"]]
    assert all(p.voted is not None for p in voted)
    fits(r.Event, ok(phone.get(base))["event"])


def test_a_speaker_on_the_floor_and_the_records_written_fit_their_models(meeting, join, moderator):
    base = f"/api/events/{meeting}"
    phone, _ = join(meeting, "Pia")
    request = fits(r.SpeakerEntry, ok(api(phone, "POST", f"{base}/speakers", {"topic": "Lights"}), 201)["request"])
    assert request.status == "waiting" and request.position == 1
    speakers = fits(r.Speakers, ok(api(moderator, "POST", f"{base}/speakers/next"))["speakers"])
    assert isinstance(speakers.current, r.SpeakerOnTheFloorForModerators)
    room = fits(r.Speakers, ok(phone.get(f"{base}/speakers"))["speakers"])
    assert type(room.current) is r.SpeakerOnTheFloor and room.mine is not None and room.mine.speaking

    snapshot = ok(moderator.get(f"{base}/snapshot?view=moderator"))
    item = snapshot["agenda"]["items"][0]["id"]
    question = next(q for q in snapshot["questions"] if q["status"] == "published")
    moderated = fits(r.QuestionForModerators, ok(api(moderator, "POST",
                                                      f"{base}/questions/{question['id']}/answering"))["question"])
    assert moderated.progress == "answering"
    notes = fits(r.SavedNotes, ok(api(moderator, "PUT", f"{base}/agenda/{item}/notes",
                                      {"text": "More lights", "base_version": item_notes(snapshot, item)}))["notes"])
    assert notes.item_id == item
    fits(r.Decision, ok(api(moderator, "POST", f"{base}/agenda/{item}/decisions", {"text": "Add lights"}),
                        201)["decision"])
    action = fits(r.ActionItem, ok(api(moderator, "POST", f"{base}/agenda/{item}/actions",
                                       {"what": "Order lamps", "due_date": "2027-01-31"}), 201)["action"])
    assert str(action.due_date) == "2027-01-31"


def test_similar_questions_fit_their_models(event, join, moderator):
    base = f"/api/events/{event}"
    asker, _ = join(event)
    for text in ("When will the park reopen?", "When is the park reopening?"):
        assert api(asker, "POST", f"{base}/questions", {"text": text}).status_code == 201
    phone, _ = join(event)
    [found, *_] = ok(phone.get(f"{base}/similar", query_string={"text": "When will the park reopen?"}))["questions"]
    assert fits(r.SuggestedQuestion, found).score == 1.0
    snapshot = fits(r.Snapshot, ok(moderator.get(f"{base}/snapshot?view=moderator")))
    assert all(isinstance(q, r.QuestionForModerators) and q.similar for q in snapshot.questions)


def test_a_speaker_added_by_hand_answers_the_moderators_entry_the_document_names(meeting, moderator, client):
    body = ok(api(moderator, "POST", f"/api/events/{meeting}/speakers/add", {"name": "Mr. Grey"}), 201)
    entry = fits(r.SpeakerEntryForModerators, body["request"])
    assert entry.manual and entry.room_name == "Mr. Grey"
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/events/{code}/speakers/add"]["post"]
    schema = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert schema["properties"]["request"] == {"$ref": "#/components/schemas/SpeakerEntryForModerators"}


def item_notes(snapshot, item_id) -> int:
    return snapshot["records"]["items"][str(item_id)]["notes"]["version"]


def test_a_reply_model_refuses_what_it_does_not_describe():
    """The check above can fail: a field the model does not list, or one it lists left out."""
    entry = {"id": 1, "number": 1, "name": "Speaker 1", "topic": "", "status": "waiting", "times_spoken": 0,
             "position": 1, "agenda_item_id": None, "requested_at": "2026-12-04T10:00:00Z", "called_at": None}
    r.SpeakerEntry.model_validate(entry)
    with pytest.raises(ValidationError, match="person_key"):
        r.SpeakerEntry.model_validate({**entry, "person_key": "secret"})
    with pytest.raises(ValidationError, match="times_spoken"):
        r.SpeakerEntry.model_validate({k: v for k, v in entry.items() if k != "times_spoken"})


def test_the_document_describes_replies_with_the_models(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    for model in r.REPLIES:
        documented = schemas[model.__name__]
        assert documented["additionalProperties"] is False
        assert set(documented["properties"]) == set(model.model_fields), model.__name__
    assert set(schemas["Event"]["properties"]) >= {"starts_at", "place", "premoderation", "meeting_started_at"}
    assert set(schemas["Question"]["properties"]) >= {"created_at", "answered_at"}
    assert "published_at" in schemas["QuestionForModerators"]["properties"]
