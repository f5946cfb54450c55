"""JSON API for records (see services/records.py)."""
from .api_common import api_blueprint

bp = api_blueprint("api_records", __name__)
