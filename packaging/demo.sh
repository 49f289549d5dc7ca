#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and launch cityops on the bundled demo city.
# Extra arguments go to cityops (e.g. --wall, --lang zh_CN).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target cityops cityops-cli
exec build/dev/app/cityops/cityops "$@"
