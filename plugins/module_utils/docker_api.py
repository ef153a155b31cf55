# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Docker API access shared by the swarmops.cluster modules.

We deliberately do not import community.docker's module_utils (private since community.docker 5.0):
the Docker SDK for Python is enough for the few calls we make.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

from ansible.module_utils.basic import missing_required_lib

try:
    import docker  # noqa: F401
    from docker.errors import APIError, DockerException  # noqa: F401

    HAS_DOCKER = True
    DOCKER_IMPORT_ERROR = None
except ImportError:
    HAS_DOCKER = False
    DOCKER_IMPORT_ERROR = traceback.format_exc()

    class DockerException(Exception):  # type: ignore[no-redef]
        pass

    class APIError(DockerException):  # type: ignore[no-redef]
        pass


DOCKER_ARGUMENT_SPEC = dict(
    docker_host=dict(type="str", default="unix:///var/run/docker.sock"),
    api_timeout=dict(type="int", default=60),
)


def docker_argument_spec(**extra):
    """Our modules' argument spec: the shared connection options plus the module's own."""
    spec = dict(DOCKER_ARGUMENT_SPEC)
    spec.update(extra)
    return spec


def api_client(module):
    """Return a low-level docker.APIClient, or fail the module with an actionable message."""
    if not HAS_DOCKER:
        module.fail_json(msg=missing_required_lib("docker (Docker SDK for Python; Debian/Fedora: python3-docker)"),
                         exception=DOCKER_IMPORT_ERROR)
    try:
        return docker.APIClient(base_url=module.params["docker_host"], version="auto",
                                timeout=module.params["api_timeout"])
    except DockerException as exc:
        module.fail_json(msg="Cannot talk to the Docker daemon at %s: %s" % (module.params["docker_host"], exc))


def swarm_state(client):
    """The node's own swarm view from `docker info`: (LocalNodeState, ControlAvailable, info['Swarm'])."""
    swarm = client.info().get("Swarm") or {}
    return swarm.get("LocalNodeState", "inactive"), bool(swarm.get("ControlAvailable")), swarm


def require_manager(module, client):
    """Fail unless this node is an active swarm manager; return its info['Swarm']."""
    state, control, swarm = swarm_state(client)
    if state != "active" or not control:
        module.fail_json(
            msg="This node is not an active swarm manager (LocalNodeState=%s, ControlAvailable=%s); "
                "run the module on a manager." % (state, control),
            local_node_state=state)
    return swarm


def reachable_manager_addrs(nodes):
    """Join addresses (ip:port) of the managers that are reachable now, leader first.

    `nodes` is the list returned by the Docker API's GET /nodes.
    """
    leaders, others = [], []
    for node in nodes:
        status = node.get("ManagerStatus") or {}
        addr = status.get("Addr")
        if not addr or status.get("Reachability") != "reachable":
            continue
        (leaders if status.get("Leader") else others).append(addr)
    return leaders + sorted(others)
