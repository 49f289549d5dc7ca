#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite with ctest.
# Benchmarks are not part of it (see README, Performance).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j2 "$@"
