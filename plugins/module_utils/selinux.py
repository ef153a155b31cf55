# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SELinux file contexts for the host paths that swarm services bind-mount.

Swarm mode ignores the ``:z``/``:Z`` relabel options of bind mounts (moby/moby#36282: "set it to
the desired label on the host"), so on SELinux hosts (Fedora CoreOS) the host side must carry
``container_file_t`` before a service starts. These helpers turn a list of host paths into
persistent file-context rules (the regular expressions ``semanage fcontext`` takes), refusing the
system paths Docker itself refuses to relabel.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath

# The first three lines are what Docker refuses to relabel (go-selinux label.Relabel): relabelling
# one of them container_file_t would lock the host's own services out. Added here: /mnt, the /var
# twins where Fedora CoreOS (ostree) really keeps /home, /srv, /opt, /root, /media and /mnt, its
# /sysroot, and Docker's own /var/lib/docker.
SYSTEM_PATHS = frozenset([
    "/", "/bin", "/boot", "/dev", "/etc", "/etc/passwd", "/etc/pki", "/etc/shadow", "/home",
    "/lib", "/lib64", "/media", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp",
    "/usr", "/var", "/var/lib", "/var/log",
    "/mnt", "/sysroot", "/var/home", "/var/srv", "/var/opt", "/var/roothome", "/var/mnt",
    "/var/media", "/var/lib/docker",
])
# A user's whole home directory is refused too (Docker refuses $HOME and the sudo user's home).
HOME_PARENTS = frozenset(["/home", "/var/home"])

# Characters with a meaning in the PCRE regular expressions of file-context specifications.
_REGEX_SPECIAL = frozenset("\\.^$|?*+()[]{}")


class SELinuxPathError(ValueError):
    """A bind-mount path that cannot be given a container file context."""


def fcontext_regex(path):
    """Literal path -> the file-context expression matching it and everything below it."""
    escaped = "".join("\\" + char if char in _REGEX_SPECIAL else char for char in path)
    return escaped + "(/.*)?"


def normalise_path(path):
    """Validate one host path and return it in canonical form (no trailing or doubled slashes)."""
    if not isinstance(path, str) or not path.strip():
        raise SELinuxPathError("bind-mount path %r: expected a non-empty absolute path (string)" % (path,))
    if not path.startswith("/"):
        raise SELinuxPathError("bind-mount path %r is relative: give an absolute host path such as /srv/app/data" % path)
    if any(ord(char) < 32 for char in path):
        raise SELinuxPathError("bind-mount path %r contains a control character" % path)
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in parts):
        raise SELinuxPathError("bind-mount path %r contains '.' or '..': give the real path" % path)
    canonical = posixpath.join("/", *parts)
    if canonical in SYSTEM_PATHS:
        raise SELinuxPathError(
            "bind-mount path %r is a system path; relabelling it container_file_t would break the host "
            "(Docker refuses it too). Bind-mount a folder of its own below it, e.g. %s/<app>. Refused: %s"
            % (path, canonical.rstrip("/"), ", ".join(sorted(SYSTEM_PATHS))))
    if posixpath.dirname(canonical) in HOME_PARENTS:
        raise SELinuxPathError(
            "bind-mount path %r is a user's home directory; bind-mount a folder below it instead" % path)
    return canonical


def container_file_rules(paths, setype="container_file_t"):
    """Host paths -> [{path, target, setype}] for community.general.sefcontext, in input order.

    Duplicates are dropped; a path inside another listed path keeps its own (redundant) rule.
    """
    if paths is None:
        return []
    if isinstance(paths, str) or not isinstance(paths, (list, tuple)):
        raise SELinuxPathError("bind-mount paths must be a list of absolute paths, got %r" % (paths,))
    if not isinstance(setype, str) or not setype.endswith("_t") or any(c.isspace() or c == ":" for c in setype):
        raise SELinuxPathError("SELinux type %r: expected a bare type name such as container_file_t" % (setype,))
    rules, seen = [], set()
    for path in paths:
        canonical = normalise_path(path)
        if canonical in seen:
            continue
        seen.add(canonical)
        rules.append({"path": canonical, "target": fcontext_regex(canonical), "setype": setype})
    return rules
