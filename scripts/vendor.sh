#!/usr/bin/env bash
# Re-vendor the Socket.IO browser client into static/vendor/socket.io/.
# Reproducible: fetches exactly VERSION from the npm registry and refuses to
# copy anything unless the tarball matches the pinned INTEGRITY hash.
# Needs: npm, tar, python3. To upgrade: change VERSION, set INTEGRITY to the
# output of `npm view socket.io-client@<new> dist.integrity`, run this script,
# and update static/vendor/README.md.
set -euo pipefail

PACKAGE=socket.io-client
VERSION=4.8.4
INTEGRITY='sha512-7wjKAvVXYOJsbmUgkWbnhPD4bFpkqrUR0++XOjpGFmqDqsqV1CI93VTraeExLxpjxEqrWgFoSRZu1ihjLWfkAA=='

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/vendor/socket.io"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "vendor: fetching $PACKAGE@$VERSION"
(cd "$TMP" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL="$TMP/$PACKAGE-$VERSION.tgz"

ACTUAL="sha512-$(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$TARBALL")"
if [ "$ACTUAL" != "$INTEGRITY" ]; then
    echo "vendor: INTEGRITY MISMATCH for $PACKAGE@$VERSION" >&2
    echo "  expected $INTEGRITY" >&2
    echo "  got      $ACTUAL" >&2
    exit 1
fi
echo "vendor: integrity ok ($INTEGRITY)"

tar -xzf "$TARBALL" -C "$TMP"
mkdir -p "$DEST"
rm -f "$DEST"/*
cp "$TMP/package/dist/socket.io.min.js" "$DEST/"
if [ -f "$TMP/package/dist/socket.io.min.js.map" ]; then
    cp "$TMP/package/dist/socket.io.min.js.map" "$DEST/"
fi
cp "$TMP/package/LICENSE" "$DEST/LICENSE"
echo "vendor: wrote $(cd "$DEST" && ls | tr '\n' ' ')to ${DEST#"$ROOT"/}"
