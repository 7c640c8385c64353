#!/usr/bin/env bash
# Installs the system packages the tests drive for real: MariaDB (the MySQL-protocol server),
# Chromium (browser end-to-end tests) and Redis (multi-node tests), from Debian's packages.
set -euo pipefail

missing=()
command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then
  echo "==> system test dependencies present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "==> installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package may start a service on install where systemd runs; tests start their own servers.
