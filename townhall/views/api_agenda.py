"""JSON API for agenda (see services/agenda.py)."""
from .api_common import api_blueprint

bp = api_blueprint("api_agenda", __name__)
