"""Helpers shared by the records and roles tests (plain functions; ids in, ids out)."""
from townhall.extensions import db
from townhall.models import AgendaItem
from townhall.services import events, roles


def make_item(app, code, title="Budget 2027") -> int:
    """An agenda item made with the model (the records tests do not depend on the agenda API)."""
    with app.app_context():
        event_id = events.get_event(code).id
        position = db.session.query(AgendaItem).filter_by(event_id=event_id).count()
        item = AgendaItem(event_id=event_id, position=position, title=title)
        db.session.add(item)
        db.session.commit()
        return item.id


def give_role(app, code, owner_id, email, role) -> int:
    """The owner gives an existing account a role; returns the member's user id."""
    with app.app_context():
        return roles.add_member(code=code, user_id=owner_id, email=email, role=role)["user_id"]


def invitation_link(app, code, owner_id, role) -> str:
    """A fresh invitation's path, /invite/<token>."""
    with app.app_context():
        url = roles.create_invitation(code=code, user_id=owner_id, role=role)["url"]
    return url[url.index("/invite/"):]


def run_together(app, calls):
    """Run each call in its own thread and app context, released at the same moment: [(kind, value)]."""
    import threading

    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(i, call):
        with app.app_context():
            barrier.wait()
            try:
                results[i] = ("ok", call())
            except Exception as exc:  # noqa: BLE001 - collected and asserted on by the caller
                results[i] = ("error", exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results
