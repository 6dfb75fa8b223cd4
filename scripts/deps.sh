#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only those that are missing.
# Usage: scripts/deps.sh [--headless]   (--headless skips the window's libraries and Xvfb)
set -euo pipefail

packages=(build-essential cmake ninja-build ccache pkg-config
          libeigen3-dev doctest-dev nlohmann-json3-dev libcli11-dev libstb-dev
          python3-jsonschema   # validates the bundled lessons against their schema
          libpng-dev libgif-dev ffmpeg)  # exporting animations (media/): PNG, GIF, MP4 by the program
if [[ "${1:-}" != "--headless" ]]; then
  packages+=(libimgui-dev libglfw3-dev libgl-dev libepoxy-dev fonts-dejavu-core xvfb xauth xdotool)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
