"""The worker's stop under gunicorn (gunicorn.conf.py calls these)."""
from ..extensions import socketio

CLOSE_AFTER_SECONDS = 1.2  # gunicorn stops accepting within a second of the signal


def close_sockets_soon(app) -> None:
    """On SIGTERM: once the listening socket is closed, end every Engine.IO connection with a
    close packet. Phones see a transport close and reconnect (to the next process) with the
    Socket.IO client's backoff; gunicorn's graceful stop then finds no connection left."""
    socketio.start_background_task(_close_all, app)


def _close_all(app) -> None:
    socketio.sleep(CLOSE_AFTER_SECONDS)
    for eio_socket in list(socketio.server.eio.sockets.values()):
        try:
            eio_socket.close(wait=False)
        except Exception:  # a socket closing on its own meanwhile: nothing to do
            pass


def at_exit(app) -> None:
    """Write the presence peak that the timer has not written yet."""
    from ..services import presence

    with app.app_context():
        presence.write_peaks()
