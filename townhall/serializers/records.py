"""Wire format of the meeting's records: notes, decisions and action items per agenda item."""
from . import iso


def notes(item) -> dict:
    return {"text": item.notes, "version": item.notes_version, "updated_at": iso(item.notes_updated_at)}


def decision(d) -> dict:
    return {"id": d.id, "item_id": d.agenda_item_id, "text": d.text, "vote_result": d.vote_result,
            "created_at": iso(d.created_at)}


def action(a) -> dict:
    return {"id": a.id, "item_id": a.agenda_item_id, "what": a.what, "owner": a.owner,
            "due_date": a.due_date.isoformat() if a.due_date else None, "created_at": iso(a.created_at)}


def item_records(item, decisions, actions) -> dict:
    """One agenda item's records; title and position let a page list the items on its own."""
    return {
        "item_id": item.id,
        "title": item.title,
        "position": item.position,
        "notes": notes(item),
        "decisions": [decision(d) for d in decisions],
        "actions": [action(a) for a in actions],
    }
