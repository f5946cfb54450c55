"""Events, the phones that joined them, and live socket connections."""
from sqlalchemy import CheckConstraint, false, true

from ..extensions import db
from .base import utcnow
from .statuses import JoinedWith, JoinMode, check_in, values


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("retention_days IS NULL OR retention_days >= 0", name="retention_days"),
        CheckConstraint(check_in("join_mode", values(JoinMode)), name="join_mode"),
        # An event's id is never given again after it is deleted: phones' cookies, processes' caches
        # and rooms name events by id (PostgreSQL's sequences never reuse one either).
        {"sqlite_autoincrement": True},
    )
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(12), nullable=False, unique=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    # The organization whose offices follow its questions up and whose tracker lists them.
    organization_id = db.Column(db.Integer, db.ForeignKey("organizations.id", ondelete="SET NULL"), index=True)
    starts_at = db.Column(db.DateTime)
    place = db.Column(db.String(200), nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    allow_anonymous = db.Column(db.Boolean, nullable=False, default=True)
    names_required = db.Column(db.Boolean, nullable=False, default=False)
    premoderation = db.Column(db.Boolean, nullable=False, default=False)
    # Blocklist (townhall/moderation/blocklist.py): the event's own terms, one per line, and whether the
    # default list applies too. A question matching either waits for a moderator.
    blocklist = db.Column(db.Text, nullable=False, default="", server_default="")
    default_blocklist = db.Column(db.Boolean, nullable=False, default=True, server_default=true())
    is_open = db.Column(db.Boolean, nullable=False, default=True)
    # list of speakers
    speaker_time_limit = db.Column(db.Integer, nullable=False, default=120, server_default="120")  # seconds
    first_time_speakers_first = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    anonymous_speakers = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # Calling a speaker starts their timer at once (off: the chair starts it when they reach the microphone).
    auto_start_speaker_timer = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # polls: may a phone change its ballot while the poll is open?
    allow_ballot_change = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # Open-text poll answers reach the room without a moderator's approval, even under premoderation;
    # an answer with a blocklisted term still waits (services/polls.py).
    show_text_answers = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # The projector and the minutes show poll results (and question votes) counted among verified and
    # in-room phones beside the total.
    show_trusted_counts = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # joining (statuses.JoinMode); the passcode is a secret the organizer tells the room, so it is kept
    # readable for the team (never sent to phones); None until one is set
    join_mode = db.Column(db.String(12), nullable=False, default=JoinMode.OPEN, server_default="open")
    passcode = db.Column(db.String(40))
    # the rotating "in the room" QR on the projector
    room_check = db.Column(db.Boolean, nullable=False, default=False, server_default=false())
    # run of show
    meeting_started_at = db.Column(db.DateTime)
    meeting_ended_at = db.Column(db.DateTime)
    current_item_id = db.Column(db.Integer)  # the agenda item on the floor (no FK: items point here)
    # Most phones connected at once, raised in SQL as sockets connect (for the minutes).
    peak_connected = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # Bumped in SQL with every change the room sees; carried by every broadcast.
    seq = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # Bumped in SQL once per coalesced tally flush (vote counts, poll tallies move without seq):
    # with seq, the version of the room's part of a snapshot (services/room_view.py).
    tally_seq = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Privacy (services/retention.py): attendee identities are deleted this many days after the
    # meeting ends (0: at the first run of `flask retention` after it ends; NULL: kept).
    retention_days = db.Column(db.Integer, default=30, server_default="30")
    # How attendees reach the organizer about their data (shown on the event's privacy page).
    privacy_contact = db.Column(db.String(200), nullable=False, default="", server_default="")
    # Identities deleted by retention so far, and when last: the minutes still count who joined.
    forgotten_attendees = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    identities_deleted_at = db.Column(db.DateTime)
    # The language of the projector, the poster and the minutes (townhall/i18n.py LANGUAGES); phones
    # follow their own browser. Times are shown in the event's IANA time zone everywhere.
    language = db.Column(db.String(12), nullable=False, default="en", server_default="en")
    timezone = db.Column(db.String(64), nullable=False, default="UTC", server_default="UTC")
    # Branding: an accent colour "#rrggbb" checked for contrast on save (NULL: the app's own); the logo
    # is its own row (EventLogo) so that reading an event never loads an image.
    accent_color = db.Column(db.String(7))
    logo_digest = db.Column(db.String(16))  # the logo's digest (its URL), NULL without one

    owner = db.relationship("User")

    @property
    def logo_url(self) -> str | None:
        """Where the event's logo is served (views/api_branding.py): its digest in the address."""
        return f"/e/{self.code}/logo/{self.logo_digest}.png" if self.logo_digest else None


class EventLogo(db.Model):
    """An event's logo: the image as uploaded (checked and re-encoded on save), shown on the phone
    page, the projector, the poster and the minutes."""

    __tablename__ = "event_logos"
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    content_type = db.Column(db.String(32), nullable=False)
    data = db.Column(db.LargeBinary, nullable=False)
    # A short hash of the data: the logo's URL carries it, so browsers may cache it for good.
    digest = db.Column(db.String(16), nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Attendee(db.Model):
    """A phone that joined one event. The raw token lives only in its signed cookie."""

    __tablename__ = "attendees"
    __table_args__ = (CheckConstraint(check_in("joined_with", values(JoinedWith)), name="joined_with"),)
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    name = db.Column(db.String(60))
    joined_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # How it joined (statuses.JoinedWith); passcode and one-time code are "verified".
    joined_with = db.Column(db.String(12), nullable=False, default=JoinedWith.OPEN, server_default="open")
    # When it last scanned the rotating "in the room" QR on the projector; None: never (remote or unknown).
    in_room_at = db.Column(db.DateTime)

    @classmethod
    def verified(cls):
        """SQL: the phone joined with the event's passcode or a one-time attendee code."""
        return cls.joined_with != JoinedWith.OPEN

    @classmethod
    def in_room(cls):
        """SQL: the phone scanned the in-room QR at least once."""
        return cls.in_room_at.is_not(None)


class Connection(db.Model):
    """One live organizer socket (the moderator audience), found from any process at logout or when a
    role is revoked. `process` is the server process holding it (config PROCESS_NAME): a restart clears
    its own rows only, and the rows of a process that stopped heartbeating are cleared by any other
    (services/presence.py)."""

    __tablename__ = "connections"
    sid = db.Column(db.String(64), primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True)
    attendee_id = db.Column(db.Integer, db.ForeignKey("attendees.id", ondelete="CASCADE"))
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    audience = db.Column(db.String(12), nullable=False)
    connected_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    process = db.Column(db.String(64), nullable=False, default="", server_default="", index=True)
