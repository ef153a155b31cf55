#!/usr/bin/env bash
# Puts ignition-validate (the Ignition project's validator, from Debian's `ignition` package) into the
# given bin directory without installing the package system-wide: the unit tests check the generated
# Ignition configs with it. Usage: scripts/install-ignition-validate.sh <bindir>
set -euo pipefail
bindir=$(realpath "${1:?usage: $0 <bindir>}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cd "$work"
if ! apt-get download ignition >/dev/null 2>&1; then
    # A fresh machine may have no package lists yet.
    if [ "$(id -u)" = 0 ]; then apt-get update -qq; fi
    apt-get download ignition >/dev/null
fi
dpkg-deb -x ignition_*.deb root
install -m 0755 root/usr/bin/ignition-validate "$bindir/ignition-validate"
"$bindir/ignition-validate" -version
