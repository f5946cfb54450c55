"""JSON API for speakers (see services/speakers.py)."""
from .api_common import api_blueprint

bp = api_blueprint("api_speakers", __name__)
