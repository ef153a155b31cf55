# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ignition (Fedora CoreOS provisioning) configs built from inventory data.

One node's config carries what the python-less bootstrap needs to reach the node and what Swarm
needs from its first boot:

* the SSH user (``core`` by default, already a passwordless sudoer on FCOS; another user is created in
  the ``sudo`` group) and its authorized keys;
* ``/etc/hostname`` (swarm node names come from it);
* optionally a static IPv4 address as a NetworkManager keyfile (FCOS's own documented way);
* ``docker.service`` enabled (moby-engine is preinstalled but socket-activated);
* optionally a Zincati ``periodic`` update window, so that auto-updates reboot managers at different
  times instead of all at once (a swarm loses quorum when most managers reboot together).

The result is a plain dict of Ignition spec ``SPEC_VERSION``; the unit tests validate it against that
spec's JSON schema and with ``ignition-validate``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from urllib.parse import quote

SPEC_VERSION = "3.3.0"

SSH_KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_USER = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_IFACE = re.compile(r"^[A-Za-z0-9_.:-]{1,15}$")
_B64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class IgnitionError(ValueError):
    """Bad input for an Ignition config; the message names the value and what is allowed."""


def data_url(text):
    """RFC 2397 data URL of a text, percent-encoded (what Ignition's ``contents.source`` takes)."""
    return "data:," + quote(text, safe="")


def validate_hostname(hostname):
    name = "" if hostname is None else str(hostname)
    labels = name.split(".")
    if not name or len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise IgnitionError(
            "hostname %r is not a valid host name: lowercase letters, digits and '-' in dot-separated "
            "labels of 1-63 characters, not starting or ending with '-', 253 characters at most" % (hostname,))
    return name


def validate_ssh_keys(keys, hostname):
    if isinstance(keys, str):
        keys = [line for line in keys.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not isinstance(keys, (list, tuple)) or not keys:
        raise IgnitionError(
            "%s: ssh_authorized_keys is empty: at least one public key is needed, FCOS has no password "
            "login (give the contents of e.g. ~/.ssh/id_ed25519.pub)" % hostname)
    cleaned = []
    for key in keys:
        parts = str(key).strip().split()
        if len(parts) < 2 or parts[0] not in SSH_KEY_TYPES or not _B64.match(parts[1]):
            shown = str(key)
            if len(shown) > 40:
                shown = shown[:37] + "..."
            raise IgnitionError(
                "%s: %r is not an SSH public key: expected '<type> <base64> [comment]' with type one of %s "
                "(a private key or a file name is not accepted)" % (hostname, shown, ", ".join(SSH_KEY_TYPES)))
        cleaned.append(" ".join(parts))
    return cleaned


def validate_user(user):
    if not isinstance(user, str) or not _USER.match(user):
        raise IgnitionError(
            "user %r is not a valid user name: lowercase letters, digits, '_' and '-', starting with a "
            "letter or '_', 32 characters at most" % (user,))
    return user


def nm_keyfile(network, hostname):
    """NetworkManager keyfile for a static IPv4 address, from a dict (address, gateway, dns, interface)."""
    if not isinstance(network, dict):
        raise IgnitionError("%s: network must be a dict with address (CIDR), gateway, dns, interface; got %r"
                            % (hostname, network))
    unknown = sorted(set(network) - {"address", "gateway", "dns", "interface", "id"})
    if unknown:
        raise IgnitionError("%s: network has unknown keys %s: allowed are address, gateway, dns, interface, id"
                            % (hostname, ", ".join(unknown)))
    address = network.get("address")
    try:
        iface = ipaddress.IPv4Interface(str(address))
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        iface = None
    if iface is None or "/" not in str(address):
        raise IgnitionError("%s: network.address %r is not an IPv4 address with its prefix length, e.g. "
                            "192.168.1.31/24" % (hostname, address))
    gateway = network.get("gateway")
    if gateway is not None:
        try:
            gw = ipaddress.IPv4Address(str(gateway))
        except ipaddress.AddressValueError:
            raise IgnitionError("%s: network.gateway %r is not an IPv4 address" % (hostname, gateway))
        if gw not in iface.network:
            raise IgnitionError("%s: network.gateway %s is outside the node's network %s"
                                % (hostname, gw, iface.network))
    dns = network.get("dns") or []
    if isinstance(dns, str):
        dns = [dns]
    for server in dns:
        try:
            ipaddress.IPv4Address(str(server))
        except ipaddress.AddressValueError:
            raise IgnitionError("%s: network.dns entry %r is not an IPv4 address" % (hostname, server))
    interface = network.get("interface")
    if interface is not None and not _IFACE.match(str(interface)):
        raise IgnitionError("%s: network.interface %r is not an interface name (1-15 characters)"
                            % (hostname, interface))
    conn_id = str(network.get("id") or interface or "swarmops")
    lines = ["[connection]", "id=%s" % conn_id, "type=ethernet"]
    if interface:
        lines.append("interface-name=%s" % interface)
    lines += ["autoconnect-priority=100", "", "[ipv4]", "method=manual",
              "address1=%s%s" % (iface.with_prefixlen, ("," + str(gateway)) if gateway else "")]
    if dns:
        lines.append("dns=%s;" % ";".join(str(s) for s in dns))
    lines += ["may-fail=false", "", "[ipv6]", "method=auto", ""]
    return conn_id, "\n".join(lines)


def zincati_periodic(windows, hostname):
    """Zincati config (TOML) for the ``periodic`` update strategy from a list of windows."""
    if not isinstance(windows, (list, tuple)) or not windows:
        raise IgnitionError("%s: update_windows must be a non-empty list of {days, start_time, "
                            "length_minutes}; got %r" % (hostname, windows))
    out = ["# swarmops.cluster: reboot for updates only in this node's window(s).",
           "[updates]", 'strategy = "periodic"']
    for window in windows:
        if not isinstance(window, dict) or set(window) - {"days", "start_time", "length_minutes"}:
            raise IgnitionError("%s: update window %r: allowed keys are days, start_time, length_minutes"
                                % (hostname, window))
        days = window.get("days")
        if isinstance(days, str):
            days = [days]
        if not days or any(d not in DAYS for d in days):
            raise IgnitionError("%s: update window days %r: use a list of %s" % (hostname, days, ", ".join(DAYS)))
        start = str(window.get("start_time", ""))
        if not _TIME.match(start):
            raise IgnitionError("%s: update window start_time %r: use HH:MM (24 h, UTC)" % (hostname, start))
        length = window.get("length_minutes")
        if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= 1440:
            raise IgnitionError("%s: update window length_minutes %r: use a whole number of minutes, 1-1440"
                                % (hostname, length))
        out += ["", "[[updates.periodic.window]]",
                "days = [ %s ]" % ", ".join('"%s"' % d for d in days),
                'start_time = "%s"' % start,
                "length_minutes = %d" % length]
    return "\n".join(out) + "\n"


def _file(path, text, mode):
    return {"path": path, "mode": mode, "overwrite": True, "contents": {"source": data_url(text)}}


def build_config(hostname, ssh_authorized_keys, user="core", network=None, update_windows=None,
                 enable_docker=True):
    """The Ignition config (dict) of one node. Raises IgnitionError on bad input."""
    hostname = validate_hostname(hostname)
    keys = validate_ssh_keys(ssh_authorized_keys, hostname)
    user = validate_user(user)
    account = {"name": user, "sshAuthorizedKeys": keys}
    if user != "core":
        # FCOS lets the sudo group use sudo without a password (as 'core' does).
        account["groups"] = ["sudo"]
    files = [_file("/etc/hostname", hostname + "\n", 0o644)]
    if network:
        conn_id, keyfile = nm_keyfile(network, hostname)
        files.append(_file("/etc/NetworkManager/system-connections/%s.nmconnection" % conn_id, keyfile, 0o600))
    if update_windows:
        files.append(_file("/etc/zincati/config.d/55-swarmops-updates-strategy.toml",
                           zincati_periodic(update_windows, hostname), 0o644))
    config = {
        "ignition": {"version": SPEC_VERSION},
        "passwd": {"users": [account]},
        "storage": {"files": files},
    }
    if enable_docker:
        config["systemd"] = {"units": [{"name": "docker.service", "enabled": True}]}
    return config
