# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of single settings shared by several roles and the preflight (one rule, one message)."""

from __future__ import absolute_import, division, print_function

import os
import re

__metaclass__ = type

# host[:port]: a DNS name or IPv4 address (letters, digits, dots, dashes), then an optional port.
_REGISTRY_ADDRESS = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?\Z")


def registry_address_problem(address, require_port=False):
    """'' when `address` is a usable registry address (it also names a folder under
    /etc/docker/certs.d), else a sentence naming the value and what is allowed."""
    text = "" if address is None else str(address)
    ok = bool(_REGISTRY_ADDRESS.match(text)) and ".." not in text
    port = text.rpartition(":")[2] if ":" in text else ""
    if ok and port and not 0 < int(port) < 65536:
        ok = False
    if ok and require_port and not port:
        ok = False
    if ok:
        return ""
    return ("swarmops_registry_address %s is not a registry address: use host:port (letters, digits, dots and "
            "dashes, then a port number from 1 to 65535), e.g. registry.lan:5000" % _quoted(text))


def registry_tls_problem(cert, key):
    """'' when the registry's TLS certificate and key are both given or both empty, else why not
    (one without the other would silently mean plain HTTP)."""
    if bool(cert) == bool(key):
        return ""
    return ("registry_tls_cert is set without registry_tls_key (or the reverse): give both, or neither for "
            "plain HTTP")


def _quoted(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def controller_path_problem(path, setting, inventory_sources):
    """'' when `path` (a file or folder the collection writes on the controller: the unlock key,
    backups, Ignition files) lies outside every inventory source that is a folder, else a sentence
    naming the setting, the path and the folder. Ansible reads every file of an inventory folder as
    inventory: a key file there becomes a host (sent in DNS queries and SSH attempts), JSON manifests
    and Ignition files give a warning on every run."""
    target = os.path.realpath(os.path.expanduser(str(path or "")))
    for source in inventory_sources or []:
        folder = os.path.realpath(os.path.expanduser(str(source)))
        if not os.path.isdir(folder):
            continue
        if target == folder or target.startswith(folder.rstrip(os.sep) + os.sep):
            return ("%s is %s, inside the inventory folder %s: Ansible reads every file there as inventory (a key "
                    "file becomes a host name, sent in DNS queries and SSH attempts). Keep it outside the inventory, "
                    "as the default does (~/.swarmops/<swarmops_cluster_name>/)." % (setting, path, folder))
    return ""
