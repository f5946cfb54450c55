"""The application object behind ``flask.current_app``, for work that outlives the request
(a background greenlet, a timer, a per-app writer): the proxy itself is bound to the request."""
from typing import cast

from flask import Flask, current_app
from werkzeug.local import LocalProxy


def current_app_object() -> Flask:
    return cast("LocalProxy[Flask]", current_app)._get_current_object()
