#!/usr/bin/env bash
# Installs everything the tests need, then runs every test: unit, database suites on MariaDB and
# SQLite, socket integration tests, and browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
bash scripts/bootstrap.sh
pnpm lint
pnpm typecheck
pnpm test
