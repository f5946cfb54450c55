"""A phone offline while others act: it goes silent (its network drops: it reads nothing and answers
no ping), the server gives it up, others ask, vote, a moderator approves a held question and opens a
poll; when it is back it reconnects and converges to the database within 10 s (questions, tallies, the
poll). Against the production server (gunicorn, one gevent worker, a SQLite file).

Timing: in a venue the phone would be silent for 30 s with Engine.IO's pings every 25 s, given up
after 45 s. Here the pings are shortened through the environment (every 1 s, given up after 2 s more)
and the phone stays silent 6 s: the same sequence (pings unanswered, the server drops it, it misses
what happens meanwhile, it reconnects with its session), in a fifth of the time.
"""
import json
import socket
import time

import requests
import websocket
from faults_helpers import CONVERGE_WITHIN, UNCLOSED_CLIENT_SOCKETS, ShownPhone, rows, start_server
from helpers import wait_until

from benchmarks.phones import Phone, run_script

pytestmark = UNCLOSED_CLIENT_SOCKETS

OFFLINE_SECONDS = 6


def moderator_session(base: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    page = http.get(f"{base}/login").text
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    landed = http.post(f"{base}/login", data={"email": "off@example.com", "password": "x" * 16, "csrf_token": token})
    return http, landed.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


class SilentPhone(ShownPhone):
    """A ShownPhone whose network can drop: while offline its socket is left unread (no pong, no ack)."""

    def go_offline(self) -> None:
        # A raw WebSocket with the phone's cookie, joined to the room, then never read again: the
        # server's pings go unanswered, as with a phone whose network is gone.
        self.phone.sio.disconnect()
        cookie = "; ".join(f"{k}={v}" for k, v in self.phone.http.cookies.items())
        self.raw = websocket.WebSocket(sockopt=[(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)])
        self.raw.connect(self.base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", cookie=cookie)
        assert self.raw.recv().startswith("0")
        self.raw.send("40" + json.dumps({"event": self.code, "audience": "attendee"}))
        assert self.raw.recv().startswith("40")

    def dropped_by_server(self) -> bool:
        """Reads what the socket holds: True once the server's close is reached (the phone is back)."""
        self.raw.settimeout(10)
        try:
            while True:
                opcode, _data = self.raw.recv_data(control_frame=True)
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    return True
        except websocket.WebSocketConnectionClosedException:
            return True
        except websocket.WebSocketTimeoutException:
            return False
        finally:
            self.raw.close()


def database_view(server, code) -> dict:
    return {
        "questions": {qid: votes for qid, votes in rows(server, (
            "SELECT q.id, q.vote_count FROM questions q JOIN events e ON e.id = q.event_id "
            "WHERE e.code = ? AND q.status = 'published'"), (code,))},
        "open_polls": {pid for (pid,) in rows(server, (
            "SELECT p.id FROM polls p JOIN events e ON e.id = p.event_id WHERE e.code = ? AND p.status = 'open'"),
            (code,))},
    }


def phone_view(phone: SilentPhone) -> dict:
    snap = phone.last_snapshot
    return {"questions": {q["id"]: phone.shown.get(q["id"], q["votes"]) for q in snap["questions"]},
            "open_polls": {p["id"] for p in snap["polls"] if p.get("status") == "open"}}


def test_a_phone_offline_while_others_act_converges_when_back():
    server = start_server(SOCKETIO_PING_INTERVAL="1", SOCKETIO_PING_TIMEOUT="2")
    try:
        code = run_script(server.env, (
            "from townhall.services import accounts, events\n"
            "with app.app_context():\n"
            "    uid = accounts.create_organizer(email='off@example.com', name='Off', password='x'*16)\n"
            "    print(events.create_event(owner_id=uid, title='Offline', premoderation=True))\n"))[-1]
        moderator, csrf = moderator_session(server.base)
        api = f"{server.base}/api/events/{code}"
        held = Phone(server.base, code).sio.call("question:ask", {"text": "Held before?"}, timeout=15)["data"]["id"]
        offline = SilentPhone(server.base, code)
        offline.go_offline()

        others = [Phone(server.base, code) for _ in range(3)]
        asked = [others[i].sio.call("question:ask", {"text": f"Asked meanwhile {i}?"}, timeout=15)["data"]["id"]
                 for i in range(2)]
        for qid in [held, *asked]:
            assert moderator.post(f"{api}/questions/{qid}/approve", json={}, headers={"X-CSRFToken": csrf}).ok
        for phone in others:
            for qid in asked:
                ack = phone.sio.call("question:vote", {"question_id": qid}, timeout=15)
                assert ack["ok"] or ack["error"]["code"] == "own_question", ack
        poll = moderator.post(f"{api}/polls", json={"kind": "single", "question": "Meanwhile?",
                                                    "options": ["Yes", "No"]}, headers={"X-CSRFToken": csrf})
        assert poll.ok, poll.text
        poll_id = poll.json()["poll"]["id"]
        assert moderator.post(f"{api}/polls/{poll_id}/open", json={}, headers={"X-CSRFToken": csrf}).ok
        time.sleep(OFFLINE_SECONDS)
        # The server gave the silent phone up (it closed the socket after the unanswered pings), as it
        # would a venue phone whose network dropped: what happened meanwhile never reached it.
        assert offline.dropped_by_server(), "the silent phone was never dropped"
        offline.reconnect()
        want = database_view(server, code)
        assert set(want["questions"]) == {held, *asked} and want["open_polls"]
        wait_until(lambda: phone_view(offline) == database_view(server, code), timeout=CONVERGE_WITHIN,
                   what="the phone back online does not show what the database holds")
        for phone in [offline.phone, *others]:
            phone.close()
    finally:
        server.close()
