#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what it needs, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/study validate questions
.venv/bin/python -m pytest "$@"
