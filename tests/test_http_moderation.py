"""Moderation over HTTP: blocklist holds, bans and their undo, the log, the public counts (page and minutes)."""
import pytest
from helpers import api, assert_error, question_row
from polls_helpers import make_open
from readers import pdf_text

from townhall.extensions import db
from townhall.models import Ban, Operation, SpeakerRequest
from townhall.services import roles


def ask(client, code, text, **fields):
    return api(client, "POST", f"/api/events/{code}/questions", {"text": text, **fields})


def log(app, code):
    with app.app_context():
        from townhall.models import Event
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        return [(o.actor_name, o.action, o.detail, o.targets, o.at is not None)
                for o in db.session.query(Operation).filter_by(event_id=event_id).order_by(Operation.id)]


def bans(app):
    with app.app_context():
        return db.session.query(Ban).count()


@pytest.fixture
def note_taker(app, event, organizer, make_organizer, login_client):
    make_organizer(email="nina@example.com", name="Nina Notes")
    with app.app_context():
        roles.add_member(code=event, user_id=organizer.id, email="nina@example.com", role="note_taker")
    return login_client("nina@example.com")


def test_blocklisted_questions_wait_for_review_and_the_moderator_sees_the_term(app, event, join, moderator):
    phone, _ = join(event, name="Ana")
    held = ask(phone, event, "Who made this shit plan?")
    assert held.status_code == 201
    assert held.get_json()["question"]["status"] == "pending"  # the same answer as under premoderation
    held_zh = ask(phone, event, "这个计划是傻逼做的吗")
    assert held_zh.get_json()["question"]["status"] == "pending"
    fine = ask(phone, event, "When does the shitake market open?")
    assert fine.get_json()["question"]["status"] == "published"
    snapshot = moderator.get(f"/api/events/{event}/snapshot?view=moderator").get_json()
    terms = {q["text"]: q["blocklist_term"] for q in snapshot["questions"]}
    assert terms == {"Who made this shit plan?": "shit", "这个计划是傻逼做的吗": "傻逼",
                     "When does the shitake market open?": None}
    room = phone.get(f"/api/events/{event}/snapshot").get_json()
    assert [q["text"] for q in room["questions"]] == ["When does the shitake market open?"]
    assert ("", "hold", "blocklist: shit", {"question_id": held.get_json()["question"]["id"]}, True) in log(app, event)


def test_a_blocklisted_name_holds_the_question_too(app, event, join):
    phone, _ = join(event, name="Casino King")
    assert ask(phone, event, "Is the park open late?").get_json()["question"]["status"] == "pending"
    assert ask(phone, event, "Is the park open late?", anonymous=True).get_json()["question"]["status"] == "published"


def test_the_events_own_terms_and_the_default_list_switched_off(app, event, join, moderator, note_taker):
    url = f"/api/events/{event}/blocklist"
    assert moderator.get(url).get_json()["blocklist"]["use_default"] is True
    saved = api(moderator, "PUT", url, {"terms": "parking lot\n停车场\n", "use_default": False})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.get_json()["blocklist"] == {"terms": "parking lot\n停车场", "use_default": False, "count": 2,
                                             "default_count": saved.get_json()["blocklist"]["default_count"]}
    phone, _ = join(event)
    assert ask(phone, event, "What about the PARKING lot?").get_json()["question"]["status"] == "pending"
    assert ask(phone, event, "新停车场在哪里").get_json()["question"]["status"] == "pending"
    assert ask(phone, event, "kiss my ass").get_json()["question"]["status"] == "published"  # default off
    # bad input: 4xx with a JSON body, nothing stored changed
    assert_error(api(moderator, "PUT", url, {"terms": "ok\n" + "x" * 61}), 400, "invalid_term")
    assert_error(api(moderator, "PUT", url, {"use_default": "yes"}), 400)
    assert_error(api(moderator, "PUT", url, {"terms": 5}), 400)
    assert_error(api(moderator, "PUT", url, {}), 400, "empty")
    assert_error(api(note_taker, "PUT", url, {"use_default": True}), 403, "forbidden")
    assert_error(api(phone, "PUT", url, {"use_default": True}), 401)
    assert moderator.get(url).get_json()["blocklist"]["terms"] == "parking lot\n停车场"


def test_a_blocklisted_text_answer_waits_for_approval(app, event, organizer, join, moderator):
    poll_id = make_open(app, event, organizer.id, kind="text", question="One word for the park?")
    first, _ = join(event)
    second, _ = join(event)
    ballot = f"/api/events/{event}/polls/{poll_id}/ballot"
    assert api(first, "POST", ballot, {"answer": {"text": "trees"}}).status_code == 200
    assert api(second, "POST", ballot, {"answer": {"text": "bullshit"}}).status_code == 200
    answers = moderator.get(f"/api/events/{event}/polls").get_json()["polls"][0]["results"]["answers"]
    pending = {a["text"]: a.get("pending") for a in answers}
    assert pending == {"trees": None, "bullshit": True}
    room = first.get(f"/api/events/{event}/polls").get_json()["polls"][0]["results"]["answers"]
    assert [a["text"] for a in room] == ["trees"]


def test_a_ban_hides_pending_questions_and_the_floor_request_refuses_commands_and_undo_restores(
        app, event, join, moderator, make_event, organizer):
    phone, attendee_id = join(event, name="Troll")
    other, _ = join(event, name="Ben")
    published = ask(phone, event, "A fair question").get_json()["question"]["id"]
    pending = ask(phone, event, "You fucking idiots").get_json()["question"]["id"]
    anonymous_pending = ask(phone, event, "Who is the bitch in charge", anonymous=True).get_json()["question"]["id"]
    assert api(phone, "POST", f"/api/events/{event}/speakers", {"topic": "Me"}).status_code == 201
    others = ask(other, event, "Ben's question").get_json()["question"]["id"]

    answer = api(moderator, "POST", f"/api/events/{event}/bans", {"question_id": pending, "reason": "offensive"})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    ban = answer.get_json()["ban"]
    assert ban["asker"] == "Troll" and ban["anonymous"] is False and ban["reason"] == "offensive"
    assert ban["hid"] == {"questions": 1, "speakers": 1} and ban["by"] == "Olga Organizer"
    assert question_row(app, pending)["status"] == "hidden"
    assert question_row(app, published)["status"] == "published"  # what the room sees stays
    assert question_row(app, anonymous_pending)["status"] == "pending"  # not linked to the name: untouched
    with app.app_context():
        assert [r.status for r in db.session.query(SpeakerRequest)] == ["removed"]

    for method, path, body in [("POST", "/questions", {"text": "Again"}),
                               ("POST", f"/questions/{others}/vote", None),
                               ("POST", "/speakers", {"topic": "Me again"})]:
        assert_error(api(phone, method, f"/api/events/{event}{path}", body), 403, "banned")
    assert phone.get(f"/api/events/{event}/snapshot").get_json()["me"]["banned"] is True
    assert other.get(f"/api/events/{event}/snapshot").get_json()["me"]["banned"] is False
    assert api(other, "POST", f"/api/events/{event}/questions/{published}/vote").status_code == 200
    # the ban is for this event only
    elsewhere = make_event(organizer.id, title="Another")
    assert moderator.get(f"/api/events/{elsewhere}/bans").get_json() == {"bans": []}

    assert_error(api(moderator, "POST", f"/api/events/{event}/bans", {"question_id": published, "reason": "spam"}),
                 409, "already_banned")
    listed = moderator.get(f"/api/events/{event}/bans").get_json()["bans"]
    assert [b["id"] for b in listed] == [ban["id"]]

    lifted = api(moderator, "DELETE", f"/api/events/{event}/bans/{ban['id']}")
    assert lifted.status_code == 200 and lifted.get_json()["ban"]["restored"] == {"questions": 1, "speakers": 1}
    assert question_row(app, pending)["status"] == "pending" and question_row(app, pending)["moderation_reason"] is None
    with app.app_context():
        assert [r.status for r in db.session.query(SpeakerRequest)] == ["waiting"]
    assert ask(phone, event, "Back again").status_code == 201
    assert_error(api(moderator, "DELETE", f"/api/events/{event}/bans/{ban['id']}"), 404, "ban_not_found")
    entries = [(who, action, detail) for who, action, detail, _targets, _at in log(app, event)
               if action in ("ban", "unban")]
    assert entries == [("Olga Organizer", "ban", "offensive"), ("Olga Organizer", "unban", "offensive")]


def test_undo_restores_only_what_the_ban_hid(app, event, join, moderator):
    phone, _ = join(event, name="Troll")
    first = ask(phone, event, "You fucking idiots").get_json()["question"]["id"]
    ban = api(moderator, "POST", f"/api/events/{event}/bans", {"question_id": first, "reason": "offensive"})
    ban_id = ban.get_json()["ban"]["id"]
    # the moderator restores it on their own, then hides it again for another reason
    assert api(moderator, "POST", f"/api/events/{event}/questions/{first}/restore").status_code == 200
    assert api(moderator, "POST", f"/api/events/{event}/questions/{first}/hide", {"reason": "spam"}).status_code == 200
    answer = api(moderator, "DELETE", f"/api/events/{event}/bans/{ban_id}").get_json()["ban"]
    assert answer["restored"] == {"questions": 0, "speakers": 0}
    assert question_row(app, first)["status"] == "hidden" and question_row(app, first)["moderation_reason"] == "spam"


def test_an_anonymous_asker_is_banned_by_the_phone_without_a_name(app, event, join, moderator):
    phone, _ = join(event, name="Ana")
    named = ask(phone, event, "Named and pending: fuck").get_json()["question"]["id"]
    anonymous = ask(phone, event, "asshole", anonymous=True).get_json()["question"]["id"]
    ban = api(moderator, "POST", f"/api/events/{event}/bans", {"question_id": anonymous, "reason": "offensive"})
    body = ban.get_json()["ban"]
    assert body["anonymous"] is True and body["asker"] is None
    assert question_row(app, anonymous)["status"] == "hidden"
    assert question_row(app, named)["status"] == "pending"  # hiding it would tell who asked the anonymous one
    with app.app_context():
        row = db.session.query(Ban).one()
        assert row.attendee_id is None and row.author_tag == question_row(app, anonymous)["author_tag"]
    assert_error(ask(phone, event, "Again"), 403, "banned")


def test_bad_ban_requests_and_non_moderators_change_nothing(app, event, join, moderator, note_taker):
    phone, _ = join(event, name="Troll")
    question = ask(phone, event, "Hello").get_json()["question"]["id"]
    url = f"/api/events/{event}/bans"
    assert_error(api(moderator, "POST", url, {"question_id": question}), 400)
    assert_error(api(moderator, "POST", url, {"question_id": question, "reason": "ugly"}), 400, "invalid_reason")
    assert_error(api(moderator, "POST", url, {"question_id": "1", "reason": "spam"}), 400)
    assert_error(api(moderator, "POST", url, {"question_id": 999, "reason": "spam"}), 404, "question_not_found")
    assert_error(api(note_taker, "POST", url, {"question_id": question, "reason": "spam"}), 403, "forbidden")
    assert_error(note_taker.get(url), 403, "forbidden")
    assert_error(api(phone, "POST", url, {"question_id": question, "reason": "spam"}), 401)
    assert bans(app) == 0
    ban_id = api(moderator, "POST", url, {"question_id": question, "reason": "spam"}).get_json()["ban"]["id"]
    assert_error(api(note_taker, "DELETE", f"{url}/{ban_id}"), 403, "forbidden")
    assert bans(app) == 1


def test_the_log_and_the_public_counts_on_the_page_and_in_the_minutes(app, event, join, moderator, note_taker):
    phone, _ = join(event, name="Troll")
    other, _ = join(event, name="Ben")
    q = [ask(other, event, f"Question {n}").get_json()["question"]["id"] for n in range(4)]
    for question_id, action, reason in [(q[0], "hide", "off_topic"), (q[1], "hide", "off_topic"),
                                        (q[2], "hide", "offensive")]:
        assert api(moderator, "POST", f"/api/events/{event}/questions/{question_id}/{action}",
                   {"reason": reason}).status_code == 200
    assert api(moderator, "POST", f"/api/events/{event}/questions/{q[3]}/merge",
               {"into_id": ask(other, event, "Target").get_json()["question"]["id"]}).status_code == 200
    troll = ask(phone, event, "spam spam viagra").get_json()["question"]["id"]
    base = f"/api/events/{event}"
    assert api(moderator, "POST", f"{base}/questions/{troll}/reject", {"reason": "spam"}).status_code == 200
    assert api(moderator, "POST", f"{base}/bans", {"question_id": troll, "reason": "spam"}).status_code == 201

    line = ("Moderation: 1 question rejected as spam, 2 questions hidden as off topic, 1 question hidden as "
            "offensive, 1 question merged as duplicates, 1 phone banned.")
    public = app.test_client().get(f"/api/events/{event}/moderation").get_json()
    assert public["line"] == line and public["counts"]["banned"] == 1
    assert "viagra" not in str(public) and "Troll" not in str(public)
    page = app.test_client().get(f"/e/{event}").get_data(as_text=True)
    assert line in page

    entries = moderator.get(f"/api/events/{event}/moderation/log").get_json()["log"]
    assert [e["action"] for e in entries][:3] == ["ban", "reject", "hold"]
    assert entries[0]["actor"]["name"] == "Olga Organizer" and entries[0]["detail"] == "spam" and entries[0]["at"]
    assert {"hide", "merge"} <= {e["action"] for e in entries}
    assert_error(phone.get(f"/api/events/{event}/moderation/log"), 401)

    minutes = "/api/events/{}/minutes/export.{}".format
    assert line in moderator.get(minutes(event, "md")).get_data(as_text=True)
    assert line in moderator.get(minutes(event, "html")).get_data(as_text=True)
    assert line in " ".join(pdf_text(moderator.get(minutes(event, "pdf")).data).split())
