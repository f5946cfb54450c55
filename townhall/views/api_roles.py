"""JSON API for roles (see services/roles.py)."""
from .api_common import api_blueprint

bp = api_blueprint("api_roles", __name__)
