"""Layers: the exports render plain data and never read the database themselves.

The services read the record and hand the renderers plain data (townhall/exports/record.py's
dataclasses, dicts); a renderer that imported a service again would bring back the
services <-> exports import cycle, and one that queried would hide reads from the services.
Every module under townhall/exports is parsed, imports inside functions included. From the
models an exports module may take constants (MODERATION_REASONS), never a table.
"""
import ast
import re
from pathlib import Path

import pytest

import townhall

ROOT = Path(townhall.__file__).parent.parent
EXPORTS = sorted((ROOT / "townhall" / "exports").rglob("*.py"))
FORBIDDEN = ("townhall.services", "townhall.extensions", "sqlalchemy", "flask_sqlalchemy")
MODELS = "townhall.models"
CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*")


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def imports(path: Path, root: Path = ROOT) -> list[tuple[str, list[str], int]]:
    """[(absolute module, [names taken from it], line)] for every import statement in the file."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    package = parts if parts[-1] == "__init__" else parts[:-1]
    package = [p for p in package if p != "__init__"]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((module, [alias.name for alias in node.names], node.lineno))
    return found


def offences(path: Path, root: Path = ROOT) -> list[str]:
    bad = []
    for module, names, line in imports(path, root):
        # "from .. import services" takes the package townhall.services itself
        reached = [module, *(f"{module}.{name}" for name in names)]
        hit = next((m for m in reached for f in FORBIDDEN if _within(m, f)), None)
        if hit:
            bad.append(f"{path.name}:{line} imports {hit}")
        elif _within(module, MODELS):
            tables = [name for name in names if not CONSTANT.fullmatch(name)] or ([] if names else [module])
            if tables:
                bad.append(f"{path.name}:{line} imports {', '.join(tables)} from the models")
        elif MODELS in reached:
            bad.append(f"{path.name}:{line} imports {MODELS}")
    return bad


def test_the_walk_sees_every_exports_module():
    assert len(EXPORTS) > 15 and {p.name for p in EXPORTS} >= {"document.py", "tables.py", "archive.py"}


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_an_exports_module_imports_no_service_and_no_database(path):
    assert offences(path) == []


def test_the_check_catches_each_way_back(tmp_path):
    """A service, the session, SQLAlchemy or a table, at the top or inside a function; constants pass."""
    folder = tmp_path / "townhall" / "exports"
    folder.mkdir(parents=True)
    sample = folder / "sample.py"
    sample.write_text(
        "from ..services import poll_results\n"
        "from .. import services, models\n"
        "from ..extensions import db\n"
        "import sqlalchemy.orm\n"
        "from ..models import MODERATION_REASONS, Question\n"
        "from ..models import POLL_KINDS\n"
        "from . import fmt\n"
        "from ..serializers import iso\n"
        "def later():\n"
        "    from townhall.services.presence import peak_seen\n", encoding="utf-8")
    assert offences(sample, tmp_path) == [
        "sample.py:1 imports townhall.services",
        "sample.py:2 imports townhall.services",
        "sample.py:3 imports townhall.extensions",
        "sample.py:4 imports sqlalchemy.orm",
        "sample.py:5 imports Question from the models",
        "sample.py:10 imports townhall.services.presence",
    ]
