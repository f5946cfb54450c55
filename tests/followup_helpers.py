"""Organizations and offices for the follow-up tests: rows inserted directly (their management pages are
another part of the work), the event attached to the organization."""
from datetime import timedelta

from townhall.extensions import db
from townhall.models import Event, LedgerEntry, Office, Organization
from townhall.models.base import today


def make_organization(app, owner_id, slug="river-city", offices=("Planning", "Parks")) -> dict:
    """An organization with offices: {"id": ..., "offices": {name: id}}."""
    with app.app_context():
        organization = Organization(slug=slug, name=slug.replace("-", " ").title(), owner_id=owner_id)
        db.session.add(organization)
        db.session.flush()
        rows = [Office(organization_id=organization.id, name=name) for name in offices]
        db.session.add_all(rows)
        db.session.commit()
        return {"id": organization.id, "offices": {o.name: o.id for o in rows}}


def attach(app, code, organization_id) -> None:
    with app.app_context():
        db.session.query(Event).filter_by(code=code).update({"organization_id": organization_id})
        db.session.commit()


def organized(app, code, owner_id, **options) -> dict:
    """The event attached to a new organization; its offices by name."""
    organization = make_organization(app, owner_id, **options)
    attach(app, code, organization["id"])
    return organization["offices"]


def in_days(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


def ledger_of(app, question_id) -> list[dict]:
    with app.app_context():
        rows = db.session.query(LedgerEntry).filter_by(question_id=question_id).order_by(LedgerEntry.id).all()
        return [{"kind": r.kind, "state": r.state, "actor": r.actor, "user_id": r.user_id, "office_id": r.office_id,
                 "due_on": r.due_on.isoformat() if r.due_on else None, "note": r.note} for r in rows]
