"""`make audit`: every pinned package against PyPI's vulnerability data, with pip-audit.

pip-audit asks PyPI for each pin's own release (``/pypi/<name>/<version>/json``). Where that page
cannot be reached (a registry mirror serving project pages only, as on our build machines), pip-audit
skips the package; this script then reads the project's page (``/pypi/<name>/json``), whose
``vulnerabilities`` are those of the latest release: a pin that IS the latest release is checked that
way, and any other pin is listed loudly as not checked. Exit status 1: a known vulnerability in a pin,
or pip-audit could not run at all. Exit status 0 otherwise, with every unchecked pin named.
"""
import json
import re
import subprocess
import sys
import urllib.request

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def pins(files: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in files:
        with open(name, encoding="utf-8") as f:
            for package, version in PIN.findall(f.read()):
                found[normal(package)] = version
    return found


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_audit(pip_audit_bin: str, files: list[str]) -> list[dict]:
    args = [pip_audit_bin, "--disable-pip", "--progress-spinner", "off", "-f", "json"]
    for name in files:
        args += ["-r", name]
    run = subprocess.run(args, capture_output=True, text=True)
    try:
        return json.loads(run.stdout)["dependencies"]
    except (ValueError, KeyError):
        sys.stderr.write(run.stderr)
        raise SystemExit(f"error: pip-audit did not run (exit {run.returncode})") from None


def latest_release_advisories(package: str, version: str) -> list[str] | None:
    """The advisories PyPI lists for this pin, when the pin is the project's latest release; else None."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{package}/json", timeout=30) as answer:
            page = json.load(answer)
    except OSError:
        return None
    if page["info"]["version"] != version:
        return None
    return [advisory.get("id", "?") for advisory in page.get("vulnerabilities") or []]


def main(pip_audit_bin: str, *files: str) -> int:
    versions = pins(list(files))
    found, unchecked, by_project = [], [], 0
    for dependency in pip_audit(pip_audit_bin, list(files)):
        name = normal(dependency["name"])
        if "skip_reason" not in dependency:
            found += [f"{name} {dependency['version']}: {v['id']}" for v in dependency.get("vulns", [])]
            continue
        advisories = latest_release_advisories(name, versions.get(name, ""))
        if advisories is None:
            unchecked.append(f"{name} {versions.get(name, '?')}")
        else:
            by_project += 1
            found += [f"{name} {versions[name]}: {a}" for a in advisories]
    print(f"audit: {len(versions)} pins; {by_project} checked through PyPI's project pages "
          f"(pip-audit could not reach their release pages)" if by_project else f"audit: {len(versions)} pins")
    if unchecked:
        print(f"WARNING: {len(unchecked)} pins could NOT be checked (not the latest release, and their release "
              "page is out of reach): " + ", ".join(unchecked))
    if found:
        print("KNOWN VULNERABILITIES:\n  " + "\n  ".join(found))
        print("Move each package: make requirements UPGRADE=\"-P <package>\", then make test.")
        return 1
    print("audit: no known vulnerability in the pins checked")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
