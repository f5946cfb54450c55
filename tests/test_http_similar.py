"""Similar questions: GET /api/events/<code>/similar?text=... for a phone whose person is typing (published
questions of that event only, rate-limited per phone), and the suggestions in the moderators' messages."""
import pytest
from helpers import api, assert_error, question_row

from townhall.services import merge, similar_questions

PARK = "When will the park reopen?"


def similar(client, code, text):
    return client.get(f"/api/events/{code}/similar", query_string={"text": text})


def suggested(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["questions"]


def test_a_phone_is_shown_published_questions_like_its_text_with_their_votes(app, event, join, make_question):
    phone, _ = join(event)
    reopen = make_question(event, PARK)
    again = make_question(event, "When is the park reopening again?")
    make_question(event, "How do I recycle batteries?")
    voter, _ = join(event)
    assert api(voter, "POST", f"/api/events/{event}/questions/{reopen}/vote").status_code == 200

    found = suggested(similar(phone, event, "When is the park reopening?"))
    assert [q["id"] for q in found] == [reopen, again]
    assert found[0]["text"] == PARK and found[0]["votes"] == 1 and found[0]["score"] == 1.0
    assert found[0]["status"] == "published" and "attendee_id" not in found[0] and "author_tag" not in found[0]
    assert suggested(similar(phone, event, "Where can I buy tickets for the concert?")) == []
    assert suggested(similar(phone, event, "公园什么时候重新开放？")) == []


def test_only_the_events_published_questions_are_ever_suggested(app, make_event, organizer, join, make_question,
                                                                moderate):
    code = make_event(organizer.id, premoderation=True)
    other = make_event(organizer.id, title="Another meeting")
    make_question(other, PARK)
    make_question(other, "When is the park reopening?")
    ids = {status: make_question(code, text) for status, text in [
        ("published", PARK), ("pending", "When is the park reopening?"), ("rejected", "When does the park reopen?"),
        ("hidden", "When will the park be reopening?"), ("archived", "The park: when will it reopen?"),
        ("merged", "When will the park reopen, please?")]}
    for status, action in [("published", "approve"), ("hidden", "approve"), ("archived", "approve"),
                           ("merged", "approve")]:
        moderate(code, organizer.id, ids[status], action)
    moderate(code, organizer.id, ids["rejected"], "reject")
    moderate(code, organizer.id, ids["hidden"], "hide")
    moderate(code, organizer.id, ids["archived"], "archive")
    with app.app_context():
        merge.merge(code=code, user_id=organizer.id, question_id=ids["merged"], into_id=ids["published"])
    assert {status: question_row(app, i)["status"] for status, i in ids.items()} == {s: s for s in ids}

    phone, _ = join(code)
    for text in (PARK, "When is the park reopening?", "When will the park be reopening?"):
        assert [q["id"] for q in suggested(similar(phone, code, text))] == [ids["published"]], text


def test_a_question_that_leaves_the_room_is_not_suggested_from_an_index_built_before(app, event, join,
                                                                                      make_question, moderate,
                                                                                      organizer, monkeypatch):
    monkeypatch.setattr(similar_questions, "REBUILD_SECONDS", 600)  # the index built first serves throughout
    phone, _ = join(event)
    first = make_question(event, PARK)
    assert [q["id"] for q in suggested(similar(phone, event, PARK))] == [first]  # the index is built now
    newer = make_question(event, "When is the park reopening?")  # asked after it was built
    assert [q["id"] for q in suggested(similar(phone, event, PARK))] == [first, newer]
    moderate(event, organizer.id, first, "hide")  # the index still holds it
    assert [q["id"] for q in suggested(similar(phone, event, PARK))] == [newer]


def test_questions_asked_in_a_burst_are_all_compared(app, event, join, make_question, monkeypatch):
    """More than MAX_NEWER asked since the index was built: it is built again, and none is missed."""
    monkeypatch.setattr(similar_questions, "REBUILD_SECONDS", 600)
    monkeypatch.setattr(similar_questions, "MAX_NEWER", 2)
    phone, _ = join(event)
    make_question(event, "How do I recycle batteries?")
    assert suggested(similar(phone, event, PARK)) == []  # the index is built now, without the park
    asked = [make_question(event, text) for text in (
        "Where is the town hall?", "Is the pool open?", "When is the park reopening?", "Who runs the market?",
        PARK, "When will the park reopen again?")]
    found = suggested(similar(phone, event, PARK))
    assert [q["id"] for q in found] == [asked[2], asked[4], asked[5]]  # 1.0 twice: the older first


@pytest.mark.parametrize("query, status, code, field", [
    ({}, 400, "empty", "text"),
    ({"text": "   "}, 400, "empty", "text"),
    ({"text": "x" * 301}, 400, "too_long", "text"),
])
def test_a_missing_empty_or_too_long_text_is_refused(event, join, query, status, code, field):
    phone, _ = join(event)
    error = assert_error(phone.get(f"/api/events/{event}/similar", query_string=query), status, code)
    assert error["field"] == field


def test_only_a_phone_that_joined_this_open_event_may_ask(app, event, make_event, organizer, join, client,
                                                          moderator, make_question):
    make_question(event, PARK)
    assert_error(similar(client, event, PARK), 401, "not_joined")
    other = make_event(organizer.id, title="Another meeting")
    elsewhere, _ = join(other)
    assert_error(similar(elsewhere, event, PARK), 401, "not_joined")
    assert_error(similar(elsewhere, "NOSUCH", PARK), 404, "event_not_found")
    phone, _ = join(event)
    assert api(moderator, "PATCH", f"/api/events/{event}", {"is_open": False}).status_code == 200
    assert_error(similar(phone, event, PARK), 409, "event_closed")


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_look_ups_are_limited_per_phone(event, join, make_question):
    make_question(event, PARK)
    phone, _ = join(event)
    for n in range(30):
        assert similar(phone, event, f"When will the park reopen {n}?").status_code == 200
    assert_error(similar(phone, event, PARK), 429, "rate_limited")
    neighbour, _ = join(event)  # the same address, another phone
    assert len(suggested(similar(neighbour, event, PARK))) == 1


def test_the_moderators_hear_which_questions_a_new_one_looks_like(app, make_event, organizer, join, connect,
                                                                   moderator, make_question):
    code = make_event(organizer.id, premoderation=True)
    waiting = make_question(code, "When is the park reopening?")
    make_question(code, "How do I recycle batteries?")
    moderators, room = connect(moderator, code, "moderator"), connect(app.test_client(), code, "projector")
    moderators.clear()
    room.clear()
    asker, _ = join(code)
    asked = api(asker, "POST", f"/api/events/{code}/questions", {"text": PARK}).get_json()["question"]
    assert "similar" not in asked

    [message] = moderators.wait_for("questions:changed")
    [question] = message["questions"]
    assert question["id"] == asked["id"] and question["similar"] == [{"id": waiting, "score": 1.0}]
    assert all("similar" not in q for m in room.messages("questions:changed") for q in m["questions"])

    snapshot = moderator.get(f"/api/events/{code}/snapshot?view=moderator").get_json()
    by_id = {q["id"]: q for q in snapshot["questions"]}
    assert by_id[asked["id"]]["similar"] == [{"id": waiting, "score": 1.0}]
    assert by_id[waiting]["similar"] == [{"id": asked["id"], "score": 1.0}]
    assert [q for q in by_id.values() if q["text"].startswith("How do")][0]["similar"] == []


def test_only_questions_that_may_be_merged_carry_suggestions(app, event, organizer, moderator, make_question,
                                                            moderate):
    first = make_question(event, PARK)
    second = make_question(event, "When is the park reopening?")
    moderate(event, organizer.id, first, "answering")
    moderate(event, organizer.id, first, "answered")
    snapshot = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    by_id = {q["id"]: q for q in snapshot["questions"]}
    assert "similar" not in by_id[first]  # answered: nothing to merge
    assert by_id[second]["similar"] == [{"id": first, "score": 1.0}]  # it may still be folded into the answered one


def test_a_failing_suggestion_does_not_stop_the_moderators_message(app, event, moderator, connect, join,
                                                                   monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("index broken")

    monkeypatch.setattr(similar_questions, "_similar", broken)
    moderators = connect(moderator, event, "moderator")
    moderators.clear()
    asker, _ = join(event)
    assert api(asker, "POST", f"/api/events/{event}/questions", {"text": PARK}).status_code == 201
    [message] = moderators.wait_for("questions:changed")
    assert message["questions"][0]["text"] == PARK and "similar" not in message["questions"][0]


def test_only_the_newest_questions_that_may_be_merged_are_looked_up(event, moderator, make_question, monkeypatch):
    """A snapshot of 1,000 questions, or a message about a whole agenda item's, does not look up every one."""
    monkeypatch.setattr(similar_questions, "MOST_SUGGESTED", 2)
    ids = [make_question(event, PARK) for _ in range(3)]
    by_id = {q["id"]: q for q in moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()["questions"]}
    assert "similar" not in by_id[ids[0]]
    assert by_id[ids[1]]["similar"] == [{"id": ids[0], "score": 1.0}, {"id": ids[2], "score": 1.0}]
    assert [s["id"] for s in by_id[ids[2]]["similar"]] == ids[:2]
