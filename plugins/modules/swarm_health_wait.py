#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: swarm_health_wait
short_description: Wait until nodes of a swarm are Ready and Active (and its managers Reachable), or Down
version_added: 0.1.0
description:
  - Runs on a swarm manager and polls the node list until every node of O(expected) (swarm hostnames,
    or node IDs) is in the swarm, Ready and Active, and every manager is Reachable in Raft - e.g. after
    powering a whole cluster on again, or after a role change. The collection's one wait for node state.
  - Narrower waits through options - a node back from maintenance (O(availability) accepts drain, only
    its own Raft reachability counts through O(managers)), or a node that left the swarm (O(state=down)).
  - An entry left Down by a host that re-joined under a new node ID does not count when the host has
    a Ready one.
  - While it waits, a line every O(progress_interval) seconds names the nodes that are not healthy
    yet and why (C(worker-1 status down), C(manager-2 manager unreachable), no node list while the
    swarm elects a leader).
  - Unless O(fail_on_timeout), does not fail when the time is up; it returns RV(healthy=false) with the
    RV(problems) left, so that the play can act on them (restart a stuck engine, report).
author:
  - swarmops.cluster maintainers (@swarmops)
extends_documentation_fragment:
  - swarmops.cluster.docker_api
options:
  expected:
    description: The nodes to wait for - swarm hostnames (inventory names), or node IDs with O(match=id).
    type: list
    elements: str
    required: true
  match:
    description: Whether O(expected) names swarm hostnames or node IDs.
    type: str
    choices: [hostname, id]
    default: hostname
  availability:
    description: The availabilities that count as healthy (a node back from maintenance is still drained).
    type: list
    elements: str
    choices: [active, pause, drain]
    default: [active]
  managers:
    description:
      - Whose Raft reachability counts - V(all) managers of the swarm, or only the V(expected) nodes' (a
        wait for one node must not wait for another manager that is down on purpose).
    type: str
    choices: [all, expected]
    default: all
  state:
    description:
      - V(ready) - the nodes must be Ready. V(down) - each node must be seen Down, or be gone (after it
        left the swarm); O(availability) and O(managers) play no part then.
    type: str
    choices: [ready, down]
    default: ready
  timeout:
    description: Seconds to wait before returning with RV(healthy=false) (or failing, with O(fail_on_timeout)).
    type: int
    default: 300
  fail_on_timeout:
    description: Fail when the time is up, naming what is still wrong, instead of returning RV(healthy=false).
    type: bool
    default: false
  poll_interval:
    description: Seconds between two looks at the node list.
    type: float
    default: 1
  progress_interval:
    description:
      - Seconds between two progress lines printed on the controller while the wait goes on. V(0)
        prints nothing until the end.
    type: int
    default: 15
  resume:
    description:
      - Internal, set by the module's action plugin between two progress lines (the start of the
        wait). Do not set it.
    type: dict
attributes:
  check_mode:
    support: full
    description: Looks once and reports, without waiting; never changes anything.
  diff_mode:
    support: none
    description: Nothing is changed, so there is nothing to diff.
notes:
  - Never reports C(changed).
  - Docker API errors while polling (no leader yet, the engine restarting) count as "not healthy yet"
    and are named in the progress lines and in RV(problems).
"""

EXAMPLES = r"""
- name: Wait until the whole cluster is back after a power cut
  swarmops.cluster.swarm_health_wait:
    expected: "{{ groups['swarm_managers'] + groups['swarm_workers'] }}"
    timeout: 300
  delegate_to: "{{ groups['swarm_managers'][0] }}"
  run_once: true
  register: health

- name: Wait until a node back from maintenance is Ready (and Reachable, for a manager), still drained
  swarmops.cluster.swarm_health_wait:
    expected: ["{{ node_id }}"]
    match: id
    availability: [active, pause, drain]
    managers: expected
    timeout: 120
    fail_on_timeout: true
  delegate_to: "{{ groups['swarm_managers'][0] }}"

- name: Name what is still wrong
  ansible.builtin.fail:
    msg: "{{ health.problems | map(attribute='hostname') | zip(health.problems | map(attribute='problem')) | map('join', ': ') | join('; ') }}"
  when: not health.healthy
  run_once: true
"""

RETURN = r"""
healthy:
  description:
    - Whether the wait's condition holds - every expected node Ready, of an accepted availability, and the
      managers that count Reachable; or, with O(state=down), every expected node Down or gone.
  returned: always
  type: bool
problems:
  description: What keeps the swarm from being healthy (empty when healthy); each item has C(hostname), C(id), C(role), C(state) and C(problem).
  returned: always
  type: list
  elements: dict
  sample: [{hostname: worker-1, id: 3x1..., role: worker, state: down, problem: status down}]
nodes:
  description: The last node list read (as the Docker API returns it); empty when none could be read.
  returned: always
  type: list
  elements: dict
elapsed:
  description: Seconds the wait took.
  returned: always
  type: float
"""

# The action plugin (plugins/action/swarm_health_wait.py) calls the module again while it answers
# in_progress=true, printing its msg in between; `resume` carries the wait's start over.

import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.swarmops.cluster.plugins.module_utils.docker_api import (
    DockerException,
    api_client,
    docker_argument_spec,
)
from ansible_collections.swarmops.cluster.plugins.module_utils.swarm import (
    HEALTH_AVAILABILITIES,
    HEALTH_MANAGERS,
    HEALTH_MATCHES,
    HEALTH_STATES,
    health_problems,
)


def describe(problems):
    return "; ".join("%s: %s" % (p["hostname"], p["problem"]) for p in problems)


def look(client, p):
    """(nodes, problems) now; an API error is one problem naming it."""
    try:
        nodes = client.nodes()
    except (DockerException, OSError) as exc:
        return [], [{"hostname": "(swarm)", "id": None, "role": None, "state": None,
                     "problem": "no node list (%s)" % str(exc).strip()}]
    return nodes, health_problems(nodes, p["expected"], availability=p["availability"], managers=p["managers"],
                                  state=p["state"], match=p["match"])


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            expected=dict(type="list", elements="str", required=True),
            match=dict(type="str", choices=list(HEALTH_MATCHES), default="hostname"),
            availability=dict(type="list", elements="str", choices=list(HEALTH_AVAILABILITIES), default=["active"]),
            managers=dict(type="str", choices=list(HEALTH_MANAGERS), default="all"),
            state=dict(type="str", choices=list(HEALTH_STATES), default="ready"),
            timeout=dict(type="int", default=300),
            fail_on_timeout=dict(type="bool", default=False),
            poll_interval=dict(type="float", default=1),
            progress_interval=dict(type="int", default=15),
            resume=dict(type="dict"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    for option, minimum in (("timeout", 0), ("poll_interval", 0.1), ("progress_interval", 0)):
        if p[option] < minimum:
            module.fail_json(msg="%s=%s is not allowed: it must be >= %s" % (option, p[option], minimum))
    if not p["expected"]:
        module.fail_json(msg="expected is empty: name the swarm hostnames to wait for")
    client = api_client(module)
    clock, sleep = time.time, time.sleep
    slice_start = clock()
    start = (p["resume"] or {}).get("start", slice_start)
    while True:
        nodes, problems = look(client, p)
        now = clock()
        done = not problems or module.check_mode or now - start >= p["timeout"]
        if done and problems and p["fail_on_timeout"] and not module.check_mode:
            module.fail_json(msg="not as wanted after %ss: %s" % (p["timeout"], describe(problems)), healthy=False,
                             problems=problems, nodes=nodes, elapsed=round(now - start, 1))
        if done:
            module.exit_json(changed=False, healthy=not problems, problems=problems, nodes=nodes,
                             elapsed=round(now - start, 1))
        sleep(p["poll_interval"])
        now = clock()
        if 0 < p["progress_interval"] <= now - slice_start and now - start < p["timeout"]:
            module.exit_json(changed=False, in_progress=True, healthy=False, problems=problems, nodes=nodes,
                             elapsed=round(now - start, 1), resume=dict(start=start),
                             msg="not healthy yet (%ss of %ss): %s" % (int(now - start), p["timeout"], describe(problems)))


if __name__ == "__main__":
    main()
