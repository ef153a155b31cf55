# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare what a role wants on a host with what one read of the host found (module host_state).

A role's settled state is a few files, packages and services. Reading them in one module call and
deciding on the controller lets a re-run skip the role's change tasks (each a round trip) when
everything is in place. The comparison only ever says "in place" when every wanted item matches
exactly; anything it cannot tell (a virtual package, a unit enabled in another way, no systemd)
counts as a difference, and the role's own tasks then decide as before.

Pure functions: the module gathers the observations, these compare them (unit-tested).
"""

from __future__ import absolute_import, division, print_function

import hashlib
import re

from ansible.module_utils.common.text.converters import to_bytes

__metaclass__ = type

FILE_STATES = ("file", "directory", "present", "absent")
_MODE = re.compile(r"^0?[0-7]{3,4}$")


class HostStateError(ValueError):
    """A wanted item that cannot be compared (the message names it and what is allowed)."""


def normalize_mode(mode, where):
    """'644', '0644', 0o644 (int) -> '0644'; None stays None (not compared)."""
    if mode is None:
        return None
    if isinstance(mode, int):
        return "%04o" % mode
    text = str(mode)
    if not _MODE.match(text):
        raise HostStateError("%s: mode %r is not an octal mode such as 0644" % (where, mode))
    return "%04o" % int(text, 8)


def normalize_files(files):
    """Validate the wanted files: [{path, state, checksum, mode, owner, group}]."""
    result = []
    for item in files or []:
        if not isinstance(item, dict) or not str(item.get("path") or "").startswith("/"):
            raise HostStateError("file %r must be a dict with an absolute 'path'" % (item,))
        path = item["path"]
        state = item.get("state") or "file"
        if state not in FILE_STATES:
            raise HostStateError("file %s: state %r is not one of %s" % (path, state, ", ".join(FILE_STATES)))
        checksum = item.get("checksum")
        if checksum is not None and (state != "file" or not re.match(r"^[0-9a-f]{40}$", str(checksum))):
            raise HostStateError("file %s: checksum %r must be the 40 hex digits of a SHA-1, and only with state=file"
                                 % (path, checksum))
        result.append({"path": path, "state": state, "checksum": checksum,
                       "mode": normalize_mode(item.get("mode"), "file %s" % path),
                       "owner": item.get("owner"), "group": item.get("group")})
    return result


def normalize_services(services):
    """Validate the wanted services: [{name, enabled, started}] (None: not compared)."""
    result = []
    for item in services or []:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not item.get("name"):
            raise HostStateError("service %r must be a dict with a 'name'" % (item,))
        result.append({"name": item["name"], "enabled": item.get("enabled"), "started": item.get("started")})
    return result


def file_differences(wanted, found):
    """Wanted files (normalize_files) against what was read ({path: observation}) -> messages."""
    problems = []
    for item in wanted:
        seen = found.get(item["path"]) or {}
        path = item["path"]
        if item["state"] == "absent":
            if seen.get("exists"):
                problems.append("%s exists" % path)
            continue
        if not seen.get("exists"):
            problems.append("%s is missing" % path)
            continue
        kind = seen.get("kind")
        if item["state"] == "directory" and kind != "directory":
            problems.append("%s is a %s, not a directory" % (path, kind))
            continue
        if item["state"] == "file" and kind != "file":
            problems.append("%s is a %s, not a file" % (path, kind))
            continue
        if item["checksum"] is not None and seen.get("checksum") != item["checksum"]:
            problems.append("%s has other content" % path)
        for key in ("mode", "owner", "group"):
            if item[key] is not None and str(seen.get(key)) != str(item[key]):
                problems.append("%s: %s is %s, not %s" % (path, key, seen.get(key), item[key]))
    return problems


def parse_dpkg_status(output):
    """`dpkg-query -W -f '${Package}\\t${db:Status-Abbrev}\\n'` -> {package: installed?}."""
    result = {}
    for line in (output or "").splitlines():
        name, _, status = line.partition("\t")
        name = name.split(":", 1)[0].strip()  # multiarch suffix
        if name:
            result[name] = result.get(name, False) or status.startswith("ii")
    return result


def package_differences(wanted, installed):
    """Wanted package names against {name: installed?} -> messages."""
    return ["package %s is not installed" % name for name in wanted or [] if not installed.get(name)]


def parse_systemctl_show(output):
    """`systemctl show -p Id,LoadState,ActiveState,UnitFileState a b` -> {unit: {key: value}}."""
    units, current = {}, {}
    for line in (output or "").splitlines() + [""]:
        if not line.strip():
            if current.get("Id"):
                units[current["Id"]] = current
            current = {}
            continue
        key, _, value = line.partition("=")
        current[key] = value
    return units


def unit_name(name):
    """A service name as systemd names its unit (docker -> docker.service)."""
    return name if "." in name else name + ".service"


def service_summary(wanted, units):
    """{service name: {found, enabled, active}} for the wanted services, from parse_systemctl_show's result
    (found: the unit exists)."""
    summary = {}
    for item in wanted:
        unit = units.get(unit_name(item["name"])) or {}
        summary[item["name"]] = {"found": unit.get("LoadState") == "loaded",
                                 "enabled": unit.get("UnitFileState") == "enabled",
                                 "active": unit.get("ActiveState") == "active"}
    return summary


def service_differences(wanted, units):
    """Wanted services (normalize_services) against parse_systemctl_show's result -> messages."""
    problems = []
    for item in wanted:
        unit = units.get(unit_name(item["name"])) or {}
        if unit.get("LoadState") != "loaded":
            # A unit that does not exist is neither enabled nor started: fine when neither is wanted.
            if item["enabled"] or item["started"] or unit.get("LoadState") != "not-found":
                problems.append("service %s is not loaded (%s)" % (item["name"], unit.get("LoadState", "unknown")))
            continue
        if item["enabled"] is not None and (unit.get("UnitFileState") == "enabled") != bool(item["enabled"]):
            problems.append("service %s is %s" % (item["name"], unit.get("UnitFileState") or "not enabled"))
        if item["started"] is not None and (unit.get("ActiveState") == "active") != bool(item["started"]):
            problems.append("service %s is %s" % (item["name"], unit.get("ActiveState") or "not active"))
    return problems


def normalize_mounts(mounts):
    """Validate the wanted mounts: [{path, src, fstype, opts, dump, passno, mounted}]."""
    result = []
    for item in mounts or []:
        if not isinstance(item, dict) or not str(item.get("path") or "").startswith("/") or not item.get("src"):
            raise HostStateError("mount %r must be a dict with an absolute 'path' and a 'src'" % (item,))
        result.append({"path": item["path"], "src": item["src"], "fstype": item.get("fstype") or "auto",
                       "opts": item.get("opts") or "defaults", "dump": str(item.get("dump", "0")),
                       "passno": str(item.get("passno", "0")), "mounted": bool(item.get("mounted"))})
    return result


def _fstab_unescape(field):
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def parse_fstab(text):
    """fstab text -> {mount point: {src, fstype, opts, dump, passno}} (the last line of a mount point wins)."""
    entries = {}
    for line in (text or "").splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#") or len(fields) < 4:
            continue
        entries[_fstab_unescape(fields[1])] = {
            "src": _fstab_unescape(fields[0]), "fstype": fields[2], "opts": fields[3],
            # Missing fields are not "0" here: ansible.posix.mount rewrites such a line.
            "dump": fields[4] if len(fields) > 4 else None, "passno": fields[5] if len(fields) > 5 else None}
    return entries


def mount_differences(wanted, fstab, mounted, existing=None):
    """Wanted mounts against the fstab entries (parse_fstab), the mounted paths and the existing mount
    points (sets; existing None: not compared) -> messages.

    The fstab line must be exactly what ansible.posix.mount writes (src, fstype, opts, dump, passno).
    """
    problems = []
    for item in wanted:
        if existing is not None and item["path"] not in existing:
            problems.append("mount point %s is missing" % item["path"])
        entry = fstab.get(item["path"])
        if entry is None:
            problems.append("fstab has no entry for %s" % item["path"])
        else:
            for key in ("src", "fstype", "opts", "dump", "passno"):
                if entry[key] != item[key]:
                    problems.append("fstab entry of %s: %s is %s, not %s" % (item["path"], key, entry[key], item[key]))
        if item["mounted"] and item["path"] not in mounted:
            problems.append("%s is not mounted" % item["path"])
    return problems


def normalize_nft_tables(tables):
    """Validate the wanted nftables tables: [{name: "inet swarmops", contains: text or None}]."""
    result = []
    for item in tables or []:
        name = str((item or {}).get("name") or "").strip()
        if len(name.split()) != 2 or name.split()[0] not in ("ip", "ip6", "inet", "arp", "bridge", "netdev"):
            raise HostStateError("nft table %r must be '<family> <name>' with a family of ip, ip6, inet, arp, bridge, "
                                 "netdev" % (name,))
        result.append({"name": name, "contains": item.get("contains")})
    return result


def nft_table_differences(wanted, listings):
    """wanted: normalize_nft_tables(); listings: {name: `nft list table` output, or None when it is not
    loaded}. A table flushed away (nft flush ruleset, another tool's reload) or loaded from other rules
    than the file (its `contains` text, e.g. the ruleset's tag, is missing) is a difference."""
    differences = []
    for item in wanted:
        listing = listings.get(item["name"])
        if listing is None:
            differences.append("nft table %s is not loaded" % item["name"])
        elif item["contains"] and item["contains"] not in listing:
            differences.append("nft table %s is loaded from other rules than its file" % item["name"])
    return differences


def normalize_group_members(items):
    """Validate the wanted memberships: [{group: "docker", users: ["pi"]}] (names, no empty ones)."""
    result = []
    for item in items or []:
        group = str((item or {}).get("group") or "").strip()
        users = [str(user).strip() for user in (item or {}).get("users") or []]
        if not group or not all(users):
            raise HostStateError("group_members needs a group name and user names, got group %r with users %r"
                                 % (group, users))
        result.append({"group": group, "users": users})
    return result


def member_differences(wanted, groups, users):
    """wanted: normalize_group_members(); groups: {name: (gid, [member names])} as /etc/group holds them;
    users: {name: primary gid}. A user counts as a member by the group's member list or as its primary
    group. A group or a user that does not exist is a difference too (the role's tasks then say so)."""
    differences = []
    for item in wanted:
        if item["group"] not in groups:
            differences.append("group %s does not exist" % item["group"])
            continue
        gid, members = groups[item["group"]]
        for user in item["users"]:
            if user not in users:
                differences.append("user %s does not exist" % user)
            elif user not in members and users[user] != gid:
                differences.append("user %s is not in group %s" % (user, item["group"]))
    return differences


# What host_state compares of a managed file; other keys of a role's list (validate, restart, ...) are
# for the role's own change tasks.
_COMPARED = ("path", "state", "checksum", "mode", "owner", "group")


def files_to_compare(managed):
    """A role's managed files, as its change tasks write them ({path, content or state: directory, mode,
    owner, group, ...}), as host_state compares them: the content becomes its SHA-1 (of the UTF-8 text),
    keys only the change tasks use are left out. One list for both, so they cannot describe two states."""
    result = []
    for item in managed or []:
        if not isinstance(item, dict) or not item.get("path"):
            raise HostStateError("a managed file needs a path, got %r" % (item,))
        if "content" in item and item.get("state", "file") != "file":
            raise HostStateError("managed file %s has content and state %s; content goes with state file"
                                 % (item["path"], item["state"]))
        wanted = dict((key, item[key]) for key in _COMPARED if key in item)
        if "content" in item:
            wanted["checksum"] = hashlib.sha1(to_bytes(item["content"], errors="surrogate_or_strict")).hexdigest()
        result.append(wanted)
    return result
