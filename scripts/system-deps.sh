#!/usr/bin/env bash
# Installs what the tests need from Debian (Chromium for the browser tests, Pango for PDF reports).
# In CI (CI=true) a part that cannot be installed is a failure, never a skip.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing from Debian: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif [ "${CI:-}" = "true" ]; then
    echo "missing system packages (${need[*]}) and cannot install them" >&2
    exit 1
  else
    echo "warning: missing ${need[*]}; browser or PDF tests will fail (install them as root)" >&2
  fi
fi
if [ "${CI:-}" = "true" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is required in CI" >&2
  exit 1
fi
