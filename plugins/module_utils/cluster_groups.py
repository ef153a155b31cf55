# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which hosts of a run make up the cluster, from the swarmops_*_group settings (no I/O).

A play's `hosts:` line sees only extra vars and play vars, so a group name set in group_vars or
host_vars would be ignored there. The first play of every playbook (playbooks/groups.yml) therefore
resolves each host's own settings here and puts it in internal groups with fixed names, which the
playbooks' `hosts:` lines name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# (what, the setting, its default, the internal group).
KINDS = (
    ("managers", "swarmops_managers_group", "swarm_managers", "_swarmops_managers"),
    ("workers", "swarmops_workers_group", "swarm_workers", "_swarmops_workers"),
    ("nfs_server", "swarmops_nfs_server_group", "nfs_server", "_swarmops_nfs_server"),
    ("proxy", "swarmops_proxy_group", "proxy", "_swarmops_proxy"),
)
NODES = "_swarmops_nodes"      # managers and workers: the swarm's nodes
CLUSTER = "_swarmops_cluster"  # the swarm's nodes and the NFS server


def settings_of(variables):
    """A host's variables -> {setting: group name} (defaults where unset or empty)."""
    variables = variables or {}
    return dict((setting, str(variables.get(setting) or default)) for _, setting, default, _ in KINDS)


def host_groups(host, settings, groups):
    """The internal groups `host` belongs to, by its own settings."""
    groups = groups or {}
    found = [internal for _, setting, _, internal in KINDS if host in (groups.get(settings[setting]) or [])]
    if "_swarmops_managers" in found or "_swarmops_workers" in found:
        found.append(NODES)
    if NODES in found or "_swarmops_nfs_server" in found:
        found.append(CLUSTER)
    return found


def resolve(hosts, hostvars, groups):
    """hosts (of this run), their variables and the inventory's groups ->
    {"hosts": {host: [internal groups]}, "errors": [str]}.

    Refused: a run in which no host is in the cluster's groups (a misspelt or missing group name
    would otherwise make every play match nothing and the run "succeed"), a manager group that the
    inventory lacks or leaves empty, and a run whose hosts name different manager groups (two
    clusters at once: limit the run to one)."""
    groups = groups or {}
    result, by_managers, settings_seen = {}, {}, {}
    for host in hosts or []:
        settings = settings_of(hostvars.get(host) if hostvars is not None else {})
        found = host_groups(host, settings, groups)
        result[host] = found
        key = tuple(settings[s] for _, s, _, _ in KINDS)
        settings_seen.setdefault(key, settings)
        if CLUSTER in found or "_swarmops_proxy" in found:
            by_managers.setdefault(settings["swarmops_managers_group"], []).append(host)
    errors = []
    known = ", ".join(sorted(g for g in groups if g not in ("all", "ungrouped") and not g.startswith("_swarmops_")))
    if not by_managers and hosts:
        names = "; ".join(", ".join("%s=%s" % (s, settings[s]) for _, s, _, _ in KINDS[:3])
                          for settings in settings_seen.values())
        errors.append("no host of this run is in the cluster's groups (%s). The inventory's groups: %s. Name "
                      "your groups in swarmops_managers_group, swarmops_workers_group and swarmops_nfs_server_group "
                      "(group_vars/all.yml or -e), or check --limit." % (names, known or "none"))
    if len(by_managers) > 1:
        errors.append("this run spans several clusters (swarmops_managers_group is %s): limit it to one cluster "
                      "(--limit <that cluster's group>)."
                      % "; ".join("%r for %s" % (name, ", ".join(members)) for name, members in sorted(by_managers.items())))
    for name in sorted(by_managers):
        if not groups.get(name):
            errors.append("swarmops_managers_group is %r, but the inventory has no such group with hosts (its groups: "
                          "%s). A swarm needs at least one manager." % (name, known or "none"))
    return {"hosts": result, "errors": errors}
