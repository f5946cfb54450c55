"""A second reference for the scale benchmark: python-socketio alone, as the app serves it
(gunicorn, one gevent worker), with no Flask, no session and no database.

It separates what the Socket.IO stack costs from what the app adds on top of it.
Run: gunicorn -k gevent -w 1 benchmarks.reference_socketio:app
"""
import socketio

sio = socketio.Server(async_mode="gevent", cors_allowed_origins=None)
app = socketio.WSGIApp(sio)
_seq = 0


@sio.on("connect")
def connect(sid, environ, auth=None):
    sio.enter_room(sid, "event")


@sio.on("question:ask")
def ask(sid, payload):
    global _seq
    _seq += 1
    sio.emit("questions:changed", {"seq": _seq, "questions": [{"id": _seq, "text": payload["text"], "votes": 0}],
                                   "removed": []}, to="event")
    return {"ok": True, "data": {"id": _seq}}
