#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: swarm_join_token
short_description: Read (and rotate) the join tokens of a Docker Swarm, and where to join it
version_added: 0.1.0
description:
  - Runs on a swarm manager and returns the worker and manager join tokens, the swarm's cluster ID
    and the addresses of the managers that are reachable right now (leader first), which is what a
    node needs to join.
  - Can rotate the worker token, the manager token or both; rotation reports C(changed).
  - The tokens are secrets. Always set C(no_log) to C(true) on the task that calls this module, and
    on any task that uses the registered tokens, so they never appear in output or logs, even at
    C(-vvv). Unlike C(community.docker.docker_swarm_info), this module returns nothing else that
    needs hiding.
author:
  - swarmops.cluster maintainers (@swarmops)
extends_documentation_fragment:
  - swarmops.cluster.docker_api
options:
  rotate:
    description:
      - Rotate the given token(s) before returning them. Old tokens stop working for new joins;
        nodes already in the swarm are not affected.
    type: str
    choices: [none, worker, manager, both]
    default: none
attributes:
  check_mode:
    support: full
    description: With O(rotate), reports C(changed) without rotating; the current tokens are returned.
  diff_mode:
    support: none
    description: Tokens are secrets; nothing is diffed.
notes:
  - Must run on an active manager (C(docker info) shows ControlAvailable); fails with the node's swarm
    state otherwise.
"""

EXAMPLES = r"""
- name: Get the join tokens from a manager
  swarmops.cluster.swarm_join_token:
  delegate_to: "{{ groups['swarm_managers'][0] }}"
  run_once: true
  register: swarm_tokens
  no_log: true

- name: Join a worker (the token never reaches the output)
  community.docker.docker_swarm:
    state: join
    join_token: "{{ swarm_tokens.worker_token }}"
    remote_addrs: "{{ swarm_tokens.manager_addrs[:1] }}"
  no_log: true

- name: Rotate the worker token (e.g. after it leaked)
  swarmops.cluster.swarm_join_token:
    rotate: worker
  no_log: true
"""

RETURN = r"""
worker_token:
  description: Token that joins a node as a worker. Secret.
  returned: success
  type: str
manager_token:
  description: Token that joins a node as a manager. Secret.
  returned: success
  type: str
cluster_id:
  description: ID of the swarm (cluster).
  returned: success
  type: str
  sample: 4rt9b2bmvvoiqlapj2j0b1c2y
manager_addrs:
  description: Join addresses (ip:port) of the managers reachable now, leader first.
  returned: success
  type: list
  elements: str
  sample: ["172.18.0.2:2377", "172.18.0.3:2377"]
rotated:
  description: Which tokens were rotated (or would be, in check mode).
  returned: success
  type: list
  elements: str
  sample: [worker]
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.swarmops.cluster.plugins.module_utils.docker_api import (
    APIError,
    api_client,
    docker_argument_spec,
    reachable_manager_addrs,
    require_manager,
)

ROTATIONS = {
    "none": [],
    "worker": ["worker"],
    "manager": ["manager"],
    "both": ["worker", "manager"],
}


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            rotate=dict(type="str", default="none", choices=list(ROTATIONS)),
        ),
        supports_check_mode=True,
    )
    client = api_client(module)
    require_manager(module, client)
    rotate = ROTATIONS[module.params["rotate"]]
    try:
        if rotate and not module.check_mode:
            spec = client.inspect_swarm()
            client.update_swarm(
                version=spec["Version"]["Index"],
                swarm_spec=spec["Spec"],
                rotate_worker_token="worker" in rotate,
                rotate_manager_token="manager" in rotate,
            )
        swarm = client.inspect_swarm()
        nodes = client.nodes(filters={"role": "manager"})
    except APIError as exc:
        module.fail_json(msg="Docker API error on this manager: %s" % exc.explanation)

    tokens = swarm.get("JoinTokens") or {}
    module.exit_json(
        changed=bool(rotate),
        worker_token=tokens.get("Worker"),
        manager_token=tokens.get("Manager"),
        cluster_id=swarm.get("ID"),
        manager_addrs=reachable_manager_addrs(nodes),
        rotated=rotate,
    )


if __name__ == "__main__":
    main()
