#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the SQL adapter tests (tests/_pg.py starts a
# throwaway cluster on loopback with its initdb and pg_ctl). Idempotent: does nothing
# when an initdb binary is already present. Needs root (or sudo) for apt-get.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "postgres-install: not root and no sudo; install Debian's 'postgresql' package" \
      "or set LAPVO_PG_DSN" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "postgres-install: apt-get installed postgresql but no initdb was found" >&2
  exit 1
fi
