"""Asking, voting and moderating questions."""
from collections.abc import Sequence

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import serializers
from ..errors import Conflict, Forbidden, InvalidInput
from ..extensions import db
from ..models import MODERATION_REASONS, Event, Question, utcnow
from ..models.statuses import ItemStatus, LedgerState, QuestionProgress, QuestionStatus
from ..moderation import blocklist
from ..realtime import broadcast
from . import ledger, operations, permissions, queue_skips, similar_questions, vote_writer
from .attendees import identify
from .ban_checks import refuse_banned
from .events import bump_seq, get_event
from .ids import is_id
from .rows import agenda_item_in, in_event
from .secrets import author_tag
from .text import clean_text
from .transaction import on_commit, use_case
from .vote_batches import VoteOp, event_closed, invalid_question_id

# action -> (statuses it applies to, new status or None, new progress or None)
TRANSITIONS = {
    "approve": ({QuestionStatus.PENDING}, QuestionStatus.PUBLISHED, None),
    "reject": ({QuestionStatus.PENDING}, QuestionStatus.REJECTED, None),
    "hide": ({QuestionStatus.PUBLISHED}, QuestionStatus.HIDDEN, None),
    "restore": ({QuestionStatus.HIDDEN, QuestionStatus.REJECTED, QuestionStatus.ARCHIVED}, QuestionStatus.PUBLISHED,
                None),
    "archive": ({QuestionStatus.PUBLISHED, QuestionStatus.HIDDEN}, QuestionStatus.ARCHIVED, None),
    "answering": ({QuestionStatus.PUBLISHED}, None, QuestionProgress.ANSWERING),
    "answered": ({QuestionStatus.PUBLISHED}, None, QuestionProgress.ANSWERED),
    "reopen": ({QuestionStatus.PUBLISHED}, None, QuestionProgress.OPEN),
}
# The step each action takes in the question's ledger (services/ledger.py), when it takes one: restore
# only undoes a rejection (not an archiving), answered only records the first answer in the room, reopen
# only reopens what was answered or closed (a question "now answering" merely goes back to the list).
LEDGER_STEPS = {"approve": "publish", "reject": "reject", "hide": "reject", "restore": "restore",
                "answered": "answer_in_room", "reopen": "reopen"}
# A merged question (services/merge.py) is final: no action applies to it.
# Reject and hide may say why (one of MODERATION_REASONS, counted in the minutes); restore clears the
# reason; archive keeps it (a hidden question archived later was still hidden for that reason).
REASON_ACTIONS = ("reject", "hide")
# What a moderator may change with edit() (the HTTP PATCH body and the question:edit socket command).
REOPENABLE = (LedgerState.ANSWERED_IN_ROOM, LedgerState.ANSWERED_IN_WRITING, LedgerState.CLOSED)
EDIT_FIELDS = ("text", "agenda_item_id", "answer_text", "next_step")
ANSWER_MAX_LENGTH = 4000
NEXT_STEP_MAX_LENGTH = 1000


def _open_event(code: str) -> Event:
    event = get_event(code)
    if not event.is_open:
        raise event_closed()
    return event


def question_in(event: Event, question_id) -> Question:
    return in_event(event.id, Question, question_id, field="question_id", missing=_l("No such question in this event."),
                    code="question_not_found")



def announce(event_id: int, changed: Sequence[Question], was_public: dict[int, bool]) -> None:
    """Bump the sequence once for this use case and broadcast after commit."""
    seq = bump_seq(event_id)
    db.session.flush()
    public = [serializers.question_public(q) for q in changed if q.is_public]
    removed = [q.id for q in changed if not q.is_public and was_public.get(q.id)]
    moderator = [serializers.question_moderator(q) for q in changed]
    # The asker is told what became of a question the room cannot see.
    own = [(q.author_tag, serializers.question_public(q)) for q in changed if not q.is_public and q.author_tag]
    # The moderators' copy says which questions each new or waiting one looks like (read once committed,
    # outside the write lock).
    on_commit(lambda: broadcast.questions_changed(
        event_id, seq, public, removed, similar_questions.for_moderators(event_id, moderator, seq=seq), own))
    on_commit(lambda: broadcast.schedule_stats(event_id))


_UNSET = object()


@use_case
def ask(*, code: str, attendee_id: int, token: str, text: str | None = None, anonymous: bool = False,
        agenda_item_id=_UNSET, idempotency_key: str | None = None) -> dict:
    """agenda_item_id: an item of this event that is not done; None: no item ("General");
    left out: the item on the floor (if any). idempotency_key: the phone's key for this question; sent
    again, the question stored the first time is the answer (never a second question)."""
    event = _open_event(code)
    attendee = identify(event, attendee_id, token)
    refuse_banned(event.id, attendee.id, token)
    tag = author_tag(token, event.id)
    if idempotency_key is not None:
        sent = db.session.scalars(select(Question).filter_by(event_id=event.id, author_tag=tag,
                                                             client_key=idempotency_key)).first()
        if sent is not None:
            return {**serializers.question_public(sent), "mine": True}
    if not isinstance(anonymous, bool):
        raise InvalidInput(_l("anonymous must be true or false."), field="anonymous")
    if agenda_item_id is _UNSET:
        agenda_item_id = event.current_item_id
    elif agenda_item_id is not None and agenda_item_in(event.id, agenda_item_id).status == ItemStatus.DONE:
        raise InvalidInput(_l("This agenda item is over: ask about an open one."), code="agenda_item_done",
                           field="agenda_item_id")
    text = clean_text(text, field="question", max_length=current_app.config["QUESTION_MAX_LENGTH"])
    if anonymous and not event.allow_anonymous:
        raise Forbidden(_l("This event does not accept anonymous questions."), code="anonymous_not_allowed")
    if not anonymous and event.names_required and not attendee.name:
        raise InvalidInput(_l("This event asks for your name with each question."), code="name_required", field="name")
    now = utcnow()
    # A blocklisted term in the text or the asker's name: the question waits for a moderator, who sees the term.
    term = blocklist.match(event.blocklist, event.default_blocklist, text, None if anonymous else attendee.name)
    held = event.premoderation or term is not None
    question = Question(
        event_id=event.id,
        attendee_id=None if anonymous else attendee.id,
        author_tag=tag,
        client_key=idempotency_key,
        author_name=None if anonymous else attendee.name,
        is_anonymous=anonymous,
        agenda_item_id=agenda_item_id,
        text=text,
        status=QuestionStatus.PENDING if held else QuestionStatus.PUBLISHED,
        published_at=None if held else now,
        created_at=now,
        blocklist_term=term[:60] if term else None,
    )
    db.session.add(question)
    ledger.start(question, published=not held)  # inserted with the question, in announce()'s one flush
    if term is not None:
        db.session.flush()
        operations.record(event.id, None, "hold", f"blocklist: {term}", question_id=question.id)
    announce(event.id, [question], {})
    return {**serializers.question_public(question), "mine": True}


def vote(*, code: str, attendee_id: int, token: str, question_id, idempotency_key: str | None = None) -> dict:
    """Stored by the vote writer in its next batch (vote_writer.py); returns once that has committed.
    With an idempotency key, a vote already there answers with its state (a retry), not already_voted."""
    return vote_writer.cast(_vote_op(+1, code, attendee_id, token, question_id, idempotency_key))


def unvote(*, code: str, attendee_id: int, token: str, question_id, idempotency_key: str | None = None) -> dict:
    return vote_writer.cast(_vote_op(-1, code, attendee_id, token, question_id, idempotency_key))


def _vote_op(delta: int, code: str, attendee_id: int, token: str, question_id, key: str | None) -> VoteOp:
    if not is_id(question_id):  # answered at once: no need to queue what no batch can apply
        raise invalid_question_id()
    return VoteOp(delta=delta, code=code, attendee_id=attendee_id, token=token, question_id=question_id,
                  keyed=key is not None)


def check_reason(action: str, reason) -> str | None:
    if reason is None:
        return None
    if action not in REASON_ACTIONS:
        raise InvalidInput(_l("Only reject and hide take a reason."), code="reason_not_allowed", field="reason")
    if reason not in MODERATION_REASONS:  # also refuses a reason that is not text
        raise InvalidInput(_l("Unknown reason: use one of %(reasons)s.", reasons=", ".join(MODERATION_REASONS)),
                           code="invalid_reason",
                           field="reason")
    return reason


def _answer_text(value) -> str | None:
    """The panel's answer as recorded; empty (or null) clears it."""
    return clean_text(value, field="answer_text", max_length=ANSWER_MAX_LENGTH, required=False) or None


def _next_step(value) -> str | None:
    return clean_text(value, field="next_step", max_length=NEXT_STEP_MAX_LENGTH, required=False) or None


@use_case
def moderate(*, code: str, user_id: int, question_id, action: str, reason=None, answer_text=_UNSET,
             skip_reason=None) -> dict:
    """reason: only with reject and hide (one of MODERATION_REASONS); answer_text: only with answered;
    skip_reason: only with answering, recorded when a higher-voted question is passed over (queue_skips).

    The event's row is held first (get_event(code, lock=True)): two moderations at once run one after
    another, so two "now answering" at once leave the last one on the floor, never two (or a unique
    violation)."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    if not isinstance(action, str) or action not in TRANSITIONS:  # socket payloads can hold any JSON
        raise InvalidInput(_l("Unknown action %(action)s.", action=repr(action)), code="unknown_action",
                           field="action")
    reason = check_reason(action, reason)
    skip_reason = queue_skips.clean_reason(action, skip_reason)
    if answer_text is not _UNSET:
        if action != "answered":
            raise InvalidInput(_l("An answer can be recorded with the answered action or an edit."),
                               code="answer_not_allowed", field="answer_text")
        answer_text = _answer_text(answer_text)
    question = question_in(event, question_id)
    check_transition(question, action)
    changed, was_public = moderate_checked(event, question, action, user_id=user_id, reason=reason,
                                           answer_text=answer_text, skip_reason=skip_reason)
    announce(event.id, changed, was_public)
    return serializers.question_moderator(question)


def check_transition(question: Question, action: str, *, field: str | None = None) -> None:
    if question.status not in TRANSITIONS[action][0]:
        raise Conflict(_l("Cannot %(action)s a question that is %(status)s.", action=action, status=question.status),
                       code="invalid_transition", field=field)


def moderate_checked(event: Event, question: Question, action: str, *, user_id: int, reason: str | None,
                     answer_text=_UNSET, skip_reason=None) -> tuple[list[Question], dict[int, bool]]:
    """One moderation action on one question whose transition was checked: (the questions it changed, whether
    each was public before), for announce()."""
    _allowed, new_status, new_progress = TRANSITIONS[action]
    _ledger_step(question, action, user_id, reason)
    if action == "answering":
        queue_skips.note(question, user_id=user_id, reason=skip_reason)
    changed = [question]
    was_public = {question.id: question.is_public}
    if new_progress == QuestionProgress.ANSWERING:
        current = db.session.scalars(
            select(Question)
            .where(Question.event_id == event.id, Question.progress == QuestionProgress.ANSWERING,
                   Question.id != question.id)
        ).all()
        for other in current:
            other.progress = QuestionProgress.OPEN
            was_public[other.id] = other.is_public
            changed.append(other)
        db.session.flush()  # release the one-answering index before taking it
    if new_status:
        question.status = new_status
        if new_status == QuestionStatus.PUBLISHED and question.published_at is None:
            question.published_at = utcnow()
        if new_status != QuestionStatus.PUBLISHED and question.progress == QuestionProgress.ANSWERING:
            question.progress = QuestionProgress.OPEN
    if action in REASON_ACTIONS:
        question.moderation_reason = reason
    elif action == "restore":
        question.moderation_reason = None
    if new_progress:
        question.progress = new_progress
        question.answered_at = utcnow() if new_progress == QuestionProgress.ANSWERED else None
    if answer_text is not _UNSET:
        question.answer_text = answer_text
    operations.record(event.id, user_id, action, reason or "", question_id=question.id)
    return changed, was_public


def _ledger_step(question: Question, action: str, user_id: int, reason: str | None) -> None:
    """Record the action's step in the ledger, or check that the ledger allows it (answering: only a
    question that may then be answered in the room)."""
    state = question.ledger_state
    if action == "answering":
        if state != LedgerState.ANSWERED_IN_ROOM:  # answering again what was answered: the record stays
            ledger.check(question, "answer_in_room")
        return
    step = LEDGER_STEPS.get(action)
    if step is None:
        return
    skip = ((step == "restore" and state != LedgerState.REJECTED)
            or (step == "answer_in_room" and state == LedgerState.ANSWERED_IN_ROOM)
            or (step == "reopen" and state not in REOPENABLE))
    if not skip:
        ledger.record(question, step, actor="team", user_id=user_id, note=reason)
    if step == "restore" and question.ledger_state == LedgerState.SUBMITTED:  # restore publishes
        ledger.record(question, "publish", actor="team", user_id=user_id)


@use_case
def edit(*, code: str, user_id: int, question_id, text=_UNSET, agenda_item_id=_UNSET, answer_text=_UNSET,
         next_step=_UNSET) -> dict:
    """Fix a typo (the asker's original wording is kept), file the question under another agenda item
    (agenda_item_id: any item of this event, or None for no item), record what the panel answered
    (answer_text: while it is being answered or once answered) and/or what happens next to it (next_step).
    An empty answer_text or next_step clears it."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "questions")
    question = question_in(event, question_id)
    if all(value is _UNSET for value in (text, agenda_item_id, answer_text, next_step)):
        raise InvalidInput(_l("Nothing to change: send text, agenda_item_id, answer_text and/or next_step."),
                           code="empty", field="text")
    changes = {}
    if text is not _UNSET:
        text = clean_text(text, field="question", max_length=current_app.config["QUESTION_MAX_LENGTH"])
        if text != question.text:
            changes["text"] = text
    if agenda_item_id is not _UNSET:
        if agenda_item_id is not None:
            agenda_item_id = agenda_item_in(event.id, agenda_item_id).id
        if agenda_item_id != question.agenda_item_id:
            changes["agenda_item_id"] = agenda_item_id
    if answer_text is not _UNSET:
        answer_text = _answer_text(answer_text)
        if answer_text and question.progress not in (QuestionProgress.ANSWERING, QuestionProgress.ANSWERED):
            raise Conflict(_l("Record the answer once the question is being answered."), code="not_answering",
                           field="answer_text")
        if answer_text != question.answer_text:
            changes["answer_text"] = answer_text
    if next_step is not _UNSET:
        next_step = _next_step(next_step)
        if next_step and question.status == QuestionStatus.MERGED:
            raise Conflict(_l("This question was merged: give the next step on the question it was merged into."),
                           code="question_merged", field="next_step")
        if next_step != question.next_step:
            changes["next_step"] = next_step
    if "text" in changes:
        # The moderator is the reviewer: an edit is not held again, but the term it contains is shown.
        question.blocklist_term = blocklist.match(event.blocklist, event.default_blocklist, changes["text"])
        if question.original_text is None:
            question.original_text = question.text
        question.edited_at = utcnow()
    for name, value in changes.items():
        setattr(question, name, value)
    if changes:
        operations.record(event.id, user_id, "edit", ", ".join(changes), question_id=question.id)
        announce(event.id, [question], {question.id: question.is_public})
    return serializers.question_moderator(question)


def detach_agenda_item(event_id: int, item_id: int) -> None:
    """Part of deleting an agenda item: its questions then belong to no item (one announced change)."""
    moved = db.session.scalars(select(Question).filter_by(event_id=event_id, agenda_item_id=item_id)).all()
    for question in moved:
        question.agenda_item_id = None
    if moved:
        announce(event_id, moved, {q.id: q.is_public for q in moved})
