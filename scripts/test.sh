#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, command-line and, under Xvfb,
# the window's smoke tests) with ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j 2 --timeout 600
