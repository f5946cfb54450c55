"""Production entry point: `gunicorn -k gevent -w 1 wsgi:app`; development: `python wsgi.py`."""
from townhall import create_app
from townhall.extensions import socketio

app = create_app()

if __name__ == "__main__":
    import os

    socketio.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")),
                 allow_unsafe_werkzeug=True)
