#!/usr/bin/env bash
# Obtains Debian's busybox-static for arm64 (the userspace of the Linux domains' initramfs, built by
# tools/Bulkhead.Systems/Linux/Initramfs.cs) and extracts it into <repo>/.cache/busybox-arm64/.
# Idempotent: does nothing when already extracted. The arm64 package is downloaded, never installed
# (it would replace the host's busybox).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${BULKHEAD_BUSYBOX_ARM64:-$repo/.cache/busybox-arm64}"

if [ -x "$dest/bin/busybox" ]; then
    echo "busybox-arm64: already extracted at $dest/bin/busybox"
    exit 0
fi

sudo_cmd=""
if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo_cmd dpkg --add-architecture arm64
    $sudo_cmd apt-get update -qq
fi

work="$repo/.cache/downloads"
mkdir -p "$work" "$dest"
deb="$(ls "$work"/busybox-static_*_arm64.deb 2>/dev/null | head -n1 || true)"
if [ -z "$deb" ]; then
    echo "fetch-busybox-arm64: downloading busybox-static:arm64"
    (cd "$work" && apt-get download "busybox-static:arm64") || { $sudo_cmd apt-get update -qq; (cd "$work" && apt-get download "busybox-static:arm64"); }
    deb="$(ls "$work"/busybox-static_*_arm64.deb | head -n1)"
fi
dpkg-deb -x "$deb" "$dest"
echo "busybox-arm64: extracted $(basename "$deb") to $dest"
