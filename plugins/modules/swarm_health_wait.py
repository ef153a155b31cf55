#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: swarm_health_wait
short_description: Wait until every expected node of a swarm is Ready and Active and every manager Reachable
version_added: 0.1.0
description:
  - Runs on a swarm manager and polls the node list until every host of O(expected) (swarm hostnames)
    is in the swarm, Ready and Active, and every manager is Reachable in Raft - e.g. after powering a
    whole cluster on again, or after a role change.
  - An entry left Down by a host that re-joined under a new node ID does not count when the host has
    a Ready one.
  - While it waits, a line every O(progress_interval) seconds names the nodes that are not healthy
    yet and why (C(worker-1 status down), C(manager-2 manager unreachable), no node list while the
    swarm elects a leader).
  - Does not fail when the time is up; it returns RV(healthy=false) with the RV(problems) left, so
    that the play can act on them (restart a stuck engine, report).
author:
  - swarmops.cluster maintainers (@swarmops)
extends_documentation_fragment:
  - swarmops.cluster.docker_api
options:
  expected:
    description: Swarm hostnames (inventory names) that must be in the swarm, Ready and Active.
    type: list
    elements: str
    required: true
  timeout:
    description: Seconds to wait before returning with RV(healthy=false).
    type: int
    default: 300
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

- name: Name what is still wrong
  ansible.builtin.fail:
    msg: "{{ health.problems | map(attribute='hostname') | zip(health.problems | map(attribute='problem')) | map('join', ': ') | join('; ') }}"
  when: not health.healthy
  run_once: true
"""

RETURN = r"""
healthy:
  description: Whether every expected node is Ready and Active and every manager Reachable.
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
from ansible_collections.swarmops.cluster.plugins.module_utils.swarm import health_problems


def describe(problems):
    return "; ".join("%s: %s" % (p["hostname"], p["problem"]) for p in problems)


def look(client, expected):
    """(nodes, problems) now; an API error is one problem naming it."""
    try:
        nodes = client.nodes()
    except (DockerException, OSError) as exc:
        return [], [{"hostname": "(swarm)", "id": None, "role": None, "state": None,
                     "problem": "no node list (%s)" % str(exc).strip()}]
    return nodes, health_problems(nodes, expected)


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            expected=dict(type="list", elements="str", required=True),
            timeout=dict(type="int", default=300),
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
        nodes, problems = look(client, p["expected"])
        now = clock()
        done = not problems or module.check_mode or now - start >= p["timeout"]
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
