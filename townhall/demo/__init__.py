"""Demo events for trying Townhall out: one about to start (questions and votes waiting),
and one held yesterday evening, whole, for the minutes (demo/meeting.py) and its follow-up (demo/followup.py)."""
import secrets
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ..extensions import db
from ..models import Event, User, utcnow
from ..services import agenda, attendees, events, questions, speakers
from ..services.transaction import use_case
from . import followup as demo_followup
from . import meeting as demo_meeting
from . import script as demo_script

DEMO_EMAIL = "demo@townhall.example"
UPCOMING_TITLE = "Town hall: the neighbourhood plan"
AGENDA = [
    ("Welcome and purpose of the evening", "Chair", 5),
    ("The neighbourhood plan: what changes", "Planning office", 20),
    ("Open floor: questions and comments", "Chair", 30),
    ("Next steps and closing", "Chair", 5),
]
SAMPLE = [
    ("Ana", "When will the bike lanes on Main Street be finished?", 9),
    (None, "Why did the library opening hours get shorter this year?", 7),
    ("Jonas", "Can we get a second pedestrian crossing near the school?", 5),
    (None, "How is the budget for the new sports hall being decided?", 3),
    ("Mei", "Will there be a public consultation on the river park?", 2),
]


@use_case
def _demo_organizer(password: str) -> int:
    user = db.session.scalars(select(User).filter_by(email=DEMO_EMAIL).limit(1)).first()
    if user is None:
        user = User(email=DEMO_EMAIL, name="Demo Organizer", password_hash="")
        db.session.add(user)
    user.password_hash = generate_password_hash(password)
    db.session.flush()
    return user.id


@use_case
def _demo_team() -> dict:
    """{role: user id}: the finished meeting's chair and note-taker (accounts nobody can log in to)."""
    team = {}
    for email, name, role in demo_script.TEAM:
        user = db.session.scalars(select(User).filter_by(email=email).limit(1)).first()
        if user is None:
            user = User(email=email, name=name, password_hash=generate_password_hash(secrets.token_urlsafe(24)))
            db.session.add(user)
            db.session.flush()
        team[role] = user.id
    return team


def create_demo() -> dict:
    password = secrets.token_urlsafe(9)
    user_id = _demo_organizer(password)
    return {"email": DEMO_EMAIL, "password": password, "code": _upcoming(user_id), "user_id": user_id}


def ensure_demo(*, new_password: bool = False) -> dict:
    """The demo organizer and its two events, as `flask demo` prints them: made on the first run, found again
    on the next (the password kept unless new_password, which the first run's output shows; no event twice).
    {"email", "password" (None: unchanged), "code", "held_code", "user_id"}."""
    user_id = db.session.scalar(select(User.id).where(User.email == DEMO_EMAIL))
    password = secrets.token_urlsafe(9) if new_password or user_id is None else None
    if password:
        user_id = _demo_organizer(password)
    code = _owned(user_id, UPCOMING_TITLE) or _upcoming(user_id)
    held = _owned(user_id, demo_script.EVENT["title"]) or create_finished_demo(owner_id=user_id)["code"]
    return {"email": DEMO_EMAIL, "password": password, "code": code, "held_code": held, "user_id": user_id}


def _owned(user_id: int, title: str) -> str | None:
    """The join code of the demo organizer's first event of this title, if it has one."""
    return db.session.scalar(select(Event.code).where(Event.owner_id == user_id, Event.title == title)
                             .order_by(Event.id).limit(1))


def _upcoming(user_id: int) -> str:
    """The demo event about to start: its agenda, sample questions with votes, two people asking to speak."""
    code = events.create_event(
        owner_id=user_id,
        title=UPCOMING_TITLE,
        place="Community centre, main hall",
        description="Ask the council anything about the neighbourhood plan.",
        starts_at=(utcnow() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0).isoformat(),
    )
    for title, presenter, minutes in AGENDA:
        agenda.add_item(code=code, user_id=user_id, title=title, presenter=presenter, planned_minutes=minutes)
    voters = [attendees.join(code=code, name=None) for _ in range(max(v for *_, v in SAMPLE) + 1)]
    for name, text, votes in SAMPLE:
        asker_id, token = attendees.join(code=code, name=name)
        question = questions.ask(code=code, attendee_id=asker_id, token=token, text=text, anonymous=name is None)
        for voter_id, voter_token in voters[:votes]:
            questions.vote(code=code, attendee_id=voter_id, token=voter_token, question_id=question["id"])
    for name, topic in (("Ana", "Parking on Elm Street"), ("Jonas", "Playground safety")):
        speaker_id, token = attendees.join(code=code, name=name)
        speakers.request_floor(code=code, attendee_id=speaker_id, token=token, topic=topic)
    return code


def create_finished_demo(*, owner_id: int | None = None) -> dict:
    """A town hall held yesterday evening, with everything the minutes show. owner_id: the demo
    organizer's id from create_demo(); without it the demo organizer gets a new password."""
    password = None
    if owner_id is None:
        password = secrets.token_urlsafe(9)
        owner_id = _demo_organizer(password)
    code = demo_meeting.hold(owner_id=owner_id, team=_demo_team())
    demo_followup.follow_up(code=code, owner_id=owner_id)
    return {"email": DEMO_EMAIL, "password": password, "code": code, "user_id": owner_id}
