"""Events: creating one and changing its settings (POST and PATCH /api/events), joining one."""
from typing import Literal

from ..models.statuses import JoinMode, values
from . import Command, Id, field

JOIN_MODES = values(JoinMode)
PASSCODE_LENGTH = (4, 40)
CODES_PER_REQUEST = 500  # one request's new attendee codes
CODES_PER_EVENT = 5000

SPEAKER_TIME_LIMIT = (10, 3600)  # seconds
TEXT_LIMITS = {"title": 200, "place": 200, "description": 5000}
PRIVACY_CONTACT_MAX = 200
RETENTION_MAX_DAYS = 3650


def _text(description: str):
    return field(None, message="{name} must be text.", description=description)


def _setting(description: str):
    return field(None, message="{name} must be true or false.", description=description)


class EventSettings(Command):
    """An event's settings (also an archive's event.settings); only those sent change."""

    allow_anonymous: bool = _setting("Phones may ask without their name.")
    names_required: bool = _setting("Phones give a name to join.")
    premoderation: bool = _setting("Questions wait for a moderator before the room sees them.")
    is_open: bool = _setting("Phones may join, ask and vote.")
    first_time_speakers_first: bool = _setting("The list of speakers puts first-time speakers first.")
    anonymous_speakers: bool = _setting("The room sees speaker numbers, not names.")
    allow_ballot_change: bool = _setting("A phone may change its ballot while a poll is open.")
    show_text_answers: bool = _setting("Open-text poll answers are shown to the room without a moderator's "
                                       "approval, even with premoderation on; an answer with a blocked word "
                                       "still waits.")
    auto_start_speaker_timer: bool = _setting("Calling a speaker starts their speaking timer at once.")
    show_trusted_counts: bool = _setting("The projector and the minutes show poll results (and question votes) "
                                         "counted among verified and in-room phones beside the total.")
    speaker_time_limit: int = field(None, ge=SPEAKER_TIME_LIMIT[0], le=SPEAKER_TIME_LIMIT[1],
                                    message="speaker_time_limit must be {} to {} seconds.".format(*SPEAKER_TIME_LIMIT),
                                    description="Seconds each speaker has.")


class EventInput(EventSettings):
    """An event's details and settings; only those sent change (all but title are optional when creating)."""

    title: str | None = _text(f"At most {TEXT_LIMITS['title']} characters; required.")
    place: str | None = _text(f"At most {TEXT_LIMITS['place']} characters.")
    description: str | None = _text(f"At most {TEXT_LIMITS['description']} characters.")
    starts_at: str | None = field(None, message="starts_at must be an ISO 8601 date and time.",
                                  description="ISO 8601; without a zone: UTC.")
    timezone: str | None = field(None, code="invalid_timezone",
                                 message="timezone must be an IANA time zone name, like Europe/Berlin.",
                                 description="The event's IANA time zone (default UTC): every time of the event "
                                             "is shown in it, on every page and in the minutes.")
    language: str | None = field(None, code="invalid_language", message="language must be one of: en, zh_Hans.",
                                 description="The language of the projector, the poster and the minutes: "
                                             "en or zh_Hans (phones follow their own browser).")
    accent_color: str | None = field(None, code="invalid_color", message="accent_color must be a colour like #1b5bc7.",
                                     description="The event's accent colour, #rrggbb, on the phone page, the "
                                                 "projector, the poster and the minutes (null: the app's own). "
                                                 "White text on it must reach 4.5:1 (400 low_contrast).")
    retention_days: int | None = field(
        None, ge=0, le=RETENTION_MAX_DAYS,
        message=f"retention_days must be 0 to {RETENTION_MAX_DAYS} days, or null to keep identities.",
        description="Attendee identities are deleted this many days after the meeting ends (0: right after it; "
                    "null: kept). Questions, votes and results stay.")
    privacy_contact: str | None = _text(f"How attendees reach the organizer about their data (shown on the "
                                        f"privacy page); at most {PRIVACY_CONTACT_MAX} characters, one line.")


    # How phones join; not in an archive's settings (its copy starts open: codes and passcode stay here).
    join_mode: Literal[JOIN_MODES] = field(  # type: ignore[valid-type]
        None, code="invalid_join_mode", message="join_mode must be one of: " + ", ".join(JOIN_MODES) + ".",
        description="open: the event code is enough; passcode: phones also give the event's passcode; "
                    "codes: each phone gives one of the one-time attendee codes.")
    passcode: str | None = field(
        None, message="passcode must be text.",
        description="The passcode phones give in passcode mode ({} to {} characters; the team sees it, phones "
                    "never).".format(*PASSCODE_LENGTH))
    room_check: bool = _setting("The projector shows a QR, changing every minute, that marks phones in the room.")
    # Which organization follows the event's questions up (owner only; not in an archive: it names a row here).
    organization_id: Id | None = field(
        None, message="organization_id must be an integer or null.",
        description="The organization (one the event's owner owns) whose offices follow its questions up; "
                    "null: none.")


SETTINGS = tuple(name for name, info in EventSettings.model_fields.items() if info.annotation is bool)
JOINING = ("join_mode", "passcode", "room_check")


class Join(Command):
    """POST /api/events/{code}/join."""

    name: str | None = field(None, description="The phone's name, if it gives one (required when the event asks).")
    passcode: str | None = field(None, message="passcode must be text.",
                                 description="The event's passcode (passcode mode).")
    key: str | None = field(None, message="key must be text.",
                            description="A one-time attendee code (codes mode); without it, one the phone "
                                        "opened a slip's link with.")


class NewCodes(Command):
    """POST /api/events/{code}/codes: more one-time attendee codes."""

    count: int = field(..., ge=1, le=CODES_PER_REQUEST, code="invalid_count",
                       message=f"count must be a whole number from 1 to {CODES_PER_REQUEST}.",
                       description="How many new codes.")


class RoomCheck(Command):
    """POST /api/events/{code}/room-check: a phone scanned the projector's in-room QR."""

    token: str = field(..., message="token must be text.", description="The token in the QR's link.")


class CodeRef(Command):
    """Which attendee code (by its id)."""

    code_id: Id


class CopyEvent(Command):
    """POST /api/events/{code}/copy (an optional body): a new event with this one's agenda and settings."""

    title: str | None = field(None, description='The copy\'s title (default: this event\'s title with " (copy)").')


class DeleteEvent(Command):
    """DELETE /api/events/{code}: the owner deletes the event and everything in it."""

    confirm: str | None = field(None, code="confirmation_required",
                                message="Type the event's code or its title to confirm.",
                                description="The event's code or its exact title, typed by the owner.")
