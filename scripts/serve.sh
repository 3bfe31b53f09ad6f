#!/usr/bin/env bash
# Set up a virtual environment, install kb_tools and serve the sample bank
# with live reload on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/mkdocs serve "$@"
