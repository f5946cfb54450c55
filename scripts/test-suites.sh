#!/usr/bin/env bash
# `make test`'s pytest part: the whole suite on SQLite and, at the same time on the other core, the
# suites that reach the database (PG_TESTS) on a throwaway PostgreSQL server (TEST_DATABASE_URL=postgresql,
# tests/postgres.py). The PostgreSQL run writes to a log, printed when both are done; either failing
# fails the whole (pytest's exit code 5, "no tests collected", included).
set -uo pipefail
python="$1"; shift
pg_tests=("$@")
log="$(mktemp -t townhall-pg-tests.XXXXXX.log)"

echo "==> pytest on PostgreSQL (${#pg_tests[@]} files) in the background, its output in $log"
TEST_DATABASE_URL=postgresql "$python" -m pytest -q -p no:cacheprovider "${pg_tests[@]}" >"$log" 2>&1 &
pg_pid=$!
trap 'kill "$pg_pid" 2>/dev/null' INT TERM

echo "==> pytest on SQLite (every test)"
"$python" -m pytest -q
sqlite_rc=$?
wait "$pg_pid"
pg_rc=$?

echo; echo "==> pytest on PostgreSQL: output"
cat "$log"
for run in "SQLite:$sqlite_rc" "PostgreSQL:$pg_rc"; do
    name="${run%%:*}"; rc="${run##*:}"
    if [ "$rc" -eq 5 ]; then echo "error: pytest on $name collected no tests" >&2
    elif [ "$rc" -ne 0 ]; then echo "error: pytest on $name failed (exit $rc)" >&2; fi
done
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ] && rm -f "$log"
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
