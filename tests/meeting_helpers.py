"""A whole meeting held through the services, for tests of what is made from the record
(archive, minutes, exports). Plain functions: ids in, ids out; each step in a short app context.

make_held_meeting(app, code, owner_id) runs, on an event that has no agenda yet:
- an agenda of three items, run start -> next -> next -> end (item 2 is done, not skipped);
- notes, a decision and an action item on item 0, a decision on item 1;
- questions: named, anonymous, Chinese (anonymous), voted on; one answered with an answer
  text, one edited (original kept), one hidden with a reason, one rejected (premoderation is
  off: it is hidden then archived instead), a duplicate merged into another, a next step
  on an unanswered one; one asked under no item;
- speakers: a phone with a topic (spoke), a name added by the moderator (spoke), a phone
  that withdrew;
- polls: single (4 ballots), multiple, yes/no, rating, ranking, text (one answer hidden),
  confidential below k (2 ballots, k 5), confidential at k (3 ballots, k 3), and a draft;
  one poll under no item;
- minutes: version 1 final and published, version 2 a draft;
- the event closed at the end (close=False keeps it open).

Returns {"items": [ids], "questions": {label: id}, "polls": {label: id}, "tokens": [raw attendee
tokens], "attendee_ids": [ids], "minutes_versions": [1, 2]}.
"""
from townhall.extensions import db
from townhall.models import Ballot
from townhall.services import agenda, attendees, events, merge, minutes, polls, questions, records, speakers

CHINESE_QUESTION = "河边公园什么时候开放？我们需要更多的长椅。"
CHINESE_NAME = "王芳"


def _ballot_id(app, poll_id, answer) -> str:
    """The id of the ballot with this answer, as a moderator's view of a text poll would give it."""
    with app.app_context():
        return next(b.id for b in db.session.query(Ballot).filter_by(poll_id=poll_id) if b.answer == answer)


def _in(app, fn, **kwargs):
    with app.app_context():
        return fn(**kwargs)


def make_held_meeting(app, code, owner_id, *, close: bool = True) -> dict:
    def run(fn, **kwargs):
        return _in(app, fn, code=code, **kwargs)

    def own(fn, **kwargs):
        return run(fn, user_id=owner_id, **kwargs)

    result = {"items": [], "questions": {}, "polls": {}, "tokens": [], "attendee_ids": []}

    for title, presenter, minutes_planned in (("Welcome", "Chair", 5), ("The river park", "Planning office", 20),
                                               ("Any other business", "", 10)):
        result["items"].append(own(agenda.add_item, title=title, presenter=presenter,
                                   planned_minutes=minutes_planned,
                                   description=f"About: {title.lower()}")["item_id"])
    item0, item1, _item2 = result["items"]

    phones = {}
    for name in ("Ana", "Jonas", CHINESE_NAME, None, None, None, None):
        attendee_id, token = run(attendees.join, name=name)
        phones[name or f"phone{len(phones)}"] = (attendee_id, token)
        result["tokens"].append(token)
        result["attendee_ids"].append(attendee_id)
    voters = list(phones.values())

    def ask(label, phone, text, *, anonymous=False, item=None):
        kwargs = {} if item == "current" else {"agenda_item_id": item}
        result["questions"][label] = run(questions.ask, attendee_id=phone[0], token=phone[1], text=text,
                                         anonymous=anonymous, **kwargs)["id"]
        return result["questions"][label]

    def vote(question_id, count):
        for attendee_id, token in voters[-count:]:
            run(questions.vote, attendee_id=attendee_id, token=token, question_id=question_id)

    def moderate(label, action, **kw):
        return own(questions.moderate, question_id=result["questions"][label], action=action, **kw)

    # --- item 0 -------------------------------------------------------------------
    own(agenda.run, action="start")
    ask("named", phones["Ana"], "When will the bike lanes on Main Street be finished?", item="current")
    ask("anonymous", phones["phone3"], "Why did the library hours get shorter?", anonymous=True, item="current")
    ask("chinese", phones[CHINESE_NAME], CHINESE_QUESTION, anonymous=True, item="current")
    ask("general", phones["Jonas"], "Will the slides be online afterwards?", item=None)
    vote(result["questions"]["named"], 3)
    vote(result["questions"]["chinese"], 2)
    moderate("named", "answering")
    moderate("named", "answered", answer_text="By the end of June; the contractor confirmed it.")
    own(questions.edit, question_id=result["questions"]["anonymous"], text="Why did the library opening hours "
                                                                           "get shorter this year?")
    own(questions.edit, question_id=result["questions"]["chinese"], next_step="Written answer within two weeks.")
    own(records.save_notes, item_id=item0, text="Chair opened at 19:02.\nQuorum reached.", base_version=0)
    own(records.add_decision, item_id=item0, text="Adopt the agenda as proposed.", vote_result="For 14 · Against 1")
    own(records.add_action, item_id=item0, what="Publish the slides", owner="Secretariat", due_date="2026-12-01")
    own(speakers.add, name="Mr. Brown", topic="Parking")
    own(speakers.moderate, action="next")
    own(speakers.moderate, action="start")
    own(speakers.moderate, action="finish")

    # --- item 1 -------------------------------------------------------------------
    own(agenda.run, action="next")
    ask("original", phones["Jonas"], "Is there a budget for the river park benches?", item="current")
    ask("duplicate", phones["phone4"], "How much money is there for benches?", anonymous=True, item="current")
    ask("offensive", phones["phone5"], "Something rude about the council", anonymous=True, item="current")
    ask("archived", phones["phone6"], "Off-topic question about parking fines", item="current")
    vote(result["questions"]["duplicate"], 2)
    own(merge.merge, question_id=result["questions"]["duplicate"], into_id=result["questions"]["original"])
    moderate("offensive", "hide", reason="offensive")
    moderate("archived", "hide", reason="off_topic")
    moderate("archived", "archive")
    run(speakers.request_floor, attendee_id=phones["Ana"][0], token=phones["Ana"][1], topic="Benches")
    run(speakers.request_floor, attendee_id=phones["Jonas"][0], token=phones["Jonas"][1], topic="Trees")
    run(speakers.withdraw, attendee_id=phones["Jonas"][0], token=phones["Jonas"][1])
    own(speakers.moderate, action="next")
    own(speakers.moderate, action="start")
    own(speakers.moderate, action="finish")
    own(records.add_decision, item_id=item1, text="Ask the planning office for a bench budget.")

    def poll(label, answers, *, item=item1, **fields):
        fields.setdefault("question", f"Poll: {label}")
        poll_id = own(polls.create, agenda_item_id=item, **fields)["id"]
        result["polls"][label] = poll_id
        if answers is None:
            return poll_id  # stays a draft
        own(polls.open_poll, poll_id=poll_id)
        for phone, answer in zip(voters, answers):
            run(polls.vote, attendee_id=phone[0], token=phone[1], poll_id=poll_id, answer=answer)
        own(polls.close_poll, poll_id=poll_id)
        return poll_id

    options = ["Benches", "Trees", "Lights"]
    poll("single", [{"choice": 0}, {"choice": 1}, {"choice": 0}, {"choice": 2}], kind="single", options=options,
         visibility="on_reveal")
    own(polls.reveal, poll_id=result["polls"]["single"])
    poll("multiple", [{"choices": [0, 2]}, {"choices": [1]}], kind="multiple", options=options, max_choices=2)
    poll("yesno", [{"choice": 0}, {"choice": 0}, {"choice": 2}], kind="yesno")
    poll("rating", [{"rating": 4}, {"rating": 5}], kind="rating", scale_min=1, scale_max=5,
         labels=["Poor", "Great"])
    poll("ranking", [{"order": [2, 0, 1]}, {"order": [0, 1, 2]}], kind="ranking", options=options)
    poll("text", [{"text": "More shade"}, {"text": "更多的树"}, {"text": "rude words"}], kind="text", item=None)
    own(polls.moderate_answer, poll_id=result["polls"]["text"], action="hide",
        answer_id=_ballot_id(app, result["polls"]["text"], {"text": "rude words"}))
    poll("secret_below_k", [{"choice": 0}, {"choice": 1}], kind="yesno", confidential=True, k_threshold=5)
    poll("secret_at_k", [{"choice": 1}, {"choice": 1}, {"choice": 0}], kind="single", options=options,
         confidential=True, k_threshold=3)
    poll("draft", None, kind="single", options=["Now", "Later"], duration_seconds=60)

    # --- item 2, the end ------------------------------------------------------------
    own(agenda.run, action="next")
    own(agenda.run, action="end")

    own(minutes.save_draft, base_revision=0, summary="A calm evening; 王芳 asked about the park.",
        item_notes={str(item0): "Opened on time."}, chair="Olga Organizer", note_taker="Sam",
        next_steps="Unanswered questions get a written answer.")
    own(minutes.finalize, base_revision=1)
    own(minutes.publish, version=1)
    own(minutes.save_draft, base_revision=0, summary="Version 2: corrections.")
    result["minutes_versions"] = [1, 2]
    if close:
        own(events.update_event, is_open=False)
    return result
