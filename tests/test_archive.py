"""The event archive at the service level: export, restore, template, anonymity, bad archives, permissions."""
import base64
import copy
import io
import json
from datetime import datetime

import pytest
from meeting_helpers import CHINESE_QUESTION, make_held_meeting
from PIL import Image
from records_helpers import give_role

from townhall.contracts import archive as archive_contract
from townhall.errors import Forbidden, InvalidInput, NotAuthenticated
from townhall.extensions import db
from townhall.models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Ballot,
    Decision,
    Event,
    EventLogo,
    Minutes,
    Participation,
    Poll,
    Question,
    SpeakerRequest,
    Vote,
)
from townhall.services import archive, branding, events, minutes, poll_results


@pytest.fixture
def held(app, organizer, event):
    """A finished (and closed) meeting: {"code", "ids", "archive"}."""
    ids = make_held_meeting(app, event, organizer.id)
    return {"code": event, "ids": ids, "archive": export(app, event, organizer.id)}


_SAMPLE: dict = {}


@pytest.fixture
def sample(app, make_organizer, make_event) -> dict:
    """The archive of a held meeting, as data: built once per test module (only tests that
    import it need it, not the event behind it)."""
    if not _SAMPLE:
        owner = make_organizer(email="sample-owner@example.com")
        code = make_event(owner)
        make_held_meeting(app, code, owner)
        _SAMPLE.update(export(app, code, owner))
    return copy.deepcopy(_SAMPLE)


@pytest.fixture
def importer(make_organizer) -> int:
    """Another organizer: restoring makes them the owner."""
    return make_organizer(email="ines@example.com", name="Ines Importer")


def export(app, code, user_id) -> dict:
    with app.app_context():
        return archive.export_archive(code=code, user_id=user_id)


def import_(app, user_id, data, mode="restore", **kwargs) -> str:
    with app.app_context():
        return archive.import_archive(user_id=user_id, data=data, mode=mode, **kwargs)


def without_export_time(data: dict) -> dict:
    data = copy.deepcopy(data)
    data.pop("exported_at")
    return data


def event_count(app) -> int:
    with app.app_context():
        return db.session.query(Event).count()


def rows(app, model, **filters) -> list[dict]:
    with app.app_context():
        return [{c.name: getattr(r, c.name) for c in model.__table__.columns}
                for r in db.session.query(model).filter_by(**filters)]


def event_id(app, code) -> int:
    with app.app_context():
        return events.get_event(code).id


# --- round trip ---------------------------------------------------------------------

def test_restore_then_export_gives_the_same_archive(app, held, importer):
    data = held["archive"]
    code = import_(app, importer, json.loads(json.dumps(data)))
    assert code != held["code"]
    again = export(app, code, importer)
    assert without_export_time(again) == without_export_time(data)
    # The meeting really is in it (not two empty archives that agree).
    assert [i["status"] for i in data["agenda"]] == ["done", "done", "done"]
    assert data["agenda"][0]["decisions"][0]["text"] == "Adopt the agenda as proposed."
    assert data["agenda"][0]["actions"][0]["due_date"] == "2026-12-01"
    assert any(q["text"] == CHINESE_QUESTION and q["author_name"] is None for q in data["questions"])
    named = next(q for q in data["questions"] if q["author_name"] == "Ana")
    assert named["answer_text"].startswith("By the end of June") and named["vote_count"] == 3
    assert {p["kind"] for p in data["polls"]} == {"single", "multiple", "yesno", "rating", "ranking", "text"}
    assert [m["status"] for m in data["minutes"]] == ["final", "draft"]
    assert data["minutes"][0]["published_at"] is not None


def test_restored_event_is_a_closed_copy_owned_by_the_importer(app, held, importer):
    code = import_(app, importer, held["archive"])
    new_id, old_id = event_id(app, code), event_id(app, held["code"])
    (event,) = rows(app, Event, id=new_id)
    assert event["owner_id"] == importer and event["is_open"] is False and event["current_item_id"] is None
    assert event["meeting_started_at"] is not None and event["meeting_ended_at"] is not None
    # Nobody's identity came along: no attendees, votes or participations; no tags.
    assert rows(app, Attendee, event_id=new_id) == []
    questions = rows(app, Question, event_id=new_id)
    assert len(questions) == len(held["ids"]["questions"])
    assert all(q["attendee_id"] is None and q["author_tag"] is None for q in questions)
    with app.app_context():
        new_question_ids = [q["id"] for q in questions]
        assert db.session.query(Vote).filter(Vote.question_id.in_(new_question_ids)).count() == 0
        new_polls = [p.id for p in db.session.query(Poll).filter_by(event_id=new_id)]
        assert db.session.query(Participation).filter(Participation.poll_id.in_(new_polls)).count() == 0
    # The merged duplicate points at the restored original, in the new event.
    duplicate = next(q for q in questions if q["status"] == "merged")
    target = next(q for q in questions if q["id"] == duplicate["merged_into_id"])
    assert target["text"] == "Is there a budget for the river park benches?"
    speakers = rows(app, SpeakerRequest, event_id=new_id)
    assert all(s["attendee_id"] is None and s["running_since"] is None for s in speakers)
    assert {s["person_key"] for s in speakers} == {"name:mr. brown", "name:ana", "name:jonas"}
    # Minutes notes are keyed by the new items' ids.
    items = {i["position"]: i["id"] for i in rows(app, AgendaItem, event_id=new_id)}
    (final,) = [m for m in rows(app, Minutes, event_id=new_id) if m["status"] == "final"]
    assert final["item_notes"] == {str(items[0]): "Opened on time."}
    assert old_id != new_id


def test_restored_ballots_are_new_and_unlinkable(app, held, importer):
    code = import_(app, importer, held["archive"])
    new_id, old_id = event_id(app, code), event_id(app, held["code"])
    old = {b["id"] for p in rows(app, Poll, event_id=old_id) for b in rows(app, Ballot, poll_id=p["id"])}
    old_tags = {b["voter_tag"] for p in rows(app, Poll, event_id=old_id) for b in rows(app, Ballot, poll_id=p["id"])}
    for poll in rows(app, Poll, event_id=new_id):
        ballots = rows(app, Ballot, poll_id=poll["id"])
        closed = poll["closed_at"].replace(second=0, microsecond=0) if poll["closed_at"] else None
        for ballot in ballots:
            assert ballot["attendee_id"] is None
            assert ballot["id"] not in old and ballot["voter_tag"] not in old_tags
            assert len(ballot["voter_tag"]) == 64 and ballot["submitted_at"] == closed
        assert len({b["voter_tag"] for b in ballots}) == len(ballots)


def test_restored_polls_have_the_same_results(app, held, importer, organizer):
    code = import_(app, importer, held["archive"])

    def results(code, user_id):
        with app.app_context():
            event = events.get_event(code)
            polls = db.session.query(Poll).filter_by(event_id=event.id).order_by(Poll.created_at, Poll.id)
            return {p.question: poll_results.results(p) for p in polls}

    before, after = results(held["code"], organizer.id), results(code, importer)
    assert before.keys() == after.keys()
    for question, result in before.items():
        if "answers" in result:  # text: ids differ (new ballots), the texts and words do not
            result = {**result, "answers": sorted(a["text"] for a in result["answers"])}
            after[question] = {**after[question], "answers": sorted(a["text"] for a in after[question]["answers"])}
        assert after[question] == result, question
    assert after["Poll: secret_below_k"] == {"suppressed": True}
    assert after["Poll: secret_at_k"] != {"suppressed": True}


def test_restored_minutes_are_published_as_they_were(app, held, importer):
    code = import_(app, importer, held["archive"])
    with app.app_context():
        restored = minutes.published_document(code=code)
        original = minutes.published_document(code=held["code"])
    assert restored == original  # a final version renders the same way forever
    with app.app_context():  # the restored draft can be edited on, and marked final in the new event
        state = minutes.state(code=code, user_id=importer)
        assert (state["draft"]["version"], state["draft"]["summary"]) == (2, "Version 2: corrections.")
        minutes.save_draft(code=code, user_id=importer, base_revision=state["draft"]["revision"], chair="Ines")
        minutes.finalize(code=code, user_id=importer, base_revision=state["draft"]["revision"] + 1)
        assert [v["status"] for v in minutes.state(code=code, user_id=importer)["versions"]] == ["final", "final"]


# --- template ------------------------------------------------------------------------

def test_template_gives_only_the_plan(app, held, importer):
    code = import_(app, importer, held["archive"], mode="template")
    new_id = event_id(app, code)
    (event,) = rows(app, Event, id=new_id)
    assert event["title"] == "Town hall on the river park (copy)" and event["is_open"] is True
    assert event["owner_id"] == importer
    assert event["meeting_started_at"] is None and event["peak_connected"] == 0 and event["starts_at"] is None
    items = sorted(rows(app, AgendaItem, event_id=new_id), key=lambda i: i["position"])
    assert [(i["title"], i["presenter"], i["planned_minutes"]) for i in items] == [
        ("Welcome", "Chair", 5), ("The river park", "Planning office", 20), ("Any other business", "", 10)]
    assert all(i["status"] == "upcoming" and i["started_at"] is None and i["elapsed_seconds"] == 0
               and i["notes"] == "" and i["description"].startswith("About:") for i in items)
    with app.app_context():
        item_ids = [i["id"] for i in items]
        assert db.session.query(Decision).filter(Decision.agenda_item_id.in_(item_ids)).count() == 0
        assert db.session.query(ActionItem).filter(ActionItem.agenda_item_id.in_(item_ids)).count() == 0
    assert rows(app, Question, event_id=new_id) == [] and rows(app, SpeakerRequest, event_id=new_id) == []
    assert rows(app, Minutes, event_id=new_id) == []
    polls = rows(app, Poll, event_id=new_id)
    assert len(polls) == len(held["archive"]["polls"])
    assert all(p["status"] == "draft" and p["ballot_count"] == 0 and p["opened_at"] is None and not p["revealed"]
               for p in polls)
    assert all(rows(app, Ballot, poll_id=p["id"]) == [] for p in polls)
    rating = next(p for p in polls if p["kind"] == "rating")
    assert (rating["scale_min"], rating["scale_max"], rating["labels"]) == (1, 5, ["Poor", "Great"])
    secret = next(p for p in polls if p["question"] == "Poll: secret_at_k")
    assert secret["confidential"] and secret["k_threshold"] == 3
    assert next(p for p in polls if p["kind"] == "text")["agenda_item_id"] is None
    assert next(p for p in polls if p["kind"] == "yesno")["agenda_item_id"] == items[1]["id"]


def test_template_keeps_the_settings_and_takes_a_new_title(app, make_event, organizer):
    code = make_event(organizer.id, title="Monthly council", premoderation=True, anonymous_speakers=True,
                      speaker_time_limit=90, allow_ballot_change=True, is_open=False)
    data = export(app, code, organizer.id)
    new = import_(app, organizer.id, data, mode="template", title="Council, March")
    (event,) = rows(app, Event, id=event_id(app, new))
    assert event["title"] == "Council, March" and event["is_open"] is True
    assert (event["premoderation"], event["anonymous_speakers"], event["speaker_time_limit"],
            event["allow_ballot_change"]) == (True, True, 90, True)


def test_an_events_time_zone_language_and_branding_go_with_its_archive_and_its_copies(app, make_event, organizer,
                                                                                      importer):
    """A monthly meeting reused as a template looks and reads like the last one: its time zone, language,
    accent colour and logo (the logo as the stored PNG, re-encoded again on import)."""
    code = make_event(organizer.id, title="Monthly council", timezone="America/Los_Angeles", language="zh_Hans",
                      accent_color="#0b5d3b")
    red = io.BytesIO()
    Image.new("RGB", (800, 400), (200, 30, 30)).save(red, "PNG")
    with app.app_context():
        branding.set_logo(code=code, user_id=organizer.id, data=red.getvalue())
    data = export(app, code, organizer.id)
    assert {k: data["event"][k] for k in ("timezone", "language", "accent_color")} == {
        "timezone": "America/Los_Angeles", "language": "zh_Hans", "accent_color": "#0b5d3b"}
    with Image.open(io.BytesIO(base64.b64decode(data["event"]["logo"]))) as logo:
        assert (logo.format, logo.size) == ("PNG", (400, 200))

    with app.app_context():
        copied = archive.copy_event(code=code, user_id=organizer.id)
    restored = import_(app, importer, data, mode="restore")
    for new in (copied, restored):
        (event,) = rows(app, Event, id=event_id(app, new))
        assert (event["timezone"], event["language"], event["accent_color"]) == (
            "America/Los_Angeles", "zh_Hans", "#0b5d3b")
        (logo,) = rows(app, EventLogo, event_id=event["id"])
        assert logo["data"] == base64.b64decode(data["event"]["logo"]) and event["logo_digest"] == logo["digest"]

    plain = export(app, make_event(organizer.id, title="Plain"), organizer.id)
    assert (plain["event"]["accent_color"], plain["event"]["logo"]) == (None, None)
    (event,) = rows(app, Event, id=event_id(app, import_(app, importer, plain, mode="template")))
    assert (event["timezone"], event["language"], event["accent_color"], event["logo_digest"]) == (
        "UTC", "en", None, None)


def test_copy_event_is_export_then_template(app, held, organizer):
    with app.app_context():
        code = archive.copy_event(code=held["code"], user_id=organizer.id)
    data = export(app, code, organizer.id)
    assert data["event"]["title"].endswith(" (copy)") and data["questions"] == [] and data["minutes"] == []
    assert [i["title"] for i in data["agenda"]] == [i["title"] for i in held["archive"]["agenda"]]


# --- anonymity ---------------------------------------------------------------------

def test_archive_holds_no_tag_token_or_ballot_id(app, held):
    text = json.dumps(held["archive"], ensure_ascii=False)
    old_id = event_id(app, held["code"])
    secrets = set(held["ids"]["tokens"])
    secrets |= {a["token_hash"] for a in rows(app, Attendee, event_id=old_id)}
    secrets |= {q["author_tag"] for q in rows(app, Question, event_id=old_id) if q["author_tag"]}
    ballots = [b for p in rows(app, Poll, event_id=old_id) for b in rows(app, Ballot, poll_id=p["id"])]
    secrets |= {b["id"] for b in ballots} | {b["voter_tag"] for b in ballots}
    assert len(secrets) > 30
    leaked = [s for s in secrets if s in text]
    assert leaked == []
    for key in ("attendee_id", "author_tag", "voter_tag", "token", "person_key", "submitted_at"):
        assert f'"{key}"' not in text
    anonymous = [q for q in held["archive"]["questions"] if q["is_anonymous"]]
    assert anonymous and all(q["author_name"] is None for q in anonymous)


def test_confidential_poll_below_k_exports_its_count_only(app, held, importer):
    polls = {p["question"]: p for p in held["archive"]["polls"]}
    below, at_k = polls["Poll: secret_below_k"], polls["Poll: secret_at_k"]
    assert below["ballot_count"] == 2 and below["answers"] is None
    assert at_k["ballot_count"] == 3 and sorted(a["answer"]["choice"] for a in at_k["answers"]) == [0, 1, 1]
    code = import_(app, importer, held["archive"])
    restored = {p["question"]: p for p in rows(app, Poll, event_id=event_id(app, code))}
    assert restored["Poll: secret_below_k"]["ballot_count"] == 2
    assert rows(app, Ballot, poll_id=restored["Poll: secret_below_k"]["id"]) == []


def test_ballots_are_in_a_canonical_order(app, held):
    for poll in held["archive"]["polls"]:
        answers = poll["answers"] or []
        keys = [json.dumps(a, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for a in answers]
        assert keys == sorted(keys)
        assert all(set(a) == ({"answer", "hidden", "approved"} if poll["kind"] == "text" else {"answer"})
                   for a in answers)
    text = next(p for p in held["archive"]["polls"] if p["kind"] == "text")
    assert {"answer": {"text": "rude words"}, "hidden": True, "approved": True} in text["answers"]


def test_anonymous_speakers_are_exported_without_names(app, make_event, make_attendee, organizer, importer):
    from townhall.services import speakers

    code = make_event(organizer.id, anonymous_speakers=True)
    attendee_id, token = make_attendee(code, name="Ana")
    with app.app_context():
        speakers.request_floor(code=code, attendee_id=attendee_id, token=token, topic="Trees")
        speakers.add(code=code, user_id=organizer.id, name="Mr. Brown")
    data = export(app, code, organizer.id)
    assert [(s["name"], s["number"]) for s in data["speakers"]] == [(None, 1), (None, 2)]
    assert "Ana" not in json.dumps(data) and "Brown" not in json.dumps(data)
    restored = rows(app, SpeakerRequest, event_id=event_id(app, import_(app, importer, data)))
    assert sorted(s["person_key"] for s in restored) == ["restored:1", "restored:2"]


# --- bad archives: a precise error, nothing stored --------------------------------

def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _two_answering(data):
    for q in data["questions"][1:3]:
        q["progress"] = "answering"


BAD = [
    ("empty object", lambda d: d.clear(), "format"),
    ("wrong format", _set(["format"], "townhall-minutes"), "format"),
    ("newer version", _set(["version"], 2), "version"),
    ("version true", _set(["version"], True), "version"),
    ("unknown top-level key", _set(["attendees"], []), "attendees"),
    ("no event", lambda d: d.pop("event"), "event"),
    ("empty title", _set(["event", "title"], "  "), "event.title"),
    ("speaker limit", _set(["event", "settings", "speaker_time_limit"], 5), "event.settings.speaker_time_limit"),
    ("setting type", _set(["event", "settings", "is_open"], "yes"), "event.settings.is_open"),
    ("bad time", _set(["event", "meeting_started_at"], "yesterday"), "event.meeting_started_at"),
    ("time zone", _set(["event", "timezone"], "Mars/Olympus_Mons"), "event.timezone"),
    ("language", _set(["event", "language"], "fr"), "event.language"),
    ("accent too light", _set(["event", "accent_color"], "#ffd400"), "event.accent_color"),
    ("logo not base64", _set(["event", "logo"], "not an image!"), "event.logo"),
    ("logo not an image", _set(["event", "logo"], base64.b64encode(b"GIF89a, or so it says").decode()), "event.logo"),
    ("same position", _set(["agenda", 1, "position"], 0), "agenda[1].position"),
    ("item status", _set(["agenda", 2, "status"], "skipped"), "agenda[2].status"),
    ("due date", _set(["agenda", 0, "actions", 0, "due_date"], "soon"), "agenda[0].actions[0].due_date"),
    ("question status", _set(["questions", 3, "status"], "deleted"), "questions[3].status"),
    ("question reason", _set(["questions", 6, "moderation_reason"], "boring"), "questions[6].moderation_reason"),
    ("text too long", _set(["questions", 0, "text"], "x" * 5000), "questions[0].text"),
    ("empty question", _set(["questions", 0, "text"], ""), "questions[0].text"),
    ("dangling item", _set(["questions", 0, "item"], 7), "questions[0].item"),
    ("dangling merge", _set(["questions", 5, "merged_into"], 99), "questions[5].merged_into"),
    ("merged into itself", _set(["questions", 5, "merged_into"], 6), "questions[5].merged_into"),
    ("duplicate ref", _set(["questions", 1, "ref"], 1), "questions[1].ref"),
    ("vote count", _set(["questions", 0, "vote_count"], -1), "questions[0].vote_count"),
    ("anonymous with a name", _set(["questions", 1, "author_name"], "Eve"), "questions[1].author_name"),
    ("an attendee id", _set(["questions", 0, "attendee_id"], 3), "questions[0].attendee_id"),
    ("two answering", _two_answering, "questions[2].progress"),
    ("speaker status", _set(["speakers", 0, "status"], "shouting"), "speakers[0].status"),
    ("speaker item", _set(["speakers", 0, "item"], -1), "speakers[0].item"),
    ("poll kind", _set(["polls", 0, "kind"], "essay"), "polls[0].kind"),
    ("poll options", _set(["polls", 0, "options"], ["Only one"]), "polls[0].options"),
    ("poll answer", _set(["polls", 0, "answers", 0, "answer"], {"choice": 9}), "polls[0].answers[0].answer"),
    ("flag on a choice", _set(["polls", 0, "answers", 0, "hidden"], True), "polls[0].answers[0].hidden"),
    ("more answers than ballots", _set(["polls", 0, "ballot_count"], 1), "polls[0].ballot_count"),
    ("draft with ballots", _set(["polls", 8, "ballot_count"], 3), "polls[8].status"),
    ("draft minutes content", _set(["minutes", 1, "content"], {"format": "townhall-minutes"}), "minutes[1].content"),
    ("final without content", _set(["minutes", 0, "content"], None), "minutes[0].content"),
    ("notes of no item", _set(["minutes", 0, "item_notes"], {"9": "x"}), "minutes[0].item_notes.9"),
    ("same version", _set(["minutes", 1, "version"], 1), "minutes[1].version"),
    ("questions not a list", _set(["questions"], {"a": 1}), "questions"),
    ("notes key not an ASCII number", _set(["minutes", 0, "item_notes"], {"\u00b2": "x"}),
     "minutes[0].item_notes.\u00b2"),
    # A final version's content is printed as it is (pages, downloads, their file names): its exact shape.
    ("content of another version", _set(["minutes", 0, "content", "version"], 7), "minutes[0].content.version"),
    ("content version as text", _set(["minutes", 0, "content", "version"], '1"; filename=x.html'),
     "minutes[0].content.version"),
    ("content without event", lambda d: d["minutes"][0]["content"].pop("event"), "minutes[0].content.event"),
    ("content event not an object", _set(["minutes", 0, "content", "event"], "nope"), "minutes[0].content.event"),
    ("content of a draft", _set(["minutes", 0, "content", "status"], "draft"), "minutes[0].content.status"),
    ("content bars not a list", _set(["minutes", 0, "content", "items", 1, "polls", 0, "bars"], "x"),
     "minutes[0].content.items[1].polls[0].bars"),
    ("content bar value", _set(["minutes", 0, "content", "items", 1, "polls", 0, "bars", 0, "value"], "many"),
     "minutes[0].content.items[1].polls[0].bars[0].value"),
    ("content time", _set(["minutes", 0, "content", "event", "started_at"], "yesterday"),
     "minutes[0].content.event.started_at"),
    ("content unknown key", _set(["minutes", 0, "content", "unanswered", "attendee_ids"], [3]),
     "minutes[0].content.unanswered.attendee_ids"),
    ("content question author", _set(["minutes", 0, "content", "unanswered", "questions", 0, "author"], 5),
     "minutes[0].content.unanswered.questions[0].author"),
]


@pytest.mark.parametrize("change, field", [pytest.param(c, f, id=name) for name, c, f in BAD])
def test_a_bad_archive_is_refused_at_its_field_and_stores_nothing(app, sample, importer, change, field):
    data = sample
    change(data)
    before = event_count(app)
    for mode in ("restore", "template"):
        with pytest.raises(InvalidInput) as caught:
            import_(app, importer, data, mode=mode)
        assert (caught.value.code, caught.value.field) == ("invalid_archive", field), caught.value.message
        assert caught.value.message
    assert event_count(app) == before


def test_sizes_are_capped(app, sample, importer):
    limit = archive_contract.MAX_QUESTIONS  # in the model's schema: an archive one question over it
    sample["questions"] = [{"ref": 1, "text": "One too many?"}] * (limit + 1)
    with pytest.raises(InvalidInput) as caught:
        import_(app, importer, sample)
    assert caught.value.field == "questions" and f"at most {limit}" in caught.value.message


@pytest.mark.parametrize("data", [None, [], "townhall-archive", 42])
def test_not_an_archive_at_all(app, importer, data):
    with pytest.raises(InvalidInput) as caught:
        import_(app, importer, data)
    assert caught.value.code == "invalid_archive"


def test_unknown_mode(app, sample, importer):
    before = event_count(app)
    with pytest.raises(InvalidInput) as caught:
        import_(app, importer, sample, mode="clone")
    assert (caught.value.code, caught.value.field) == ("invalid_mode", "mode")
    assert event_count(app) == before


def test_a_minimal_hand_written_archive_imports(app, importer):
    data = {"format": "townhall-archive", "version": 1, "event": {"title": "Board meeting"},
            "agenda": [{"position": 0, "title": "Budget"}],
            "polls": [{"kind": "yesno", "question": "Approve the budget?", "item": 0}]}
    code = import_(app, importer, data, mode="template")
    exported = export(app, code, importer)
    assert exported["event"]["title"] == "Board meeting (copy)"
    assert exported["agenda"][0]["planned_minutes"] == 10 and exported["polls"][0]["options"] == ["Yes", "No",
                                                                                                  "Abstain"]


def test_times_with_offsets_are_stored_in_utc(app, importer):
    data = {"format": "townhall-archive", "version": 1,
            "event": {"title": "Evening", "starts_at": "2026-11-21T19:00:00+01:00"}}
    code = import_(app, importer, data)
    (event,) = rows(app, Event, id=event_id(app, code))
    assert event["starts_at"] == datetime(2026, 11, 21, 18, 0)


# --- who may -------------------------------------------------------------------------

def test_only_the_owner_exports(app, event, organizer, make_organizer):
    member = make_organizer(email="mo@example.com")
    give_role(app, event, organizer.id, "mo@example.com", "moderator")
    before = event_count(app)
    with pytest.raises(Forbidden):
        export(app, event, member)
    with pytest.raises(Forbidden), app.app_context():
        archive.copy_event(code=event, user_id=member)
    with pytest.raises(Forbidden):
        export(app, event, None)
    assert event_count(app) == before
    assert export(app, event, organizer.id)["event"]["title"] == "Town hall on the river park"


def test_importing_needs_an_organizer(app, sample):
    before = event_count(app)
    for user_id in (None, 999):
        with pytest.raises(NotAuthenticated):
            import_(app, user_id, sample)
    assert event_count(app) == before
