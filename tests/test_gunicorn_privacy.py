"""The access log is free of personal data: the production server as `make run` starts it (gunicorn,
gevent-websocket's worker) with its access log on, and the development server (`python wsgi.py`),
log the requests of a phone that joins, asks and votes without its address, its user agent, its
cookie, the query string or a token in the path."""
import os
import subprocess
import sys
import time

import pytest
import requests

from benchmarks.phones import run_script
from benchmarks.server import ROOT, Server, free_port, wait_until_up

USER_AGENT = "Mozilla/5.0 (PrivacyProbe; Android 14) Townhall-test/7.7"
QUERY_SECRET = "q7secretqueryvalue"
PATH_TOKEN = "Zk3Pq9sWm2Lx7Vb4Nc8Rt6Yh1Jd5Gf0A"  # like a setup or invitation link's token


def phone_session(base: str, code: str) -> tuple[requests.Session, list[str]]:
    """A phone that opens the event, joins, asks and votes; (its session, what must not be logged)."""
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    page = http.get(f"{base}/e/{code}?c={QUERY_SECRET}", timeout=10)
    page.raise_for_status()
    csrf = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    headers = {"X-CSRFToken": csrf}
    http.post(f"{base}/api/events/{code}/join", json={"name": "Ruth"}, headers=headers, timeout=10).raise_for_status()
    asked = http.post(f"{base}/api/events/{code}/questions", json={"text": "Where is the bike lane?"},
                      headers=headers, timeout=10)
    asked.raise_for_status()
    question_id = asked.json()["question"]["id"]
    http.post(f"{base}/api/events/{code}/questions/{question_id}/vote", headers=headers, timeout=10)
    http.get(f"{base}/api/events/{code}/snapshot?token={QUERY_SECRET}", timeout=10).raise_for_status()
    http.get(f"{base}/socket.io/?EIO=4&transport=polling&t={QUERY_SECRET}", timeout=10)
    http.get(f"{base}/setup/{PATH_TOKEN}", timeout=10)
    secrets = [USER_AGENT, "PrivacyProbe", QUERY_SECRET, PATH_TOKEN, "127.0.0.1", csrf]
    secrets += [value for value in http.cookies.values() if len(value) > 8]
    return http, secrets


def assert_private(lines: list[str], code: str, secrets: list[str]) -> None:
    requests_logged = [line for line in lines if f"/e/{code}" in line or f"/api/events/{code}" in line]
    assert len(requests_logged) >= 4, "\n".join(lines)  # the log is on and has the phone's requests
    assert any("/setup/[token]" in line for line in lines), "\n".join(lines)
    for line in lines:
        if "Listening at: http://127.0.0.1" in line:  # the server's own address, not a client's
            continue
        for secret in secrets:
            assert secret not in line, (secret, line)


@pytest.fixture(scope="module")
def server():
    server = Server(env={"ACCESS_LOG": "-"})
    server.start()
    yield server
    server.close()


def test_gunicorns_access_log_names_no_address_browser_cookie_or_token(server):
    code = run_script(server.env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='log@example.com', name='Log', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Logs'))\n"
    ))[-1]
    _http, secrets = phone_session(server.base, code)
    time.sleep(0.3)
    lines = server.log_tail(200).splitlines()
    assert any(f'"GET /e/{code}" 200' in line for line in lines), "\n".join(lines)
    assert_private(lines, code, secrets)


def test_the_development_servers_log_names_no_address_browser_cookie_or_token(tmp_path):
    port = free_port()
    env = {**os.environ, "TOWNHALL_INSTANCE": str(tmp_path), "PORT": str(port), "HOST": "127.0.0.1",
           "PUBLIC_URL": f"http://127.0.0.1:{port}", "TOWNHALL_CONFIG": "development", "ASYNC_MODE": "threading"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    code = run_script(env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='dev@example.com', name='Dev', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='Dev logs'))\n"
    ))[-1]
    log = tmp_path / "dev.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
            _http, secrets = phone_session(f"http://127.0.0.1:{port}", code)
            time.sleep(0.3)
        finally:
            process.terminate()
            process.wait(timeout=10)
    lines = log.read_text().splitlines()
    assert_private([line for line in lines if '"' in line], code, secrets)


def test_a_failed_statement_does_not_show_the_token_hash_it_carried(app, make_event, organizer, make_attendee):
    from sqlalchemy.exc import IntegrityError

    from townhall.extensions import db
    from townhall.models import Attendee, Event

    code = make_event(organizer.id)
    make_attendee(code)
    with app.app_context():
        event_id = db.session.query(Event.id).filter_by(code=code).scalar()
        token_hash = db.session.query(Attendee.token_hash).scalar()
        db.session.add(Attendee(event_id=event_id, token_hash=token_hash))
        with pytest.raises(IntegrityError) as failed:
            db.session.flush()
        db.session.rollback()
    assert "UNIQUE constraint failed: attendees.token_hash" in str(failed.value)
    assert token_hash not in str(failed.value)


def test_a_rate_limited_join_logs_no_address(app_factory, caplog):
    from helpers import api

    app = app_factory(RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="1 per minute")
    with app.app_context():
        from townhall.services import accounts, events

        code = events.create_event(owner_id=accounts.create_organizer(email="r@example.com", name="R",
                                                                      password="x" * 16), title="Limits")
    caplog.set_level("DEBUG")
    answers = [api(app.test_client(), "POST", f"/api/events/{code}/join", json={}).status_code for _ in range(3)]
    assert answers[0] == 201 and 429 in answers
    assert "127.0.0.1" not in caplog.text
