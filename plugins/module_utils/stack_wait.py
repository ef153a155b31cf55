# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Convergence of swarm services, as pure functions over the Docker API's service/task/node dicts.

Used by the swarm_stack_wait module (and unit-tested on recorded API data). No I/O here.
"""

from __future__ import absolute_import, division, print_function

import datetime
import re

__metaclass__ = type

FAILED_TASK_STATES = ("failed", "rejected")
BAD_UPDATE_STATES = ("paused", "rollback_started", "rollback_paused", "rollback_completed")
SCHEDULER_ERRORS = ("no suitable node", "insufficient resources")
# Task states in which a task still holds (or is about to hold) a container on its node.
ACTIVE_TASK_STATES = ("assigned", "accepted", "preparing", "ready", "starting", "running")
# States of a task that is wanted but not running yet (from created to the container's start).
WAITING_TASK_STATES = ("new", "pending") + ACTIVE_TASK_STATES[:-1]


def _node_attr(node, key):
    """Value of a placement-constraint attribute for a node (None when it does not exist)."""
    spec = node.get("Spec") or {}
    desc = node.get("Description") or {}
    if key == "node.id":
        return node.get("ID")
    if key == "node.hostname":
        return desc.get("Hostname")
    if key == "node.role":
        return spec.get("Role")
    if key == "node.platform.os":
        return (desc.get("Platform") or {}).get("OS")
    if key == "node.platform.arch":
        return (desc.get("Platform") or {}).get("Architecture")
    if key.startswith("node.labels."):
        return (spec.get("Labels") or {}).get(key[len("node.labels."):])
    if key.startswith("engine.labels."):
        return ((desc.get("Engine") or {}).get("Labels") or {}).get(key[len("engine.labels."):])
    return None


def constraint_matches(node, constraint):
    """Evaluate one placement constraint (`key==value` or `key!=value`) against a node."""
    for operator in ("==", "!="):
        if operator in constraint:
            key, value = [part.strip() for part in constraint.split(operator, 1)]
            actual = _node_attr(node, key)
            if key in ("node.role", "node.platform.os", "node.platform.arch") and actual is not None:
                actual, value = actual.lower(), value.lower()
            equal = actual is not None and actual == value
            return equal if operator == "==" else not equal
    raise ValueError("unsupported placement constraint %r (expected key==value or key!=value)" % constraint)


def eligible_nodes(service, nodes):
    """Nodes that are Ready, Active and satisfy the service's placement constraints."""
    placement = ((service.get("Spec") or {}).get("TaskTemplate") or {}).get("Placement") or {}
    constraints = placement.get("Constraints") or []
    eligible = []
    for node in nodes:
        if (node.get("Status") or {}).get("State") != "ready":
            continue
        if (node.get("Spec") or {}).get("Availability") != "active":
            continue
        if all(constraint_matches(node, c) for c in constraints):
            eligible.append(node)
    return eligible


def service_mode(service):
    mode = (service.get("Spec") or {}).get("Mode") or {}
    for name in ("Replicated", "Global", "ReplicatedJob", "GlobalJob"):
        if name in mode:
            return name.lower().replace("replicatedjob", "replicated-job").replace("globaljob", "global-job"), mode[name] or {}
    return "replicated", {"Replicas": 1}


def _restart_condition(service):
    policy = ((service.get("Spec") or {}).get("TaskTemplate") or {}).get("RestartPolicy") or {}
    return policy.get("Condition", "any")


_RFC3339 = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|z|[+-]\d\d:\d\d)?$")


def norm_ts(value):
    """RFC 3339 timestamp from the API (variable fraction digits) -> a string that sorts in time order."""
    if not value:
        return ""
    value = value.rstrip("Z")
    if "." in value:
        whole, frac = value.split(".", 1)
    else:
        whole, frac = value, ""
    return "%s.%s" % (whole, (frac + "000000000")[:9])


def ts_epoch(value):
    """RFC 3339 timestamp from the API -> seconds since the epoch (float); None when empty or unparsable."""
    match = _RFC3339.match(value or "")
    if not match:
        return None
    date, frac, zone = match.groups()
    epoch = (datetime.datetime.strptime(date, "%Y-%m-%dT%H:%M:%S") - datetime.datetime(1970, 1, 1)).total_seconds()
    offset = 0
    if zone not in ("Z", "z", ""):
        offset = (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60) * (1 if zone[0] == "+" else -1)
    return epoch + float("0" + (frac or "")) - offset


def _ts(task):
    return norm_ts((task.get("Status") or {}).get("Timestamp") or task.get("UpdatedAt"))


def evaluate_service(service, tasks, nodes, failure_threshold=3):
    """Status of one service.

    Returns a dict: name, mode, desired, running, update_state, converged (bool), failed (bool),
    reason (why it failed), last_error (latest task error), last_state, pending_scheduler_error,
    running_since, waiting (the current tasks not running yet: state, node, since when, Docker's message).
    """
    spec = service.get("Spec") or {}
    name = spec.get("Name") or service.get("ID")
    mode, mode_spec = service_mode(service)
    hostnames = dict((n.get("ID"), (n.get("Description") or {}).get("Hostname")) for n in nodes)
    own = [t for t in tasks if t.get("ServiceID") == service.get("ID")]
    own.sort(key=_ts)
    # Tasks of the current spec: the ones the orchestrator still wants running (older ones are shut down).
    current = [t for t in own if t.get("DesiredState") in ("running", "complete")]
    update = service.get("UpdateStatus") or {}
    update_state = update.get("State")
    status = {"name": name, "mode": mode, "update_state": update_state, "converged": False, "failed": False,
              "reason": "", "last_error": "", "last_state": "", "pending_scheduler_error": "",
              "running_since": None, "waiting": []}

    if own:
        latest = own[-1]
        status["last_state"] = (latest.get("Status") or {}).get("State", "")
    errored = [t for t in own if (t.get("Status") or {}).get("Err")]
    if errored:
        task = errored[-1]
        status["last_error"] = "%s on %s: %s" % (
            (task.get("Status") or {}).get("State"), hostnames.get(task.get("NodeID")) or "no node",
            task["Status"]["Err"])

    eligible = eligible_nodes(service, nodes)
    eligible_ids = set(n.get("ID") for n in eligible)
    running_tasks = [t for t in current if (t.get("Status") or {}).get("State") == "running"]
    completed = [t for t in own if (t.get("Status") or {}).get("State") == "complete"]
    one_shot = _restart_condition(service) in ("none", "on-failure")

    if mode == "global":
        desired = len(eligible)
        running = len(set(t.get("NodeID") for t in running_tasks if t.get("NodeID") in eligible_ids))
        if one_shot:
            done_nodes = set(t.get("NodeID") for t in completed if t.get("NodeID") in eligible_ids)
            running = len(done_nodes | set(t.get("NodeID") for t in running_tasks if t.get("NodeID") in eligible_ids))
    elif mode in ("replicated-job", "global-job"):
        desired = (mode_spec.get("TotalCompletions") or mode_spec.get("MaxConcurrent") or 1) if mode == "replicated-job" \
            else len(eligible)
        running = len(completed)
    else:
        desired = int(mode_spec.get("Replicas", 1))
        slots = set(t.get("Slot") for t in running_tasks)
        if one_shot:
            slots |= set(t.get("Slot") for t in completed)
        running = len(slots)
    status["desired"] = desired
    status["running"] = running
    # Tasks on their way (assigned .. starting): where each is and since when, so a timeout says
    # whether a task is slow or stuck, and on which node.
    for task in current:
        st = task.get("Status") or {}
        if st.get("State") in WAITING_TASK_STATES:
            status["waiting"].append({"state": st.get("State"), "node": hostnames.get(task.get("NodeID")) or "no node",
                                      "since": ts_epoch(st.get("Timestamp")), "message": st.get("Message") or ""})
    # When the newest of the counted tasks reached its state: the stability window may be credited
    # from there, so a stack that has been running for a while needs no extra wait.
    counted = running_tasks + (completed if one_shot or mode.endswith("job") else [])
    stamps = [ts_epoch((t.get("Status") or {}).get("Timestamp")) for t in counted]
    stamps = [x for x in stamps if x is not None]
    status["running_since"] = max(stamps) if stamps else None

    # Failures: an update that paused or rolled back, tasks that failed/were rejected (crash loops,
    # missing images), or a scheduler that cannot place a task anywhere.
    if update_state in BAD_UPDATE_STATES:
        status["failed"] = True
        status["reason"] = "update %s: %s" % (update_state, update.get("Message", ""))
        return status
    # Only failures of the current spec count: tasks created since the service was last updated.
    since = norm_ts(service.get("UpdatedAt"))
    failed_tasks = [t for t in own if (t.get("Status") or {}).get("State") in FAILED_TASK_STATES
                    and norm_ts(t.get("CreatedAt")) >= since]
    if len(failed_tasks) >= failure_threshold:
        task = failed_tasks[-1]
        status["failed"] = True
        status["reason"] = "%d failed task(s); latest %s on %s: %s" % (
            len(failed_tasks), task["Status"]["State"], hostnames.get(task.get("NodeID")) or "no node",
            task["Status"].get("Err") or task["Status"].get("Message", ""))
        return status
    for task in current:
        st = task.get("Status") or {}
        if st.get("State") == "pending" and any(e in (st.get("Err") or "") for e in SCHEDULER_ERRORS):
            status["pending_scheduler_error"] = st["Err"]

    status["converged"] = (running >= desired if mode.endswith("job") else running == desired) \
        and update_state in (None, "", "completed") and not status["pending_scheduler_error"]
    return status


def evaluate_stack(services, tasks, nodes, failure_threshold=3):
    """Evaluate every service: {service name: status}."""
    return dict((s["name"], s) for s in (evaluate_service(svc, tasks, nodes, failure_threshold) for svc in services))


def describe_waiting(waiting, now=None, limit=3):
    """The tasks on their way, as text: "starting on node-1 for 290s (starting)"."""
    parts = []
    for task in sorted(waiting, key=lambda t: t["since"] or 0)[:limit]:
        part = "%s on %s" % (task["state"], task["node"])
        if now is not None and task["since"] is not None:
            part += " for %ds" % max(0, now - task["since"])
        if task["message"] and task["message"] != task["state"]:
            part += " (%s)" % task["message"]
        parts.append(part)
    if len(waiting) > limit:
        parts.append("%d more" % (len(waiting) - limit))
    return ", ".join(parts)


def describe_unconverged(statuses, now=None):
    """One line per service that is not converged (for timeout messages); `now` (epoch seconds)
    adds how long each task on its way has been in its state."""
    lines = []
    for name in sorted(statuses):
        st = statuses[name]
        if st["converged"]:
            continue
        line = "%s: %s/%s running" % (name, st["running"], st["desired"])
        if st["update_state"]:
            line += ", update %s" % st["update_state"]
        if st["last_state"]:
            line += ", latest task %s" % st["last_state"]
        if st["pending_scheduler_error"] or st["last_error"]:
            line += " (%s)" % (st["pending_scheduler_error"] or st["last_error"])
        if st.get("waiting"):
            line += "; on the way: %s" % describe_waiting(st["waiting"], now)
        lines.append(line)
    return lines


def find_node(nodes, ref):
    """The node whose ID, ID prefix (12+ characters) or hostname is `ref`, else None."""
    for node in nodes:
        if node.get("ID") == ref or (len(ref or "") >= 12 and (node.get("ID") or "").startswith(ref)):
            return node
    named = [n for n in nodes if (n.get("Description") or {}).get("Hostname") == ref]
    return named[0] if len(named) == 1 else None


def tasks_on_node(tasks, node_id):
    """Tasks that still run (or are about to run) a container on the node."""
    return [t for t in tasks if t.get("NodeID") == node_id
            and ((t.get("Status") or {}).get("State") in ACTIVE_TASK_STATES)]


def pinned_to(service, nodes, node_id):
    """True when the service's placement constraints admit no node but `node_id` (e.g. a registry
    pinned by node.id): draining that node stops it, it cannot move."""
    placement = ((service.get("Spec") or {}).get("TaskTemplate") or {}).get("Placement") or {}
    constraints = placement.get("Constraints") or []
    if not constraints:
        return False
    fits = [n.get("ID") for n in nodes if all(constraint_matches(n, c) for c in constraints)]
    return fits == [node_id]
