#!/usr/bin/env bash
# Re-vendor the third-party browser files into static/vendor/ (see static/vendor/README.md):
#   socket.io/      the Socket.IO browser client (socket.io-client)
#   noto-sans-sc/   Noto Sans SC, regular and bold, in unicode-range slices (@fontsource/noto-sans-sc):
#                   the projector's Chinese, whatever fonts the projector's computer has
# Reproducible: fetches exactly each VERSION from the npm registry and refuses to copy anything unless
# the tarball matches the pinned INTEGRITY hash. Needs: npm, tar, python3. To upgrade one: change its
# VERSION, set its INTEGRITY to `npm view <package>@<new> dist.integrity`, run this script, and update
# static/vendor/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch PACKAGE VERSION INTEGRITY: unpacks the checked tarball into $TMP/<name>/package
fetch() {
    local package=$1 version=$2 integrity=$3 name=${1##*/}
    echo "vendor: fetching $package@$version"
    mkdir -p "$TMP/$name"
    local tarball
    tarball="$TMP/$name/$(cd "$TMP/$name" && npm pack --silent "$package@$version" | tail -n 1)"
    local actual
    actual="sha512-$(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$tarball")"
    if [ "$actual" != "$integrity" ]; then
        echo "vendor: INTEGRITY MISMATCH for $package@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    echo "vendor: integrity ok ($integrity)"
    tar -xzf "$tarball" -C "$TMP/$name"
}

fetch socket.io-client 4.8.4 \
    'sha512-7wjKAvVXYOJsbmUgkWbnhPD4bFpkqrUR0++XOjpGFmqDqsqV1CI93VTraeExLxpjxEqrWgFoSRZu1ihjLWfkAA=='
DEST="$ROOT/static/vendor/socket.io"
mkdir -p "$DEST"
rm -f "$DEST"/*
cp "$TMP/socket.io-client/package/dist/socket.io.min.js" "$DEST/"
if [ -f "$TMP/socket.io-client/package/dist/socket.io.min.js.map" ]; then
    cp "$TMP/socket.io-client/package/dist/socket.io.min.js.map" "$DEST/"
fi
cp "$TMP/socket.io-client/package/LICENSE" "$DEST/LICENSE"
echo "vendor: wrote $(cd "$DEST" && ls | tr '\n' ' ')to ${DEST#"$ROOT"/}"

fetch @fontsource/noto-sans-sc 5.3.0 \
    'sha512-HeqIlGm0+ohOKxZLuHj1qW6r6avHH0OWdKERAcSDI0RQ+MXrteuLKA+M+5eOA8rYy0MFvOR5AT0fQo2rUkye0Q=='
DEST="$ROOT/static/vendor/noto-sans-sc"
rm -rf "$DEST"
mkdir -p "$DEST/files"
cp "$TMP/noto-sans-sc/package/LICENSE" "$DEST/LICENSE"
# One stylesheet for weights 400 and 700: the numbered slices only (Han characters and CJK punctuation;
# Latin, Cyrillic and Vietnamese come from the page's own fonts, listed first), WOFF2 only (every browser
# that runs the page's modules reads it).
python3 - "$TMP/noto-sans-sc/package" "$DEST" <<'PY'
import re, shutil, sys
from pathlib import Path
source, dest = Path(sys.argv[1]), Path(sys.argv[2])
rules = []
for weight in ("400", "700"):
    for block in re.findall(r"@font-face \{.*?\}", (source / f"{weight}.css").read_text(), re.S):
        slice_file = re.search(r"url\(\./files/(noto-sans-sc-\d+-\d+-normal\.woff2)\)", block)
        if not slice_file:
            continue
        shutil.copy(source / "files" / slice_file.group(1), dest / "files")
        rules.append(re.sub(r"src: [^;]*;", f"src: url(files/{slice_file.group(1)}) format('woff2');", block))
header = "/* Noto Sans SC 400 and 700 from @fontsource/noto-sans-sc (SIL OFL 1.1, see LICENSE), by scripts/vendor.sh */\n"
(dest / "noto-sans-sc.css").write_text(header + "\n".join(rules) + "\n")
print(f"vendor: {len(rules)} slices")
PY
echo "vendor: wrote noto-sans-sc.css, LICENSE and $(ls "$DEST/files" | wc -l) files to ${DEST#"$ROOT"/}"
