"""CSV exports of questions and poll results (townhall/exports/tables.py, from the record that
services/minutes_record.py reads), read back with csv.reader:
what a spreadsheet user opens. Events are built through the services."""
import csv
import io

import pytest
from meeting_helpers import CHINESE_QUESTION, make_held_meeting
from polls_helpers import cast, event_id, make_open, run

from townhall.exports import tables
from townhall.extensions import db
from townhall.models import Ballot, Question
from townhall.services import agenda, merge, minutes_record, polls, questions

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "@SUM(A1:A9)", "+1 more question", "-1 is the answer"]


def read(text: str) -> list[list[str]]:
    """The file as a spreadsheet reads it: BOM first, CRLF line ends, then CSV."""
    assert text.startswith("\ufeff")
    body = text[1:]
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")  # CRLF line ends (no cell holds a newline here)
    return list(csv.reader(io.StringIO(body, newline="")))


def as_dicts(text: str) -> list[dict]:
    header, *rows = read(text)
    assert all(len(row) == len(header) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def questions_file(app, code, **kwargs) -> str:
    with app.app_context():
        return minutes_record.questions_csv(event_id(app, code), **kwargs)


def polls_file(app, code) -> str:
    with app.app_context():
        return minutes_record.polls_csv(event_id(app, code))


@pytest.fixture
def asked(app, event, organizer, make_attendee):
    """An event with an agenda item and questions of every kind a spreadsheet could trip on."""
    own = {"code": event, "user_id": organizer.id}
    with app.app_context():
        item_id = agenda.add_item(**own, title="The river park 河滨公园", planned_minutes=10)["item_id"]
    ids = {}

    def ask(label, text, *, name=None, anonymous=False, item=None):
        attendee_id, token = make_attendee(event, name)
        with app.app_context():
            ids[label] = questions.ask(code=event, attendee_id=attendee_id, token=token, text=text,
                                       anonymous=anonymous, agenda_item_id=item)["id"]
        return attendee_id, token

    phone = ask("chinese", CHINESE_QUESTION, anonymous=True, item=item_id)
    for n, text in enumerate(FORMULAS):
        ask(f"formula{n}", text, name="=Mallory" if n == 0 else "Ravi", item=item_id)
    ask("hidden", "My neighbour's phone number is 0123 456 789", name="Ana")
    ask("edited", "Whens the park opening", name="Jonas")
    with app.app_context():
        questions.vote(code=event, attendee_id=phone[0], token=phone[1], question_id=ids["formula1"])
        questions.moderate(**own, question_id=ids["hidden"], action="hide", reason="personal_data")
        questions.edit(**own, question_id=ids["edited"], text="When does the park open?")
        questions.moderate(**own, question_id=ids["chinese"], action="answering")
        questions.moderate(**own, question_id=ids["chinese"], action="answered", answer_text="春天 — in spring.")
        questions.edit(**own, question_id=ids["formula2"], next_step="=answered in writing")
    return {"ids": ids, "item_id": item_id, "phone": phone}


# --- questions -------------------------------------------------------------------------

def test_questions_file_has_a_header_and_one_row_per_question_in_the_order_asked(app, event, asked):
    rows = as_dicts(questions_file(app, event))
    assert list(rows[0]) == tables.QUESTION_HEADER
    assert [int(r["id"]) for r in rows] == sorted(asked["ids"].values())
    assert len(rows) == len(asked["ids"])


def test_chinese_text_and_answers_round_trip(app, event, asked):
    rows = {int(r["id"]): r for r in as_dicts(questions_file(app, event))}
    chinese = rows[asked["ids"]["chinese"]]
    assert chinese["text"] == CHINESE_QUESTION
    assert chinese["agenda_item"] == "The river park 河滨公园"
    assert chinese["answer_text"] == "春天 — in spring."
    assert chinese["progress"] == "answered" and chinese["answered_at_utc"]
    assert rows[asked["ids"]["hidden"]]["agenda_item"] == ""  # asked under no item


def test_formula_cells_are_neutralised(app, event, asked):
    rows = {int(r["id"]): r for r in as_dicts(questions_file(app, event))}
    texts = [rows[asked["ids"][f"formula{n}"]]["text"] for n in range(len(FORMULAS))]
    assert texts[0] == '\'=HYPERLINK("http://evil.example","click")'
    assert texts[1] == "'@SUM(A1:A9)"
    assert texts[2] == "'+1 more question"
    assert texts[3] == "'-1 is the answer"
    assert rows[asked["ids"]["formula0"]]["author"] == "'=Mallory"
    assert rows[asked["ids"]["formula2"]]["next_step"] == "'=answered in writing"
    every_cell = [cell for row in read(questions_file(app, event)) for cell in row]
    assert not [cell for cell in every_cell if cell.lstrip().startswith(("=", "+", "-", "@", "\t"))]


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("  =cmd|' /C calc'!A0", "'  =cmd|' /C calc'!A0"), ("\u3000@x", "'\u3000@x"),
    ("a=b", "a=b"), ("1-2", "1-2"), ("", ""), (None, ""), (7, 7), (2.5, 2.5), (True, "yes"), (False, "no"),
])
def test_safe_cell(value, cell):
    assert tables.safe_cell(value) == cell


def test_anonymous_author_is_anonymous_and_no_author_tag_or_id_appears(app, event, asked):
    text = questions_file(app, event, include_hidden=True)
    rows = {int(r["id"]): r for r in as_dicts(text)}
    assert rows[asked["ids"]["chinese"]]["author"] == "Anonymous"
    assert rows[asked["ids"]["edited"]]["author"] == "Jonas"
    with app.app_context():
        tags = [t for (t,) in db.session.query(Question.author_tag)]
    assert tags and all(tag and tag not in text for tag in tags)
    assert asked["phone"][1] not in text  # the asker's token


def test_hidden_text_and_original_wording_only_when_opted_in(app, event, asked):
    hidden_id, edited_id = asked["ids"]["hidden"], asked["ids"]["edited"]
    plain = questions_file(app, event)
    rows = {int(r["id"]): r for r in as_dicts(plain)}
    assert rows[hidden_id]["text"] == "" and rows[hidden_id]["note"] == "text withheld (hidden)"
    assert rows[hidden_id]["status"] == "hidden" and rows[hidden_id]["moderation_reason"] == "personal_data"
    assert "0123 456 789" not in plain
    assert rows[edited_id]["text"] == "When does the park open?"
    assert rows[edited_id]["edited"] == "yes" and rows[edited_id]["original_text"] == ""
    assert "Whens the park opening" not in plain

    full = {int(r["id"]): r for r in as_dicts(questions_file(app, event, include_hidden=True))}
    assert full[hidden_id]["text"] == "My neighbour's phone number is 0123 456 789"
    assert full[edited_id]["original_text"] == "Whens the park opening"
    assert full[asked["ids"]["chinese"]]["edited"] == "no"


def test_merged_question_points_to_the_one_it_was_merged_into(app, event, organizer, make_question):
    original = make_question(event, "Is there a budget for benches?")
    duplicate = make_question(event, "How much money for benches?", anonymous=True)
    with app.app_context():
        merge.merge(code=event, user_id=organizer.id, question_id=duplicate, into_id=original)
    rows = {int(r["id"]): r for r in as_dicts(questions_file(app, event))}
    assert rows[duplicate]["status"] == "merged" and rows[duplicate]["merged_into_id"] == str(original)
    assert rows[duplicate]["text"] == "How much money for benches?"  # the room saw it


def test_text_kept_from_the_room_by_a_merge_or_an_archive_is_withheld(app, organizer, make_event, make_question):
    code = make_event(organizer.id, premoderation=True)

    def act(question_id, action, **extra):
        with app.app_context():
            questions.moderate(code=code, user_id=organizer.id, question_id=question_id, action=action, **extra)

    target = make_question(code, "Is there a budget for benches?")
    act(target, "approve")
    pending = make_question(code, "Benches money? Call me on 0123 456 789")  # merged before anyone saw it
    hidden = make_question(code, "My neighbour Tom Smith at 4 Elm St is a thief")
    act(hidden, "approve")
    act(hidden, "hide", reason="personal_data")
    act(hidden, "archive")  # hidden for a reason, then archived: still kept from the room
    tidy = make_question(code, "Where are the toilets?")
    act(tidy, "approve")
    act(tidy, "archive")  # archived after the room saw it: shown
    with app.app_context():
        merge.merge(code=code, user_id=organizer.id, question_id=pending, into_id=target)

    plain = questions_file(app, code)
    rows = {int(r["id"]): r for r in as_dicts(plain)}
    assert "0123 456 789" not in plain and "Tom Smith" not in plain
    assert (rows[pending]["text"], rows[pending]["note"]) == ("", "text withheld (merged)")
    assert (rows[hidden]["text"], rows[hidden]["note"]) == ("", "text withheld (archived)")
    assert rows[hidden]["moderation_reason"] == "personal_data"
    assert rows[tidy]["text"] == "Where are the toilets?" and rows[tidy]["note"] == ""
    full = {int(r["id"]): r for r in as_dicts(questions_file(app, code, include_hidden=True))}
    assert full[pending]["text"] == "Benches money? Call me on 0123 456 789"
    assert full[hidden]["text"] == "My neighbour Tom Smith at 4 Elm St is a thief"


def test_an_event_without_questions_gives_the_header_only(app, event):
    assert read(questions_file(app, event)) == [tables.QUESTION_HEADER]


# --- polls ----------------------------------------------------------------------------------

@pytest.fixture
def voted(app, event, organizer, make_attendee):
    """Polls of several kinds, opened, voted on by five phones and closed."""
    phones = [make_attendee(event) for _ in range(5)]
    ids = {}

    def held(label, answers, **fields):
        ids[label] = make_open(app, event, organizer.id, **fields)
        for phone, answer in zip(phones, answers):
            cast(app, event, phone, ids[label], answer)
        run(app, polls.close_poll, code=event, user_id=organizer.id, poll_id=ids[label])

    held("single", [{"choice": 0}, {"choice": 1}, {"choice": 1}, {"choice": 2}],
         question="=1+1 which road?", options=["Bike lanes 自行车道", "@buses", "-pavements"])
    held("rating", [{"rating": 5}, {"rating": 4}, {"rating": 4}], kind="rating", scale_min=1, scale_max=5,
         labels=["Poor", "Great"], question="Rate the meeting")
    held("ranking", [{"order": [2, 0, 1]}, {"order": [2, 1, 0]}], kind="ranking", question="Order these")
    held("text", [{"text": "More trees 多种树"}, {"text": "=cmd()"}, {"text": "rude words"}], kind="text",
         question="One wish?")
    with app.app_context():
        rude = next(b.id for b in db.session.query(Ballot).filter_by(poll_id=ids["text"])
                    if b.answer == {"text": "rude words"})
    run(app, polls.moderate_answer, code=event, user_id=organizer.id, poll_id=ids["text"], answer_id=rude,
        action="hide")
    held("secret", [{"choice": 0}, {"choice": 0}, {"choice": 1}], kind="yesno", confidential=True, k_threshold=5,
         question="Sell the lot?")
    held("open_secret", [{"choice": 0}] * 5, kind="yesno", confidential=True, k_threshold=5,
         question="Keep the lot?")
    ids["draft"] = run(app, polls.create, code=event, user_id=organizer.id, kind="single",
                       question="Never opened", options=["A", "B"])["id"]
    return ids


def by_poll(text: str) -> dict[int, list[dict]]:
    grouped = {}
    for row in as_dicts(text):
        grouped.setdefault(int(row["poll_id"]), []).append(row)
    return grouped


def test_polls_file_has_one_row_per_option_and_no_drafts(app, event, voted):
    text = polls_file(app, event)
    assert read(text)[0] == tables.POLL_HEADER
    grouped = by_poll(text)
    assert voted["draft"] not in grouped
    single = grouped[voted["single"]]
    assert [(r["position"], r["option"], r["count"], r["share_percent"]) for r in single] == [
        ("1", "Bike lanes 自行车道", "1", "25.0"), ("2", "'@buses", "2", "50.0"), ("3", "'-pavements", "1", "25.0")]
    assert {r["question"] for r in single} == {"'=1+1 which road?"}
    assert {(r["kind"], r["ballots"], r["status"], r["confidential"]) for r in single} == {("single", "4", "closed",
                                                                                           "no")}


def test_rating_and_ranking_rows(app, event, voted):
    grouped = by_poll(polls_file(app, event))
    rating = grouped[voted["rating"]]
    assert [(r["option"], r["count"]) for r in rating] == [
        ("1 (Poor)", "0"), ("2", "0"), ("3", "0"), ("4", "2"), ("5 (Great)", "1")]
    assert {r["average"] for r in rating} == {"4.33"}
    ranking = grouped[voted["ranking"]]
    assert [(r["position"], r["option"], r["average_rank"]) for r in ranking] == [
        ("1", "Wider pavements", "1.0"), ("2", "Bike lanes", "2.5"), ("3", "More buses", "2.5")]
    assert {r["count"] for r in ranking} == {""}


def test_text_poll_lists_the_answers_the_room_could_see(app, event, voted):
    rows = by_poll(polls_file(app, event))[voted["text"]]
    assert [r["option"] for r in rows] == ["More trees 多种树", "'=cmd()"]  # oldest first; the hidden one left out


def test_confidential_poll_below_k_has_no_counts(app, event, voted):
    text = polls_file(app, event)
    grouped = by_poll(text)
    (row,) = grouped[voted["secret"]]
    assert row["note"].startswith("suppressed")
    assert row["ballots"] == "3"  # turnout only
    assert (row["option"], row["count"], row["share_percent"], row["position"]) == ("", "", "", "")
    at_k = grouped[voted["open_secret"]]
    assert [(r["option"], r["count"]) for r in at_k] == [("Yes", "5"), ("No", "0"), ("Abstain", "0")]
    assert {r["confidential"] for r in at_k} == {"yes"}


def test_polls_file_carries_no_ballot_ids_or_voter_tags(app, event, voted):
    text = polls_file(app, event)
    with app.app_context():
        secrets = [value for b in db.session.query(Ballot) for value in (b.id, b.voter_tag)]
    assert secrets and not [s for s in secrets if s in text]


# --- a whole meeting --------------------------------------------------------------------------

def test_a_held_meeting_exports_every_question_and_poll_without_anything_identifying(app, event, organizer):
    held = make_held_meeting(app, event, organizer.id)
    question_text = questions_file(app, event, include_hidden=True)
    poll_text = polls_file(app, event)
    rows = {int(r["id"]): r for r in as_dicts(question_text)}
    assert set(rows) == set(held["questions"].values())
    assert rows[held["questions"]["chinese"]]["text"] == CHINESE_QUESTION
    assert rows[held["questions"]["chinese"]]["author"] == "Anonymous"
    assert rows[held["questions"]["duplicate"]]["merged_into_id"] == str(held["questions"]["original"])
    assert set(by_poll(poll_text)) == set(held["polls"].values()) - {held["polls"]["draft"]}
    with app.app_context():
        tags = [t for (t,) in db.session.query(Question.author_tag) if t]
        ballots = [v for b in db.session.query(Ballot) for v in (b.id, b.voter_tag)]
    for secret in tags + ballots + held["tokens"]:
        assert secret not in question_text and secret not in poll_text


# --- size --------------------------------------------------------------------------------------

def test_big_event_exports_in_a_few_queries_and_fast(app, event):
    """2,000 questions and 30 polls (rows inserted directly: the export is what is measured)."""
    import secrets
    import time
    from datetime import datetime

    from sqlalchemy import event as sa_event
    from sqlalchemy import insert

    from townhall.models import Poll

    eid = event_id(app, event)
    now = datetime(2026, 11, 20, 18, 0)
    with app.app_context():
        db.session.execute(insert(Question), [
            {"event_id": eid, "text": f"Question {n} 问题", "author_name": None if n % 3 else "Ana",
             "is_anonymous": n % 3 == 0, "author_tag": secrets.token_hex(32), "status": "published",
             "vote_count": n % 50, "created_at": now} for n in range(2000)])
        poll_ids = db.session.execute(insert(Poll).returning(Poll.id), [
            {"event_id": eid, "kind": "single", "question": f"Poll {n}", "options": ["A", "B", "C"],
             "status": "closed", "opened_at": now, "closed_at": now, "ballot_count": 40} for n in range(30)
        ]).scalars().all()
        db.session.execute(insert(Ballot), [
            {"id": secrets.token_hex(16), "poll_id": poll_id, "voter_tag": secrets.token_hex(32),
             "answer": {"choice": n % 3}, "submitted_at": now} for poll_id in poll_ids for n in range(40)])
        db.session.commit()

    statements = []

    def listener(_conn, _cursor, statement, *_args):
        if statement.startswith("SELECT"):
            statements.append(statement)

    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            started = time.perf_counter()
            question_text = minutes_record.questions_csv(eid)
            question_seconds = time.perf_counter() - started
            question_queries = len(statements)
            started = time.perf_counter()
            poll_text = minutes_record.polls_csv(eid)
            poll_seconds = time.perf_counter() - started
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
    assert len(read(question_text)) == 2001 and len(read(poll_text)) == 1 + 30 * 3
    assert question_queries <= 2, statements[:question_queries]
    assert len(statements) - question_queries <= 2 + 30  # the polls, the item titles, each poll's results
    assert question_seconds < 1.5 and poll_seconds < 1.5, (question_seconds, poll_seconds)
