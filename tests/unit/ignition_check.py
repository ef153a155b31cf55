# -*- coding: utf-8 -*-
"""Checks an Ignition config three ways: the spec's JSON schema, no key the spec does not declare,
and the Ignition project's own validator (ignition-validate, installed by `make setup`)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "ignition", "v3_3.schema.json")
with open(SCHEMA_PATH) as _handle:
    SCHEMA = json.load(_handle)


def node_ref(ref):
    return [p for p in ref.lstrip("#").split("/") if p]


def _deref(node):
    while isinstance(node, dict) and "$ref" in node:
        target = SCHEMA
        for part in node_ref(node["$ref"]):
            target = target[part]
        node = target
    return node


def _properties(schema):
    schema = _deref(schema)
    props = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        props.update(_properties(part))
    return props


def _items(schema):
    schema = _deref(schema)
    if "items" in schema:
        return schema["items"]
    for part in schema.get("allOf", []):
        found = _items(part)
        if found is not None:
            return found
    return None


def undeclared_keys(instance, schema=None, path="$"):
    """Keys of `instance` that the schema does not declare (the schema itself allows any)."""
    schema = SCHEMA if schema is None else schema
    found = []
    if isinstance(instance, dict):
        props = _properties(schema)
        for key, value in instance.items():
            if key not in props:
                found.append("%s.%s" % (path, key))
            else:
                found += undeclared_keys(value, props[key], "%s.%s" % (path, key))
    elif isinstance(instance, list):
        items = _items(schema)
        for index, value in enumerate(instance):
            if items is not None:
                found += undeclared_keys(value, items, "%s[%d]" % (path, index))
    return found


def ignition_validate_binary():
    venv_bin = os.path.dirname(sys.executable)
    return shutil.which("ignition-validate") or shutil.which("ignition-validate", path=venv_bin)


def check(config):
    """Raise AssertionError naming what is wrong with an Ignition config (dict)."""
    jsonschema.Draft4Validator(SCHEMA).validate(config)
    extra = undeclared_keys(config)
    assert not extra, "keys the Ignition 3.3.0 spec does not declare: %s" % extra
    binary = ignition_validate_binary()
    assert binary, "ignition-validate is not installed: run `make setup`"
    with tempfile.NamedTemporaryFile("w", suffix=".ign", delete=False) as handle:
        json.dump(config, handle)
    try:
        result = subprocess.run([binary, handle.name], capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), \
        "ignition-validate: rc=%s %s%s" % (result.returncode, result.stdout, result.stderr)
