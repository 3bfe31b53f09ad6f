#!/usr/bin/env bash
# Install everything the tests need into .venv (and Debian's Chromium, nodejs
# and npm for the browser tests, when run as root) and run them. Arguments go
# to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: chromium is not installed; the browser tests will be skipped" \
         "(sudo apt-get install chromium)" >&2
  fi
fi
# The browser editor's tests run Decap CMS and decap-server from npm.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's nodejs and npm for the editor tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "note: node and npm are not installed; the editor tests will be skipped" \
         "(sudo apt-get install nodejs npm)" >&2
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
exec .venv/bin/python -m pytest "$@"
