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
              "resolve_image", "wait", "wait_timeout", "wait_services", "nfs_volumes", "configs", "secrets")
NETWORK_KEYS = ("name", "driver", "attachable", "internal", "encrypted", "driver_options", "ipam_config", "labels")
# Compose version of the files the role generates when the stack's own definitions name none (Docker
# refuses to deploy compose files whose versions differ).
COMPOSE_VERSION = "3.8"
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


def _versioned_objects(stack_name, raw, kind, index):
    """The stack's `configs` or `secrets`: {compose name: {content: text} or {file: controller path}}.

    Each becomes a swarm object named <stack>_<compose name>, stored with rolling versions (a changed
    content is a new object, so services roll to it instead of Docker refusing the change). The plan
    never holds a content (it would show in the plan's output): `content_from` is where the role reads
    it, [stack_list index, "configs"|"secrets", compose name].
    """
    items = raw.get(kind + "s")
    if items is None:
        return []
    if not isinstance(items, dict):
        raise StackPlanError("stack %s: %ss must be a mapping of compose %s name to {content: ...} or {file: ...}, got %s"
                             % (stack_name, kind, kind, type(items).__name__))
    objects = []
    for key in sorted(items):
        _check_name("stack %s: %s" % (stack_name, kind), key)
        spec = items[key]
        given = sorted(set(spec) & {"content", "file"}) if isinstance(spec, dict) else []
        if len(given) != 1 or set(spec) - {"content", "file"}:
            raise StackPlanError("stack %s: %s %s must give exactly one of content (text) or file (a path on the "
                                 "controller), got %s" % (stack_name, kind, key,
                                                          sorted(spec) if isinstance(spec, dict) else repr(spec)))
        if not isinstance(spec[given[0]], str) or (given[0] == "file" and not spec["file"]):
            raise StackPlanError("stack %s: %s %s: %s must be a string" % (stack_name, kind, key, given[0]))
        obj = {"stack": stack_name, "kind": kind, "key": key, "name": "%s_%s" % (stack_name, key)}
        if given[0] == "file":
            obj["file"] = spec["file"]
        else:
            obj["content_from"] = [index, kind + "s", key]
        objects.append(obj)
    return objects


def versioned_compose(objects, created, version=COMPOSE_VERSION):
    """The compose file that points each stack's config/secret key at the version stored now.

    objects: plan["objects"] of one stack; created: {object name: versioned swarm name} (what
    community.docker.docker_config / docker_secret returned as config_name / secret_name; missing or
    empty - a check run that stored nothing - means the object's plain name); version: the stack's
    compose version (its plan's compose_version).
    """
    compose = {"version": version, "services": {}}
    for obj in objects:
        name = (created or {}).get(obj["name"]) or obj["name"]
        compose.setdefault(obj["kind"] + "s", {})[obj["key"]] = {"external": True, "name": name}
    return compose


def plan_stacks(stack_list, stack_dir, defaults=None, shared_networks=None, nfs_volumes=None):
    """Validate and normalise the stacks.

    Returns {"present": [stack], "absent": [stack], "files": [file], "networks": [network]} where each
    stack has name, state, compose (paths on the manager, in deploy order), prune, with_registry_auth,
    resolve_image, wait, wait_timeout, wait_services, compose_version (of its own definitions, for the
    files generated next to them), objects_file (the compose file naming its configs' and secrets'
    current versions, or None); each file has stack, dest and src (a controller
    path to copy) or content (an inline compose definition to write as YAML). "objects" lists the
    stacks' configs and secrets: stack, kind (config|secret), key, name, and file or content_from.
    nfs_volumes: compose volume definitions of the NFS exports; a stack with `nfs_volumes: true` gets
    them as a first compose file (its services then name them like any volume).
    """
    base = dict(DEFAULTS)
    base.update(dict((k, v) for k, v in (defaults or {}).items() if v is not None))
    if not isinstance(stack_list, list):
        raise StackPlanError("stack_list must be a list of stacks, got %s" % type(stack_list).__name__)
    if not isinstance(stack_dir, str) or not stack_dir.startswith("/"):
        raise StackPlanError("stack_dir %r must be an absolute path" % (stack_dir,))
    plan = {"present": [], "absent": [], "files": [], "networks": [], "objects": []}
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
        stack.update(dict((k, v) for k, v in raw.items() if v is not None and k not in ("configs", "secrets")))
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
        objects = _versioned_objects(name, raw, "config", index) + _versioned_objects(name, raw, "secret", index)
        versions = [c["version"] for c in _compose_list(stack) if c.get("version")]
        stack["compose_version"] = str(versions[0]) if versions else COMPOSE_VERSION
        stack["objects_file"] = None
        if objects:
            stack["objects_file"] = posixpath.join(folder, "versioned-objects.yml")
            compose_paths.append(stack["objects_file"])
            plan["objects"].extend(objects)
        if raw.get("nfs_volumes"):
            if not nfs_volumes:
                raise StackPlanError("stack %s asks for nfs_volumes, but there are none: no NFS server in the inventory "
                                     "(group nfs_server) or no exports in swarmops_nfs_exports" % name)
            dest = posixpath.join(folder, "nfs-volumes.yml")
            plan["files"].append({"stack": name, "dest": dest,
                                  "content": {"version": stack["compose_version"], "services": {},
                                              "volumes": nfs_volumes}})
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
        if len(compose_paths) == (1 if raw.get("nfs_volumes") else 0) + (1 if objects else 0):
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
            if isinstance(net, str) and net in networks:
                continue  # a name only: the network declared in stack_networks (or by an earlier stack)
            net = normalize_network(net, "stack %s" % name)
            if net["name"] in networks and networks[net["name"]] != net:
                raise StackPlanError("network %s is declared twice with different settings" % net["name"])
            networks[net["name"]] = net
        stack["compose"] = compose_paths
        plan["present"].append(stack)
    plan["networks"] = [networks[n] for n in sorted(networks)]
    return plan
