"""Townhall served over HTTPS, as behind a TLS proxy: HSTS is sent, the pages' writes still pass the CSRF
check (which over HTTPS wants a same-origin Referer: the Referrer-Policy must let our own requests carry
one) and the socket connects over wss:. Over plain HTTP, a link to another site carries no Referer."""
import shutil
import ssl
import subprocess
import threading

import pytest
from conftest import LiveServer, build_app, finish_background_tasks
from playwright.sync_api import expect
from werkzeug.serving import make_server

from townhall.extensions import db
from townhall.security_headers import HSTS

from .conftest import PHONE, Seed
from .helpers import TIMEOUT, ask, join, login

pytestmark = pytest.mark.browser


class _HandshakeInHandlerThread(ssl.SSLContext):
    """Werkzeug wraps the listening socket, so by default each TLS handshake runs inside accept(), on the one
    thread that accepts every connection: a slow handshake on a loaded machine holds up all the others. Here the
    handshake runs on the first read instead, on the connection's own handler thread, as behind a real proxy."""

    def wrap_socket(self, sock, *args, **kwargs):
        kwargs["do_handshake_on_connect"] = False
        return super().wrap_socket(sock, *args, **kwargs)


@pytest.fixture
def https_server(tmp_path, background_tasks):
    """The app over HTTPS (a self-signed certificate made with openssl) on a free localhost port."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl not found: apt-get install openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    app = build_app(tmp_path / "https.db")
    context = _HandshakeInHandlerThread(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=context)
    url = LiveServer(f"https://127.0.0.1:{server.server_port}")
    app.config["PUBLIC_URL"] = str(url)
    url.app = app
    thread = threading.Thread(target=server.serve_forever, name="https-server", daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    finish_background_tasks(background_tasks)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_over_https_hsts_is_sent_and_the_pages_still_write(browser, https_server):
    seed = Seed(https_server.app)
    owner = seed.organizer()
    code = seed.event(owner.id, title="Library hours town hall")
    context = browser.new_context(base_url=str(https_server), ignore_https_errors=True, **PHONE)
    context.set_default_timeout(TIMEOUT)
    try:
        phone = context.new_page()
        errors, hsts = [], []
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
        phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
        phone.on("response", lambda response: hsts.append(response.headers.get("strict-transport-security")))
        phone.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
                 and errors.append(f"{request.method} {request.url}: {request.failure}"))  # names what failed
        join(phone, code, name="Pat")  # a POST with the CSRF token: refused without a same-origin Referer
        ask(phone, "Can the library stay open until nine?")
        expect(phone.get_by_test_id("question-card")).to_have_count(1)
        assert phone.evaluate("() => window.townhall.socket.io.engine.transport.name") == "websocket"
        assert set(hsts) == {HSTS}, hsts  # every page, script, API answer and socket handshake
        login(phone, owner.email, owner.password)  # the log-in form posts with its token too
        assert errors == [], errors
    finally:
        context.close()


def test_a_link_to_another_site_carries_no_referrer(people, seed, live_server):
    code = seed.event(seed.organizer().id)
    phone = people.phone()
    referers = {}
    phone.on("request", lambda request: referers.setdefault(request.url, request.headers.get("referer")))
    join(phone, code)
    own = f"{live_server}/api/events/{code}/snapshot"
    assert referers[own] == f"{live_server}/e/{code}"  # our own requests say where they come from
    other_site = live_server.replace("127.0.0.1", "localhost") + "/healthz"  # another origin
    phone.evaluate("(url) => { const a = document.createElement('a'); a.href = url; document.body.append(a);"
                   " a.click(); }", other_site)
    phone.wait_for_url(other_site)
    assert other_site in referers and referers[other_site] is None  # the join link with its code stays here
