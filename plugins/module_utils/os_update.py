# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an operating system update would change on a node (no I/O: the os_update role runs the
package manager's simulation and hands its output here)."""

from __future__ import absolute_import, division, print_function

import re

__metaclass__ = type

SCOPES = ("all", "security")

# `apt-get -s dist-upgrade`: "Inst libssl3 [3.0.11-1~deb12u1] (3.0.11-1~deb12u2 Debian-Security:12/stable-security [amd64])"
# (the bracketed old version is absent for a new package).
_APT_INST = re.compile(r"^Inst (?P<name>\S+)(?: \[(?P<old>[^\]]*)\])? \((?P<new>\S+) (?P<origin>[^\[]*?)\s*(?:\[[^\]]*\])?\)")
# `dnf -q check-update`: "openssl-libs.x86_64   1:3.0.7-25.el9   updates" (a blank line and notes aside).
_DNF_LINE = re.compile(r"^(?P<name>[A-Za-z0-9_.+-]+)\.(?P<arch>[A-Za-z0-9_]+)\s+(?P<new>\S+)\s+(?P<origin>\S+)\s*$")


class OsUpdateError(ValueError):
    """A bad input, named with what is allowed."""


def _scope(scope):
    if scope not in SCOPES:
        raise OsUpdateError("os_update_scope=%r: allowed values are %s" % (scope, ", ".join(SCOPES)))
    return scope


def pending(output, package_manager, scope="all"):
    """The packages an update would install or upgrade.

    output: the simulation's standard output - `apt-get -s dist-upgrade` (package_manager apt) or
            `dnf -q check-update` (dnf, with --security already given for the security scope).
    scope: all, or security (apt: only packages from a *-security origin).
    Returns [{"name", "old", "new", "origin", "security"}] sorted by name.
    """
    _scope(scope)
    found = {}
    for line in (output or "").splitlines():
        if package_manager == "apt":
            match = _APT_INST.match(line.strip())
        elif package_manager in ("dnf", "dnf5", "yum"):
            match = _DNF_LINE.match(line.strip())
        else:
            raise OsUpdateError("package manager %r: the simulation can be read for apt and dnf only" % package_manager)
        if not match:
            continue
        item = match.groupdict()
        origin = (item.get("origin") or "").strip()
        security = "security" in origin.lower()
        if scope == "security" and package_manager == "apt" and not security:
            continue
        found[item["name"]] = {"name": item["name"], "old": item.get("old") or "", "new": item["new"],
                               "origin": origin, "security": security}
    return [found[name] for name in sorted(found)]
