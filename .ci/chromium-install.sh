#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests of the portal pages
# (tests/test_pages_browser.py drives it with Playwright at /usr/bin/chromium;
# Playwright's own browser download is never used). Idempotent: does nothing
# when /usr/bin/chromium is already present. Needs root (or sudo) for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "chromium-install: not root and no sudo; install Debian's 'chromium' package" \
      "or set LAPVO_SKIP_BROWSER=1" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "chromium-install: apt-get installed chromium but /usr/bin/chromium is missing" >&2
  exit 1
fi
