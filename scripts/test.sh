#!/usr/bin/env bash
# Installs what is missing, then builds and tests twice with ctest:
#   1. build-core/: without the window (-DMBRL_BUILD_APP=OFF): the layers below app/gui and the
#      headless command line build and pass their tests without GL, GLFW, epoxy or ImGui;
#   2. build/: everything (unit, command-line and, under Xvfb, the window's smoke tests).
# ccache makes the second build mostly cache hits.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"

echo "== core-only build (build-core/, MBRL_BUILD_APP=OFF)"
cmake -S "$root" -B "$root/build-core" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMBRL_BUILD_APP=OFF > /dev/null
cmake --build "$root/build-core" -j "$(nproc)"
(cd "$root/build-core" && ctest --output-on-failure -j 2 --timeout 600)

echo "== full build (build/)"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j 2 --timeout 600
