# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalise and validate the `stack` role's stack list (pure functions, unit-tested).

Used by the swarmops.cluster.stack_plan filter. Every error names the stack and the bad value.
"""

from __future__ import absolute_import, division, print_function

import posixpath
import re

__metaclass__ = type

NAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
STATES = ("present", "absent")
RESOLVE_IMAGE = ("always", "changed", "never")
STACK_KEYS = ("name", "state", "compose", "compose_files", "files", "networks", "prune", "with_registry_auth",
              "resolve_image", "wait", "wait_timeout", "wait_services", "nfs_volumes")
NETWORK_KEYS = ("name", "driver", "attachable", "internal", "encrypted", "driver_options", "ipam_config", "labels")
DEFAULTS = {"prune": False, "with_registry_auth": False, "resolve_image": None, "wait": True, "wait_timeout": 300}


class StackPlanError(ValueError):
    pass


def _check_name(kind, value):
    if not isinstance(value, str) or not NAME_RE.match(value):
        raise StackPlanError("%s name %r is not allowed: use letters, digits, '_', '.' or '-', starting with a "
                             "letter or digit" % (kind, value))
    return value


def normalize_network(item, where):
    """A network given as a name or a dict -> a dict with every docker_network option we pass on."""
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        raise StackPlanError("%s: network %r must be a name or a dict with a 'name'" % (where, item))
    unknown = sorted(set(item) - set(NETWORK_KEYS))
    if unknown:
        raise StackPlanError("%s: network %r has unknown key(s) %s; allowed: %s"
                             % (where, item.get("name"), ", ".join(unknown), ", ".join(NETWORK_KEYS)))
    encrypted = item.get("encrypted", False)
    if not isinstance(encrypted, bool):
        raise StackPlanError("%s: network %s has encrypted=%r; use true or false"
                             % (where, item.get("name"), encrypted))
    driver_options = dict(item.get("driver_options") or {})
    if encrypted:
        # IPsec (ESP) between the nodes for this network's traffic; needs a kernel with ESP, and the
        # firewall role lets ESP in from the swarm's members only.
        driver_options["encrypted"] = ""
    net = {
        "name": _check_name("network", item.get("name")),
        "driver": item.get("driver", "overlay"),
        "attachable": bool(item.get("attachable", True)),
        "internal": bool(item.get("internal", False)),
        "driver_options": driver_options,
        "ipam_config": item.get("ipam_config") or [],
        "labels": item.get("labels") or {},
    }
    if net["driver"] != "overlay":
        raise StackPlanError("%s: network %s has driver %r; swarm stacks need driver 'overlay'"
                             % (where, net["name"], net["driver"]))
    return net


def _compose_list(stack):
    compose = stack.get("compose")
    if compose is None:
        return []
    if isinstance(compose, dict):
        compose = [compose]
    if not isinstance(compose, list):
        raise StackPlanError("stack %s: compose must be a compose definition (dict) or a list of them, got %s"
                             % (stack["name"], type(compose).__name__))
    for index, item in enumerate(compose):
        if not isinstance(item, dict) or not isinstance(item.get("services"), dict):
            raise StackPlanError("stack %s: compose item %d has no 'services' mapping (a compose definition "
                                 "needs one)" % (stack["name"], index + 1))
    return compose


def plan_stacks(stack_list, stack_dir, defaults=None, shared_networks=None, nfs_volumes=None):
    """Validate and normalise the stacks.

    Returns {"present": [stack], "absent": [stack], "files": [file], "networks": [network]} where each
    stack has name, state, compose (paths on the manager, in deploy order), prune, with_registry_auth,
    resolve_image, wait, wait_timeout, wait_services; each file has stack, dest and src (a controller
    path to copy) or content (an inline compose definition to write as YAML).
    nfs_volumes: compose volume definitions of the NFS exports; a stack with `nfs_volumes: true` gets
    them as a first compose file (its services then name them like any volume).
    """
    base = dict(DEFAULTS)
    base.update(dict((k, v) for k, v in (defaults or {}).items() if v is not None))
    if not isinstance(stack_list, list):
        raise StackPlanError("stack_list must be a list of stacks, got %s" % type(stack_list).__name__)
    if not isinstance(stack_dir, str) or not stack_dir.startswith("/"):
        raise StackPlanError("stack_dir %r must be an absolute path" % (stack_dir,))
    plan = {"present": [], "absent": [], "files": [], "networks": []}
    networks = {}
    for net in shared_networks or []:
        net = normalize_network(net, "stack_networks")
        networks[net["name"]] = net
    seen = set()
    for index, raw in enumerate(stack_list):
        if not isinstance(raw, dict):
            raise StackPlanError("stack_list item %d must be a dict with at least a 'name', got %r" % (index + 1, raw))
        unknown = sorted(set(raw) - set(STACK_KEYS))
        if unknown:
            raise StackPlanError("stack %s: unknown key(s) %s; allowed: %s"
                                 % (raw.get("name"), ", ".join(unknown), ", ".join(STACK_KEYS)))
        name = _check_name("stack", raw.get("name"))
        if name in seen:
            raise StackPlanError("stack %s is listed twice in stack_list" % name)
        seen.add(name)
        state = raw.get("state", "present")
        if state not in STATES:
            raise StackPlanError("stack %s: state %r is not allowed; use one of %s" % (name, state, ", ".join(STATES)))
        stack = dict(base)
        stack.update(dict((k, v) for k, v in raw.items() if v is not None))
        stack["state"] = state
        if stack["resolve_image"] not in (None,) + RESOLVE_IMAGE:
            raise StackPlanError("stack %s: resolve_image %r is not allowed; use one of %s"
                                 % (name, stack["resolve_image"], ", ".join(RESOLVE_IMAGE)))
        if not isinstance(stack["wait_timeout"], int) or stack["wait_timeout"] < 1:
            raise StackPlanError("stack %s: wait_timeout %r must be a positive number of seconds"
                                 % (name, stack["wait_timeout"]))
        stack["wait_services"] = list(raw.get("wait_services") or [])
        folder = posixpath.join(stack_dir, name)
        stack["dir"] = folder
        if state == "absent":
            plan["absent"].append(stack)
            continue

        compose_paths = []
        if raw.get("nfs_volumes"):
            if not nfs_volumes:
                raise StackPlanError("stack %s asks for nfs_volumes, but there are none: no NFS server in the inventory "
                                     "(group nfs_server) or no exports in swarmops_nfs_exports" % name)
            dest = posixpath.join(folder, "nfs-volumes.yml")
            plan["files"].append({"stack": name, "dest": dest,
                                  "content": {"version": "3.8", "services": {}, "volumes": nfs_volumes}})
            compose_paths.append(dest)
        for src in raw.get("compose_files") or []:
            if not isinstance(src, str) or not src:
                raise StackPlanError("stack %s: compose_files entry %r must be a file path" % (name, src))
            dest = posixpath.join(folder, posixpath.basename(src.rstrip("/")))
            plan["files"].append({"stack": name, "src": src, "dest": dest})
            compose_paths.append(dest)
        for number, content in enumerate(_compose_list(stack), start=1):
            dest = posixpath.join(folder, "compose-%d.yml" % number)
            plan["files"].append({"stack": name, "content": content, "dest": dest})
            compose_paths.append(dest)
        if len(compose_paths) == (1 if raw.get("nfs_volumes") else 0):
            raise StackPlanError("stack %s: give 'compose' (inline definition) or 'compose_files' (paths on the "
                                 "controller) to deploy it" % name)
        if len(set(compose_paths)) != len(compose_paths):
            raise StackPlanError("stack %s: two compose files share a file name (%s)"
                                 % (name, ", ".join(sorted(compose_paths))))
        for src in raw.get("files") or []:
            if not isinstance(src, str) or not src:
                raise StackPlanError("stack %s: files entry %r must be a path" % (name, src))
            plan["files"].append({"stack": name, "src": src, "dest": folder + "/"})
        for net in raw.get("networks") or []:
            net = normalize_network(net, "stack %s" % name)
            if net["name"] in networks and networks[net["name"]] != net:
                raise StackPlanError("network %s is declared twice with different settings" % net["name"])
            networks[net["name"]] = net
        stack["compose"] = compose_paths
        plan["present"].append(stack)
    plan["networks"] = [networks[n] for n in sorted(networks)]
    return plan
