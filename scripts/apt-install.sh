#!/usr/bin/env bash
# Install Debian packages non-interactively (run as root). Skips apt entirely
# when every package is already installed; otherwise waits for any other
# apt/dpkg run to release its locks (apt-get update ignores DPkg::Lock::Timeout,
# so it is retried), then runs apt-get update + install.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive

missing=()
for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "apt: already installed: $*"
    exit 0
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for attempt in $(seq 1 120); do
    echo "apt: apt-get update (attempt $attempt)"
    if apt-get -o DPkg::Lock::Timeout=600 update 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
        break
    fi
    if ! grep -q 'Could not get lock' "$log" || [ "$attempt" -eq 120 ]; then
        echo "apt: apt-get update failed" >&2
        exit 1
    fi
    echo "apt: another apt process holds the lock; waiting 5 s"
    sleep 5
done

echo "apt: installing ${missing[*]}"
apt-get -o DPkg::Lock::Timeout=600 install -y "${missing[@]}"
