"""An asker's private receipt: the questions a phone asked at an event (found by their author tag, so
anonymous ones too), with where each stands, its answer and its history.

Two ways in: the phone itself (its session's cookie token gives the tag), and a link it can keep,
/e/<code>/receipt/<key>. The key is random (192 bits), shown only to the phone that opened its receipt
(kept in that phone's signed session, never in the database: only its hash is stored). The receipt is
made the first time the phone opens "My questions and answers" (not when it asks: asking stays one
write, and only askers who looked at their receipt have a link that outlives retention). A phone whose
session lost the key gets a new one; the earlier link then stops working.

Retention (services/retention.py) deletes the phone's identity; questions keep the author tag of a
receipt, so the kept link still works: it is keyed by the tag, never by an attendee.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import NotAuthenticated, NotFound
from ..extensions import db
from ..models import Event, Followup, Office, Question
from ..models.followup import Receipt
from ..serializers.receipts import my_question
from . import ledger
from .attendees import known
from .events import get_event
from .secrets import author_tag, new_token, token_hash
from .transaction import use_case

KEY_BYTES = 24  # 192 bits; 32 URL-safe characters (the access log hides path segments that long)
MAX_KEY_LENGTH = 100


def not_found() -> NotFound:
    return NotFound(_l("There is no receipt at this link."), code="receipt_not_found")


def not_joined() -> NotAuthenticated:
    return NotAuthenticated(_l("This phone has not asked anything at this meeting yet: join it first."),
                            code="not_joined")


def question_view(question: Question) -> dict:
    """One question as its asker's receipt shows it."""
    followup = db.session.get(Followup, question.id)
    entries = ledger.history(question.id)
    office_ids = {e.office_id for e in entries if e.office_id} | ({followup.office_id} if followup else set())
    names: dict[int, str] = {}
    if office_ids:
        names = {row.id: row.name for row in db.session.execute(select(Office.id, Office.name)
                                                                 .where(Office.id.in_(office_ids)))}
    history = [ledger.public_entry(e, names) for e in entries]
    office = names.get(followup.office_id) if followup else None
    return my_question(question, followup, office, history)


def view(event: Event, tag: str) -> dict:
    """The receipt of the asker behind `tag`: their questions, oldest first."""
    found = db.session.scalars(select(Question).where(Question.event_id == event.id, Question.author_tag == tag)
                               .order_by(Question.created_at, Question.id)).all()
    return {"event": event.code, "title": event.title, "questions": [question_view(q) for q in found]}


def _find(event_id: int, tag: str) -> Receipt | None:
    return db.session.scalar(select(Receipt).where(Receipt.event_id == event_id, Receipt.author_tag == tag))


@use_case
def _issue(*, event_id: int, tag: str) -> str:
    """A new key for the asker's receipt (made now, or its key replaced); returns the key."""
    key = new_token(KEY_BYTES)
    receipt = _find(event_id, tag)
    if receipt is None:
        db.session.add(Receipt(event_id=event_id, author_tag=tag, key_hash=token_hash(key)))
    else:
        receipt.key_hash = token_hash(key)
    return key


def phone_tag(code: str, attendee_id: int | None, token: str | None) -> tuple[Event, str]:
    """(event, author tag) of the phone behind this session; not_joined if it never joined the event
    (a phone whose identity retention deleted still finds the receipt it opened before)."""
    event = get_event(code)
    if not token:
        raise not_joined()
    tag = author_tag(token, event.id)
    if known(event, attendee_id, token) is None and _find(event.id, tag) is None:
        raise not_joined()
    return event, tag


def open_mine(*, code: str, attendee_id: int | None, token: str | None, key: str | None) -> tuple[dict, str]:
    """The phone's own receipt and the key of its link: `key` (what the session holds) if it is the
    receipt's, else a new one (the receipt is made on this first opening)."""
    event, tag = phone_tag(code, attendee_id, token)
    receipt = _find(event.id, tag)
    if receipt is None or not key or token_hash(key) != receipt.key_hash:
        key = _issue(event_id=event.id, tag=tag)
    return view(event, tag), key


def by_key(*, key: str, code: str | None = None) -> tuple[Event, str]:
    """(event, author tag) of the receipt with this key; not_found for any other key, or for a code
    that is not the receipt's event."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise not_found()
    receipt = db.session.scalar(select(Receipt).where(Receipt.key_hash == token_hash(key)))
    if receipt is None:
        raise not_found()
    event = db.session.get(Event, receipt.event_id)
    if event is None or (code is not None and code.upper() != event.code):
        raise not_found()
    return event, receipt.author_tag


def receipt_of_key(*, key: str, code: str | None = None) -> dict:
    event, tag = by_key(key=key, code=code)
    return view(event, tag)
