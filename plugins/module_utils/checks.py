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


def openpgp_fingerprints(armored):
    """The v4 fingerprints (40 hex digits, upper case) of the public keys and subkeys in an
    ASCII-armored OpenPGP key block, as `gpg --show-keys` prints them; [] when it holds none. Used to
    pin a downloaded repository key to the fingerprint its publisher announces."""
    import base64
    import hashlib
    lines = str(armored or "").strip().splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("-----BEGIN PGP PUBLIC KEY BLOCK"))
    except StopIteration:
        return []
    body, seen_blank = [], False
    for line in lines[start + 1:]:
        if line.startswith("-----END"):
            break
        if not seen_blank:
            seen_blank = not line.strip()  # armor headers end at the first empty line
            continue
        if line.startswith("="):  # the CRC line
            break
        body.append(line.strip())
    try:
        data = bytearray(base64.b64decode("".join(body)))
    except (ValueError, TypeError):
        return []
    fingerprints, pos = [], 0
    while pos < len(data):
        header = data[pos]
        if not header & 0x80:
            break
        if header & 0x40:  # new packet format
            tag, pos = header & 0x3F, pos + 1
            first = data[pos]
            if first < 192:
                length, pos = first, pos + 1
            elif first < 224:
                length, pos = ((first - 192) << 8) + data[pos + 1] + 192, pos + 2
            elif first == 255:
                length, pos = int.from_bytes(bytes(data[pos + 1:pos + 5]), "big"), pos + 5
            else:  # partial lengths never occur in key packets
                break
        else:  # old packet format
            tag, kind, pos = (header >> 2) & 0x0F, header & 0x03, pos + 1
            size = {0: 1, 1: 2, 2: 4}.get(kind)
            if size is None:
                break
            length, pos = int.from_bytes(bytes(data[pos:pos + size]), "big"), pos + size
        packet = bytes(data[pos:pos + length])
        pos += length
        if tag in (6, 14) and packet[:1] == b"\x04":  # public key, public subkey, version 4
            digest = hashlib.sha1(b"\x99" + len(packet).to_bytes(2, "big") + packet).hexdigest().upper()
            fingerprints.append(digest)
    return fingerprints
