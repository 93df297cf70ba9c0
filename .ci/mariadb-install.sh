#!/usr/bin/env bash
# Install Debian's MariaDB server for the SQL adapter tests (tests/_mariadb.py starts a
# throwaway server on loopback with its mariadbd and mariadb-install-db; the system
# service is neither needed nor started by the tests). Idempotent: does nothing when
# mariadbd is already present. Needs root (or sudo) for apt-get.
set -euo pipefail

have_server() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]
}

if have_server; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "mariadb-install: not root and no sudo; install Debian's 'mariadb-server' package" \
      "or set LAPVO_MARIADB_URL" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null

if ! have_server; then
  echo "mariadb-install: apt-get installed mariadb-server but no mariadbd was found" >&2
  exit 1
fi
