"""Deleting an event: the owner only, confirmed by typing the event's code or title.

Everything of the event goes in one statement: the database's ON DELETE CASCADE removes its
attendees, questions and votes, polls, ballots and participations, agenda with notes, decisions and
action items, speakers, minutes (published ones too), team roles and invitations, the operation
log and live connections (PRAGMA foreign_keys=ON on SQLite: services/transaction.py). After the
commit the room, the projector and the organizers are told ("event:deleted") and the rooms emptied.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..errors import InvalidInput
from ..extensions import db
from ..models import Event, Poll, Question
from ..realtime import broadcast, rooms
from . import permissions, presence, room_view
from .events import get_event
from .transaction import on_commit, use_case


def _matches(event: Event, confirm: str | None) -> bool:
    typed = " ".join((confirm or "").split())
    return bool(typed) and (typed.upper() == event.code or typed.casefold() == " ".join(event.title.split()).casefold())


@use_case
def delete_event(*, code: str, user_id: int | None, confirm: str | None) -> None:
    event = get_event(code)
    permissions.require(user_id, event, "delete_event")
    if not _matches(event, confirm):
        raise InvalidInput(_l("Type the event's code or its title to confirm."), code="confirmation_required",
                           field="confirm")
    event_id, event_code = event.id, event.code
    polls = db.session.execute(select(Poll.id).where(Poll.event_id == event_id)).scalars().all()
    tags = db.session.execute(select(Question.author_tag).where(Question.event_id == event_id,
                                                                Question.author_tag.is_not(None))).scalars().all()
    db.session.expunge(event)
    db.session.execute(delete(Event).where(Event.id == event_id))
    extra = [rooms.poll_voters(p) for p in polls] + [rooms.author(t) for t in set(tags)]

    def after():
        current_app.extensions.get("townhall_event_codes", {}).pop(event_code, None)  # events.locate's memory
        presence.forget_event(event_id)
        room_view.forget(event_id)
        broadcast.event_deleted(event_id, event_code, extra)

    on_commit(after)
