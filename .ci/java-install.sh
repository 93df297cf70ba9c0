#!/usr/bin/env bash
# Install Debian's Java 17 runtime for the spark engine's tests (pyspark starts a local
# JVM with it). Idempotent: does nothing when a java binary is already on the PATH.
# Needs root (or sudo) for apt-get.
set -euo pipefail

if command -v java >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "java-install: not root and no sudo; install Debian's 'openjdk-17-jre-headless'" \
      "package or set JAVA_HOME" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# man pages are often excluded from slim images, which breaks the JRE's postinst
$SUDO mkdir -p /usr/share/man/man1
$SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null

if ! command -v java >/dev/null 2>&1; then
  echo "java-install: apt-get installed openjdk-17-jre-headless but no java was found" >&2
  exit 1
fi
