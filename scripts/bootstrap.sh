#!/usr/bin/env bash
# Installs what Parley itself needs on a fresh Debian machine with Node.js 20+: pnpm and the
# workspace's packages. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "==> installing pnpm $PNPM_VERSION"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

# sqlite3 builds from source here; node-gyp finds Node's headers under the node prefix.
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
echo "==> installing packages"
pnpm install --frozen-lockfile
