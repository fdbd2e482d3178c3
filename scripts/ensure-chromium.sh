#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (never `playwright install`).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: the browser tests need Debian's chromium at /usr/bin/chromium." >&2
  echo "       Install it as root: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
echo "Installing Debian chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
