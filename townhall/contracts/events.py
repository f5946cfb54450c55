"""Events: creating one and changing its settings (POST and PATCH /api/events), joining one."""
from . import Command, field

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
    retention_days: int | None = field(
        None, ge=0, le=RETENTION_MAX_DAYS,
        message=f"retention_days must be 0 to {RETENTION_MAX_DAYS} days, or null to keep identities.",
        description="Attendee identities are deleted this many days after the meeting ends (0: right after it; "
                    "null: kept). Questions, votes and results stay.")
    privacy_contact: str | None = _text(f"How attendees reach the organizer about their data (shown on the "
                                        f"privacy page); at most {PRIVACY_CONTACT_MAX} characters, one line.")


SETTINGS = tuple(name for name, info in EventSettings.model_fields.items() if info.annotation is bool)


class Join(Command):
    """POST /api/events/{code}/join."""

    name: str | None = field(None, description="The phone's name, if it gives one (required when the event asks).")


class CopyEvent(Command):
    """POST /api/events/{code}/copy (an optional body): a new event with this one's agenda and settings."""

    title: str | None = field(None, description='The copy\'s title (default: this event\'s title with " (copy)").')


class DeleteEvent(Command):
    """DELETE /api/events/{code}: the owner deletes the event and everything in it."""

    confirm: str | None = field(None, code="confirmation_required",
                                message="Type the event's code or its title to confirm.",
                                description="The event's code or its exact title, typed by the owner.")
