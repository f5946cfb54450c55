"""One wire format for HTTP responses and socket events."""
import hashlib
import hmac
from datetime import datetime

from flask import current_app


def iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def from_iso(text: str | None) -> datetime | None:
    """The (naive UTC) datetime that iso() wrote, exactly."""
    return datetime.fromisoformat(text.removesuffix("Z")) if text else None


def clock(spent: int, planned: int) -> dict:
    """A timer's values as of the view's server_now: spent against the planned (or allowed) seconds."""
    return {
        "elapsed_seconds": spent,
        "remaining_seconds": planned - spent,  # negative: overrun
        "overrun": spent > planned,
    }


def seconds_run(base: int | None, running_since: datetime | None, now: datetime) -> int:
    """A timer's seconds as of now: the stored total plus the stretch running since running_since."""
    if running_since is None:
        return base or 0
    return (base or 0) + max(0, round((now - running_since).total_seconds()))


def user(u) -> dict:
    return {"id": u.id, "email": u.email, "name": u.name}


def event_public(e, join_url: str) -> dict:
    return {
        "code": e.code,
        "title": e.title,
        "starts_at": iso(e.starts_at),
        "timezone": e.timezone,
        "language": e.language,
        "accent_color": e.accent_color,
        "logo_url": e.logo_url,
        "place": e.place,
        "description": e.description,
        "allow_anonymous": e.allow_anonymous,
        "names_required": e.names_required,
        "premoderation": e.premoderation,
        "is_open": e.is_open,
        "speaker_time_limit": e.speaker_time_limit,
        "first_time_speakers_first": e.first_time_speakers_first,
        "anonymous_speakers": e.anonymous_speakers,
        "allow_ballot_change": e.allow_ballot_change,
        "show_text_answers": e.show_text_answers,
        "auto_start_speaker_timer": e.auto_start_speaker_timer,
        "show_trusted_counts": e.show_trusted_counts,
        "join_mode": e.join_mode,
        "room_check": e.room_check,
        "meeting_started_at": iso(e.meeting_started_at),
        "meeting_ended_at": iso(e.meeting_ended_at),
        "current_item_id": e.current_item_id,
        "join_url": join_url,
        "seq": e.seq,
    }


def event_moderator(e, join_url: str) -> dict:
    return {**event_public(e, join_url), "created_at": iso(e.created_at), "owner": e.owner.name,
            "retention_days": e.retention_days, "privacy_contact": e.privacy_contact,
            "passcode": e.passcode, "organization_id": e.organization_id}


def question_public(q) -> dict:
    """What the room may see: never the attendee id or the anonymous tag. The asker's phone gets the
    same for its own questions the room cannot see (e.g. "merged", with the question it went into)."""
    return {
        "id": q.id,
        "text": q.text,
        "author": None if q.is_anonymous else q.author_name,
        "anonymous": q.is_anonymous,
        "status": q.status,
        "progress": q.progress,
        "votes": q.vote_count,
        "agenda_item_id": q.agenda_item_id,
        "edited": q.original_text is not None,
        "created_at": iso(q.created_at),
        "answered_at": iso(q.answered_at),
        # the panel's answer, as recorded, once the question is answered
        "answer_text": q.answer_text if q.progress == "answered" else None,
        "merged_into_id": q.merged_into_id,
        "state": q.ledger_state,
    }


def question_moderator(q) -> dict:
    return {**question_public(q), "original_text": q.original_text, "published_at": iso(q.published_at),
            "answer_text": q.answer_text, "next_step": q.next_step, "moderation_reason": q.moderation_reason,
            "blocklist_term": q.blocklist_term,
            "asker": None if q.is_anonymous else asker_key(q.event_id, q.author_tag)}


def asker_key(event_id: int, author_tag: str | None) -> str | None:
    """An opaque key that is the same for the questions of one asker (phone) in one event: the team's fair-queue
    sort uses it. Keyed by the app's secret, so it cannot be turned back into the author tag or matched
    across events; never in the room's view, and never given to an anonymous question (it would link it to its
    asker's named ones: each anonymous question is its own asker). None for a question without an author tag."""
    if not author_tag:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"asker-key:{event_id}:{author_tag}".encode(), hashlib.sha256).hexdigest()[:12]


def attendee(a) -> dict:
    return {"id": a.id, "name": a.name}


def api_token(t, secret: str | None = None) -> dict:
    body = {
        "id": t.id,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": iso(t.created_at),
        "revoked": t.revoked_at is not None,
    }
    if secret:
        body["token"] = secret
    return body
