# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The swarm's firewall as data: which ports, open to whom, rendered per backend (no I/O).

Restrict, never deny-all: only the swarm's own ports (and the NFS server's) are limited to the
cluster's members; SSH and everything else are left alone. Used by the firewall role through the
filters in plugins/filter/firewall.py.
"""

from __future__ import absolute_import, division, print_function

import hashlib
import ipaddress

__metaclass__ = type

# (port, protocol, what). 2377: the managers' cluster API (joins, Raft); 7946: gossip (node
# discovery); 4789: VXLAN, the overlay networks' data.
MANAGER_PORTS = ((2377, "tcp", "cluster management (managers)"),)
NODE_PORTS = ((7946, "tcp", "node gossip"), (7946, "udp", "node gossip"), (4789, "udp", "overlay data (VXLAN)"))
NFS_PORTS = ((2049, "tcp", "NFS"),)
NFS_V3_PORTS = ((111, "tcp", "rpcbind (NFSv3)"), (111, "udp", "rpcbind (NFSv3)"))
TABLE = "swarmops"


class FirewallError(ValueError):
    """Input that cannot become a rule; the message names it."""


def _network(value, what):
    try:
        return ipaddress.ip_network(u"%s" % value, strict=False)
    except ValueError:
        raise FirewallError("%s %r is not an IP address or network (names, wildcards and * cannot become a "
                            "firewall rule)" % (what, value))


def sources(values, what="source"):
    """Addresses/networks -> {"v4": [str], "v6": [str]}: overlaps merged (nft interval sets refuse
    them), sorted, single addresses without /32 or /128."""
    nets = {4: [], 6: []}
    for value in values or []:
        if value is None or str(value).strip() == "":
            continue
        net = _network(str(value).strip(), what)
        nets[net.version].append(net)
    result = {}
    for version, key in ((4, "v4"), (6, "v6")):
        merged = ipaddress.collapse_addresses(nets[version])
        result[key] = [str(n.network_address) if n.num_addresses == 1 else str(n) for n in merged]
    return result


def plan(members, manager=False, swarm_node=False, nfs_server=False, nfs_clients=None, nfs_v3=False, manager_port=2377):
    """What this host restricts: {"rules": [{"port", "proto", "what", "from"}], "esp": bool,
    "sets": {name: {"v4": [...], "v6": [...]}}}. `from` names a set. `manager_port`: the port of the
    swarm's listen address (swarm_listen_addr), 2377 unless the user chose another."""
    sets = {"swarm_members": sources(members, "swarm member")}
    rules = []
    try:
        manager_port = int(manager_port)
    except (TypeError, ValueError):
        manager_port = 0
    if not 0 < manager_port < 65536:
        raise FirewallError("the cluster management port %r (from swarm_listen_addr) is not a port number" % (manager_port,))
    if manager:
        rules += [dict(port=manager_port, proto=t, what=w, **{"from": "swarm_members"}) for _p, t, w in MANAGER_PORTS]
    if swarm_node:
        rules += [dict(port=p, proto=t, what=w, **{"from": "swarm_members"}) for p, t, w in NODE_PORTS]
    if nfs_server:
        sets["nfs_clients"] = sources(nfs_clients, "NFS client")
        ports = NFS_PORTS + (NFS_V3_PORTS if nfs_v3 else ())
        rules += [dict(port=p, proto=t, what=w, **{"from": "nfs_clients"}) for p, t, w in ports]
    return {"rules": rules, "esp": bool(swarm_node), "sets": sets}


def _elements(values):
    return ", ".join(values)


def nft_ruleset(firewall_plan, table=TABLE):
    """An nft script that replaces table inet <table> atomically (and touches nothing else): a set
    per source list, and one input chain that rejects the listed ports from anyone not in the set.
    The chain's policy is accept, so whatever it does not name keeps flowing to the host's other
    rules (Docker's own chains included)."""
    lines = [
        "#!/usr/sbin/nft -f",
        "# Managed by swarmops.cluster (role firewall). Only the swarm's own ports (and NFS on its server)",
        "# are limited to the cluster's members; everything else is left to the host's other rules.",
        "table inet %s {}" % table,
        "delete table inet %s" % table,
        "table inet %s {" % table,
    ]
    for name in sorted(firewall_plan["sets"]):
        for family, nft_type in (("v4", "ipv4_addr"), ("v6", "ipv6_addr")):
            values = firewall_plan["sets"][name][family]
            if not values:
                continue
            lines += ["\tset %s_%s {" % (name, family), "\t\ttype %s" % nft_type, "\t\tflags interval",
                      "\t\telements = { %s }" % _elements(values), "\t}"]
    lines += ["\tchain input {", "\t\ttype filter hook input priority filter - 10; policy accept;",
              '\t\tiifname "lo" return']
    for rule in firewall_plan["rules"]:
        verdict = "reject with tcp reset" if rule["proto"] == "tcp" else "reject with icmpx type admin-prohibited"
        for family, match, anyone in (("v4", "ip saddr", "ip saddr 0.0.0.0/0 "), ("v6", "ip6 saddr", "ip6 saddr ::/0 ")):
            values = firewall_plan["sets"][rule["from"]][family]
            # No member of this family: everyone of it is refused (an explicit match on the family's
            # header, so the rule reads as what it does).
            who = ("%s != @%s_%s " % (match, rule["from"], family)) if values else anyone
            lines.append("\t\t%s%s dport %d %s comment \"%s\"" % (who, rule["proto"], rule["port"], verdict, rule["what"]))
    if firewall_plan["esp"]:
        for family, match, anyone, proto in (("v4", "ip saddr", "ip saddr 0.0.0.0/0 ", "ip protocol esp"),
                                             ("v6", "ip6 saddr", "ip6 saddr ::/0 ", "meta l4proto esp")):
            values = firewall_plan["sets"]["swarm_members"][family]
            who = ("%s != @swarm_members_%s " % (match, family)) if values else anyone
            lines.append('\t\t%s%s drop comment "encrypted overlay data (ESP)"' % (who, proto))
    lines += ["\t}", "}", ""]
    # The tag names the rules: a read of the loaded table (host_state's nft_tables) finds whether these
    # rules, not an older or a flushed set, are in force.
    tag = 'comment "swarmops.cluster ruleset %s"' % hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()[:16]
    start = lines.index("table inet %s {" % table) + 1
    return "\n".join(lines[:start] + ["\t" + tag] + lines[start:])


_FAMILIES = (("v4", "inet", "ipv4", "IPv4"), ("v6", "inet6", "ipv6", "IPv6"))


def firewalld_ipset_name(set_name, family, prefix=TABLE):
    """The firewalld ipset of one source list and family, e.g. swarmops-swarm-members-v4."""
    return "%s-%s-%s" % (prefix, set_name.replace("_", "-"), family)


def _ipset_xml(name, family, entries, what):
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<ipset type="hash:net">',
             "  <short>%s</short>" % name,
             "  <description>Managed by swarmops.cluster (role firewall): %s.</description>" % what,
             '  <option name="family" value="%s"/>' % family]
    lines += ["  <entry>%s</entry>" % entry for entry in entries]
    lines += ["</ipset>", ""]
    return "\n".join(lines)


def firewalld_plan(firewall_plan, prefix=TABLE):
    """What firewalld needs, in the zone the host's interface already uses (never a zone of sources:
    such a zone refuses everything it does not list, SSH too, and an address fits one zone only).
    One ipset per source list and address family (hash:net, written as /etc/firewalld/ipsets/<name>.xml),
    and rich rules that accept the plan's ports (and ESP) from those ipsets only; the zone refuses the
    swarm's ports to everyone else as it refuses any port it does not list. A family without members
    gets no set and no rule.
    Returns {"ipsets": [{"name", "family", "entries", "xml"}], "rich_rules": [str], "managed_ipsets":
    [every ipset name this role may own]}; rich rules are written as firewalld
    prints them (firewall-cmd --list-rich-rules), so a read compares them as text."""
    ipsets, rich_rules, managed = [], [], []
    for set_name in sorted(firewall_plan["sets"]):
        ports = [r for r in firewall_plan["rules"] if r["from"] == set_name]
        esp = set_name == "swarm_members" and firewall_plan["esp"]
        for key, family, rule_family, label in _FAMILIES:
            name = firewalld_ipset_name(set_name, key, prefix)
            managed.append(name)
            entries = firewall_plan["sets"][set_name][key]
            if not entries or not (ports or esp):
                continue
            ipsets.append({"name": name, "family": family, "entries": entries,
                           "xml": _ipset_xml(name, family, entries, "%s (%s)" % (set_name.replace("_", " "), label))})
            source = 'rule family="%s" source ipset="%s"' % (rule_family, name)
            rich_rules += ['%s port port="%d" protocol="%s" accept' % (source, r["port"], r["proto"]) for r in ports]
            if esp:
                rich_rules.append('%s protocol value="esp" accept' % source)
    return {"ipsets": ipsets, "rich_rules": rich_rules, "managed_ipsets": managed}


def member_addresses(hosts):
    """{host: {"swarm_node_addr", "swarm_listed_addr", "swarm_advertise_addr", "ansible_host",
    "swarm_data_path_addr"}} -> {"addresses": [str], "unknown": [host]}: the address each swarm node
    talks from - the one worked out in this run, else the one the swarm lists for it (a member outside
    this run: --limit, or unreachable), else the configured advertise address, else an IP ansible_host -
    plus its data path address. A host with none is `unknown`: the caller must not restrict anything
    then (a member it does not know would be locked out)."""
    addresses, unknown = [], []
    for host in sorted(hosts or {}):
        values = hosts[host] or {}
        found = None
        for key in ("swarm_node_addr", "swarm_listed_addr", "swarm_advertise_addr", "ansible_host"):
            candidate = str(values.get(key) or "").strip()
            if _is_ip(candidate):
                found = candidate
                break
        if found is None:
            unknown.append(host)
            continue
        addresses.append(found)
        data_path = str(values.get("swarm_data_path_addr") or "").strip()
        if _is_ip(data_path):
            addresses.append(data_path)
    return {"addresses": addresses, "unknown": unknown}


def listed_addresses(nodes):
    """The swarm's node list (the API's node objects, docker_node_info's `nodes`) -> {hostname: address}:
    the address the managers see each node at (Status.Addr; a manager that reports 0.0.0.0 there gives
    its Raft address). A hostname listed twice (an old entry of a node that re-joined) takes the entry
    that is ready."""
    found = {}
    for node in nodes or []:
        hostname = (node.get("Description") or {}).get("Hostname")
        status = node.get("Status") or {}
        addr = str(status.get("Addr") or "")
        if not _is_ip(addr) or addr in ("0.0.0.0", "::"):
            raft = str((node.get("ManagerStatus") or {}).get("Addr") or "")
            addr = raft.rsplit(":", 1)[0].strip("[]") if raft else ""
        if not hostname or not _is_ip(addr):
            continue
        if hostname not in found or status.get("State") == "ready":
            found[hostname] = addr
    return found


def _is_ip(text):
    try:
        ipaddress.ip_address(u"%s" % text)
    except ValueError:
        return False
    return True


def nfs_sources(exports, members):
    """Who may reach the NFS server: the swarm members for exports without their own clients, plus
    every explicit client. None when a client is not an address or network (a name, a wildcard, *):
    such an export cannot become a firewall rule, so NFS is left unrestricted."""
    result = list(members or [])
    for export in exports or []:
        if isinstance(export, str) or not (export or {}).get("clients"):
            continue
        for client in export["clients"]:
            host = client.get("host") if isinstance(client, dict) else client
            try:
                _network(str(host), "NFS client")
            except FirewallError:
                return None
            result.append(str(host))
    return result
