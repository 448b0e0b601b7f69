#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 for the engine's tests: starts the local cluster
# when it is installed but down. Does nothing when it already answers; fails loudly when it cannot.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "start-postgres: PostgreSQL client tools are not installed; install PostgreSQL (e.g. apt-get install -y postgresql) — the engine's tests need it" >&2
  exit 1
fi
ensure_test_db() {
  psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = 'test'" postgres 2>/dev/null | grep -q 1 \
    || createdb -h 127.0.0.1 -U postgres test
}
if ready; then ensure_test_db; echo "start-postgres: PostgreSQL is up"; exit 0; fi
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  for v in $(ls /etc/postgresql); do
    echo "start-postgres: starting cluster $v/main"
    pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
  done
fi
for _ in $(seq 1 30); do ready && { ensure_test_db; echo "start-postgres: PostgreSQL is up"; exit 0; }; sleep 1; done
echo "start-postgres: PostgreSQL does not answer on 127.0.0.1:5432; start it, or set TOKPOST_TEST_DATABASE_URL to a reachable server" >&2
exit 1
