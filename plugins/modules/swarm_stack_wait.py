#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: swarm_stack_wait
short_description: Wait until the services of a swarm stack have really converged, or fail fast with the reason
version_added: 0.1.0
description:
  - Runs on a swarm manager after C(docker stack deploy) (or C(community.docker.docker_stack)) and waits
    until every service of the stack has converged, B(stably), for O(stable_seconds).
  - Replicated services converge when the running tasks the orchestrator wants equal the desired
    replicas; global services when one task runs on every node that is Ready, Active and satisfies the
    placement constraints; an update in progress must reach C(completed). One-shot services
    (restart condition C(none) or C(on-failure)) count completed tasks; jobs count completions.
  - Fails fast, not at the timeout, when a service has O(failure_threshold) failed or rejected tasks
    (image not found, crash loop, ...), when its update is paused or rolled back, or when the scheduler
    keeps saying no node is suitable; the message names the service, the node and the task's own error.
  - On timeout the message lists each unconverged service with running/desired, its latest task
    state and error, and the tasks still on their way (state, node, for how long, Docker's message),
    so a slow start reads differently from a stuck one.
  - With O(state=absent) (after C(docker stack rm)) it waits instead until the stack's services,
    tasks and networks are all gone, and on timeout names what is left.
author:
  - swarmops.cluster maintainers (@swarmops)
extends_documentation_fragment:
  - swarmops.cluster.docker_api
options:
  name:
    description:
      - Stack name (the C(com.docker.stack.namespace) label of its services).
      - Required with O(state=present) and O(state=absent); with O(state=drained) it limits the wait to that stack.
    type: str
  node:
    description:
      - With O(state=drained), the drained node (ID, or hostname as in C(docker node ls)).
    type: str
  services:
    description:
      - Only wait for these services (short names as in the compose file, or full C(stack_service) names).
        Default all services of the stack.
    type: list
    elements: str
    default: []
  timeout:
    description: Seconds to wait before failing with the list of unconverged services.
    type: int
    default: 300
  poll_interval:
    description: Seconds between two looks at the services, tasks and nodes.
    type: float
    default: 2
  failure_threshold:
    description: How many failed or rejected tasks of one service count as a failure.
    type: int
    default: 3
  stable_seconds:
    description:
      - How long the stack must stay converged before success (a task that starts and crashes is not running).
      - The window counts from when the newest counted task reached its state (the task's own timestamp),
        so a stack that has been running for longer than this returns at the first poll.
    type: float
    default: 5
  scheduler_grace:
    description: Polls a "no suitable node" scheduler error may persist before it fails the wait.
    type: int
    default: 2
  progress_interval:
    description:
      - Seconds between two progress lines printed on the controller while the wait goes on, each naming
        what is not converged yet and why (e.g. C(web_api 1/3 running, latest task pending (no suitable
        node))). V(0) prints nothing until the end.
      - The wait is the same either way; the module returns to its action plugin at each report and goes
        on from where it was (see O(resume)).
    type: int
    default: 30
  resume:
    description:
      - Internal, set by the module's action plugin between two progress lines - the state of the wait
        so far (its start, the stability window, the services seen on a drained node). Do not set it.
    type: dict
  state:
    description:
      - V(present) waits until the stack converged; V(absent) waits until its services, tasks and
        networks are gone (O(services), O(failure_threshold), O(stable_seconds) and O(scheduler_grace)
        do not apply).
      - V(drained) waits until the drained O(node) runs no task any more and every service that had a
        task on it has converged again on the other nodes (same failure rules as V(present)). Fails at
        once when the node is not drained.
    type: str
    choices: [present, absent, drained]
    default: present
  leader_timeout:
    description:
      - Seconds the wait rides out Docker API errors of a leader election (the swarm has no leader for a
        moment, the manager lost its leadership, e.g. while a rebooted manager rejoins Raft) before it
        fails with that error. Other API errors fail at once; V(0) fails on the first error.
      - Without a quorum the swarm has no leader for good, and the module fails after this many seconds,
        naming the error.
    type: int
    default: 30
attributes:
  check_mode:
    support: full
    description:
      - Reports the current state of every service once, without waiting; never changes anything.
      - A stack that is not deployed (a check run did not deploy it) is reported with RV(converged=false),
        not as a failure.
  diff_mode:
    support: none
    description: Nothing is changed, so there is nothing to diff.
notes:
  - Never reports C(changed).
"""

EXAMPLES = r"""
- name: Deploy the stack
  community.docker.docker_stack:
    name: web
    compose: [/srv/stacks/web.yml]

- name: Wait until it really runs (fails fast with the task error otherwise)
  swarmops.cluster.swarm_stack_wait:
    name: web
    timeout: 300

- name: Remove the stack
  community.docker.docker_stack:
    name: web
    state: absent

- name: Wait until its tasks and networks are gone too
  swarmops.cluster.swarm_stack_wait:
    name: web
    state: absent
    timeout: 120

- name: Drain a node
  community.docker.docker_node:
    hostname: worker-1
    availability: drain

- name: Wait until its tasks are gone and their services run elsewhere
  swarmops.cluster.swarm_stack_wait:
    node: worker-1
    state: drained

- name: Wait for one service only, fail at the first failed task
  swarmops.cluster.swarm_stack_wait:
    name: web
    services: [api]
    failure_threshold: 1
"""

RETURN = r"""
services:
  description: Per-service status at the end of the wait.
  returned: always
  type: dict
  sample:
    web_api: {mode: replicated, desired: 2, running: 2, update_state: completed, converged: true,
              failed: false, reason: "", last_error: "", last_state: running, pending_scheduler_error: "",
              running_since: 1796270000.5, waiting: []}
converged:
  description: Whether every selected service converged (always true on success outside check mode).
  returned: always
  type: bool
pinned:
  description:
    - With O(state=drained), the services that can only run on the drained node (their placement
      constraints admit no other node, e.g. a registry pinned by C(node.id)); they stop while the
      node is drained and are not waited for. Each item has C(service) and C(stack).
  returned: on success
  type: list
  elements: dict
remaining:
  description: With O(state=absent), what was still there at the end (empty lists on success); with O(state=drained), the tasks still on the node.
  returned: when O(state=absent) or O(state=drained)
  type: dict
  sample: {services: [], tasks: [], networks: [web_default]}
elapsed:
  description: Seconds the wait took.
  returned: always
  type: float
"""

# The action plugin (plugins/action/swarm_stack_wait.py) calls the module again while it answers
# in_progress=true, printing its msg in between; `resume` carries the wait's state over.

import time

# Task states that hold no container any more (a removed stack's tasks may linger in these).
GONE_TASK_STATES = ("shutdown", "complete", "failed", "rejected", "orphaned", "remove")

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.swarmops.cluster.plugins.module_utils.docker_api import (
    APIError,
    api_client,
    docker_argument_spec,
    require_manager,
)
from ansible_collections.swarmops.cluster.plugins.module_utils.stack_wait import (
    describe_unconverged,
    evaluate_stack,
    find_node,
    pinned_to,
    tasks_on_node,
)
from ansible_collections.swarmops.cluster.plugins.module_utils.swarm import transient_api_error


def select_services(all_services, stack, wanted):
    """Services of the stack, restricted to `wanted` (short or full names). Returns (services, unknown)."""
    by_name = dict(((s.get("Spec") or {}).get("Name"), s) for s in all_services)
    if not wanted:
        return list(by_name.values()), []
    chosen, unknown = [], []
    for name in wanted:
        full = name if name in by_name else "%s_%s" % (stack, name)
        if full in by_name:
            chosen.append(by_name[full])
        else:
            unknown.append(name)
    return chosen, unknown


def snapshot(client, stack, every_task=False):
    """One poll: the stack's services (every service without a stack), their tasks (or every task of
    the swarm with every_task, to see what still runs on a drained node) and the nodes."""
    services = client.services(filters={"label": "com.docker.stack.namespace=%s" % stack}) if stack else client.services()
    if every_task:
        tasks = client.tasks()
    else:
        ids = [s["ID"] for s in services]
        tasks = client.tasks(filters={"service": ids}) if ids else []
    return services, tasks, client.nodes()


def poll(module, what, fetch, clock, sleep, statuses=None):
    """fetch(), riding out the API errors of a leader election for leader_timeout seconds."""
    p = module.params
    since = None
    while True:
        try:
            return fetch()
        except APIError as exc:
            text = exc.explanation or str(exc)
            now = clock()
            since = now if since is None else since
            if not transient_api_error(text) or now - since >= p["leader_timeout"]:
                module.fail_json(msg="Docker API error while watching %s%s: %s" % (
                    what, " (for %ss)" % round(now - since, 1) if now > since else "", text),
                    services=statuses or {}, converged=False)
            sleep(p["poll_interval"])


def drained_view(module, p, all_services, tasks, nodes, affected, pinned):
    """For state=drained: (services to wait for, tasks still on the node, node name).

    Services that can only run on this node (pinned by their constraints) cannot move: they are
    collected in `pinned` and not waited for.
    """
    node = find_node(nodes, p["node"])
    if node is None:
        module.fail_json(msg="Node %s is not in the swarm (by ID or hostname); its nodes are: %s" % (
            p["node"], ", ".join(sorted((n.get("Description") or {}).get("Hostname", n.get("ID")) for n in nodes))))
    availability = (node.get("Spec") or {}).get("Availability")
    hostname = (node.get("Description") or {}).get("Hostname") or node.get("ID")
    if availability != "drain":
        module.fail_json(msg="Node %s is not drained (availability %s): drain it first" % (hostname, availability))
    for service in all_services:
        if pinned_to(service, nodes, node.get("ID")):
            spec = service.get("Spec") or {}
            pinned[service.get("ID")] = {"service": spec.get("Name"),
                                         "stack": (spec.get("Labels") or {}).get("com.docker.stack.namespace", "")}
    ids = set(s.get("ID") for s in all_services) - set(pinned)
    left = [t for t in tasks_on_node(tasks, node.get("ID")) if t.get("ServiceID") in ids]
    affected.update(t.get("ServiceID") for t in left)
    return [s for s in all_services if s.get("ID") in affected], left, hostname


def still_missing(statuses, remaining, now=None):
    """What the wait still waits for: the tasks left on a drained node, then each unconverged service."""
    lines = describe_unconverged(statuses, now)
    if remaining:
        lines.insert(0, "tasks still on the node: %s" % ", ".join(remaining))
    return lines


def still_there(left):
    """What a removed stack still has, as one line."""
    return "; ".join("%s: %s" % (k, ", ".join(v)) for k, v in sorted(left.items()) if v)


def report_due(module, start, slice_start, now):
    """Whether to hand a progress line to the action plugin now (not when the next poll is the last)."""
    p = module.params
    return 0 < p["progress_interval"] <= now - slice_start and now - start < p["timeout"]


def wait(module, client):
    clock, sleep = time.time, time.sleep
    p = module.params
    drained = p["state"] == "drained"
    resume = p["resume"] or {}
    slice_start = clock()
    start = resume.get("start", slice_start)
    stable_since = resume.get("stable_since")
    scheduler_strikes = dict(resume.get("scheduler_strikes") or {})
    statuses = {}
    affected = set(resume.get("affected") or [])
    pinned = dict(resume.get("pinned") or {})
    left = []
    while True:
        all_services, tasks, nodes = poll(
            module, "node %s" % p["node"] if drained else "stack %s" % p["name"],
            lambda: snapshot(client, p["name"], every_task=drained), clock, sleep, statuses)
        if drained:
            services, left, hostname = drained_view(module, p, all_services, tasks, nodes, affected, pinned)
            what = "node %s to be drained" % hostname
        else:
            if not all_services and module.check_mode:
                # A check run did not deploy the stack that the real run deploys before waiting for it.
                module.exit_json(changed=False, services={}, converged=False, elapsed=round(clock() - start, 1),
                                 msg="Stack %s is not deployed; check mode cannot wait for it" % p["name"])
            if not all_services:
                module.fail_json(msg="Stack %s has no services on this swarm (was it deployed?)" % p["name"],
                                 services={}, converged=False, elapsed=round(clock() - start, 1))
            services, unknown = select_services(all_services, p["name"], p["services"])
            if unknown:
                names = sorted((s.get("Spec") or {}).get("Name") for s in all_services)
                module.fail_json(msg="Stack %s has no service %s; its services are: %s"
                                 % (p["name"], ", ".join(unknown), ", ".join(names)), services={})
            what = "stack %s" % p["name"]
        try:
            statuses = evaluate_stack(services, tasks, nodes, p["failure_threshold"])
        except ValueError as exc:
            module.fail_json(msg="%s: %s" % (what, exc))
        elapsed = round(clock() - start, 1)
        remaining = sorted("%s (%s)" % (t.get("ID", "")[:12], (t.get("Status") or {}).get("State")) for t in left)
        converged = all(s["converged"] for s in statuses.values()) and not left
        if module.check_mode:
            module.exit_json(changed=False, services=statuses, converged=converged, elapsed=elapsed,
                             remaining={"tasks": remaining} if drained else {})

        failed = [s for s in statuses.values() if s["failed"]]
        for name, st in statuses.items():
            scheduler_strikes[name] = scheduler_strikes.get(name, 0) + 1 if st["pending_scheduler_error"] else 0
            if scheduler_strikes[name] > p["scheduler_grace"]:
                st["failed"] = True
                st["reason"] = "cannot be scheduled: %s" % st["pending_scheduler_error"]
                failed.append(st)
        if failed:
            subject = ("While draining node %s, services" % hostname) if drained else ("Stack %s" % p["name"])
            reasons = "; ".join("%s %s" % (s["name"], s["reason"]) for s in sorted(failed, key=lambda s: s["name"]))
            module.fail_json(msg="%s did not converge: %s" % (subject, reasons),
                             services=statuses, converged=False, elapsed=elapsed)

        now = clock()
        if converged:
            if stable_since is None:
                # Credit the time the tasks have already been running (their own timestamps), so a
                # stack that converged long ago returns at once; never later than now (clock skew).
                since = [s["running_since"] for s in statuses.values() if s.get("running_since")]
                stable_since = min(now, max(since)) if since else now
            if now - stable_since >= p["stable_seconds"]:
                module.exit_json(changed=False, services=statuses, converged=True, elapsed=elapsed,
                                 remaining={"tasks": []} if drained else {},
                                 pinned=sorted(pinned.values(), key=lambda x: x["service"]))
        else:
            stable_since = None
        if now - start >= p["timeout"]:
            lines = still_missing(statuses, remaining, now)
            module.fail_json(
                msg="Timed out after %ss waiting for %s: %s" % (p["timeout"], what, "; ".join(lines) or "not stable yet"),
                services=statuses, converged=False, elapsed=elapsed)
        sleep(p["poll_interval"])
        if report_due(module, start, slice_start, clock()):
            lines = still_missing(statuses, remaining, clock())
            module.exit_json(
                changed=False, in_progress=True, converged=False, services=statuses, elapsed=elapsed,
                msg="still waiting for %s (%ss of %ss): %s" % (what, int(clock() - start), p["timeout"],
                                                               "; ".join(lines) or "stable for less than %ss" % p["stable_seconds"]),
                resume=dict(start=start, stable_since=stable_since, scheduler_strikes=scheduler_strikes,
                            affected=sorted(affected), pinned=pinned))


def leftovers(client, stack):
    """What a removed stack still has on the swarm: service, task and network names."""
    label = {"label": "com.docker.stack.namespace=%s" % stack}
    services = client.services(filters=label)
    # Every task, kept when its container carries the stack's label (stack deploy sets it): a removed
    # service's tasks can no longer be found through the service.
    tasks = [t for t in client.tasks() if (((t.get("Spec") or {}).get("ContainerSpec") or {}).get("Labels") or {})
             .get("com.docker.stack.namespace") == stack]
    networks = client.networks(filters=label)
    return {
        "services": sorted((s.get("Spec") or {}).get("Name", s.get("ID")) for s in services),
        "tasks": sorted("%s (%s)" % (t.get("ID", "")[:12], (t.get("Status") or {}).get("State", "?"))
                        for t in tasks if (t.get("Status") or {}).get("State") not in GONE_TASK_STATES),
        "networks": sorted(n.get("Name", n.get("Id")) for n in networks if n.get("Scope") == "swarm"),
    }


def wait_absent(module, client):
    clock, sleep = time.time, time.sleep
    p = module.params
    slice_start = clock()
    start = (p["resume"] or {}).get("start", slice_start)
    while True:
        left = poll(module, "stack %s" % p["name"], lambda: leftovers(client, p["name"]), clock, sleep)
        elapsed = round(clock() - start, 1)
        gone = not any(left.values())
        if gone or module.check_mode:
            module.exit_json(changed=False, converged=gone, remaining=left, services={}, elapsed=elapsed)
        if clock() - start >= p["timeout"]:
            module.fail_json(
                msg="Timed out after %ss waiting for stack %s to be gone; still there: %s" % (
                    p["timeout"], p["name"], still_there(left)),
                converged=False, remaining=left, services={}, elapsed=elapsed)
        sleep(p["poll_interval"])
        if report_due(module, start, slice_start, clock()):
            module.exit_json(
                changed=False, in_progress=True, converged=False, remaining=left, services={}, elapsed=elapsed,
                msg="still waiting for stack %s to be gone (%ss of %ss): %s" % (
                    p["name"], int(clock() - start), p["timeout"], still_there(left)),
                resume=dict(start=start))


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            name=dict(type="str"),
            node=dict(type="str"),
            services=dict(type="list", elements="str", default=[]),
            timeout=dict(type="int", default=300),
            poll_interval=dict(type="float", default=2),
            failure_threshold=dict(type="int", default=3),
            stable_seconds=dict(type="float", default=5),
            scheduler_grace=dict(type="int", default=2),
            state=dict(type="str", default="present", choices=["present", "absent", "drained"]),
            leader_timeout=dict(type="int", default=30),
            progress_interval=dict(type="int", default=30),
            resume=dict(type="dict"),
        ),
        required_if=[("state", "present", ["name"]), ("state", "absent", ["name"]), ("state", "drained", ["node"])],
        supports_check_mode=True,
    )
    p = module.params
    for option, minimum in (("timeout", 1), ("poll_interval", 0.1), ("failure_threshold", 1),
                            ("stable_seconds", 0), ("scheduler_grace", 0), ("leader_timeout", 0),
                            ("progress_interval", 0)):
        if p[option] < minimum:
            module.fail_json(msg="%s=%s is not allowed: it must be >= %s" % (option, p[option], minimum))
    client = api_client(module)
    require_manager(module, client)
    if p["state"] == "absent":
        wait_absent(module, client)
    wait(module, client)


if __name__ == "__main__":
    main()
