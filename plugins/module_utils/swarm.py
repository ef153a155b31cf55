# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decision logic for forming and keeping a swarm (no I/O: unit-tested on recorded states).

Used by the `swarm` role through the filters in plugins/filter/swarm.py and by the modules.
"""

from __future__ import absolute_import, division, print_function

import re

__metaclass__ = type

IN_SWARM_STATES = ("active", "pending", "error", "locked")

FORCE_NEW_CLUSTER_HINT = (
    "If the lost managers cannot be brought back, recover on one surviving manager with "
    "`docker swarm init --force-new-cluster --advertise-addr <its address>`, then run site.yml again "
    "to rejoin the other nodes."
)
HINTS = {"force_new_cluster": FORCE_NEW_CLUSTER_HINT}
# The archives of playbooks/backup.yml: swarm-<cluster ID>-<UTC time, 20261201T120000Z>.tar.gz
_BACKUP_STAMP = re.compile(r"-(\d{8}T\d{6}Z)\.tar\.gz$")


def newest_backup(paths):
    """The newest archive of backup.yml among `paths` (by the UTC time in its name), or None."""
    dated = [(m.group(1), p) for p in (paths or []) for m in [_BACKUP_STAMP.search(str(p))] if m]
    return max(dated)[1] if dated else None


def restore_hint(backups):
    """How to rebuild a swarm whose managers are all lost, naming the newest archive found."""
    newest = newest_backup(backups)
    if newest:
        return ("Restore the newest backup: `ansible-playbook playbooks/restore.yml -i <inventory> "
                "-e swarm_restore_archive=%s` (it rebuilds the managers and then runs site.yml)." % newest)
    return ("No backup was found in swarm_backup_dir: with a backup, run playbooks/restore.yml "
            "-e swarm_restore_archive=<archive>. Without one: %s" % FORCE_NEW_CLUSTER_HINT)


# What a manager answers while Raft elects a leader (a manager rebooted or restarted its engine, the
# leader changed): the request may succeed a few seconds later. Also an update that raced another
# change of the same object (its version moved on): re-reading and retrying is right.
# Without a quorum "does not have a leader" lasts; callers bound how long they retry.
# community.docker's swarm modules first check that they run on a manager with a swarm inspect, which
# fails while there is no leader: on a manager that is what a leader election looks like to them.
TRANSIENT_API_ERRORS = (
    "does not have a leader",
    "must run on swarm manager node",
    "no elected cluster leader",
    "lost leader status",
    "node is stopped",
    "update out of sequence",
    "code = Unavailable",
    "code = DeadlineExceeded",
)


def swarm_nodes(groups, managers_group="swarm_managers", workers_group="swarm_workers", extra_groups=()):
    """The inventory hosts of the swarm: managers, then workers (then any extra groups), each once.

    `groups` is Ansible's groups mapping; a group missing from the inventory counts as empty.
    """
    result = []
    for name in [managers_group, workers_group] + list(extra_groups or ()):
        if not isinstance(name, str) or not name:
            raise ValueError("a group name must be a non-empty string, got %r" % (name,))
        for host in (groups or {}).get(name) or []:
            if host not in result:
                result.append(host)
    return result


def transient_api_error(message):
    """True when a Docker API error message (str, or None) is one of TRANSIENT_API_ERRORS."""
    text = str(message or "")
    return any(marker in text for marker in TRANSIENT_API_ERRORS)


def hint(name):
    """Operator advice shared by the modules and the roles' messages (one text, one place)."""
    if name not in HINTS:
        raise ValueError("unknown hint %r: known hints are %s" % (name, ", ".join(sorted(HINTS))))
    return HINTS[name]


def topology(managers, workers, bootstrap=None):
    """Checks of the inventory's groups alone (no node state needed): (errors, warnings).

    managers / workers: host names of the manager / worker groups; bootstrap: hosts flagged
    swarm_bootstrap=true. Used by the preflight (before anything changes) and by swarm_plan.
    """
    bootstrap = list(bootstrap or [])
    errors, warnings = [], []
    both = sorted(set(managers or []) & set(workers or []))
    if both:
        errors.append("hosts are in both the manager and the worker group: %s" % ", ".join(both))
    if not managers:
        errors.append("the manager group is empty: a swarm needs at least one manager (use 1, 3 or 5)")
    elif len(managers) % 2 == 0:
        warnings.append(
            "%d managers is an even number: it tolerates the loss of %d manager(s), no more than %d would. "
            "Use an odd number of managers." % (len(managers), (len(managers) - 1) // 2, len(managers) - 1))
    if len(bootstrap) > 1:
        errors.append("swarm_bootstrap is true on several hosts (%s); set it on one manager only"
                      % ", ".join(bootstrap))
    if bootstrap and bootstrap[0] not in (managers or []):
        errors.append("swarm_bootstrap is set on %s, which is not in the manager group" % bootstrap[0])
    return errors, warnings


def topology_report(managers, workers, bootstrap=None):
    """topology() as {"errors": [...], "warnings": [...]} (for filters)."""
    errors, warnings = topology(managers, workers, bootstrap)
    return {"errors": errors, "warnings": warnings}


def local_state(info):
    """The swarm part of one engine's `docker info` (the API's GET /info, as docker_host_info's
    `host_info` or the CLI's JSON): what swarm_plan and the node tasks need of a node."""
    info = info or {}
    swarm = info.get("Swarm") or {}
    return {
        "state": swarm.get("LocalNodeState") or "inactive",
        "control": bool(swarm.get("ControlAvailable")),
        # Absent while the swarm has no leader (see swarm_plan).
        "cluster_id": (swarm.get("Cluster") or {}).get("ID") or "",
        "node_id": swarm.get("NodeID") or "",
        "node_addr": swarm.get("NodeAddr") or "",
        "hostname": info.get("Name"),
    }


def swarm_plan(nodes, managers, workers, bootstrap=None, backups=None, play_hosts=None, managers_group="swarm_managers"):
    """Decide where cluster-wide work runs.

    nodes: {host: {"state": LocalNodeState, "control": ControlAvailable, "cluster_id": str|None (empty
                   while the swarm has no leader),
                   "node_id": str, "node_addr": str}} for every host reachable now (from `docker info`).
    managers / workers: host names of the desired manager / worker groups, in inventory order.
    bootstrap: hosts flagged swarm_bootstrap=true.
    backups: the archives of backup.yml found on the controller (named when every manager is lost).
    play_hosts: the hosts of this play, when known: only one of them can run `swarm init` (None: any).
    managers_group: the manager group's name in the inventory (named in the messages).

    Returns {"acting": host, "init": host|None, "errors": [str], "warnings": [str]}:
      acting - a reachable manager of the existing swarm (desired managers first), or the init host;
      init   - the host that runs `swarm init`, only when no reachable host is in any swarm.
    Never plans a second `swarm init` while any reachable host is in a swarm.
    """
    bootstrap = [h for h in (bootstrap or []) if h in nodes]
    errors, warnings = topology(managers, workers, bootstrap)

    locked = sorted(h for h, n in nodes.items() if n.get("state") == "locked")
    if locked:
        errors.append("the swarm is locked on %s (autolock): unlock with `docker swarm unlock` first"
                      % ", ".join(locked))

    ordered = [h for h in managers if h in nodes] + sorted(h for h in nodes if h not in managers)
    control = [h for h in ordered if nodes[h].get("state") == "active" and nodes[h].get("control")]
    # A manager answers `docker info` without its swarm's ID while its swarm has no leader (an election
    # right after the leader went away, or a lost quorum): it is not a second swarm, only one that cannot
    # tell yet. Only known IDs are compared, and a manager that knows its swarm acts first; the tasks
    # that need a leader wait for one (swarm_leader_timeout).
    clusters = {}
    for host in control:
        if nodes[host].get("cluster_id"):
            clusters.setdefault(nodes[host]["cluster_id"], []).append(host)
    control = ([h for h in control if nodes[h].get("cluster_id")]
               + [h for h in control if not nodes[h].get("cluster_id")])
    if len(clusters) > 1:
        errors.append(
            "managers belong to different swarms: %s. Refusing to guess which one is ours; make the stray "
            "nodes leave (`docker swarm leave --force`) and run again."
            % "; ".join("%s: %s" % (cid, ", ".join(hosts)) for cid, hosts in sorted(clusters.items())))

    acting, init = None, None
    if control:
        acting = control[0]
    else:
        in_swarm = sorted(h for h, n in nodes.items() if n.get("state") in IN_SWARM_STATES)
        managers_lost = [h for h in managers if h in nodes and nodes[h].get("state") not in IN_SWARM_STATES]
        if in_swarm and managers and len(managers_lost) == len(managers):
            errors.append(
                "every manager (%s) has lost its swarm state, while %s still belong to the swarm. Refusing to "
                "create a second swarm. %s" % (", ".join(managers), ", ".join(in_swarm), restore_hint(backups)))
        elif in_swarm:
            errors.append(
                "no reachable manager, but %s still belong to a swarm: the managers are down or the swarm "
                "lost its quorum. Refusing to create a second swarm. Bring the managers back; if they are "
                "lost for good: %s" % (", ".join(in_swarm), restore_hint(backups)))
        elif managers:
            candidates = bootstrap or [h for h in managers if h in nodes]
            if candidates and play_hosts is not None and candidates[0] not in play_hosts:
                errors.append(
                    "no host is in a swarm yet and the manager that creates it, %s (group %s: %s), is not in this "
                    "play: run without --limit, or include %s" % (candidates[0], managers_group, ", ".join(managers),
                                                                  candidates[0]))
            elif candidates:
                init = acting = candidates[0]
            else:
                errors.append("no manager is reachable (managers: %s)" % ", ".join(managers))
    return {"acting": acting, "init": init, "errors": errors, "warnings": warnings}


def view(states, managers, workers, play_hosts, bootstrap=None, backups=None, exclude=None, converge=True,
         managers_group="swarm_managers"):
    """The one observation of the swarm a play starts with: which manager acts, who answers, whether to init.

    states: {host: local_state() or None} for every host asked - the play's hosts (each reads its own
            `docker info`) and the inventory's managers outside the play (asked from the controller's side);
            None or absent for a host that did not answer.
    managers / workers: the inventory's manager / worker groups (inventory order), whole.
    play_hosts: the hosts of this play (only they can run `swarm init` or join).
    bootstrap: hosts flagged swarm_bootstrap=true. backups: backup.yml's archives on the controller.
    exclude: managers that must not act (being removed or demoted by this play).
    converge: True for the converge (may plan the first `swarm init`); False for an operation on an
              existing swarm (a manager that is active and holds the control plane is required).
    managers_group: the manager group's name in the inventory (named in the messages).

    Returns {"acting": host|None, "init": host|None, "answering": [managers holding the control plane],
             "cluster_id": str, "errors": [str], "warnings": [str]}. The node list read on the acting
    manager is added by the role (nodes, by_id).
    """
    states = dict((h, s) for h, s in (states or {}).items() if s)
    managers = list(managers or [])
    play_hosts = list(play_hosts or [])
    exclude = set(exclude or [])
    answering = [h for h in managers if h in states and states[h].get("state") == "active"
                 and states[h].get("control")]
    if converge:
        plan = swarm_plan(states, managers, workers, bootstrap, backups, play_hosts, managers_group)
        acting, init, errors, warnings = plan["acting"], plan["init"], plan["errors"], plan["warnings"]
    else:
        errors, warnings, init = [], [], None
        candidates = [h for h in answering if h not in exclude]
        # A manager that knows its swarm's ID (it has a leader) first.
        candidates = ([h for h in candidates if states[h].get("cluster_id")]
                      + [h for h in candidates if not states[h].get("cluster_id")])
        clusters = sorted(set(states[h]["cluster_id"] for h in candidates if states[h].get("cluster_id")))
        acting = candidates[0] if candidates else None
        if len(clusters) > 1:
            errors.append("managers belong to different swarms (%s). Refusing to guess which one is ours; make the "
                          "stray nodes leave (`docker swarm leave --force`) and run site.yml."
                          % ", ".join(clusters))
        if acting is None:
            not_acting = "; not acting: " + ", ".join(sorted(exclude)) if exclude else ""
            errors.append(
                "No manager of group %s is reachable and active in a swarm (asked: %s%s). Run site.yml to form "
                "the swarm first. %s" % (managers_group, ", ".join(managers) or "none", not_acting, FORCE_NEW_CLUSTER_HINT))
    cluster_id = (states[acting].get("cluster_id") or "") if acting in states else ""
    return {"acting": acting, "init": init, "answering": answering, "cluster_id": cluster_id,
            "errors": errors, "warnings": warnings}


def node_index(swarm_nodes):
    """{node ID: summary} from the API's GET /nodes list (docker_node_info's `nodes`)."""
    index = {}
    for node in swarm_nodes or []:
        spec = node.get("Spec") or {}
        status = node.get("Status") or {}
        manager = node.get("ManagerStatus") or {}
        index[node["ID"]] = {
            "id": node["ID"],
            "hostname": (node.get("Description") or {}).get("Hostname"),
            "role": spec.get("Role"),
            "availability": spec.get("Availability"),
            "labels": spec.get("Labels") or {},
            "state": status.get("State"),
            "addr": status.get("Addr"),
            "message": status.get("Message") or "",
            "reachability": manager.get("Reachability"),
            "manager_addr": manager.get("Addr"),
            "leader": bool(manager.get("Leader")),
        }
    return index


def node_spec_matches(node, labels=None, labels_state="merge", availability=None):
    """True when a node summary (a node_index value) already has these labels and this availability.

    labels_state "merge": every wanted label is there with the same value (others are kept);
    "replace": the labels are exactly the wanted ones. Values compare as strings (the API stores
    strings). Anything unknown answers False, so the caller applies the change instead of skipping it.
    """
    if not isinstance(node, dict):
        return False
    if availability and node.get("availability") != availability:
        return False
    current = node.get("labels") or {}
    wanted = dict((str(k), str(v)) for k, v in (labels or {}).items())
    if labels_state == "replace":
        return current == wanted
    if labels_state != "merge":
        return False
    return all(current.get(k) == v for k, v in wanted.items())


# Node states of an entry whose node no longer talks to the managers (or has not since a leader change).
GONE_STATES = ("down", "unknown", "disconnected")


def _host_part(addr):
    """'10.0.0.1:2377' -> '10.0.0.1' ('[fd00::1]:2377' -> 'fd00::1'); '' for None."""
    text = str(addr or "")
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def stale_nodes(swarm_nodes, current_ids, current_addrs=None):
    """Entries left behind by hosts that re-joined under a new node ID.

    current_ids: {hostname: node ID the host has now (from its own `docker info`)};
    current_addrs: {hostname: address the host has in the swarm now} (optional).
    An entry with a host's hostname but another ID is that host's old identity, and so stale, when
    it is Down, or when it carries the host's own address (then its state does not matter: right
    after a manager lost its swarm state, its old entry may still read Ready or Unknown). An entry
    with the same hostname but another address that still looks alive is another machine: kept.
    Returns a list of node summaries (node_index values) to remove.
    """
    current_addrs = current_addrs or {}
    stale = []
    for node in node_index(swarm_nodes).values():
        current = current_ids.get(node["hostname"])
        if not current or node["id"] == current:
            continue
        addr = _host_part(current_addrs.get(node["hostname"]))
        same_machine = bool(addr) and addr in (_host_part(node["addr"]), _host_part(node.get("manager_addr")))
        if node["state"] == "down" or same_machine:
            stale.append(node)
    return sorted(stale, key=lambda n: (n["hostname"], n["id"]))


def carried_labels(stale, swarm_nodes, current_ids, managed=None):
    """The labels a re-joined host gets back from its stale entry, before that entry is removed.

    stale: stale_nodes()' result; current_ids: {hostname: the host's node ID now}; managed:
    {hostname: the labels the inventory sets on it} - those keys are the inventory's, never carried.
    A host that lost its swarm state (a wiped manager, a restore) re-joins as a new node object
    without the labels put on the old one by hand (the inventory's are applied anyway). Returns
    [{"id": new node ID, "hostname": str, "labels": {labels of the old entry the new one lacks}}],
    only where there is something to carry.
    """
    index = node_index(swarm_nodes)
    carried = {}
    for old in stale or []:
        new_id = current_ids.get(old["hostname"])
        new = index.get(new_id)
        if not new_id or new is None:
            continue
        labels = carried.setdefault(new_id, {"id": new_id, "hostname": old["hostname"], "labels": {}})["labels"]
        inventory = (managed or {}).get(old["hostname"]) or {}
        for key, value in sorted((old.get("labels") or {}).items()):
            if key not in new["labels"] and key not in labels and key not in inventory:
                labels[key] = value
    return [carried[i] for i in sorted(carried) if carried[i]["labels"]]


def manager_quorum(swarm_nodes, remove_ids=()):
    """Raft arithmetic for a change that removes or demotes `remove_ids`.

    Returns {"managers": n, "reachable": r, "after": managers left, "reachable_after": reachable left,
             "quorum_after": majority needed after, "safe": bool, "reason": str}.
    """
    managers = [n for n in node_index(swarm_nodes).values() if n["role"] == "manager"]
    remove_ids = set(remove_ids)
    left = [n for n in managers if n["id"] not in remove_ids]
    reachable_left = [n for n in left if n["reachability"] == "reachable"]
    quorum_after = len(left) // 2 + 1
    safe, reason = True, ""
    if not left:
        safe, reason = False, "it would leave the swarm without any manager"
    elif len(reachable_left) < quorum_after:
        safe = False
        reason = ("only %d of the %d remaining managers would be reachable; Raft needs %d"
                  % (len(reachable_left), len(left), quorum_after))
    return {"managers": len(managers), "reachable": len([n for n in managers if n["reachability"] == "reachable"]),
            "after": len(left), "reachable_after": len(reachable_left), "quorum_after": quorum_after,
            "safe": safe, "reason": reason}


def maintenance_quorum(swarm_nodes, node_id):
    """May the node `node_id` go down for maintenance (drained, rebooted, its engine restarted)?

    A worker always may. A manager of a swarm with three or more managers only while the other
    managers that are reachable hold Raft's majority without it (else the swarm could take no change
    until it is back, and one more failure would cost the quorum). With one or two managers the swarm
    tolerates no manager failure at all: the maintenance goes on, with a warning.
    Returns {"safe": bool, "reason": str, "warning": str}.
    """
    index = node_index(swarm_nodes)
    node = index.get(node_id)
    if node is None or node["role"] != "manager":
        return {"safe": True, "reason": "", "warning": ""}
    managers = [n for n in index.values() if n["role"] == "manager"]
    others = [n for n in managers if n["id"] != node_id and n["reachability"] == "reachable"]
    majority = len(managers) // 2 + 1
    if len(managers) < 3:
        return {"safe": True, "reason": "",
                "warning": "the swarm has %d manager(s) and tolerates no manager failure: it takes no change while "
                           "%s is down" % (len(managers), node["hostname"])}
    if len(others) < majority:
        return {"safe": False, "warning": "",
                "reason": "only %d other manager(s) of %d are reachable (%s); Raft needs %d while %s is down"
                          % (len(others), len(managers), ", ".join(sorted(n["hostname"] or n["id"] for n in others)) or "none",
                             majority, node["hostname"])}
    return {"safe": True, "reason": "", "warning": ""}


HEALTH_AVAILABILITIES = ("active", "pause", "drain")
HEALTH_MATCHES = ("hostname", "id")
HEALTH_MANAGERS = ("all", "expected")
HEALTH_STATES = ("ready", "down")


def health_problems(swarm_nodes, expected, availability=("active",), managers="all", state="ready", match="hostname"):
    """What keeps a swarm from being healthy: every `expected` node in the swarm, Ready and of an
    accepted `availability`, and every manager Reachable.

    expected: swarm hostnames (inventory names), or node IDs with match="id".
    availability: the availabilities that count (a node that comes back from maintenance is still drained).
    managers: whose Raft reachability counts - "all" managers of the swarm, or only the "expected" nodes'.
    state: "ready", or "down" - each expected node must be seen down, or gone (after it left the swarm).

    Returns a list of {"hostname", "id", "role", "state", "problem"} (empty when healthy). With
    match="hostname", an entry left Down by a host that re-joined under a new ID does not count when the
    host has a Ready one.
    """
    index = node_index(swarm_nodes)
    by_key = {}
    for node in index.values():
        by_key.setdefault(node["id"] if match == "id" else node["hostname"], []).append(node)
    problems = []

    def problem(node, name, text):
        problems.append({"hostname": node["hostname"] if node else name, "id": node["id"] if node else (name if match == "id" else None),
                         "role": node and node["role"], "state": node and node["state"], "problem": text})

    seen = set()
    for key in expected or []:
        if key in seen:
            continue
        seen.add(key)
        entries = by_key.get(key) or []
        if state == "down":
            for node in sorted(entries, key=lambda n: n["id"]):
                if node["state"] != "down":
                    problem(node, key, "status %s, not down yet" % node["state"])
            continue
        ready = [n for n in entries if n["state"] == "ready"]
        if not entries:
            problem(None, key, "not in the swarm")
        elif not ready:
            node = sorted(entries, key=lambda n: n["id"])[0]
            problem(node, key, "status %s%s" % (node["state"], " (%s)" % node["message"] if node["message"] else ""))
        elif ready[0]["availability"] not in availability:
            problem(ready[0], key, "availability %s" % ready[0]["availability"])
    if state == "down":
        return problems
    for key in sorted(by_key, key=lambda k: k or ""):
        if managers == "expected" and key not in seen:
            continue
        entries = by_key[key]
        has_ready = any(n["state"] == "ready" for n in entries)
        for node in sorted(entries, key=lambda n: n["id"]):
            if node["role"] != "manager" or node["reachability"] == "reachable":
                continue
            if has_ready and node["state"] == "down":
                continue  # stale entry of a manager that re-joined
            problem(node, key, "manager %s" % (node["reachability"] or "without Raft status"))
    return problems


def raft_problems(swarm_nodes, managers, workers=None, other_managers=None):
    """What keeps Raft from being exactly what the inventory asks for, as sentences (empty: all good).

    managers / workers: {inventory host: node ID} of the hosts of this run; other_managers: inventory
    managers outside this run (e.g. --limit), known by hostname only. Wanted: every manager of the run
    is a Reachable Raft member, no other Raft member (no entry left by a node that re-joined, no
    worker still a manager, nothing the inventory does not list), every member Reachable, one Leader.
    """
    index = node_index(swarm_nodes)
    workers = workers or {}
    other_managers = set(other_managers or [])
    problems = []
    for host, node_id in sorted((managers or {}).items()):
        node = index.get(node_id)
        if node is None:
            problems.append("manager %s (node ID %s) is not in the swarm" % (host, node_id))
        elif node["role"] != "manager" or not node["reachability"]:
            problems.append("manager %s (node ID %s) is not a Raft member yet" % (host, node_id))
        elif node["reachability"] != "reachable":
            problems.append("manager %s (node ID %s) is %s" % (host, node_id, node["reachability"]))
    wanted = set((managers or {}).values())
    worker_ids = dict((v, k) for k, v in workers.items())
    for node in sorted(index.values(), key=lambda n: n["id"]):
        if node["id"] in wanted or not (node["role"] == "manager" or node["reachability"]):
            continue
        if node["id"] in worker_ids:
            problems.append("worker %s (node ID %s) is still a manager" % (worker_ids[node["id"]], node["id"]))
        elif node["hostname"] in other_managers and node["reachability"] == "reachable":
            continue
        else:
            problems.append("node ID %s (hostname %s, %s, %s) is a Raft member the inventory does not list as a "
                            "manager" % (node["id"], node["hostname"], node["state"], node["reachability"]))
    leaders = [n for n in index.values() if n["leader"]]
    if len(leaders) != 1:
        problems.append("%d leaders (wanted exactly one)" % len(leaders))
    return problems


_DURATION_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
# Docker refuses node certificates valid for less than an hour.
MIN_CERT_EXPIRY_SECONDS = 3600


def duration_seconds(value, name="duration", minimum=0):
    """Seconds of a duration written the way Docker's CLI takes it: `2160h`, `90d`, `1h30m`, `3600s`
    (units d, h, m, s, in that order, each at most once) or a plain number of seconds.

    Raises ValueError naming `name`, the bad value and what is allowed.
    """
    allowed = "a duration such as 2160h, 90d, 1h30m or 3600s (units d, h, m, s) or a number of seconds"
    if isinstance(value, bool):
        raise ValueError("%s: %r is not %s" % (name, value, allowed))
    if isinstance(value, int):
        seconds = value
    else:
        text = str(value).strip().lower()
        if text.isdigit():
            seconds = int(text)
        else:
            seconds, rest, last = 0, text, -1
            if not text:
                raise ValueError("%s: %r is not %s" % (name, value, allowed))
            while rest:
                digits = len(rest) - len(rest.lstrip("0123456789"))
                unit = rest[digits:digits + 1]
                order = [u for u, _ in _DURATION_UNITS].index(unit) if unit and unit in "dhms" else -1
                if digits == 0 or order <= last:
                    raise ValueError("%s: %r is not %s" % (name, value, allowed))
                seconds += int(rest[:digits]) * _DURATION_UNITS[order][1]
                rest, last = rest[digits + 1:], order
    if seconds < minimum:
        raise ValueError("%s: %r is %d seconds, less than the %d seconds allowed at least"
                         % (name, value, seconds, minimum))
    return seconds


def cert_expiry_ns(value):
    """Nanoseconds of a node certificate lifetime (`swarm_cert_expiry`), at least one hour."""
    return duration_seconds(value, "swarm_cert_expiry", MIN_CERT_EXPIRY_SECONDS) * 1000000000


def backup_source(swarm_nodes, candidates, allow_outage=False):
    """Choose the manager whose Raft data a backup copies while its engine is stopped.

    swarm_nodes: the swarm's node list; candidates: inventory managers (swarm hostnames) in order.
    A Reachable manager is taken (not the leader when another fits, the last of the inventory first),
    and only when the others keep Raft's majority without it. A swarm of one manager has no such manager: it
    is taken only with allow_outage (the swarm takes no changes while its engine is stopped).

    Returns {"host": hostname or None, "id": node ID or None, "error": "" or why none fits}.
    """
    managers = [n for n in node_index(swarm_nodes).values() if n["role"] == "manager"]
    by_host = {n["hostname"]: n for n in managers if n["reachability"] == "reachable"}
    usable = [by_host[h] for h in reversed(list(candidates or [])) if h in by_host]
    if not usable:
        return {"host": None, "id": None,
                "error": "no manager of the inventory (%s) is a Reachable swarm manager"
                         % (", ".join(candidates or []) or "none")}
    reasons = []
    for node in sorted(usable, key=lambda n: n["leader"]):
        quorum = manager_quorum(swarm_nodes, [node["id"]])
        if quorum["safe"]:
            return {"host": node["hostname"], "id": node["id"], "error": ""}
        reasons.append("%s: %s" % (node["hostname"], quorum["reason"]))
    if allow_outage:
        node = usable[0]
        return {"host": node["hostname"], "id": node["id"], "error": ""}
    return {"host": None, "id": None,
            "error": "stopping any manager's engine would stop the swarm from taking changes (%s). Add managers "
                     "(3 keep a quorum while one is stopped), or accept that outage with "
                     "swarm_backup_allow_outage=true" % "; ".join(reasons)}
