#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: host_state
short_description: Read in one call whether a host's files, packages and services are as wanted
version_added: 0.1.0
description:
  - Reads the files, packages and services a role manages and compares them with what the role wants, in one
    round trip. Returns RV(in_place=true) only when every item matches exactly; the role then skips its change
    tasks (a file, a copy, a package and a service task are four round trips per host on every run).
  - Never changes anything. Anything it cannot tell counts as a difference (a name that is a virtual package, a
    unit enabled in another way than C(enabled), a host without systemd); the role's own tasks then decide, as
    they would without this module.
  - Package state comes from C(dpkg-query) (Debian family) or C(rpm) (Red Hat family); services from
    C(systemctl show).
author:
  - swarmops.cluster maintainers (@swarmops)
options:
  files:
    description: Files and directories that must exist as described.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Absolute path.
        type: path
        required: true
      state:
        description: V(file) (a regular file), V(directory), V(present) (anything at that path) or V(absent) (nothing there).
        type: str
        choices: [file, directory, present, absent]
        default: file
      checksum:
        description: SHA-1 of the wanted content (e.g. C(content | hash('sha1'))); not compared when omitted.
        type: str
      mode:
        description: Wanted mode in octal (V(0644)); not compared when omitted.
        type: raw
      owner:
        description: Wanted owner name; not compared when omitted.
        type: str
      group:
        description: Wanted group name; not compared when omitted.
        type: str
  packages:
    description: Package names that must be installed.
    type: list
    elements: str
    default: []
  services:
    description: systemd services (a name without a suffix means C(.service)).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Unit name.
        type: str
        required: true
      enabled:
        description: Wanted enablement (C(UnitFileState=enabled)); not compared when omitted.
        type: bool
      started:
        description:
          - Wanted activity (C(ActiveState=active)); not compared when omitted.
          - A unit that does not exist matches when neither O(services[].enabled) nor O(services[].started) is V(true)
            (e.g. C(firewalld) that must not run).
        type: bool
  mounts:
    description:
      - Mounts that must be in C(/etc/fstab) exactly as M(ansible.posix.mount) writes them, with their mount point
        an existing directory, and mounted when O(mounts[].mounted=true).
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Mount point.
        type: path
        required: true
      src:
        description: Device or remote share (C(server:/path)).
        type: str
        required: true
      fstype:
        description: File system type.
        type: str
        default: auto
      opts:
        description: Mount options, comma-separated, in the order written.
        type: str
        default: defaults
      dump:
        description: The fifth fstab field.
        type: str
        default: "0"
      passno:
        description: The sixth fstab field.
        type: str
        default: "0"
      mounted:
        description: Whether it must be mounted now as well.
        type: bool
        default: false
  nft_tables:
    description:
      - nftables tables that must be loaded now (C(nft list table)), not only written to a file - a ruleset flushed by
        C(nft flush ruleset) or by another tool's reload is a difference.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Family and name, e.g. V(inet swarmops).
        type: str
        required: true
      contains:
        description: A text the loaded table must contain (e.g. the tag comment of the ruleset that was written).
        type: str
  group_members:
    description:
      - Users that must belong to a group (as a supplementary group, or as their primary group). A user or a group
        that does not exist is a difference.
    type: list
    elements: dict
    default: []
    suboptions:
      group:
        description: Group name.
        type: str
        required: true
      users:
        description: User names.
        type: list
        elements: str
        default: []
  docker_info:
    description:
      - Also return the engine's C(docker info) (from the C(docker) command) as RV(docker_info), so that a later
        play of the same run needs no read of its own while nothing changed. Not compared.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Only reads.
  diff_mode:
    support: none
    description: Nothing is changed.
"""

EXAMPLES = r"""
- name: Read the engine's configuration, packages and service in one call
  swarmops.cluster.host_state:
    files:
      - {path: /etc/docker, state: directory, mode: "0755", owner: root, group: root}
      - path: /etc/docker/daemon.json
        checksum: "{{ daemon_json_text | hash('sha1') }}"
        mode: "0644"
        owner: root
        group: root
    packages: [docker.io, python3-docker]
    services:
      - {name: docker, enabled: true, started: true}
    group_members:
      - {group: docker, users: [pi]}
  register: engine_state

- name: Configure the engine only when something differs
  when: not engine_state.in_place
  ansible.builtin.debug:
    msg: "{{ engine_state.differences }}"
"""

RETURN = r"""
in_place:
  description: Whether every wanted file, package, service, mount, nftables table and group member matches.
  returned: always
  type: bool
  sample: true
docker_info:
  description:
    - The engine's C(docker info) as the Docker API returns it (keys C(Name), C(Swarm), ...).
    - V(null) when the engine does not answer.
  returned: when O(docker_info=true)
  type: dict
  sample: {"Name": "manager-1", "Swarm": {"LocalNodeState": "active", "NodeID": "x2k...", "ControlAvailable": true}}
nft_tables:
  description: Each table of O(nft_tables) and whether it is loaded as wanted.
  returned: always
  type: dict
  sample: {"inet swarmops": true}
packages:
  description: Each package of O(packages) and whether it is installed.
  returned: always
  type: dict
  sample: {"nftables": true}
services:
  description:
    - Each service of O(services) as found - C(found) (the unit exists), C(enabled), C(active).
    - Lets a caller decide without asking again (for example which firewall runs).
  returned: always
  type: dict
  sample: {"firewalld": {"found": false, "enabled": false, "active": false}}
differences:
  description: What does not match, one sentence each (empty when RV(in_place)).
  returned: always
  type: list
  elements: str
  sample: ["/etc/docker/daemon.json has other content", "service docker is inactive"]
"""

import grp
import hashlib
import json
import os
import pwd
import stat

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.swarmops.cluster.plugins.module_utils.host_state import (
    HostStateError,
    file_differences,
    member_differences,
    normalize_group_members,
    mount_differences,
    normalize_mounts,
    parse_fstab,
    normalize_files,
    normalize_nft_tables,
    nft_table_differences,
    normalize_services,
    package_differences,
    parse_dpkg_status,
    parse_systemctl_show,
    service_differences,
    service_summary,
    unit_name,
)


def _name(lookup, number):
    try:
        return lookup(number)[0]
    except KeyError:
        return str(number)


def observe_file(path, want_checksum):
    try:
        info = os.lstat(path)
    except OSError:
        return {"exists": False}
    if stat.S_ISLNK(info.st_mode):
        kind = "link"
    elif stat.S_ISDIR(info.st_mode):
        kind = "directory"
    elif stat.S_ISREG(info.st_mode):
        kind = "file"
    else:
        kind = "special file"
    seen = {"exists": True, "kind": kind, "mode": "%04o" % stat.S_IMODE(info.st_mode),
            "owner": _name(pwd.getpwuid, info.st_uid), "group": _name(grp.getgrgid, info.st_gid)}
    if want_checksum and kind == "file":
        digest = hashlib.sha1()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(65536), b""):
                digest.update(block)
        seen["checksum"] = digest.hexdigest()
    return seen


def installed_packages(module, names):
    if not names:
        return {}
    dpkg = module.get_bin_path("dpkg-query")
    if dpkg:
        # rc 1 when a name is unknown: the others are still listed.
        _rc, out, _err = module.run_command([dpkg, "-W", "-f", "${Package}\t${db:Status-Abbrev}\n"] + list(names))
        return parse_dpkg_status(out)
    rpm = module.get_bin_path("rpm")
    if rpm:
        _rc, out, _err = module.run_command([rpm, "-q", "--qf", "%{NAME}\tii\n"] + list(names))
        return parse_dpkg_status("\n".join(line for line in out.splitlines() if "\t" in line))
    return {}


def unit_states(module, names):
    systemctl = module.get_bin_path("systemctl") if names else None
    if not systemctl:
        return {}
    units = [unit_name(name) for name in names]
    _rc, out, _err = module.run_command([systemctl, "show", "-p", "Id,LoadState,ActiveState,UnitFileState"] + units)
    return parse_systemctl_show(out)


def read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return ""


def nft_listings(module, tables):
    nft = module.get_bin_path("nft") if tables else None
    listings = {}
    for item in tables:
        rc, out, _err = module.run_command([nft] + ["list", "table"] + item["name"].split()) if nft else (1, "", "")
        listings[item["name"]] = out if rc == 0 else None
    return listings


def group_database(memberships):
    """{group: (gid, members)} and {user: primary gid} for the groups and users named, as the system's
    name service gives them (the ones that do not exist are left out)."""
    groups, users = {}, {}
    for item in memberships:
        try:
            entry = grp.getgrnam(item["group"])
            groups[item["group"]] = (entry.gr_gid, list(entry.gr_mem))
        except KeyError:
            pass
        for user in item["users"]:
            try:
                users[user] = pwd.getpwnam(user).pw_gid
            except KeyError:
                pass
    return groups, users


def engine_info(module):
    docker = module.get_bin_path("docker")
    if not docker:
        return None
    rc, out, _err = module.run_command([docker, "info", "--format", "{{json .}}"])
    if rc != 0:
        return None
    try:
        info = json.loads(out)
    except ValueError:
        return None
    # A CLI that reaches no engine still prints its client part; without the server part there is no answer.
    if not isinstance(info, dict) or info.get("ServerErrors") or "Swarm" not in info:
        return None
    return info


def main():
    module = AnsibleModule(
        argument_spec=dict(
            files=dict(type="list", elements="dict", default=[], options=dict(
                path=dict(type="path", required=True),
                state=dict(type="str", default="file", choices=["file", "directory", "present", "absent"]),
                checksum=dict(type="str"),
                mode=dict(type="raw"),
                owner=dict(type="str"),
                group=dict(type="str"),
            )),
            packages=dict(type="list", elements="str", default=[]),
            mounts=dict(type="list", elements="dict", default=[], options=dict(
                path=dict(type="path", required=True),
                src=dict(type="str", required=True),
                fstype=dict(type="str", default="auto"),
                opts=dict(type="str", default="defaults"),
                dump=dict(type="str", default="0"),
                passno=dict(type="str", default="0", no_log=False),
                mounted=dict(type="bool", default=False),
            )),
            docker_info=dict(type="bool", default=False),
            group_members=dict(type="list", elements="dict", default=[], options=dict(
                group=dict(type="str", required=True),
                users=dict(type="list", elements="str", default=[]),
            )),
            nft_tables=dict(type="list", elements="dict", default=[], options=dict(
                name=dict(type="str", required=True),
                contains=dict(type="str"),
            )),
            services=dict(type="list", elements="dict", default=[], options=dict(
                name=dict(type="str", required=True),
                enabled=dict(type="bool"),
                started=dict(type="bool"),
            )),
        ),
        supports_check_mode=True,
    )
    try:
        files = normalize_files(module.params["files"])
        services = normalize_services(module.params["services"])
        mounts = normalize_mounts(module.params["mounts"])
        tables = normalize_nft_tables(module.params["nft_tables"])
        memberships = normalize_group_members(module.params["group_members"])
    except HostStateError as exc:
        module.fail_json(msg=str(exc))
    found = dict((item["path"], observe_file(item["path"], item["checksum"] is not None)) for item in files)
    installed = installed_packages(module, module.params["packages"])
    units = unit_states(module, [s["name"] for s in services])
    table_differences = dict((item["name"], nft_table_differences([item], nft_listings(module, [item])))
                             for item in tables)
    differences = (file_differences(files, found)
                   + package_differences(module.params["packages"], installed)
                   + service_differences(services, units)
                   + (mount_differences(mounts, parse_fstab(read_text("/etc/fstab")),
                                        set(m["path"] for m in mounts if os.path.ismount(m["path"])),
                                        set(m["path"] for m in mounts if os.path.isdir(m["path"])))
                      if mounts else [])
                   + [text for name in sorted(table_differences) for text in table_differences[name]]
                   + (member_differences(memberships, *group_database(memberships)) if memberships else []))
    result = dict(changed=False, in_place=not differences, differences=differences,
                  packages=dict((name, bool(installed.get(name))) for name in module.params["packages"]),
                  services=service_summary(services, units),
                  nft_tables=dict((name, not found) for name, found in table_differences.items()))
    if module.params["docker_info"]:
        result["docker_info"] = engine_info(module)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
