"""The minutes document (exports/document.py, from the record services/minutes_record.py reads) built from
meetings held through the services.

The finished demo (townhall/demo/meeting.py, run from demo/script.py) is a whole meeting held
yesterday; small events check one rule each. tests/minutes_sample.py must keep the shape of a real document.
"""
import json
import sqlite3
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from conftest import finish_background_tasks
from minutes_sample import SAMPLE
from sqlalchemy import event as sa_event

from townhall import demo
from townhall.demo import script as demo_script
from townhall.errors import NotFound
from townhall.exports import activity as activity_chart
from townhall.exports import document
from townhall.extensions import db
from townhall.models import AgendaItem, Attendee, Ballot, Event, Poll, Question, SpeakerRequest, Vote, utcnow
from townhall.services import (
    agenda,
    events,
    merge,
    minutes_record,
    poll_results,
    polls,
    presence,
    questions,
    records,
    roles,
    speakers,
)
from townhall.services.secrets import author_tag, token_hash, voter_tag


def call(app, fn, **kwargs):
    with app.app_context():
        return fn(**kwargs)


def event_id_of(app, code) -> int:
    with app.app_context():
        return db.session.query(Event.id).filter_by(code=code).scalar()


def build(app, code, **kwargs) -> dict:
    with app.app_context():
        return minutes_record.document(event_id_of(app, code), **kwargs)


def questions_of(doc) -> list[dict]:
    """Every QUESTION in the document, wherever it is placed."""
    placed = [q for item in doc["items"] for q in item["answered"]]
    placed += doc["general"]["answered"] if doc["general"] else []
    return placed + doc["unanswered"]["questions"]


def polls_of(doc) -> dict:
    items = doc["items"] + ([doc["general"]] if doc["general"] else [])
    return {p["question"]: p for item in items for p in item["polls"]}


def copy_database(source, target) -> None:
    """A consistent copy of a SQLite database (its WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> dict:
    """Where the finished demo's database is kept once made: the meeting is held once per test run."""
    return {"path": tmp_path_factory.mktemp("finished-demo") / "demo.db", "code": None}


@pytest.fixture
def held(app_factory, tmp_path, demo_database, background_tasks):
    """The finished demo meeting, on its own app (a fresh copy of its database for every test):
    app, code, event id and the document as built with no draft."""
    if demo_database["code"] is None:
        app = app_factory("demo.db")
        with app.app_context():
            demo_database["code"] = demo.create_finished_demo()["code"]
        finish_background_tasks(background_tasks)  # the broadcasts' flushes read the database
        copy_database(tmp_path / "demo.db", demo_database["path"])
    else:
        copy_database(demo_database["path"], tmp_path / "demo.db")
        app = app_factory("demo.db")
    code = demo_database["code"]
    return SimpleNamespace(app=app, code=code, event_id=event_id_of(app, code), doc=build(app, code))


@pytest.fixture
def items(app, event, organizer):
    """Three agenda items on ``event``: their ids in order."""
    return [call(app, agenda.add_item, code=event, user_id=organizer.id, title=title, planned_minutes=minutes)
            ["item_id"] for title, minutes in (("Welcome", 5), ("The plan", 20), ("Closing", 5))]


# --- the finished demo ------------------------------------------------------------------

def test_the_agenda_in_order_with_planned_and_actual_times_and_the_records(held):
    doc = held.doc
    assert [i["title"] for i in doc["items"]] == [a[0] for a in demo_script.AGENDA]
    assert [i["position"] for i in doc["items"]] == list(range(len(demo_script.AGENDA)))
    assert [(i["planned_minutes"], i["actual_seconds"]) for i in doc["items"]] == [
        (a[2], a[3]) for a in demo_script.AGENDA]
    assert doc["items"][1]["planned_minutes"] * 60 < doc["items"][1]["actual_seconds"]  # it overran
    # one item after the other, from the meeting's start to its end
    assert doc["items"][0]["started_at"] == doc["event"]["started_at"]
    assert doc["items"][-1]["ended_at"] == doc["event"]["ended_at"]
    assert all(a["ended_at"] == b["started_at"] for a, b in zip(doc["items"], doc["items"][1:]))
    yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
    assert doc["event"]["started_at"] == f"{yesterday}T18:02:00Z"
    assert 85 * 60 < sum(i["actual_seconds"] for i in doc["items"]) < 95 * 60
    plan = doc["items"][1]
    assert plan["notes"].startswith("The planning office showed three options")
    assert plan["decisions"] == [{"text": "The council runs a one-year pilot of option B.",
                                  "vote_result": "24 yes, 6 no, 3 abstain (confidential poll)"}]
    assert plan["actions"][0]["owner"] == "Planning office"
    assert plan["actions"][0]["due_date"] == (utcnow().date() + timedelta(days=20)).isoformat()
    assert plan["actions"][1]["due_date"] is None and "船屋" in plan["actions"][1]["what"]
    assert doc["event"]["organizers"] == ["Demo Organizer", "Maria Lopez"]
    assert (doc["event"]["chair"], doc["event"]["note_taker"]) == ("Maria Lopez", "Sam O'Neil")
    assert (doc["version"], doc["status"], doc["finalized_at"], doc["summary"]) == (0, "draft", None, "")


def test_attendance_counts_the_record(held):
    with held.app.app_context():
        joined = db.session.query(Attendee).filter_by(event_id=held.event_id).count()
        votes = db.session.query(Vote).join(Question).filter(Question.event_id == held.event_id).count()
        asked = db.session.query(Question).filter_by(event_id=held.event_id).count()
        ballots = db.session.query(Ballot).join(Poll).filter(Poll.event_id == held.event_id).count()
        peak = db.session.get(Event, held.event_id).peak_connected
    assert held.doc["attendance"] == {"joined": joined, "peak_connected": peak, "questions": asked,
                                      "votes": votes, "ballots": ballots}
    assert 0 < peak < joined and asked == len(demo_script.QUESTIONS) and votes > 100


def test_answered_questions_sit_under_their_item_and_the_rest_wait_with_a_next_step(held):
    doc = held.doc
    plan, traffic = doc["items"][1], doc["items"][2]
    assert [q["text"] for q in plan["answered"]] == [
        "公园什么时候开放？", "Will the river path stay open while the park is being built?",
        "How much does option B cost, and who pays for it?"]
    chinese = plan["answered"][0]
    assert chinese["author"] is None and chinese["answer_text"] == "Spring 2027, if the pilot goes ahead."
    assert chinese["item"] == plan["title"] and chinese["answered_at"] > chinese["asked_at"]
    # the duplicate's voters moved to the question it was merged into (one of them twice: counted once)
    parking = traffic["answered"][0]
    assert parking["text"] == "Where will visitors park at weekends?" and parking["votes"] == 19 + 4
    assert traffic["answered"][1]["answer_text"] is None  # answered without a recorded answer
    for item in doc["items"]:
        votes = [q["votes"] for q in item["answered"]]
        assert votes == sorted(votes, reverse=True)
    assert [q["text"] for q in doc["general"]["answered"]] == ["Will the minutes of tonight be published?"]
    assert doc["general"]["id"] is None and doc["general"]["title"] == "General"

    waiting = doc["unanswered"]["questions"]
    assert [q["votes"] for q in waiting] == sorted((q["votes"] for q in waiting), reverse=True)
    assert waiting[0] == {**waiting[0], "text": "Will the bike path connect to the station?", "author": None,
                          "next_step": "The planning office answers in writing within 14 days."}
    by_text = {q["text"]: q for q in waiting}
    assert by_text["Will the old boathouse be kept?"]["next_step"] is None
    assert by_text["Will bus 12 stop at the park entrance?"]["answered_at"] is None  # the edited text
    assert doc["unanswered"]["next_steps"] == str(document.DEFAULT_NEXT_STEPS)
    shown = [q["text"] for q in questions_of(doc)]
    assert len(shown) == len(set(shown)) == 12  # the published ones, each once
    for gone in ("The planning office are clowns, nobody listens to us", "When is the next bulky waste collection?",
                 "Call me on 0176 555 0199 about my garden fence", "Where are people supposed to park on weekends??"):
        assert gone not in json.dumps(doc, ensure_ascii=False)


def test_speakers_of_an_anonymous_list_are_numbered(held):
    plan, floor = held.doc["items"][1], held.doc["items"][3]
    assert plan["speakers"] == [{"label": "Speaker 1", "topic": "Accessibility of the paths", "seconds": 95},
                                {"label": "Speaker 2", "topic": "Noise from the café at night", "seconds": 130}]
    # the one added by the moderator by name is numbered too; the withdrawn and removed ones are absent
    assert [s["label"] for s in floor["speakers"]] == ["Speaker 3", "Speaker 4", "Speaker 5"]
    assert "Mr. Okafor" not in json.dumps(held.doc) and "Bus times" not in json.dumps(held.doc)


def test_polls_under_their_items_with_charts_and_the_confidential_threshold(held):
    polls_by_question = polls_of(held.doc)
    assert "Would you join a volunteer planting day?" not in polls_by_question  # a draft
    assert [p["question"] for p in held.doc["items"][1]["polls"]] == [p[2] for p in demo_script.POLLS if p[0] == 1]
    single = polls_by_question["Which option for the river park do you prefer?"]
    assert [(b["label"], b["value"], b["text"]) for b in single["bars"]] == [
        ("A: meadow and paths", 8, "8 (24%)"), ("B: meadow, playground and café", 21, "21 (62%)"),
        ("C: leave it as it is", 5, "5 (15%)")]
    above = polls_by_question["Do you support a one-year pilot of option B?"]
    assert above["confidential"] and not above["suppressed"] and [b["value"] for b in above["bars"]] == [24, 6, 3]
    below = polls_by_question["Should the council sell the boathouse lot?"]
    assert below["confidential"] and below["suppressed"] and below["ballots"] == 7
    assert below["bars"] == [] and below["answers"] is None and "too few" in below["summary"]
    rating = polls_by_question["How clear was the presentation?"]
    assert rating["summary"] == "Average 3.8 of 5" and [b["value"] for b in rating["bars"]] == [1, 2, 5, 11, 7]
    ranking = polls_by_question["What matters most on River Road?"]
    assert ranking["bars"][0]["label"] == "Safe crossings"
    assert [b["value"] for b in ranking["bars"]] == sorted((b["value"] for b in ranking["bars"]), reverse=True)
    multiple = polls_by_question["Which would you use in the park?"]
    assert [b["value"] for b in multiple["bars"]] == [13, 12, 3, 8, 11] and multiple["ballots"] == 24
    text = polls_by_question["One word for the park tonight?"]
    assert "idiots" not in text["answers"] and "安静" in text["answers"] and len(text["answers"]) == 17
    assert text["bars"][0] == {"label": "trees", "value": 4, "text": "4"} and len(text["bars"]) == 10
    assert all(p["status"] == "closed" and p["opened_at"] < p["closed_at"] for p in polls_by_question.values())


def test_moderation_summary_and_withheld_text_only_when_opted_in(held):
    moderation = held.doc["moderation"]
    assert {k: v for k, v in moderation.items() if k not in ("by_reason", "withheld", "banned", "summary")} == {
        "asked": 16, "published": 12, "pending": 0, "rejected": 1, "hidden": 2, "archived": 0, "merged": 1,
        "edited": 1}
    assert moderation["by_reason"] == {"off_topic": 1, "offensive": 1, "personal_data": 1}
    assert moderation["banned"] == 0
    assert moderation["summary"] == ("Moderation: 1 question rejected for personal data, 1 question hidden as "
                                     "offensive, 1 question hidden as off topic, 1 question merged as duplicates.")
    assert moderation["withheld"] is None
    opted_in = build(held.app, held.code, draft={"include_hidden_text": True})["moderation"]["withheld"]
    assert sorted((w["status"], w["reason"], w["text"]) for w in opted_in) == [
        ("hidden", "off_topic", "When is the next bulky waste collection?"),
        ("hidden", "offensive", "The planning office are clowns, nobody listens to us"),
        ("rejected", "personal_data", "Call me on 0176 555 0199 about my garden fence")]


def test_activity_buckets_cover_the_meeting_and_sum_to_the_totals(held):
    activity, attendance = held.doc["activity"], held.doc["attendance"]
    assert activity["bucket_minutes"] == 1 and activity["start"] == held.doc["event"]["started_at"]
    assert len(activity["buckets"]) == 91  # 18:02 .. 19:32, both minutes included
    assert sum(b["questions"] for b in activity["buckets"]) == attendance["questions"]
    assert sum(b["votes"] for b in activity["buckets"]) == attendance["votes"]
    minutes = [b["at"] for b in activity["buckets"]]
    assert minutes == sorted(minutes) and len(set(minutes)) == len(minutes)
    assert sum(1 for b in activity["buckets"] if b["votes"]) > 20  # spread over the meeting


def test_no_author_tag_voter_tag_ballot_id_or_token_hash_of_the_demo_reaches_the_document(held):
    text = json.dumps(held.doc, ensure_ascii=False)
    with held.app.app_context():
        secrets = [t for (t,) in db.session.query(Question.author_tag).filter_by(event_id=held.event_id)]
        secrets += [t for (t,) in db.session.query(Attendee.token_hash).filter_by(event_id=held.event_id)]
        for ballot_id, tag in db.session.query(Ballot.id, Ballot.voter_tag).join(Poll).filter(
                Poll.event_id == held.event_id):
            secrets += [ballot_id, tag]
    assert len(secrets) > 200 and not [s for s in secrets if s and s in text]


def test_the_contract_sample_has_the_shape_of_a_real_document(held):
    def paths(value, prefix=""):
        if isinstance(value, dict):
            if prefix.endswith("by_reason"):  # reasons are data: only those that occurred
                return {prefix}
            found = {prefix} if prefix else set()
            for key, inner in value.items():
                found |= paths(inner, f"{prefix}.{key}" if prefix else key)
            return found
        if isinstance(value, list):
            return set().union({prefix}, *(paths(inner, prefix + "[]") for inner in value))
        return {prefix}

    assert paths(SAMPLE) == paths(held.doc)
    json.dumps(held.doc)  # plain JSON


# --- one rule each -------------------------------------------------------------------------

def test_the_draft_overrides_notes_and_header_fields(app, event, organizer, items):
    for item_id, text in zip(items, ("Live notes of the welcome.", "Live notes of the plan.")):
        call(app, records.save_notes, code=event, user_id=organizer.id, item_id=item_id, text=text, base_version=0)
    draft = {"version": 3, "status": "final", "summary": "Short summary.", "chair": "Ana", "note_taker": "Ben",
             "next_steps": "Answered by mail.", "finalized_at": "2026-11-20T21:00:00Z",
             "item_notes": {str(items[1]): "Notes rewritten for the minutes.", str(items[2]): ""}}
    doc = build(app, event, draft=draft)
    assert [i["notes"] for i in doc["items"]] == ["Live notes of the welcome.", "Notes rewritten for the minutes.", ""]
    assert (doc["version"], doc["status"], doc["finalized_at"], doc["summary"]) == (
        3, "final", "2026-11-20T21:00:00Z", "Short summary.")
    assert (doc["event"]["chair"], doc["event"]["note_taker"]) == ("Ana", "Ben")
    assert doc["unanswered"]["next_steps"] == "Answered by mail."


def test_chair_and_note_taker_default_from_the_team(app, event, organizer, make_organizer):
    doc = build(app, event)
    assert (doc["event"]["chair"], doc["event"]["note_taker"]) == ("Olga Organizer", "")
    assert doc["event"]["organizers"] == ["Olga Organizer"]
    for email, name, role in (("m1@example.com", "Mo One", "moderator"), ("n@example.com", "Nora", "note_taker"),
                              ("m2@example.com", "Mo Two", "moderator"), ("p@example.com", "Pia", "presenter")):
        make_organizer(email=email, name=name)
        call(app, roles.add_member, code=event, user_id=organizer.id, email=email, role=role)
    doc = build(app, event, draft={"chair": "", "note_taker": None})
    assert (doc["event"]["chair"], doc["event"]["note_taker"]) == ("Mo One, Mo Two", "Nora")
    assert doc["event"]["organizers"] == ["Olga Organizer", "Mo One", "Mo Two"]


def test_actual_time_is_null_until_started_and_counts_the_running_stretch(app, event, organizer, items):
    call(app, agenda.run, code=event, user_id=organizer.id, action="start")
    with app.app_context():
        since = db.session.get(AgendaItem, items[0]).running_since
    doc = build(app, event, now=since + timedelta(seconds=90))
    assert [(i["status"], i["actual_seconds"]) for i in doc["items"]] == [
        ("running", 90), ("upcoming", None), ("upcoming", None)]
    assert doc["event"]["ended_at"] is None and doc["general"] is None


def test_answered_by_votes_and_waiting_questions_include_the_one_being_answered(
        app, event, organizer, items, make_attendee):
    phones = [make_attendee(event) for _ in range(4)]

    def ask(text, item_id, votes, name=None):
        asker = make_attendee(event, name)
        qid = call(app, questions.ask, code=event, attendee_id=asker[0], token=asker[1], text=text,
                   agenda_item_id=item_id)["id"]
        for attendee_id, token in phones[:votes]:
            call(app, questions.vote, code=event, attendee_id=attendee_id, token=token, question_id=qid)
        return qid

    few, many, _waiting, answering = (ask("Few votes?", items[1], 1, "Ana"), ask("Many votes?", items[1], 3),
                                      ask("Later?", items[0], 2), ask("Now?", None, 1))
    for qid, action in ((few, "answered"), (many, "answered"), (answering, "answering")):
        call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action=action)
    doc = build(app, event)
    assert [q["text"] for q in doc["items"][1]["answered"]] == ["Many votes?", "Few votes?"]
    assert doc["items"][1]["answered"][1]["author"] == "Ana"
    assert [(q["text"], q["item"]) for q in doc["unanswered"]["questions"]] == [("Later?", "Welcome"), ("Now?", None)]
    assert doc["general"] is None  # the question being answered is not answered yet


def test_speakers_by_name_or_number_in_the_order_called_with_their_time(app, event, organizer, items,
                                                                          make_attendee, monkeypatch):
    clock = SimpleNamespace(now=utcnow())
    monkeypatch.setattr(speakers, "utcnow", lambda: clock.now)
    call(app, agenda.run, code=event, user_id=organizer.id, action="start_item", item_id=items[1])
    named, nameless, withdrawn = make_attendee(event, "Mei"), make_attendee(event), make_attendee(event, "Wim")
    for who, topic in ((named, "Trees"), (nameless, "Noise"), (withdrawn, "Bus")):
        call(app, speakers.request_floor, code=event, attendee_id=who[0], token=who[1], topic=topic)
    added = call(app, speakers.add, code=event, user_id=organizer.id, name="Mr. Okafor", topic="Floods")["id"]
    call(app, speakers.withdraw, code=event, attendee_id=withdrawn[0], token=withdrawn[1])

    def moderate(action, **kwargs):
        call(app, speakers.moderate, code=event, user_id=organizer.id, action=action, **kwargs)

    moderate("call", request_id=added)
    moderate("start")
    clock.now += timedelta(seconds=70)
    moderate("next")  # Mei; Mr. Okafor is done after 70 s
    moderate("start")
    clock.now += timedelta(seconds=30)
    doc = build(app, event, now=clock.now)  # Mei is still speaking: her running stretch counts
    assert doc["items"][1]["speakers"] == [{"label": "Mr. Okafor", "topic": "Floods", "seconds": 70},
                                           {"label": "Mei", "topic": "Trees", "seconds": 30}]
    moderate("next")  # the phone without a name
    moderate("finish")
    assert [s["label"] for s in build(app, event)["items"][1]["speakers"]] == ["Mr. Okafor", "Mei", "Speaker 2"]
    with app.app_context():
        db.session.get(Event, event_id_of(app, event)).anonymous_speakers = True
        db.session.commit()
    labels = [s["label"] for s in build(app, event)["items"][1]["speakers"]]
    assert labels == ["Speaker 4", "Speaker 1", "Speaker 2"]  # numbered in order of first request


def test_a_speaker_is_listed_under_the_item_where_they_spoke_not_where_they_asked(app, event, organizer, items,
                                                                                 make_attendee):
    call(app, agenda.run, code=event, user_id=organizer.id, action="start_item", item_id=items[0])
    early, late = make_attendee(event, "Mei"), make_attendee(event, "Wim")
    for who, topic in ((early, "Trees"), (late, "Bus")):
        call(app, speakers.request_floor, code=event, attendee_id=who[0], token=who[1], topic=topic)
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="next")  # Mei speaks during the first item
    call(app, agenda.run, code=event, user_id=organizer.id, action="start_item", item_id=items[1])
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="next")  # Wim, who asked then, speaks now
    call(app, speakers.moderate, code=event, user_id=organizer.id, action="finish")
    doc = build(app, event)
    assert [s["label"] for s in doc["items"][0]["speakers"]] == ["Mei"]
    assert [s["label"] for s in doc["items"][1]["speakers"]] == ["Wim"]
    assert doc["general"] is None


def test_a_confidential_poll_shows_numbers_only_from_k_ballots(app, event, organizer, items, make_attendee):
    poll_id = call(app, polls.create, code=event, user_id=organizer.id, kind="yesno", question="Sell the lot?",
                   confidential=True, k_threshold=3, agenda_item_id=items[1])["id"]
    call(app, polls.open_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    for choice in (0, 1):
        phone = make_attendee(event)
        call(app, polls.vote, code=event, attendee_id=phone[0], token=phone[1], poll_id=poll_id,
             answer={"choice": choice})
    poll = build(app, event)["items"][1]["polls"][0]
    assert poll["suppressed"] and poll["bars"] == [] and poll["ballots"] == 2
    assert poll["summary"] == "2 ballots: too few to show results of a confidential poll"
    phone = make_attendee(event)
    call(app, polls.vote, code=event, attendee_id=phone[0], token=phone[1], poll_id=poll_id, answer={"choice": 0})
    poll = build(app, event)["items"][1]["polls"][0]
    assert not poll["suppressed"] and [(b["label"], b["value"]) for b in poll["bars"]] == [
        ("Yes", 2), ("No", 1), ("Abstain", 0)]
    assert poll["status"] == "open" and poll["closed_at"] is None
    call(app, events.update_event, code=event, user_id=organizer.id, language="zh_Hans")
    poll = build(app, event)["items"][1]["polls"][0]  # the minutes' language names the answers
    assert [b["label"] for b in poll["bars"]] == ["赞成", "反对", "弃权"]


def test_text_answers_hidden_by_the_moderator_are_left_out(app, event, organizer, make_attendee):
    poll_id = call(app, polls.create, code=event, user_id=organizer.id, kind="text", question="One word?")["id"]
    call(app, polls.open_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    for text in ("river trees", "trees", "scandalous nonsense"):
        phone = make_attendee(event)
        call(app, polls.vote, code=event, attendee_id=phone[0], token=phone[1], poll_id=poll_id, answer={"text": text})
    with app.app_context():
        answers = poll_results.results(db.session.get(Poll, poll_id), moderator=True)["answers"]
    rude = next(a["id"] for a in answers if a["text"] == "scandalous nonsense")
    call(app, polls.moderate_answer, code=event, user_id=organizer.id, poll_id=poll_id, answer_id=rude, action="hide")
    doc = build(app, event)
    poll = doc["general"]["polls"][0]  # a poll under no agenda item
    assert poll["answers"] == ["river trees", "trees"] and poll["summary"] == "2 answers (1 not shown)"
    assert [(b["label"], b["value"]) for b in poll["bars"]] == [("trees", 2), ("river", 1)]
    assert "scandalous" not in json.dumps(doc) and rude not in json.dumps(doc)


def test_anonymous_askers_and_voters_leave_no_trace(app, event, organizer, items, make_attendee):
    asker = make_attendee(event, "Secret Sam")
    qid = call(app, questions.ask, code=event, attendee_id=asker[0], token=asker[1], text="Anonymous worry?",
               anonymous=True)["id"]
    voter = make_attendee(event, "Vera Voter")
    call(app, questions.vote, code=event, attendee_id=voter[0], token=voter[1], question_id=qid)
    poll_id = call(app, polls.create, code=event, user_id=organizer.id, kind="single", question="Which?",
                   options=["A", "B"], confidential=True, k_threshold=1)["id"]
    call(app, polls.open_poll, code=event, user_id=organizer.id, poll_id=poll_id)
    call(app, polls.vote, code=event, attendee_id=voter[0], token=voter[1], poll_id=poll_id, answer={"choice": 1})
    doc = build(app, event, draft={"include_hidden_text": True})
    text = json.dumps(doc)
    (question,) = doc["unanswered"]["questions"]
    assert question["author"] is None and question["votes"] == 1
    assert "Secret Sam" not in text and "Vera Voter" not in text
    event_id = event_id_of(app, event)
    with app.app_context():
        (ballot_id,) = db.session.query(Ballot.id).filter_by(poll_id=poll_id).one()
    for secret in (asker[1], voter[1], token_hash(asker[1]), token_hash(voter[1]), author_tag(asker[1], event_id),
                   voter_tag(voter[1], poll_id), ballot_id):
        assert secret not in text


def test_merged_votes_are_counted_once(app, event, organizer, make_attendee):
    phones = [make_attendee(event) for _ in range(3)]
    target, duplicate = (call(app, questions.ask, code=event, attendee_id=a, token=t, text=text)["id"]
                         for (a, t), text in zip([make_attendee(event), make_attendee(event)], ("Parking?", "Cars?")))
    for (attendee_id, token), qids in zip(phones, ((target, duplicate), (duplicate,), (target,))):
        for qid in qids:
            call(app, questions.vote, code=event, attendee_id=attendee_id, token=token, question_id=qid)
    call(app, merge.merge, code=event, user_id=organizer.id, question_id=duplicate, into_id=target)
    doc = build(app, event)
    assert doc["attendance"]["votes"] == 3 and doc["attendance"]["questions"] == 2
    assert [(q["text"], q["votes"]) for q in doc["unanswered"]["questions"]] == [("Parking?", 3)]
    assert doc["moderation"]["merged"] == 1


def test_peak_connected_is_at_least_the_phones_connected_now(app, event, make_attendee):
    phones = [make_attendee(event) for _ in range(2)]
    event_id = event_id_of(app, event)
    with app.app_context():
        for number, (attendee_id, _token) in enumerate(phones):
            presence.connected(sid=f"sid{number}", event_id=event_id, attendee_id=attendee_id, audience="attendee")
        db.session.get(Event, event_id).peak_connected = 1  # the timer has not written the peak yet
        db.session.commit()
    assert build(app, event)["attendance"] == {"joined": 2, "peak_connected": 2, "questions": 0, "votes": 0,
                                               "ballots": 0}


def test_activity_of_an_event_without_a_run_spans_its_first_to_last_activity(app, event, make_attendee):
    doc = build(app, event)
    assert doc["activity"] == {"bucket_minutes": 1, "start": None, "buckets": []}
    asker, voter = make_attendee(event), make_attendee(event)
    qid = call(app, questions.ask, code=event, attendee_id=asker[0], token=asker[1], text="Early question?")["id"]
    call(app, questions.vote, code=event, attendee_id=voter[0], token=voter[1], question_id=qid)
    with app.app_context():
        question = db.session.get(Question, qid)
        question.created_at -= timedelta(hours=5)  # asked five hours before the vote
        db.session.commit()
    activity = build(app, event)["activity"]
    assert activity["bucket_minutes"] == 5 and len(activity["buckets"]) <= activity_chart.MAX_BUCKETS
    assert sum(b["questions"] for b in activity["buckets"]) == 1 and sum(b["votes"] for b in activity["buckets"]) == 1
    assert activity["buckets"][0]["questions"] == 1 and activity["buckets"][-1]["votes"] == 1


def test_build_reads_a_fixed_number_of_queries_and_writes_nothing(app, event, organizer, items, make_attendee):
    def statements() -> list[str]:
        seen, me = [], threading.get_ident()
        with app.app_context():
            engine = db.engine

            def log(_conn, _cursor, statement, *_args):
                if threading.get_ident() == me:  # not the background flushes of the broadcasts
                    seen.append(statement)

            sa_event.listen(engine, "before_cursor_execute", log)
            try:
                minutes_record.document(event_id_of(app, event))
            finally:
                sa_event.remove(engine, "before_cursor_execute", log)
        return seen

    phones = [make_attendee(event) for _ in range(8)]

    def ask_and_vote(numbers):
        for n in numbers:
            attendee_id, token = phones[n]
            qid = call(app, questions.ask, code=event, attendee_id=attendee_id, token=token, text=f"Question {n}?",
                       agenda_item_id=items[n % 3])["id"]
            for voter_id, voter_token in phones[:n]:
                call(app, questions.vote, code=event, attendee_id=voter_id, token=voter_token, question_id=qid)
            call(app, questions.moderate, code=event, user_id=organizer.id, question_id=qid, action="answered")

    ask_and_vote(range(2))
    small = statements()
    ask_and_vote(range(2, 8))
    for title in ("One", "Two"):
        call(app, agenda.add_item, code=event, user_id=organizer.id, title=title)
    big = statements()
    assert len(big) == len(small), "\n".join(big)
    assert not [s for s in big if s.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def test_an_unknown_event_is_not_found(app):
    with app.app_context(), pytest.raises(NotFound):
        minutes_record.document(999)


def test_speaker_requests_only_done_or_speaking_count(held):
    with held.app.app_context():
        statuses = {s for (s,) in db.session.query(SpeakerRequest.status).filter_by(event_id=held.event_id)}
    assert statuses == {"done", "withdrawn", "removed"}
    assert sum(len(i["speakers"]) for i in held.doc["items"]) == len(demo_script.SPEAKERS)
