#!/usr/bin/env bash
# `make test`'s pytest part, in two lanes, one per core (never more than two pytest processes at once):
#   - here: every test but those of the second lane, on SQLite;
#   - beside it: the suites that reach the database (PG_TESTS) on a throwaway PostgreSQL server
#     (TEST_DATABASE_URL=postgresql, tests/postgres.py), then, on SQLite, the browser tests (tests/browser)
#     and the tests that start real servers of their own (gunicorn, faults, scale-out), so that both lanes
#     take about as long.
# The second lane writes to a log, printed when both are done. Any run failing fails the whole (pytest's
# exit code 5, "no tests collected", included).
set -uo pipefail
python="$1"; shift
pg_tests=("$@")
log="$(mktemp -t townhall-tests-lane2.XXXXXX.log)"
lane2_sqlite=(tests/browser tests/test_gunicorn_*.py tests/test_faults_*.py tests/test_scaleout*.py)

lane2() {
    echo "==> pytest on PostgreSQL (${#pg_tests[@]} files)"
    TEST_DATABASE_URL=postgresql "$python" -m pytest -q -p no:cacheprovider "${pg_tests[@]}"
    echo "pg_rc=$?"
    echo; echo "==> pytest on SQLite: the browser tests, and those that start servers of their own"
    "$python" -m pytest -q -p no:cacheprovider "${lane2_sqlite[@]}"
    echo "browser_rc=$?"
}

echo "==> beside this run: pytest on PostgreSQL (${#pg_tests[@]} files), then the browser and server tests; output in $log"
lane2 >"$log" 2>&1 &
lane2_pid=$!
trap 'kill "$lane2_pid" 2>/dev/null' INT TERM

echo "==> pytest on SQLite (every test but the second lane's)"
"$python" -m pytest -q "${lane2_sqlite[@]/#/--ignore=}"
sqlite_rc=$?
wait "$lane2_pid"

echo; echo "==> the second lane: output"
cat "$log"
pg_rc="$(sed -n 's/^pg_rc=//p' "$log")"; pg_rc="${pg_rc:-1}"
browser_rc="$(sed -n 's/^browser_rc=//p' "$log")"; browser_rc="${browser_rc:-1}"
failed=0
for run in "SQLite:$sqlite_rc" "PostgreSQL:$pg_rc" "browser and servers:$browser_rc"; do
    name="${run%%:*}"; rc="${run##*:}"
    if [ "$rc" -eq 5 ]; then echo "error: pytest ($name) collected no tests" >&2; failed=1
    elif [ "$rc" -ne 0 ]; then echo "error: pytest ($name) failed (exit $rc)" >&2; failed=1; fi
done
[ "$failed" -eq 0 ] && rm -f "$log"
[ "$failed" -eq 0 ]
