#!/usr/bin/env bash
# Build a lab node image offline: debootstrap a minimal Debian with systemd, then `docker import`.
# Usage: build-node-image.sh IMAGE:TAG SUITE MIRROR PACKAGES(comma-separated) LAB_LABEL WORKDIR [LISTS]
# LISTS: drop (default) leaves no apt lists in the image (nodes run `apt-get update` themselves);
# fresh fetches them at build time, so a node's first package task within the hour needs no update.
# No registry is needed: everything comes from the Debian mirror.
set -euo pipefail
image=$1 suite=$2 mirror=$3 packages=$4 label=$5 workdir=$6 lists=${7:-drop}

rootfs=$(mktemp -d "$workdir/rootfs.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT

debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 30 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

# A container boots systemd as PID 1: mask what makes no sense without hardware or a console.
for unit in getty.target console-getty.service systemd-udevd.service systemd-udevd-control.socket \
            systemd-udevd-kernel.socket systemd-udev-trigger.service systemd-modules-load.service \
            sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
            systemd-remount-fs.service systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer \
            e2scrub_all.timer fstrim.timer; do
  ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
done
# Docker 26 and newer (Debian 13) disable IPv6 on the interfaces of an overlay network through
# /proc/sys, which is read-only inside a container: every task on an overlay would fail ("failed to
# disable IPv6 on container's interface br0"). The lab's nodes only: a real host's /proc/sys is
# writable. Docker 20.10 (Debian 12) ignores the variable.
mkdir -p "$rootfs/etc/systemd/system/docker.service.d"
printf '[Service]\nEnvironment=DOCKER_ALLOW_IPV6_ON_IPV4_INTERFACE=1\n' \
  >"$rootfs/etc/systemd/system/docker.service.d/lab-nested.conf"
# Each node must get its own machine id at first boot.
: >"$rootfs/etc/machine-id"
rm -f "$rootfs/var/lib/dbus/machine-id"
# Keep the image small: no apt lists (unless asked for), docs or man pages.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* \
       "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/tmp/*
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" \
  >"$rootfs/etc/apt/sources.list"
if [[ $lists == fresh ]]; then
  # The lists of both sources, as a node's own `apt-get update` would fetch them (none when it fails).
  chroot "$rootfs" apt-get -qq -o Acquire::Languages=none update >/dev/null 2>&1 \
    || rm -rf "$rootfs"/var/lib/apt/lists/*
  rm -rf "$rootfs"/var/cache/apt/*.bin
fi

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV container=docker' \
  --change 'CMD ["/sbin/init"]' \
  --change "LABEL io.swarmops.lab.image=$label" \
  - "$image" >/dev/null
echo "built $image"
