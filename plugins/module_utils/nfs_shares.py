# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The NFS shares of a cluster: the collection-wide export list (swarmops_nfs_exports) planned once.

- plan_exports: what the server exports (paths, clients and options validated by the exports file
  editor, nfs_exports.py), with each share's owner, mode, mount point and volume name;
- client_view: what a client needs of the same list (path, mount point, volume name), without the
  server's clients and options: the nfs_client role's fstab entries (client_mounts) and the stack
  role's compose volumes (compose_volumes) start from it.
"""

from __future__ import absolute_import, division, print_function

import re

from ansible_collections.swarmops.cluster.plugins.module_utils.nfs_exports import (
    ExportsError,
    normalize_clients,
    normalize_options,
    validate_path,
)

__metaclass__ = type

EXPORT_KEYS = ("path", "clients", "options", "owner", "group", "mode", "create", "mount", "volume")

# The export list when swarmops_nfs_exports is not set (nfs_server exports it, nfs_client mounts it,
# the firewall opens NFS for it, the stacks get a volume for it): one share, as in the tutorials.
DEFAULT_EXPORTS = ({"path": "/srv/nfs/shared"},)

# The systemd unit of each NFS server implementation (nfs_server starts it, nfs_client orders the
# server node's own mount after it).
SERVER_UNITS = {"kernel": "nfs-server", "ganesha": "nfs-ganesha"}


def exports_or_default(exports=None):
    """swarmops_nfs_exports as set, or DEFAULT_EXPORTS (a fresh copy) when it is not set (None)."""
    if exports is None:
        return [dict(item) for item in DEFAULT_EXPORTS]
    return exports


def server_unit(implementation):
    """The systemd unit name (without .service) of an NFS server implementation."""
    if implementation not in SERVER_UNITS:
        raise ExportsError("NFS server implementation %r is not one of %s"
                           % (implementation, ", ".join(sorted(SERVER_UNITS))))
    return SERVER_UNITS[implementation]


def plan_exports(exports, default_clients, default_options):
    """The collection's export list (swarmops_nfs_exports) -> validated exports.

    Each item: path (required), clients (list of {host, options}; default: every default client with
    `options`), options (default_options), owner/group/mode (of the directory), create (default true),
    mount (client mount point; default /mnt/<last path part>), volume (compose volume name; default
    the last path part). Returns items with every key set and clients validated.
    """
    if not isinstance(exports, list):
        raise ExportsError("the export list must be a list of {path, ...}, got %r" % (exports,))
    result, paths = [], set()
    for item in exports:
        if isinstance(item, str):
            item = {"path": item}
        if not isinstance(item, dict):
            raise ExportsError("export %r must be a dict with a 'path'" % (item,))
        unknown = sorted(set(item) - set(EXPORT_KEYS))
        if unknown:
            raise ExportsError("export %s has unknown key(s) %s; allowed: %s"
                               % (item.get("path"), ", ".join(unknown), ", ".join(EXPORT_KEYS)))
        path = validate_path(item.get("path"))
        if path in paths:
            raise ExportsError("export %s is listed twice" % path)
        paths.add(path)
        options = normalize_options(item.get("options", default_options), "export %s" % path)
        clients = item.get("clients")
        if not clients:
            if not default_clients:
                raise ExportsError("export %s has no clients and there are no swarm nodes to default to; give "
                                   "'clients' (e.g. [{host: 192.168.1.0/24, options: [rw, sync]}])" % path)
            clients = [{"host": host, "options": list(options)} for host in default_clients]
        leaf = path.rstrip("/").rsplit("/", 1)[-1] or "root"
        mode = item.get("mode", "0755")
        result.append({
            "path": path,
            "clients": normalize_clients(clients),
            "owner": item.get("owner", "root"),
            "group": item.get("group", "root"),
            "mode": mode if isinstance(mode, str) else "%04o" % mode,
            "create": bool(item.get("create", True)),
            "mount": item.get("mount") or "/mnt/" + leaf,
            "volume": item.get("volume") or re.sub(r"[^A-Za-z0-9_.-]", "-", leaf),
        })
    return result


def client_view(exports):
    """What a client needs of the export list: [{path, mount, volume}] (plan_exports' defaults for the
    mount point and the volume name). Each entry is checked whole, as the server's plan checks it (a
    client refuses a list the server would refuse); the clients and options it names are not returned."""
    return [{"path": item["path"], "mount": item["mount"], "volume": item["volume"]}
            for item in plan_exports(exports, ["*"], ["ro"])]


def compose_volumes(exports, server, options):
    """Compose `volumes:` definitions (local driver, type nfs) for the exports, keyed by volume name."""
    if not server:
        raise ExportsError("no NFS server address to point the volumes at")
    opts = normalize_mount_options(options)
    return dict((e["volume"], {
        "driver": "local",
        "driver_opts": {"type": "nfs", "o": ",".join(["addr=%s" % server] + opts), "device": ":%s" % e["path"]},
    }) for e in exports)


def normalize_mount_options(options):
    if isinstance(options, str):
        options = options.split(",")
    options = [o.strip() for o in options or [] if o and o.strip()]
    for option in options:
        if re.search(r"[\s,]", option) or option.startswith("addr="):
            raise ExportsError("mount option %r is not allowed here (no spaces or commas; addr= is set from the "
                               "server)" % option)
    return options


def client_mounts(plan, server, options, mounted=True):
    """The client's fstab entries for the shares (client_view, or plan_exports): one per share, at its mount point.

    Each: path (mount point), src (server:/export), fstype nfs, opts (the options joined), mounted.
    """
    if not server:
        raise ExportsError("no NFS server address to mount from")
    opts = ",".join(str(option) for option in options or []) or "defaults"
    return [{"path": item["mount"], "src": "%s:%s" % (server, item["path"]), "fstype": "nfs",
             "opts": opts, "mounted": bool(mounted)} for item in plan or []]
