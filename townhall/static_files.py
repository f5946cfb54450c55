"""Static files: served by WhiteNoise, gzipped ahead of time, cached for a year under versioned URLs.

- At start-up every file under static/ is fingerprinted (a hash of its content). `url_for('static',
  filename=...)` adds `?v=<fingerprint>`. A page loads its script with `module_script(name)`, which
  writes the page's import map before it: the plain URL of every module that script imports, directly
  or through others, mapped to its versioned one. `import ... from "./live.js"` inside a module
  resolves to /static/js/live.js, which the browser then loads as /static/js/live.js?v=<fingerprint>.
  Any number of modules, in any folder, without a list kept by hand; a page's map names only the
  modules it loads (the phone's first load is counted in bytes).
- A URL carrying the file's own fingerprint is cached for a year (`immutable`): an upgrade that
  changes a file changes its URL, and only that file is downloaded again. Any other URL (no `v`, or
  an old one) is revalidated on every use (`no-cache`, with an ETag of the content), so a browser
  without import maps, or a page from before an upgrade, never runs a stale module.
- WhiteNoise serves a copy of static/ with a gzipped version of each text file beside it (no
  brotli: clients that accept both get gzip, as the tests and the phones' budget expect). In the
  copy, our own scripts and stylesheets have their comments taken out (townhall/comments.py: only
  comments, the code is the same token for token), a fifth less on the wire; static/ keeps the
  documented source. The copy
  is made once per build under instance/static/<build>/, named by the hash of every fingerprint, so
  it cannot be stale and processes sharing the instance folder share it; builds not started for a
  day are removed.
Dynamic pages are compressed per response (townhall/compression.py). The page's import map is its
one inline script: the Content-Security-Policy allows it by the hash of its text (security_headers.py).
"""
import functools
import hashlib
import os
import posixpath
import re
import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs

from flask import Flask
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from . import comments, security_headers
from .comments import strip_css, strip_js

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
MODULES = (".js", ".mjs")
OLD_BUILD_SECONDS = 24 * 60 * 60
# A module's relative imports and re-exports: `from "./x.js"`, `import "./x.js"`, and the modules it loads
# later, `import("./x.js")` (in the page's import map too, so they are versioned; not in its first load).
RELATIVE_IMPORT = re.compile(r'(?:\bfrom|^\s*import|\bimport\()\s*"(\.{1,2}/[^"]+)"', re.M)
# A module this small (as served) is not preloaded: its link costs about as many bytes, and gzip leaves it as is.
PRELOAD_MIN_BYTES = 512
STATIC_IMPORT = re.compile(r'(?:\bfrom|^\s*import)\s*"(\.{1,2}/[^"]+)"', re.M)  # the module needs them to run


def imports_of(folder: Path, name: str, pattern: re.Pattern = RELATIVE_IMPORT) -> list[str]:
    """The modules (paths under folder) that module `name` imports by relative URL."""
    base = PurePosixPath(name).parent
    return [posixpath.normpath((base / spec).as_posix())
            for spec in pattern.findall((folder / name).read_text(encoding="utf-8"))]


def fingerprints(folder: Path) -> dict[str, str]:
    """{path under the folder, with '/': the first 12 hex digits of the SHA-256 of its content}."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in sorted(folder.rglob("*")) if path.is_file()}


STRIPPED = {".js": strip_js, ".mjs": strip_js, ".css": strip_css}
STRIPPER_VERSION = hashlib.sha256(Path(comments.__file__).read_bytes()).hexdigest()[:12]


def served_text(folder: Path, name: str) -> str | None:
    """The text served for file `name` (a path under folder): without its comments; None for what is
    served as it is (not a script or stylesheet, or a vendored file, minified by its publisher)."""
    path = PurePosixPath(name)
    if path.suffix not in STRIPPED or "vendor" in path.parts or ".min." in path.name:
        return None
    return STRIPPED[path.suffix]((folder / name).read_text(encoding="utf-8"))


def build(source: Path, builds: Path, versions: dict[str, str]) -> Path:
    """The folder WhiteNoise serves: source's files (scripts and stylesheets without comments) and their
    gzipped versions, made once per build (named by the files' fingerprints and the stripper's)."""
    recipe = repr((sorted(versions.items()), STRIPPER_VERSION))
    name = hashlib.sha256(recipe.encode()).hexdigest()[:16]
    target = builds / name
    if not target.is_dir():
        builds.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=builds))
        try:
            shutil.copytree(source, scratch, dirs_exist_ok=True)  # file times kept: Last-Modified
            compressor = Compressor(use_brotli=False, quiet=True)
            for path in scratch.rglob("*"):
                text = served_text(scratch, path.relative_to(scratch).as_posix()) if path.is_file() else None
                if text is not None:
                    path.write_text(text, encoding="utf-8")
                if path.is_file() and compressor.should_compress(path.name):
                    compressor.compress(str(path))  # writes path.gz when it saves 5 % or more
            os.rename(scratch, target)  # fails when another process finished the same build first
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
            if not target.is_dir():
                raise
    os.utime(target)  # in use: kept by the clean-up below, here and in other processes
    for other in builds.iterdir():
        if other != target and other.is_dir() and time.time() - other.stat().st_mtime > OLD_BUILD_SECONDS:
            shutil.rmtree(other, ignore_errors=True)
    return target


def module_imports(folder: Path, versions: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(every module's imports, the imports it needs to run) of the modules of folder, given their
    fingerprints: read once per process for the same contents, since each app made reads the same files
    (tests make thousands). Shared between apps: read only."""
    return _module_imports(folder, tuple(sorted(versions.items())))


@functools.lru_cache(maxsize=4)
def _module_imports(folder: Path, versions: tuple) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    imports = {name: imports_of(folder, name) for name, _version in versions if name.endswith(MODULES)}
    return imports, {name: imports_of(folder, name, STATIC_IMPORT) for name in imports}


class StaticFiles:
    """WSGI middleware: WhiteNoise for the files of `folder` under `url_path`, with the cache policy
    above; every other request goes to `app`."""

    def __init__(self, app, folder: Path, url_path: str, builds: Path):
        self.versions = fingerprints(folder)
        self.imports, self.static_imports = module_imports(folder, self.versions)
        self.prefix = url_path.rstrip("/") + "/"
        self.by_url = {self.prefix + name: version for name, version in self.versions.items()}
        served = build(folder, builds, self.versions)
        self.small = {name for name in self.imports if (served / name).stat().st_size < PRELOAD_MIN_BYTES}
        self.whitenoise = WhiteNoise(app, root=served, prefix=self.prefix,
                                     max_age=None, allow_all_origins=False, add_headers_function=self._etag)

    def _etag(self, headers, _path, url):
        if url in self.by_url:
            headers["ETag"] = f'"{self.by_url[url]}"'

    def url(self, name: str) -> str:
        return f"{self.prefix}{name}?v={self.versions[name]}" if name in self.versions else self.prefix + name

    def loaded_by(self, entry: str, *, first: bool = False) -> list[str]:
        """entry and every module it imports, directly or through others (those that exist); first: only
        those it needs before it runs (no `import()` loaded later)."""
        graph = self.static_imports if first else self.imports
        seen, todo = [], [entry]
        while todo:
            name = todo.pop()
            if name not in seen and name in graph:
                seen.append(name)
                todo.extend(graph[name])
        return seen

    def import_map(self, entry: str) -> dict:
        """The plain URL of each module that entry loads mapped to its versioned URL: the page's
        <script type="importmap">."""
        return {"imports": {self.prefix + name: self.url(name) for name in sorted(self.loaded_by(entry))}}

    def import_map_text(self, entry: str) -> str:
        """The text of the page's <script type="importmap"> element."""
        return htmlsafe_json_dumps(self.import_map(entry))

    def module_script(self, entry: str) -> Markup:
        """A page's script: its import map, the modules it needs to run preloaded (fetched at once, side by
        side, instead of one level of imports per round trip: a slow network's 400 ms each), then the module
        itself (one per page: a browser takes the map only before the first module)."""
        preloads = Markup("").join(Markup('<link rel="modulepreload" href="{}">\n').format(self.url(name))
                                   for name in sorted(self.loaded_by(entry, first=True))
                                   if name != entry and name not in self.small)
        return Markup('<script type="importmap">{}</script>\n{}<script type="module" src="{}"></script>').format(
            self.import_map_text(entry), preloads, self.url(entry))

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "").encode("latin-1", "replace").decode("utf-8", "replace")
        version = self.by_url.get(path)
        if version is None:
            return self.whitenoise(environ, start_response)
        policy = IMMUTABLE if parse_qs(environ.get("QUERY_STRING", "")).get("v") == [version] else REVALIDATE

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("Cache-Control", policy)], exc_info)

        return self.whitenoise(environ, start)


def init_app(app: Flask) -> None:
    files = StaticFiles(app.wsgi_app, Path(app.static_folder), app.static_url_path,
                        Path(app.config["STATIC_BUILD_FOLDER"]))
    app.wsgi_app = files
    app.extensions["townhall_static"] = files
    scripts = {name: files.module_script(name) for name in files.imports}
    # The Content-Security-Policy allows the page's import map by the hash of the text written above.
    hashes = {name: security_headers.digest(files.import_map_text(name)) for name in files.imports}

    def module_script(name: str) -> Markup:
        security_headers.allow_inline_script(hashes[name])
        return scripts[name]

    app.add_template_global(module_script, "module_script")

    @app.url_defaults
    def _versioned(endpoint, values):
        if endpoint == "static" and "v" not in values and values.get("filename") in files.versions:
            values["v"] = files.versions[values["filename"]]
