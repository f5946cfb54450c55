"""The session of a socket event, without decoding the cookie again for each event.

Flask-SocketIO runs each event in a request context built from the socket's handshake, whose
push opens (decodes and verifies) the session cookie, and then swaps in its own copy of the
session made at connect ("saved_session"). Under a thousand voting phones that wasted decode was
15 % of the worker's CPU (py-spy). Here a context that already has that copy opens it directly.
"""
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request):
        saved = request.environ.get("saved_session")  # Flask-SocketIO's copy for this socket
        if saved is not None:
            return saved
        return super().open_session(app, request)
