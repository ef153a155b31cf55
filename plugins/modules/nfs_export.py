#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: nfs_export
short_description: Manage one NFS export in /etc/exports (or a drop-in), keeping everything else
version_added: 0.1.0
description:
  - Adds, updates or removes the entry of one exported O(path) in an exports(5) file. Every other line,
    comment and continuation line of the file is kept byte for byte; duplicate entries of the same
    path are merged into one; an entry whose clients and options are equal (options in another order,
    other spacing or quoting) is not a change.
  - Validates before writing. Unknown options, contradictory ones (V(rw) with V(ro), V(sync) with
    V(async), V(root_squash) with V(no_root_squash), ...), malformed client specs and relative paths
    fail with a message that names the bad value.
  - Option values are checked too (V(sec=) flavours, V(refer=)/V(replicas=) locations, V(mp=) paths,
    numeric ids). No value may hold spaces, newlines, parentheses, commas, quotes or C(#), so a value
    can never add a second export to the file.
  - Exporting to every host (V(*), V(**), a C(/0) network however written) with V(rw), V(no_root_squash) or
    V(insecure) works but gives an Ansible warning; so does squashing to id 0 (V(anonuid=0) without
    V(no_root_squash)). Ids from 2^32 up (which wrap around to root) and IPv4 addresses with leading zeros
    (which exportfs reads as octal) are refused.
  - The file is read as exportfs reads it - lines end at a newline only, a trailing C(\\) continues a line -
    and an entry is never appended right after a foreign continuation line (an empty line ends it first).
    An entry longer than 1024 characters (what nfs-utils reads per line) is refused.
  - When the file changed, runs C(exportfs -ra). If exportfs rejects the file, or only B(warns) about
    O(path) (it exits 0 on dangerous mistakes such as a space before C(\(), which exports to the whole
    world), the previous file is restored and the module fails with exportfs's own message. Nothing is
    lost. Warnings about other lines of the file are passed on as Ansible warnings and do not block
    the change.
  - The file is replaced atomically through a new temporary file in the same directory; a symbolic
    link at O(dest) stays a link (its target is updated); line endings (LF or CRLF) and bytes that are
    not UTF-8 are kept.
author:
  - swarmops.cluster maintainers (@swarmops)
options:
  path:
    description:
      - Exported directory, absolute. C(~) is not expanded and C(.)/C(..) parts are refused.
      - Octal escapes of exports(5) (V(\\040) for a space) are read as exportfs reads them. On write,
        a path with whitespace is quoted, and C(#) and C(\\) are written as octal escapes. Double quotes,
        control characters, Unicode line separators and paths longer than 1024 characters are refused.
      - Taken in its canonical spelling (V(/srv/x/) and V(//srv/x) are V(/srv/x), and match an entry written either
        way). A path that is, or goes through, a symbolic link gives a warning.
    type: str
    required: true
  clients:
    description:
      - Who may mount it, in order (the first matching client wins). Required with O(state=present).
      - V(no_subtree_check) is added to a client that chooses neither V(subtree_check) nor
        V(no_subtree_check) (exportfs's own default, stated so it does not warn).
    type: list
    elements: dict
    suboptions:
      host:
        description: A host name, IP address, CIDR (V(10.0.0.0/24)) or address/netmask, wildcard (V(*.lab)), V(@netgroup) or V(*).
        type: str
        required: true
      options:
        description: Export options of exports(5), e.g. V([rw, sync, root_squash]).
        type: list
        elements: str
        default: []
  state:
    description: V(present) exports O(path) to O(clients); V(absent) removes its entry.
    type: str
    choices: [present, absent]
    default: present
  dest:
    description:
      - The exports file. C(/etc/exports), or a drop-in C(/etc/exports.d/<name>.exports).
      - It must be a regular file (or not exist yet); a directory, FIFO, device or socket is refused.
    type: path
    default: /etc/exports
  create:
    description: Create O(path) (with O(owner), O(group), O(mode)) when it does not exist.
    type: bool
    default: false
  owner:
    description: Owner of O(path) when O(create=true) (also applied to an existing directory).
    type: str
  group:
    description: Group of O(path) when O(create=true) (also applied to an existing directory).
    type: str
  mode:
    description: Mode of O(path) when O(create=true) (also applied to an existing directory). Not 0777 unless you mean it.
    type: raw
  reload:
    description: Run C(exportfs -ra) after a change (and restore the file if it fails or warns).
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Validates and reports the change (and the diff) without writing or reloading.
  diff_mode:
    support: full
    description: Shows the exports file before and after.
notes:
  - C(exportfs) is a userspace parser; it works without a running NFS server, so the file is checked
    even where nfsd is missing.
"""

EXAMPLES = r"""
- name: Export the shared folder to the swarm subnet only (root squashed)
  swarmops.cluster.nfs_export:
    path: /srv/nfs/shared
    clients:
      - host: 192.168.66.0/24
        options: [rw, sync, root_squash]
    create: true
    owner: root
    group: root
    mode: "0755"

- name: The classic wide-open export, asked for explicitly
  swarmops.cluster.nfs_export:
    path: /srv/nfs/media
    clients:
      - host: "*"
        options: [rw, sync, no_subtree_check]

- name: A drop-in file instead of /etc/exports
  swarmops.cluster.nfs_export:
    path: /srv/nfs/backups
    dest: /etc/exports.d/swarmops.exports
    clients:
      - {host: backup.lan, options: [ro]}

- name: Stop exporting a path
  swarmops.cluster.nfs_export:
    path: /srv/nfs/old
    state: absent
"""

RETURN = r"""
entry:
  description: The line written for O(path) (empty with O(state=absent)).
  returned: always
  type: str
  sample: "/srv/nfs/shared 192.168.66.0/24(rw,sync,root_squash,no_subtree_check)\n"
clients:
  description: The validated clients as written.
  returned: with O(state=present)
  type: list
  elements: dict
exportfs:
  description: Output of C(exportfs -ra) when it ran.
  returned: when the file changed and O(reload=true)
  type: str
"""

import os
import stat
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.swarmops.cluster.plugins.module_utils.nfs_exports import (
    ExportsError,
    apply,
    entry_line,
    export_warnings,
    exportfs_problems,
    normalize_clients,
    problems_about,
    render_entry,
    validate_path,
)

# Bytes that are not UTF-8 survive a read and a write unchanged.
ENCODING = "utf-8"
ERRORS = "surrogateescape"


def target_of(dest):
    """The file to replace: a symbolic link's target (the link itself stays)."""
    return os.path.realpath(dest) if os.path.islink(dest) else dest


def read(module, dest):
    """The exports file's text, or None when it does not exist; a clear failure for anything else."""
    target = target_of(dest)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        # Opening a FIFO would hang; replacing a device or socket by a file would break what it is.
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else
                "a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        module.fail_json(msg="dest=%s is %s, not an exports file (a regular file)" % (dest, kind))
    try:
        with open(target, "rb") as handle:
            return handle.read().decode(ENCODING, ERRORS)
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot read %s: %s" % (dest, to_native(exc)))


def write(module, dest, text):
    """Replace the file atomically: a new temporary file in the same directory (created exclusively,
    never through an existing name or link), then a rename over the target."""
    target = target_of(dest)
    folder = os.path.dirname(target) or "."
    try:
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".%s." % os.path.basename(target), suffix=".swarmops")
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot create a temporary file in %s to write %s: %s" % (folder, dest, to_native(exc)))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode(ENCODING, ERRORS))
    except (IOError, OSError) as exc:
        os.remove(tmp)
        module.fail_json(msg="cannot write %s: %s" % (tmp, to_native(exc)))
    # atomic_move keeps the target's owner, mode and SELinux context, and fails with a message (for
    # example on an immutable file) rather than a traceback.
    module.atomic_move(tmp, target)


def printable(text):
    """Text read with surrogateescape, made safe for the module's JSON answer."""
    return text.encode(ENCODING, ERRORS).decode(ENCODING, "replace")


def restore(module, dest, before):
    if before is None:
        os.remove(target_of(dest))
    else:
        write(module, dest, before)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="str", required=True),
            clients=dict(type="list", elements="dict", options=dict(
                host=dict(type="str", required=True),
                options=dict(type="list", elements="str", default=[]),
            )),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            dest=dict(type="path", default="/etc/exports"),
            create=dict(type="bool", default=False),
            owner=dict(type="str"),
            group=dict(type="str"),
            mode=dict(type="raw"),
            reload=dict(type="bool", default=True),
        ),
        required_if=[("state", "present", ["clients"])],
        supports_check_mode=True,
    )
    p = module.params
    dest = p["dest"]
    if os.path.dirname(dest) == "/etc/exports.d" and not dest.endswith(".exports"):
        module.fail_json(msg="dest=%s is ignored by exportfs: drop-ins in /etc/exports.d must end in .exports" % dest)
    try:
        path = validate_path(p["path"])
        clients = normalize_clients(p["clients"]) if p["state"] == "present" else []
    except ExportsError as exc:
        module.fail_json(msg=to_native(exc))

    result = dict(changed=False, entry=render_entry(path, clients) if clients else "", clients=clients)
    if os.path.realpath(path) != path and os.path.exists(path):
        module.warn("path %s is, or goes through, a symbolic link to %s: exportfs exports the real directory, and "
                    "a client sees the link's target; give the real path" % (path, os.path.realpath(path)))
    for warning in export_warnings([{"path": path, "clients": clients}]):
        module.warn(warning)

    # Everything is validated and the file is readable before anything is created or written.
    before = read(module, dest)
    after, changed = apply(before or "", path, clients, p["state"])

    created = None
    if p["state"] == "present" and p["create"]:
        if not os.path.isdir(path):
            result["changed"] = True
            if not module.check_mode:
                try:
                    os.makedirs(path)
                except OSError as exc:
                    module.fail_json(msg="cannot create %s: %s" % (path, to_native(exc)))
                created = path
        if os.path.isdir(path):
            file_args = module.load_file_common_arguments(dict(path=path, owner=p["owner"], group=p["group"],
                                                               mode=p["mode"]))
            result["changed"] = module.set_fs_attributes_if_different(file_args, result["changed"])

    if not changed:
        module.exit_json(**result)
    result["changed"] = True
    if module._diff:
        # Bytes of the file that are not UTF-8 are shown replaced (they are written back unchanged).
        result["diff"] = dict(before=printable(before or ""), after=printable(after), before_header=dest,
                              after_header=dest)
    if module.check_mode:
        module.exit_json(**result)

    parent = os.path.dirname(target_of(dest))
    if not os.path.isdir(parent):
        try:
            os.makedirs(parent)
        except OSError as exc:
            module.fail_json(msg="cannot create %s for %s: %s" % (parent, dest, to_native(exc)))
    write(module, dest, after)
    if p["reload"]:
        exportfs = module.get_bin_path("exportfs")
        if not exportfs:
            restore(module, dest, before)
            module.fail_json(msg="exportfs not found: install the NFS server (nfs-kernel-server / nfs-utils) or set "
                                 "reload=false; %s was left unchanged" % dest)
        rc, out, err = module.run_command([exportfs, "-ra"])
        problems = exportfs_problems(err) + exportfs_problems(out)
        ours, foreign = problems_about(problems, path, entry_line(after, path))
        result["exportfs"] = (out + err).strip()
        if rc != 0 or ours:
            restore(module, dest, before)
            module.run_command([exportfs, "-ra"])  # back to what the restored file says
            if created:
                try:
                    os.rmdir(created)  # nothing is left of a refused change
                except OSError:
                    pass
            module.fail_json(msg="exportfs -ra %s, so %s was restored as it was: %s" % (
                "failed (rc=%d)" % rc if rc else "warned about %s" % path, dest,
                "; ".join(ours if not rc else problems) or (err or out).strip()),
                rc=rc, stdout=out, stderr=err)
        for problem in foreign:
            module.warn("exportfs -ra warned about another entry of %s (not changed by this task): %s"
                        % (dest, problem))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
