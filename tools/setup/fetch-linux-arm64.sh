#!/usr/bin/env bash
# Obtains Debian's real arm64 kernel package (real device trees + a real arm64 Linux Image) and
# extracts it into <repo>/.cache/linux-arm64/. Idempotent: does nothing when already extracted.
# Used by the board importer tests (the shipped board files must agree with the real DTBs).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${BULKHEAD_LINUX_ARM64:-$repo/.cache/linux-arm64}"

find_dtb_dir() { ls -d "$dest"/usr/lib/linux-image-*/ 2>/dev/null | head -n1; }

if [ -n "$(find_dtb_dir)" ]; then
    echo "linux-arm64: already extracted; DTBs are under $(find_dtb_dir)"
    exit 0
fi

sudo_cmd=""
if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo_cmd dpkg --add-architecture arm64
    $sudo_cmd apt-get update -qq
fi

# Pick the newest plain *-arm64-unsigned image the archive offers instead of hardcoding a version
# that disappears when Debian publishes a point release (the cloud flavour has no DTBs; the rt
# flavour is skipped only to keep the choice stable).
pick_package() {
    apt-cache search --names-only '^linux-image-[0-9].*-arm64-unsigned$' 2>/dev/null \
        | awk '{print $1}' | grep -Ev -- '-(rt|cloud)-arm64-unsigned$' | sort -V | tail -n1
}
pkg="$(pick_package)"
if [ -z "$pkg" ]; then
    $sudo_cmd apt-get update -qq
    pkg="$(pick_package)"
fi
if [ -z "$pkg" ]; then
    echo "fetch-linux-arm64: no linux-image-*-arm64-unsigned package found in the apt sources" >&2
    exit 1
fi

work="$repo/.cache/downloads"
mkdir -p "$work" "$dest"
deb="$(ls "$work"/"${pkg}"_*_arm64.deb 2>/dev/null | head -n1 || true)"
if [ -z "$deb" ]; then
    echo "fetch-linux-arm64: downloading $pkg:arm64"
    (cd "$work" && apt-get download "$pkg:arm64")
    deb="$(ls "$work"/"${pkg}"_*_arm64.deb | head -n1)"
fi
dpkg-deb -x "$deb" "$dest"
echo "linux-arm64: extracted $(basename "$deb"); DTBs are under $(find_dtb_dir)"
