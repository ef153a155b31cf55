#!/usr/bin/env bash
# Build the VM lab's disk image offline: debootstrap a Debian with its cloud kernel, OpenSSH, sudo
# and the packages the collection would install (installed natively here: inside an emulated guest
# the same installation takes minutes per VM), then an ext4 file system image converted to qcow2.
# Every VM boots a copy-on-write overlay of it; what makes one VM itself (host keys, login key,
# address, name) comes from a small seed disk read at boot by swarmops-seed.service.
# Usage: build-vm-image.sh OUTDIR SUITE MIRROR PACKAGES(comma-separated) USER BOOT_CMDLINE WORKDIR
set -euo pipefail
outdir=$1 suite=$2 mirror=$3 packages=$4 user=$5 boot_cmdline=$6 workdir=$7

rootfs=$(mktemp -d "$workdir/vmroot.XXXXXX")
tmpout="$outdir.tmp"
trap 'rm -rf "$rootfs" "$tmpout"' EXIT
rm -rf "$tmpout" && mkdir -p "$tmpout"

debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 30 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

cat >"$rootfs/etc/fstab" <<'EOF'
/dev/vda / ext4 rw,discard,errors=remount-ro 0 1
EOF
# Only the release itself: its lists rarely change, so the docker role's `apt-get update` in a guest
# mostly hears "not modified" (an emulated guest parses new lists slowly).
printf 'deb %s %s main\n' "$mirror" "$suite" >"$rootfs/etc/apt/sources.list"
echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/90swarmops-no-translations"
rm -f "$rootfs/etc/resolv.conf"
echo 'nameserver 10.0.2.3' >"$rootfs/etc/resolv.conf"   # QEMU user-mode networking's DNS

# The uplink NIC (QEMU user-mode networking, its fixed MAC): DHCP, default route, SSH forward.
cat >"$rootfs/etc/systemd/network/10-uplink.network" <<'EOF'
[Match]
MACAddress=52:54:00:12:34:56

[Network]
DHCP=ipv4
EOF

# Per-VM identity from the seed disk (label swarmops-seed), every boot, before SSH and the network.
cat >"$rootfs/usr/local/sbin/swarmops-seed" <<EOF
#!/bin/sh
set -eu
dev=/dev/disk/by-label/swarmops-seed
i=0
while [ ! -e "\$dev" ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
mkdir -p /run/swarmops-seed
mount -o ro "\$dev" /run/swarmops-seed
cd /run/swarmops-seed
install -m 0600 ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key
install -m 0644 ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ed25519_key.pub
install -d -m 0700 -o $user -g $user /home/$user/.ssh
install -m 0600 -o $user -g $user authorized_keys /home/$user/.ssh/authorized_keys
install -m 0644 private.network /etc/systemd/network/20-private.network
hostname="\$(cat hostname)"
[ "\$(cat /etc/hostname 2>/dev/null)" = "\$hostname" ] || echo "\$hostname" >/etc/hostname
hostname "\$hostname"
grep -q "[[:space:]]\$hostname\\([[:space:]]\\|\$\\)" /etc/hosts || echo "127.0.1.1 \$hostname" >>/etc/hosts
cd /
umount /run/swarmops-seed
EOF
chmod 0755 "$rootfs/usr/local/sbin/swarmops-seed"
cat >"$rootfs/etc/systemd/system/swarmops-seed.service" <<'EOF'
[Unit]
Description=Per-VM identity from the lab's seed disk
DefaultDependencies=no
After=local-fs.target systemd-udev-trigger.service
Before=ssh.service systemd-networkd.service network-pre.target
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/swarmops-seed

[Install]
WantedBy=multi-user.target
EOF

chroot "$rootfs" /bin/sh -eu <<EOF
useradd --create-home --shell /bin/bash --groups sudo $user
echo '$user ALL=(ALL) NOPASSWD: ALL' >/etc/sudoers.d/90-$user
chmod 0440 /etc/sudoers.d/90-$user
systemctl enable swarmops-seed.service systemd-networkd.service ssh.service >/dev/null 2>&1
systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1
EOF
# The engine is installed but not started at boot until the docker role enables it (with daemon.json
# in place): a Docker-ready guest would otherwise start Docker at its first boot, again at the reboot
# rpi.yml causes, and once more when the role writes daemon.json - each start about 25 s of CPU in an
# emulated guest. Without docker.socket nothing starts the engine behind the role's back either.
if [ -e "$rootfs/lib/systemd/system/docker.service" ]; then
  chroot "$rootfs" systemctl disable docker.service docker.socket containerd.service >/dev/null 2>&1
fi
# Host keys come from the seed (one per VM, recorded by the lab before the first boot).
rm -f "$rootfs"/etc/ssh/ssh_host_*
# Each VM must get its own machine id at first boot.
: >"$rootfs/etc/machine-id"
rm -f "$rootfs/var/lib/dbus/machine-id"
# Raspberry Pi OS's kernel command line file, so playbooks/rpi.yml edits it and reboots for real
# (the VM's own kernel command line is QEMU's).
if [ -n "$boot_cmdline" ]; then
  mkdir -p "$rootfs/boot/firmware" && echo "$boot_cmdline" >"$rootfs/boot/firmware/cmdline.txt"
fi

cp -L "$rootfs/vmlinuz" "$tmpout/vmlinuz"
cp -L "$rootfs/initrd.img" "$tmpout/initrd.img"
rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/usr/share/doc/* \
       "$rootfs"/usr/share/man/* "$rootfs"/tmp/*

truncate -s 8G "$tmpout/base.raw"
mkfs.ext4 -q -F -L swarmops-root -d "$rootfs" "$tmpout/base.raw"
qemu-img convert -O qcow2 "$tmpout/base.raw" "$tmpout/base.qcow2"
rm -f "$tmpout/base.raw"
rm -rf "$outdir" && mv "$tmpout" "$outdir"
echo "built $outdir"
