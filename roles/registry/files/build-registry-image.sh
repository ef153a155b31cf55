#!/usr/bin/env bash
# Build a registry image offline from Debian's docker-registry package (no image registry needed):
# the registry binary, the libraries it links, nothing else. Same command, config path and data
# path as the official registry:2 image, so both run from the same stack definition.
# Usage: build-registry-image.sh IMAGE:TAG   (prints "built" when it built, "present" otherwise)
set -euo pipefail
image=$1
if docker image inspect "$image" >/dev/null 2>&1; then
  echo present
  exit 0
fi
# Not under /tmp: often a noexec tmpfs, where ldd cannot inspect the binary.
work=$(mktemp -d -p /var/tmp)
trap 'rm -rf "$work"' EXIT
cd "$work"
chmod 0755 "$work"  # apt-get download drops privileges to _apt when it can
apt-get download docker-registry >/dev/null 2>&1 || { apt-get update -qq && apt-get download docker-registry >/dev/null; }
dpkg-deb -x docker-registry_*.deb pkg
mkdir -p rootfs/usr/bin rootfs/etc/docker/registry rootfs/var/lib/registry rootfs/tmp
cp pkg/usr/bin/docker-registry rootfs/usr/bin/registry
for lib in $(ldd rootfs/usr/bin/registry | grep -o '/[^ )]*' || true); do
  cp --parents -L "$lib" rootfs/
done
chmod 1777 rootfs/tmp
cat > rootfs/etc/docker/registry/config.yml <<'CONFIG'
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
CONFIG
tar -C rootfs -c . | docker import \
  -c 'ENTRYPOINT ["/usr/bin/registry"]' \
  -c 'CMD ["serve", "/etc/docker/registry/config.yml"]' \
  -c 'EXPOSE 5000' \
  -c 'VOLUME ["/var/lib/registry"]' \
  - "$image" >/dev/null
echo built
