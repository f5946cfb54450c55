"""scripts/audit.py (make audit): pip-audit's findings fail it; pins pip-audit skipped are checked
through PyPI's project pages when they are the latest release, and named when they cannot be."""
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audit.py"


@pytest.fixture
def audit(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pins = tmp_path / "requirements.txt"
    pins.write_text("flask==3.1.3 \\\n    --hash=sha256:ab\nJinja2==3.1.6\nold-thing==1.0\n")
    pages = {"jinja2": ("3.1.6", []), "old-thing": ("2.0", [])}

    def page(package, version):
        latest, advisories = pages[package]
        return advisories if latest == version else None

    monkeypatch.setattr(module, "latest_release_advisories", page)
    return module, str(pins), pages


def test_a_finding_of_pip_audit_fails_it(audit, monkeypatch, capsys):
    module, pins, _ = audit
    monkeypatch.setattr(module, "pip_audit", lambda *a: [
        {"name": "Flask", "version": "3.1.3", "vulns": [{"id": "PYSEC-1"}]},
        {"name": "jinja2", "version": "3.1.6", "vulns": []}, {"name": "old-thing", "version": "1.0", "vulns": []}])
    assert module.main("pip-audit", pins) == 1
    assert "flask 3.1.3: PYSEC-1" in capsys.readouterr().out


def test_skipped_pins_are_checked_through_the_project_page_or_named(audit, monkeypatch, capsys):
    module, pins, pages = audit
    skipped = [{"name": n, "skip_reason": "not found"} for n in ("flask", "Jinja2", "old_thing")]
    monkeypatch.setattr(module, "pip_audit", lambda *a: [
        {"name": "flask", "version": "3.1.3", "vulns": []}, *skipped[1:]])
    assert module.main("pip-audit", pins) == 0
    out = capsys.readouterr().out
    assert "1 checked through PyPI's project pages" in out
    assert "could NOT be checked" in out and "old-thing 1.0" in out

    pages["jinja2"] = ("3.1.6", ["GHSA-xxxx"])  # the latest release has an advisory
    assert module.main("pip-audit", pins) == 1
    assert "jinja2 3.1.6: GHSA-xxxx" in capsys.readouterr().out
