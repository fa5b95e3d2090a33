#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what it needs, then runs every test on SQLite and,
# inside a throwaway PostgreSQL cluster, on PostgreSQL too, with the browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
.venv/bin/study validate questions
export STUDY_REQUIRE_POSTGRES=1
exec pg_virtualenv -t -- .venv/bin/python -m pytest -q "$@"
