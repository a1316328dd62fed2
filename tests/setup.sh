#!/usr/bin/env bash
# Installs the Debian packages the tests need, if they are missing:
#   libegl1 libgl1-mesa-dri   offscreen rendering (EGL, Mesa llvmpipe) for the render tests
#   xvfb xauth libglfw3       a real GLFW window on a virtual display for the window smoke test
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail
packages=(libegl1 libgl1-mesa-dri xvfb xauth libglfw3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "tests/setup.sh: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "tests/setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
