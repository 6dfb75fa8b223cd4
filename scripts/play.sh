#!/usr/bin/env bash
# Installs what is missing, builds, and starts the application on its default scenario
# (the pendulum swinging up under MPPI). Arguments are passed to the application.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
exec "$root/build/mbrl-playground" "$@"
