# -*- coding: utf-8 -*-
"""The stack role's plan: normalisation and validation of stack_list."""
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils.stack import StackPlanError, plan_stacks, versioned_compose

WEB = {"services": {"web": {"image": "nginx"}}}


def test_inline_and_files_in_deploy_order():
    plan = plan_stacks([{"name": "web", "compose_files": ["files/base.yml"], "compose": WEB,
                         "files": ["files/nginx.conf"]}], "/etc/swarmops/stacks")
    stack = plan["present"][0]
    assert stack["compose"] == ["/etc/swarmops/stacks/web/base.yml", "/etc/swarmops/stacks/web/compose-1.yml"]
    assert plan["files"] == [
        {"stack": "web", "src": "files/base.yml", "dest": "/etc/swarmops/stacks/web/base.yml"},
        {"stack": "web", "content": WEB, "dest": "/etc/swarmops/stacks/web/compose-1.yml"},
        {"stack": "web", "src": "files/nginx.conf", "dest": "/etc/swarmops/stacks/web/"},
    ]
    assert stack["wait"] is True and stack["wait_timeout"] == 300 and stack["prune"] is False


def test_defaults_apply_and_stack_keys_win():
    plan = plan_stacks([{"name": "a", "compose": [WEB]}, {"name": "b", "compose": WEB, "prune": False}],
                       "/s", defaults={"prune": True, "with_registry_auth": True, "wait_timeout": 60})
    a, b = plan["present"]
    assert a["prune"] is True and b["prune"] is False
    assert a["with_registry_auth"] and a["wait_timeout"] == 60


def test_absent_needs_no_compose():
    plan = plan_stacks([{"name": "old", "state": "absent"}], "/s")
    assert [s["name"] for s in plan["absent"]] == ["old"] and plan["present"] == [] and plan["files"] == []


def test_networks_are_merged_and_normalised():
    plan = plan_stacks([{"name": "a", "compose": WEB, "networks": ["backend"]},
                        {"name": "b", "compose": WEB, "networks": [{"name": "backend"}]}],
                       "/s", shared_networks=[{"name": "edge", "internal": True}])
    assert [n["name"] for n in plan["networks"]] == ["backend", "edge"]
    assert plan["networks"][0] == {"name": "backend", "driver": "overlay", "attachable": True, "internal": False,
                                   "driver_options": {}, "ipam_config": [], "labels": {}}
    assert plan["networks"][1]["internal"] is True


@pytest.mark.parametrize("stacks,message", [
    ([{"name": "web"}], "stack web: give 'compose'"),
    ([{"name": "web", "compose": {"image": "x"}}], "stack web: compose item 1 has no 'services'"),
    ([{"name": "web", "compose": "x.yml"}], "compose must be a compose definition"),
    ([{"name": "we b", "compose": WEB}], "stack name 'we b' is not allowed"),
    ([{"name": "web", "state": "gone"}], "state 'gone' is not allowed; use one of present, absent"),
    ([{"name": "web", "compose": WEB, "replicas": 2}], "stack web: unknown key(s) replicas"),
    ([{"name": "web", "compose": WEB}, {"name": "web", "compose": WEB}], "stack web is listed twice"),
    ([{"name": "web", "compose": WEB, "resolve_image": "sometimes"}], "resolve_image 'sometimes' is not allowed"),
    ([{"name": "web", "compose": WEB, "wait_timeout": 0}], "wait_timeout 0 must be a positive"),
    ([{"name": "web", "compose": WEB, "networks": [{"name": "n", "driver": "bridge"}]}],
     "network n has driver 'bridge'; swarm stacks need driver 'overlay'"),
    ([{"name": "web", "compose": WEB, "networks": [{"name": "n", "mtu": 1}]}], "unknown key(s) mtu"),
    ([{"name": "a", "compose": WEB, "networks": [{"name": "n"}]},
      {"name": "b", "compose": WEB, "networks": [{"name": "n", "internal": True}]}],
     "network n is declared twice with different settings"),
    ([{"name": "web", "compose_files": ["a/x.yml", "b/x.yml"]}], "two compose files share a file name"),
    (["web"], "stack_list item 1 must be a dict"),
    ([{"name": "web", "compose": WEB, "configs": ["site"]}], "stack web: configs must be a mapping"),
    ([{"name": "web", "compose": WEB, "configs": {"site": {}}}],
     "stack web: config site must give exactly one of content (text) or file"),
    ([{"name": "web", "compose": WEB, "secrets": {"key": {"content": "a", "file": "b"}}}],
     "stack web: secret key must give exactly one of content"),
    ([{"name": "web", "compose": WEB, "secrets": {"key": {"content": "a", "mode": 1}}}],
     "secret key must give exactly one of content (text) or file (a path on the controller), got ['content', 'mode']"),
    ([{"name": "web", "compose": WEB, "configs": {"site": {"file": ""}}}], "config site: file must be a string"),
    ([{"name": "web", "compose": WEB, "configs": {"bad name": {"content": "x"}}}], "stack web: config name 'bad name'"),
])
def test_bad_input_is_named(stacks, message):
    with pytest.raises(StackPlanError) as exc:
        plan_stacks(stacks, "/s")
    assert message in str(exc.value)


def test_stack_dir_must_be_absolute():
    with pytest.raises(StackPlanError, match="stack_dir 'stacks' must be an absolute path"):
        plan_stacks([], "stacks")


def test_nfs_volumes_come_first():
    vols = {"shared": {"driver": "local", "driver_opts": {"type": "nfs", "o": "addr=s", "device": ":/srv/x"}}}
    plan = plan_stacks([{"name": "app", "compose": WEB, "nfs_volumes": True}], "/s", nfs_volumes=vols)
    assert plan["present"][0]["compose"] == ["/s/app/nfs-volumes.yml", "/s/app/compose-1.yml"]
    assert plan["files"][0]["content"] == {"version": "3.8", "services": {}, "volumes": vols}
    with pytest.raises(StackPlanError, match="asks for nfs_volumes, but there are none"):
        plan_stacks([{"name": "app", "compose": WEB, "nfs_volumes": True}], "/s")
    with pytest.raises(StackPlanError, match="give 'compose'"):
        plan_stacks([{"name": "app", "nfs_volumes": True}], "/s", nfs_volumes=vols)


def test_encrypted_network_sets_the_driver_option():
    plan = plan_stacks([{"name": "web", "compose": {"services": {"a": {"image": "x"}}},
                         "networks": [{"name": "secure", "encrypted": True}, "plain"]}], "/srv/stacks")
    nets = dict((n["name"], n) for n in plan["networks"])
    assert nets["secure"]["driver_options"] == {"encrypted": ""}
    assert nets["plain"]["driver_options"] == {}


def test_encrypted_must_be_a_boolean():
    with pytest.raises(StackPlanError) as err:
        plan_stacks([{"name": "web", "compose": {"services": {"a": {"image": "x"}}},
                      "networks": [{"name": "secure", "encrypted": "yes"}]}], "/srv/stacks")
    assert "encrypted='yes'" in str(err.value)


def test_configs_and_secrets_become_versioned_objects_and_a_compose_file():
    plan = plan_stacks([{"name": "web", "compose": WEB,
                         "configs": {"site": {"file": "files/site.conf"}},
                         "secrets": {"token": {"content": "s3cret"}}}], "/s")
    stack = plan["present"][0]
    assert stack["objects_file"] == "/s/web/versioned-objects.yml"
    assert stack["compose"][0] == "/s/web/versioned-objects.yml"
    assert plan["objects"] == [
        {"stack": "web", "kind": "config", "key": "site", "name": "web_site", "file": "files/site.conf"},
        {"stack": "web", "kind": "secret", "key": "token", "name": "web_token", "content_from": [0, "secrets", "token"]},
    ]
    # No content anywhere in the plan (it would show in the output of the task that makes it).
    assert "s3cret" not in repr(plan)
    # The versions stored by this run are what the services get.
    compose = versioned_compose(plan["objects"], {"web_site": "web_site_v3", "web_token": "web_token_v1"},
                                stack["compose_version"])
    assert compose["version"] == "3.8"
    assert compose["configs"] == {"site": {"external": True, "name": "web_site_v3"}}
    assert compose["secrets"] == {"token": {"external": True, "name": "web_token_v1"}}
    assert compose["services"] == {}


def test_versioned_compose_in_check_mode_names_the_plain_object():
    plan = plan_stacks([{"name": "web", "compose": WEB, "configs": {"site": {"content": "x"}}}], "/s")
    assert versioned_compose(plan["objects"], {"web_site": ""})["configs"]["site"]["name"] == "web_site"


def test_a_stack_without_configs_has_no_objects_file():
    plan = plan_stacks([{"name": "web", "compose": WEB}], "/s")
    assert plan["present"][0]["objects_file"] is None and plan["objects"] == []


def test_configs_alone_are_not_a_compose_definition():
    with pytest.raises(StackPlanError) as exc:
        plan_stacks([{"name": "web", "configs": {"site": {"content": "x"}}}], "/s")
    assert "stack web: give 'compose'" in str(exc.value)


def test_generated_compose_files_take_the_stacks_version():
    compose = dict(WEB, version="3.9")
    plan = plan_stacks([{"name": "web", "compose": compose, "nfs_volumes": True,
                         "configs": {"site": {"content": "x"}}}], "/s", nfs_volumes={"shared": {}})
    stack = plan["present"][0]
    assert stack["compose_version"] == "3.9"
    nfs_file = [f for f in plan["files"] if f["dest"].endswith("nfs-volumes.yml")][0]
    assert nfs_file["content"]["version"] == "3.9"
    assert versioned_compose(plan["objects"], {}, stack["compose_version"])["version"] == "3.9"


def test_a_stack_may_name_a_shared_network_without_repeating_its_settings():
    plan = plan_stacks([{"name": "web", "compose": WEB, "networks": ["secret"]}], "/s",
                       shared_networks=[{"name": "secret", "encrypted": True}])
    assert plan["networks"] == [{"name": "secret", "driver": "overlay", "attachable": True, "internal": False,
                                 "driver_options": {"encrypted": ""}, "ipam_config": [], "labels": {}}]
