"""A whole town hall that was held yesterday evening, for trying out the minutes.

Everything is done through the real services, in the order a meeting runs: the agenda
is started and moved on item by item; phones ask (premoderated) questions, vote, answer
polls and ask for the floor; the moderator approves, answers, hides and merges; the
note-taker writes notes, decisions and action items. Then the times are set directly in
the database (the only writes that bypass the services) so that the meeting looks as if
it ran for about 90 minutes yesterday evening, with the activity spread over it.
"""
import random
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from ..extensions import db
from ..models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Ballot,
    Decision,
    Event,
    LedgerEntry,
    Poll,
    Question,
    QueueSkip,
    SpeakerRequest,
    Vote,
    utcnow,
)
from ..services import agenda, attendees, events, merge, poll_results, polls, questions, records, roles, speakers
from ..services.transaction import use_case
from .script import (
    ACTIONS,
    AGENDA,
    DECISIONS,
    DRAFT_POLL,
    EDITED_NEXT_STEP,
    EVENT,
    HIDDEN_ANSWERS,
    MEETING_HOUR,
    PEAK_SHARE,
    POLLS,
    QUESTIONS,
    SKIP_REASONS,
    SPEAKERS,
    TEAM,
    VOTERS,
)


class Meeting:
    """Runs the script through the services and remembers, per row, when it should have happened."""

    def __init__(self, code: str, owner_id: int, note_taker_id: int, start: datetime):
        self.code, self.owner, self.note_taker, self.start = code, owner_id, note_taker_id, start
        self.rng = random.Random(2026)
        self.phones: dict = {}
        self.questions: dict = {}  # key -> id
        self.times: dict = {"questions": {}, "polls": {}, "speakers": {}, "floor": {}}
        self.voters = [attendees.join(code=code, name=None) for _ in range(VOTERS)]

    def at(self, minute: float) -> datetime:
        return self.start + timedelta(seconds=round(minute * 60))

    def phone(self, key: str, name: str | None = None):
        """The phone of a person (a new one on first use); name: the name it joined with."""
        if key not in self.phones:
            self.phones[key] = attendees.join(code=self.code, name=name)
        return self.phones[key]

    # --- questions ------------------------------------------------------------------

    def ask(self, key, item_id, minute, name, text) -> None:
        attendee_id, token = self.phone(name or f"asker of {key}", name)
        question_id = questions.ask(code=self.code, attendee_id=attendee_id, token=token, text=text,
                                    anonymous=name is None, agenda_item_id=item_id)["id"]
        self.questions[key] = question_id
        self.times["questions"][question_id] = {"created_at": self.at(minute), "published_at": self.at(minute + 0.4)}

    def moderate(self, key, action, minute=None, **kwargs) -> None:
        question_id = self.questions[key]
        questions.moderate(code=self.code, user_id=self.owner, question_id=question_id, action=action, **kwargs)
        if action == "reject":
            self.times["questions"][question_id]["published_at"] = None
        if action == "answered":
            self.times["questions"][question_id]["answered_at"] = self.at(minute)

    def vote(self, key, count, *, last: bool = False) -> None:
        """The first count voters (last: the last count, who did not vote for the question it duplicates)."""
        for attendee_id, token in (self.voters[-count:] if last and count else self.voters[:count]):
            questions.vote(code=self.code, attendee_id=attendee_id, token=token, question_id=self.questions[key])

    def fate(self, key, fate) -> None:
        kind, detail = fate[0], fate[1]
        question_id = self.questions[key]
        if kind == "answered":
            # On the floor first: one put there before a higher-voted question still waiting is a skip, with
            # the chair's reason (services/queue_skips.py), timed half a minute before the answer.
            self.moderate(key, "answering", skip_reason=SKIP_REASONS.get(key, ""))
            self.times["floor"][question_id] = self.at(fate[2] - 0.5)
            self.moderate(key, "answered", fate[2], **({"answer_text": detail} if detail else {}))
        elif kind == "open" and detail:
            questions.edit(code=self.code, user_id=self.owner, question_id=question_id, next_step=detail)
        elif kind == "hidden":
            self.moderate(key, "hide", reason=detail)
        elif kind == "merged":
            merge.merge(code=self.code, user_id=self.owner, question_id=question_id, into_id=self.questions[detail])
        elif kind == "edited":
            questions.edit(code=self.code, user_id=self.owner, question_id=question_id, text=detail,
                           next_step=EDITED_NEXT_STEP.get(key))
            self.times["questions"][question_id]["edited_at"] = self.at(fate[2])

    # --- polls and speakers -----------------------------------------------------------

    def poll(self, item_id, kind, question, fields, window, answers) -> None:
        poll_id = polls.create(code=self.code, user_id=self.owner, kind=kind, question=question,
                               agenda_item_id=item_id, **fields)["id"]
        polls.open_poll(code=self.code, user_id=self.owner, poll_id=poll_id)
        for (attendee_id, token), answer in zip(self.voters, answers):
            polls.vote(code=self.code, attendee_id=attendee_id, token=token, poll_id=poll_id, answer=answer)
        if kind == "text":
            poll = db.session.get(Poll, poll_id)
            for answer in poll_results.results(poll, moderator=True)["answers"]:
                action = "hide" if answer["text"] in HIDDEN_ANSWERS else "show"
                polls.moderate_answer(code=self.code, user_id=self.owner, poll_id=poll_id, answer_id=answer["id"],
                                      action=action)
        polls.close_poll(code=self.code, user_id=self.owner, poll_id=poll_id)
        self.times["polls"][poll_id] = tuple(self.at(m) for m in window)

    def speaker(self, requested, called, seconds, who, topic) -> None:
        if isinstance(who, tuple):
            request_id = speakers.add(code=self.code, user_id=self.owner, name=who[1], topic=topic)["id"]
        else:
            attendee_id, token = self.phone(who or f"speaker on {topic}", who)
            request_id = speakers.request_floor(code=self.code, attendee_id=attendee_id, token=token,
                                                topic=topic)["id"]
        for action in ("call", "start", "finish"):
            speakers.moderate(code=self.code, user_id=self.owner, action=action,
                              request_id=request_id if action == "call" else None)
        self.times["speakers"][request_id] = (self.at(requested), self.at(called), seconds)

    def others_in_the_queue(self) -> None:
        """One phone withdraws its request, one is removed by the moderator: neither is in the minutes."""
        attendee_id, token = self.phone("Omar", "Omar")
        speakers.request_floor(code=self.code, attendee_id=attendee_id, token=token, topic="Bus times")
        speakers.withdraw(code=self.code, attendee_id=attendee_id, token=token)
        attendee_id, token = self.phone("removed speaker")
        request = speakers.request_floor(code=self.code, attendee_id=attendee_id, token=token, topic="Elections")
        speakers.moderate(code=self.code, user_id=self.owner, action="remove", request_id=request["id"])

    # --- the run ------------------------------------------------------------------------

    def run(self, item_ids: list[int]) -> None:
        polls.create(code=self.code, user_id=self.owner, **DRAFT_POLL)  # prepared, never opened
        agenda.run(code=self.code, user_id=self.owner, action="start")
        for index, item_id in enumerate(item_ids):
            self.hold_item(index, item_id)
            agenda.run(code=self.code, user_id=self.owner, action="next")  # after the last: the meeting ends
        events.update_event(code=self.code, user_id=self.owner, is_open=False)

    def hold_item(self, index: int, item_id: int) -> None:
        mine = [q for q in QUESTIONS if q[1] == index or (q[1] is None and index == len(AGENDA) - 1)]
        for key, item, minute, name, text, _votes, fate in mine:
            self.ask(key, item_id if item is not None else None, minute, name, text)
            self.moderate(key, "reject" if fate[0] == "rejected" else "approve",
                          **({"reason": fate[1]} if fate[0] == "rejected" else {}))
        for key, *_rest, votes, fate in mine:
            self.vote(key, votes, last=fate[0] == "merged")
        for key, *_rest, fate in mine:
            if fate[0] != "rejected":
                self.fate(key, fate)
        for spec in (s for s in POLLS if s[0] == index):
            self.poll(item_id, *spec[1:])
        for spec in (s for s in SPEAKERS if s[0] == index):
            self.speaker(*spec[1:])
        if index == 3:
            self.others_in_the_queue()
        text = AGENDA[index][4]
        records.save_notes(code=self.code, user_id=self.note_taker, item_id=item_id, text=text, base_version=0)
        for _item, what, vote_result in (d for d in DECISIONS if d[0] == index):
            records.add_decision(code=self.code, user_id=self.note_taker, item_id=item_id, text=what,
                                 vote_result=vote_result)
        for _item, what, owner, days in (a for a in ACTIONS if a[0] == index):
            due = None if days is None else (self.start.date() + timedelta(days=days)).isoformat()
            records.add_action(code=self.code, user_id=self.note_taker, item_id=item_id, what=what, owner=owner,
                               due_date=due)


# --- backdating: the only direct writes -------------------------------------------------

def _spread(rng: random.Random, count: int, start: datetime, end: datetime) -> list[datetime]:
    """count moments between start and end, sorted, bunched towards the start (interest fades)."""
    span = max(1.0, (end - start).total_seconds())
    return sorted(start + timedelta(seconds=span * rng.random() ** 1.6) for _ in range(count))


def _backdate_ledger(question: Question, ended_at: datetime) -> None:
    """The question's ledger at the times the meeting's rows now say (Core updates: the ledger's rows are
    append-only for the application, and this is the demo's rewriting of time, not a step)."""
    seen = question.published_at or question.created_at
    times = {"submit": question.created_at, "publish": seen, "answer_in_room": question.answered_at or seen}
    later = min(ended_at, seen + timedelta(minutes=2))  # a moderator's other steps, soon after
    for entry_id, kind in db.session.execute(select(LedgerEntry.id, LedgerEntry.kind).filter_by(
            question_id=question.id)).all():
        db.session.execute(update(LedgerEntry).where(LedgerEntry.id == entry_id).values(at=times.get(kind) or later))


@use_case
def backdate(*, event_id: int, meeting: Meeting) -> None:
    start, rng = meeting.start, meeting.rng
    event = db.session.get(Event, event_id)
    items = db.session.scalars(select(AgendaItem).filter_by(event_id=event_id).order_by(AgendaItem.position)).all()
    offset, windows = 0, {}
    for item, (*_head, seconds, _notes) in zip(items, AGENDA):
        item.started_at = start + timedelta(seconds=offset)
        offset += seconds
        item.ended_at, item.elapsed_seconds, item.running_since = start + timedelta(seconds=offset), seconds, None
        item.notes_updated_at = item.ended_at - timedelta(seconds=40)
        windows[item.id] = (item.started_at, item.ended_at)
    event.created_at = start - timedelta(days=7)
    event.starts_at = start.replace(minute=0)
    event.meeting_started_at, event.meeting_ended_at = start, start + timedelta(seconds=offset)
    for model in (Decision, ActionItem):
        for row in db.session.scalars(select(model).where(model.agenda_item_id.in_(list(windows)))):
            row.created_at = windows[row.agenda_item_id][1] - timedelta(seconds=rng.randint(30, 120))
    joined = db.session.scalars(select(Attendee).filter_by(event_id=event_id).order_by(Attendee.id)).all()
    for attendee, when in zip(joined, _spread(rng, len(joined), start - timedelta(minutes=12),
                                              start + timedelta(minutes=45))):
        attendee.joined_at = when
    event.peak_connected = round(len(joined) * PEAK_SHARE)
    for question in db.session.scalars(select(Question).filter_by(event_id=event_id)):
        times = meeting.times["questions"][question.id]
        question.created_at, question.published_at = times["created_at"], times["published_at"]
        question.answered_at = times.get("answered_at")
        if question.edited_at is not None:
            question.edited_at = times["edited_at"]
        window = windows.get(question.agenda_item_id, (start, event.meeting_ended_at))
        until = min(question.answered_at or window[1], times["published_at"] + timedelta(minutes=12)) \
            if times["published_at"] else None
        _backdate_ledger(question, event.meeting_ended_at)
        votes = db.session.scalars(select(Vote).filter_by(question_id=question.id).order_by(Vote.id)).all()
        for vote, when in zip(votes, _spread(rng, len(votes), times["published_at"] or start, until or start)):
            vote.created_at = when
    for poll in db.session.scalars(select(Poll).filter_by(event_id=event_id)):
        poll.created_at = start - timedelta(hours=2)
        if poll.id not in meeting.times["polls"]:
            continue
        opened, closed = meeting.times["polls"][poll.id]
        poll.opened_at, poll.closed_at, poll.closes_at = opened, closed, None
        ballots = db.session.scalars(select(Ballot).filter_by(poll_id=poll.id).order_by(Ballot.id)).all()
        for ballot, when in zip(ballots, _spread(rng, len(ballots), opened, closed - timedelta(seconds=5))):
            ballot.submitted_at = when.replace(second=0, microsecond=0) if poll.confidential else when
    for request in db.session.scalars(select(SpeakerRequest).filter_by(event_id=event_id)):
        if request.id in meeting.times["speakers"]:
            requested, called, seconds = meeting.times["speakers"][request.id]
            request.requested_at, request.called_at, request.elapsed_seconds = requested, called, seconds
            request.finished_at = called + timedelta(seconds=seconds + 20)
        else:  # withdrawn or removed during the open floor
            request.requested_at = meeting.at(69.0)
            request.finished_at = meeting.at(70.5)
    for skip in db.session.scalars(select(QueueSkip).filter_by(event_id=event_id)):
        skip.at = meeting.times["floor"].get(skip.chosen_id, skip.at)
    # Times the room sees changed without a structural change: no snapshot kept for the event holds.
    events.bump_tally_seq(event_id)


def meeting_start(today: date | None = None) -> datetime:
    """Yesterday at MEETING_HOUR (UTC)."""
    yesterday = (today or utcnow().date()) - timedelta(days=1)
    return datetime(yesterday.year, yesterday.month, yesterday.day, *MEETING_HOUR)


def hold(*, owner_id: int, team: dict) -> str:
    """Create and run the whole meeting; team: {role: user id} of accounts given roles on it. Returns the code."""
    start = meeting_start()
    code = events.create_event(owner_id=owner_id, starts_at=start.replace(minute=0).isoformat(), **EVENT)
    for email, _name, role in TEAM:
        roles.add_member(code=code, user_id=owner_id, email=email, role=role)
    item_ids = [agenda.add_item(code=code, user_id=owner_id, title=title, presenter=presenter,
                                planned_minutes=planned)["item_id"]
                for title, presenter, planned, _seconds, _notes in AGENDA]
    meeting = Meeting(code, owner_id, team["note_taker"], start)
    meeting.run(item_ids)
    backdate(event_id=events.get_event(code).id, meeting=meeting)
    return code
