"""The archive carries each question's ledger and follow-up, and the offices they name (exports/archive.py,
services/archive_record.py); importing restores them (services/archive_ledger_input.py checks them,
services/archive.py stores them). Known data: tests/minutes_followup_helpers.py."""
import copy
import json

import pytest
from meeting_helpers import CHINESE_NAME, CHINESE_QUESTION, make_held_meeting
from minutes_followup_helpers import ANSWER, CLOSE_REASON, NOTE, PARKS, ROADS, add_followups

from townhall.errors import InvalidInput
from townhall.extensions import db
from townhall.models import Event, Followup, LedgerEntry, Office, Organization, Question
from townhall.services import archive, events

ORIGINAL = "Is there a budget for the river park benches?"


@pytest.fixture
def followed(app, organizer, event):
    held = make_held_meeting(app, event, organizer.id, close=False)
    written = add_followups(app, event, organizer.id, held)
    return {"code": event, **written, "archive": export(app, event, organizer.id)}


@pytest.fixture
def importer(make_organizer) -> int:
    return make_organizer(email="ines@example.com", name="Ines Importer")


def export(app, code, user_id) -> dict:
    with app.app_context():
        return archive.export_archive(code=code, user_id=user_id)


def import_(app, user_id, data, mode="restore") -> str:
    with app.app_context():
        return archive.import_archive(user_id=user_id, data=copy.deepcopy(data), mode=mode)


def without_export_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def by_text(data: dict, text: str) -> dict:
    return next(q for q in data["questions"] if q["text"] == text)


def stored(app, code) -> dict:
    """{question text: (ledger_state, [(kind, state, actor, actor_name, office name, note)], followup)}."""
    with app.app_context():
        event = events.get_event(code)
        names = dict(db.session.query(Office.id, Office.name))
        out = {}
        for q in db.session.query(Question).filter_by(event_id=event.id):
            steps = [(e.kind, e.state, e.actor, e.actor_name, names.get(e.office_id), e.note)
                     for e in db.session.query(LedgerEntry).filter_by(question_id=q.id).order_by(LedgerEntry.id)]
            f = db.session.get(Followup, q.id)
            out[q.text] = (q.ledger_state, steps, (names[f.office_id], f.answer_text, f.feedback) if f else None)
        return out


# --- export ----------------------------------------------------------------------------------

def test_the_archive_carries_each_questions_ledger_follow_up_and_the_offices_named(app, followed):
    data = followed["archive"]
    assert data["organization"] == {"name": "City of Riverside", "offices": [PARKS, ROADS]}  # not "Unused office"
    chinese = by_text(data, CHINESE_QUESTION)
    assert [(s["kind"], s["state"], s["actor"]) for s in chinese["ledger"]] == [
        ("submit", "submitted", "asker"), ("publish", "published", "system"), ("refer", "referred", "team"),
        ("answer_in_writing", "answered_in_writing", "office"), ("feedback", "answered_in_writing", "asker")]
    refer = chinese["ledger"][2]
    assert (refer["office"], refer["note"], refer["actor_name"]) == (PARKS, NOTE, "Olga Organizer")
    assert refer["due_on"] == chinese["followup"]["first_due_on"]
    followup = chinese["followup"]
    assert (followup["office"], followup["note"], followup["answer_text"], followup["feedback"]) == (
        PARKS, NOTE, ANSWER, "partly")
    original = by_text(data, ORIGINAL)
    assert [s["kind"] for s in original["ledger"]][-2:] == ["refer", "extend"]
    assert original["followup"]["due_on"] > original["followup"]["first_due_on"]
    assert original["followup"]["answered_at"] is None
    assert [s["note"] for s in by_text(data, "Will the slides be online afterwards?")["ledger"]][-1] == CLOSE_REASON
    assert by_text(data, "Why did the library opening hours get shorter this year?")["ledger"][-1]["kind"] == "defer"


def test_no_step_names_an_asker_nor_carries_a_person_id(app, followed):
    data = followed["archive"]
    steps = [s for q in data["questions"] for s in q["ledger"]]
    assert steps and all(s["actor_name"] is None for s in steps if s["actor"] in ("asker", "system"))
    assert {s["actor_name"] for s in steps if s["actor"] in ("team", "office")} == {"Olga Organizer"}
    assert all(set(s) == {"at", "kind", "state", "actor", "actor_name", "office", "due_on", "note"} for s in steps)
    text = json.dumps(data, ensure_ascii=False)
    chinese = by_text(data, CHINESE_QUESTION)
    assert chinese["author_name"] is None and chinese["is_anonymous"] is True
    # She asked anonymously (her phone joined as 王芳): neither the ledger nor the follow-up gives her away.
    assert CHINESE_NAME not in json.dumps([chinese["ledger"], chinese["followup"]], ensure_ascii=False)
    with app.app_context():
        tags = [t for (t,) in db.session.query(Question.author_tag).filter(Question.author_tag.is_not(None))]
    assert tags and not [t for t in tags if t in text]


# --- restore -----------------------------------------------------------------------------------

def test_export_import_export_gives_the_same_ledger_and_follow_ups(app, organizer, followed):
    """The owner restores into their own organization: offices match by name, follow-ups come back."""
    data = followed["archive"]
    code = import_(app, organizer.id, json.loads(json.dumps(data)))
    again = export(app, code, organizer.id)
    data["event"]["settings"]["is_open"] = False  # a restored event is closed (the held one was left open)
    assert without_export_time(again) == without_export_time(data)
    assert [q["ledger"] for q in again["questions"]] == [q["ledger"] for q in data["questions"]]
    before, after = stored(app, followed["code"]), stored(app, code)
    assert after == before  # states, steps (the named asker's name too, as ledger.record writes it)
    assert after[CHINESE_QUESTION][0] == "answered_in_writing" and after[ORIGINAL][0] == "referred"
    assert after[CHINESE_QUESTION][2] == (PARKS, ANSWER, "partly")
    with app.app_context():
        restored = events.get_event(code)
        assert restored.organization_id == followed["organization_id"]
        offices = {f.office_id for f in db.session.query(Followup).filter_by(event_id=restored.id)}
        assert offices == {followed["offices"][PARKS], followed["offices"][ROADS]}


def test_without_a_matching_organization_the_steps_stay_and_keep_the_office_name(app, followed, importer):
    code = import_(app, importer, followed["archive"])
    after = stored(app, code)
    state, steps, followup = after[CHINESE_QUESTION]
    assert state == "answered_in_writing" and followup is None  # no office to hold it: no follow-up row
    refer = next(s for s in steps if s[0] == "refer")
    assert refer[4] is None and refer[5] == f"Office: {PARKS}\n{NOTE}"
    assert after[ORIGINAL][0] == "referred" and [s[0] for s in after[ORIGINAL][1]][-2:] == ["refer", "extend"]
    with app.app_context():
        assert events.get_event(code).organization_id is None
        assert db.session.query(Followup).count() == 2  # the original event's only
    # Exported again, the office names are in the notes and nothing else moved.
    again = export(app, code, importer)
    assert again["organization"] is None
    assert [s["note"] for s in by_text(again, CHINESE_QUESTION)["ledger"]][2] == f"Office: {PARKS}\n{NOTE}"
    lengths = [len(q["ledger"]) for q in followed["archive"]["questions"]]
    assert [len(q["ledger"]) for q in again["questions"]] == lengths


def test_an_importer_with_an_organization_of_that_name_gets_its_offices(app, followed, importer):
    with app.app_context():
        org = Organization(slug="ines-city", name="City of Riverside", owner_id=importer)
        db.session.add(org)
        db.session.flush()
        db.session.add(Office(organization_id=org.id, name=PARKS))  # no Roads office there
        db.session.commit()
        org_id = org.id
    code = import_(app, importer, followed["archive"])
    after = stored(app, code)
    assert after[CHINESE_QUESTION][2] == (PARKS, ANSWER, "partly")
    assert after[ORIGINAL][2] is None and f"Office: {ROADS}" in after[ORIGINAL][1][-2][5]
    with app.app_context():
        assert events.get_event(code).organization_id == org_id


def test_an_archive_made_before_the_ledger_imports_with_states_from_status_and_progress(app, followed, importer):
    data = copy.deepcopy(followed["archive"])
    data.pop("organization")
    for question in data["questions"]:
        question.pop("ledger")
        question.pop("followup")
    code = import_(app, importer, data)
    after = stored(app, code)
    assert all(steps == [] and followup is None for _, steps, followup in after.values())
    states = {text: state for text, (state, _, _) in after.items()}
    assert states["When will the bike lanes on Main Street be finished?"] == "answered_in_room"
    assert states[CHINESE_QUESTION] == "published" and states["Something rude about the council"] == "rejected"
    assert states["How much money is there for benches?"] == "closed"  # merged
    assert all(q["ledger"] == [] for q in export(app, code, importer)["questions"])


# --- bad ledgers: a precise error, nothing stored ------------------------------------------------

def _chinese(data) -> int:
    return next(i for i, q in enumerate(data["questions"]) if q["text"] == CHINESE_QUESTION)


def _step(field, value, step=3):
    def change(data):
        data["questions"][_chinese(data)]["ledger"][step][field] = value
    return change


def _drop_refer(data):
    ledger = data["questions"][_chinese(data)]["ledger"]
    del ledger[2:]


BAD = [
    ("a refused step", _step("kind", "defer"), "ledger[3].kind"),
    ("a step to the wrong state", _step("state", "closed"), "ledger[3].state"),
    ("an unknown step", _step("kind", "forget"), "ledger[3].kind"),
    ("an asker named in a step", _step("actor_name", "Wang", step=0), "ledger[0].actor_name"),
    ("an unknown actor", _step("actor", "mayor"), "ledger[3].actor"),
    ("a bad due date", _step("due_on", "soon", step=2), "ledger[2].due_on"),
    ("a person id", _step("user_id", 1), "ledger[3].user_id"),
    ("a follow-up never referred", _drop_refer, "followup"),
    ("a follow-up without a due date",
     lambda d: d["questions"][_chinese(d)]["followup"].update(first_due_on=None), "followup.first_due_on"),
    ("a verdict", lambda d: d["questions"][_chinese(d)]["followup"].update(feedback="maybe"), "followup.feedback"),
]


@pytest.mark.parametrize("change, field", [pytest.param(c, f, id=name) for name, c, f in BAD])
def test_a_bad_ledger_is_refused_at_its_field_and_stores_nothing(app, followed, importer, change, field):
    data = copy.deepcopy(followed["archive"])
    change(data)
    with app.app_context():
        before = (db.session.query(Event).count(), db.session.query(LedgerEntry).count())
    with pytest.raises(InvalidInput) as caught:
        import_(app, importer, data)
    assert (caught.value.code, caught.value.field) == ("invalid_archive", f"questions[{_chinese(data)}].{field}"), \
        caught.value.message
    with app.app_context():
        assert (db.session.query(Event).count(), db.session.query(LedgerEntry).count()) == before
