#!/usr/bin/env bash
# Makes sure the PostgreSQL server the tests use (127.0.0.1:5432, trust auth, database `test`) is up.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 0.5; done
fi
if [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL on 127.0.0.1:5432 is required in CI and is not reachable" >&2
  exit 1
fi
echo "warning: PostgreSQL is not reachable; PostgreSQL tests will be skipped outside CI" >&2
