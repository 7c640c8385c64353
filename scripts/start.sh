#!/usr/bin/env bash
# One command from a fresh clone to a running Parley on the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
pnpm build
exec pnpm start
