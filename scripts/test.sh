#!/usr/bin/env bash
# Installs what is missing, then builds and tests twice with ctest:
#   1. build-core/: without the window (-DMBRL_BUILD_APP=OFF): the layers below app/gui and the
#      headless command line build and pass their tests without GL, GLFW, epoxy or ImGui;
#   2. build/: everything; its ctest runs what the first did not: the window's tests (GL-free
#      logic, and the real binary under Xvfb). The headless tests (label "headless": unit,
#      command line, layers, lessons) are the same code in both builds and run once, in the first.
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
ctest --output-on-failure -j 2 --timeout 600 -LE headless
