"""The scaled-out layout as a deployer runs it (`make scaleout`, scripts/scaleout.py): real PostgreSQL,
Redis, two gunicorn processes and nginx with deploy/nginx/townhall.conf, all on loopback."""
import threading
import time

import pytest
import requests
import websocket
from faults_helpers import UNCLOSED_CLIENT_SOCKETS

from benchmarks.phones import Phone, all_at_once, run_script
from scripts.scaleout import Layout

pytestmark = UNCLOSED_CLIENT_SOCKETS


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    with Layout(tmp_path_factory.mktemp("scaleout"), env={"SOCKET_RATE_LIMIT": "1000/10"}) as started:
        yield started


@pytest.fixture(scope="module")
def code(layout):
    """An open event that publishes questions at once."""
    return run_script({**layout.apps[0].env}, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='olga@example.com', name='Olga', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Two processes', premoderation=False))\n"
    ))[-1]


def closing(phones):
    for phone in phones:
        phone.close()


def test_the_browsers_transport_order_connects_every_time_through_nginx(layout, code):
    """Long-polling first, then the upgrade, as a browser's Socket.IO client may: every request of a
    connection reaches the process that made it (nginx hashes on the page's `node` value), and the page's
    Origin (with the port) passes though nginx sends `Host $host` (without it)."""
    phones = []
    try:
        for i in range(10):
            phones.append(Phone(layout.base, code, transports=("polling", "websocket"), node=f"page{i}"))
        for phone in phones:
            ack = phone.sio.call("question:ask", {"text": f"Asked over {phone.sio.transport()}"}, timeout=10)
            assert ack["ok"], ack
    finally:
        closing(phones)


def test_a_websocket_through_nginx_with_the_pages_origin_connects(layout, code):
    phone = Phone(layout.base, code, node="websocket-page")
    try:
        assert phone.sio.call("question:ask", {"text": "Over a WebSocket through nginx"}, timeout=10)["ok"]
    finally:
        phone.close()


def handshake(layout, origin: str) -> int:
    """The status of a long-polling handshake through nginx from a page of this origin."""
    return requests.get(f"{layout.base}/socket.io/?EIO=4&transport=polling&node=origin-check",
                        headers={"Origin": origin}, timeout=10).status_code


def test_a_foreign_origin_is_refused_and_the_pages_own_accepted(layout):
    assert handshake(layout, layout.base) == 200  # with the port, though nginx sends Host without it
    assert handshake(layout, "http://evil.example") == 400
    assert handshake(layout, layout.base.replace("127.0.0.1", "localhost")) == 400
    assert opened_websocket(layout, layout.base)
    assert not opened_websocket(layout, "http://evil.example")


def opened_websocket(layout, origin: str) -> bool:
    """Whether a WebSocket from a page of this origin gets Engine.IO's open packet. (gevent-websocket
    completes the upgrade before the app sees the request: a refused one is then closed unopened.)"""
    url = layout.base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket&node=origin-check"
    try:
        ws = websocket.create_connection(url, origin=origin, timeout=10)
    except websocket.WebSocketBadStatusException:
        return False
    try:
        return ws.recv().startswith("0{")
    except (websocket.WebSocketException, OSError):
        return False
    finally:
        ws.close()


def test_a_question_asked_on_one_process_reaches_a_phone_on_the_other(layout, code):
    first, second = (f"http://127.0.0.1:{app.port}" for app in layout.apps)
    listener = Phone(first, code, listen=("questions:changed",))
    asker = Phone(second, code)
    try:
        assert asker.sio.call("question:ask", {"text": "Does this cross processes?"}, timeout=10)["ok"]
        deadline = time.monotonic() + 10
        while not any(q["text"] == "Does this cross processes?" for q in
                      (listener.last.get("questions:changed") or {}).get("questions", [])):
            assert time.monotonic() < deadline, "the question never reached the other process's phone"
            time.sleep(0.05)
    finally:
        closing([listener, asker])


def test_votes_from_phones_on_both_processes_count_once_each(layout, code):
    ports = [app.port for app in layout.apps]
    asker = Phone(layout.base, code, node="asker")
    question = asker.sio.call("question:ask", {"text": "Count my votes"}, timeout=10)["data"]["id"]
    voters = [Phone(f"http://127.0.0.1:{ports[i % 2]}", code) for i in range(20)]
    acks = []
    lock = threading.Lock()

    def vote(phone):
        for _ in range(2):  # the second is the same person again: refused, never counted twice
            ack = phone.sio.call("question:vote", {"question_id": question}, timeout=20)
            with lock:
                acks.append(ack)

    try:
        all_at_once(voters, vote)
        assert sum(1 for a in acks if a["ok"]) == 20
        assert all(a["error"]["code"] == "already_voted" for a in acks if not a["ok"])
        rows = run_script(layout.apps[0].env, (
            "from sqlalchemy import func, select\n"
            "from townhall.extensions import db\n"
            "from townhall.models import Question, Vote\n"
            "with app.app_context():\n"
            f"    stored = select(func.count()).select_from(Vote).where(Vote.question_id == {question})\n"
            f"    print(db.session.scalar(stored), db.session.get(Question, {question}).vote_count)\n"))
        assert rows[-1].split() == ["20", "20"]
    finally:
        closing([asker, *voters])


def test_sixty_simultaneous_first_requests_to_speak_get_sixty_numbers(layout, code):
    phones = [Phone(layout.base, code, node=f"speaker{i}") for i in range(60)]
    names = []
    lock = threading.Lock()

    def ask_to_speak(phone):
        ack = phone.sio.call("speaker:request", {}, timeout=30)
        with lock:
            names.append(ack["data"]["name"] if ack["ok"] else ack)

    try:
        all_at_once(phones, ask_to_speak)
        assert sorted(names, key=lambda n: int(n.split()[-1])) == [f"Speaker {n}" for n in range(1, 61)]
    finally:
        closing(phones)


def test_ballots_from_phones_on_both_processes_count_once_each(layout, code):
    poll = int(run_script(layout.apps[0].env, (
        "from townhall.extensions import db\n"
        "from townhall.models import Event, User\n"
        "from townhall.services import polls\n"
        "with app.app_context():\n"
        "    owner = db.session.query(User).filter_by(email='olga@example.com').one().id\n"
        f"    pid = polls.create(code={code!r}, user_id=owner, kind='single', question='Which first?',\n"
        "                       options=['Trees', 'Benches', 'Lights'])['id']\n"
        f"    polls.open_poll(code={code!r}, user_id=owner, poll_id=pid)\n"
        "    print(pid)\n"))[-1])
    ports = [app.port for app in layout.apps]
    voters = [Phone(f"http://127.0.0.1:{ports[i % 2]}", code) for i in range(20)]
    acks = []
    lock = threading.Lock()

    def vote(phone):
        for _ in range(2):  # the same person again: refused or the same ballot, never a second one
            ack = phone.sio.call("poll:vote", {"poll_id": poll, "answer": {"choice": 1}}, timeout=20)
            with lock:
                acks.append(ack)

    try:
        all_at_once(voters, vote)
        assert sum(1 for a in acks if a["ok"]) >= 20
        rows = run_script(layout.apps[0].env, (
            "from sqlalchemy import func, select\n"
            "from townhall.extensions import db\n"
            "from townhall.models import Ballot, Poll\n"
            "with app.app_context():\n"
            f"    stored = select(func.count()).select_from(Ballot).where(Ballot.poll_id == {poll})\n"
            f"    print(db.session.scalar(stored), db.session.get(Poll, {poll}).ballot_count)\n"))
        assert rows[-1].split() == ["20", "20"]
    finally:
        closing(voters)
