"""Production entry point: `gunicorn -k gevent -w 1 wsgi:app` (see `make run`).

`python wsgi.py` starts a development server with WebSocket support.
"""
from townhall import create_app
from townhall.extensions import socketio

app = create_app()

if __name__ == "__main__":
    from access_log import DevRequestHandler

    # Requests logged without the client's address or the query string (threading); gevent: not logged.
    options = {"request_handler": DevRequestHandler} if app.config["SOCKETIO_ASYNC_MODE"] == "threading" \
        else {"log_output": False}
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], allow_unsafe_werkzeug=True, **options)
