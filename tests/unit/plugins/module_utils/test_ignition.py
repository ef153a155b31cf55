# -*- coding: utf-8 -*-
"""Ignition configs: validated against the 3.3.0 spec (schema, declared keys, ignition-validate)."""
import copy
from urllib.parse import unquote

import pytest

import ignition_check
from ansible_collections.swarmops.cluster.plugins.module_utils import ignition as ig

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq0f0nVh1m3G4c8xT3XkE7bB1ZfN9uYk1xq3m6y0rXb ops@laptop"
RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 old-key"


def files(config):
    return dict((f["path"], f) for f in config["storage"]["files"])


def text(entry):
    source = entry["contents"]["source"]
    assert source.startswith("data:,")
    return unquote(source[len("data:,"):])


def test_minimal_config_is_valid_and_complete():
    config = ig.build_config("fcos-manager-1", [KEY])
    ignition_check.check(config)
    assert config["ignition"] == {"version": "3.3.0"}
    assert config["passwd"]["users"] == [{"name": "core", "sshAuthorizedKeys": [KEY]}]
    hostname = files(config)["/etc/hostname"]
    assert text(hostname) == "fcos-manager-1\n" and hostname["mode"] == 0o644
    assert config["systemd"]["units"] == [{"name": "docker.service", "enabled": True}]


def test_full_config_is_valid():
    config = ig.build_config(
        "fcos-worker-2", KEY + "\n# comment\n" + RSA + "\n", user="ops",
        network={"address": "192.168.1.34/24", "gateway": "192.168.1.1", "dns": ["192.168.1.1", "9.9.9.9"],
                 "interface": "enX0"},
        update_windows=[{"days": ["Sat", "Sun"], "start_time": "02:30", "length_minutes": 45}])
    ignition_check.check(config)
    assert config["passwd"]["users"] == [{"name": "ops", "sshAuthorizedKeys": [KEY, RSA], "groups": ["sudo"]}]
    got = files(config)
    keyfile = got["/etc/NetworkManager/system-connections/enX0.nmconnection"]
    assert keyfile["mode"] == 0o600  # NetworkManager ignores keyfiles readable by others
    body = text(keyfile)
    assert "interface-name=enX0\n" in body
    assert "method=manual\naddress1=192.168.1.34/24,192.168.1.1\n" in body
    assert "dns=192.168.1.1;9.9.9.9;\n" in body
    zincati = text(got["/etc/zincati/config.d/55-swarmops-updates-strategy.toml"])
    assert 'strategy = "periodic"' in zincati
    assert 'days = [ "Sat", "Sun" ]\nstart_time = "02:30"\nlength_minutes = 45' in zincati


def test_dhcp_network_matches_any_device_without_interface():
    config = ig.build_config("n1", [KEY], network={"address": "10.0.0.5/8"})
    body = text(files(config)["/etc/NetworkManager/system-connections/swarmops.nmconnection"])
    assert "interface-name" not in body and "address1=10.0.0.5/8\n" in body and "dns=" not in body


def test_docker_can_be_left_alone():
    assert "systemd" not in ig.build_config("n1", [KEY], enable_docker=False)


def test_data_url_round_trips_special_characters():
    raw = "a b#c%d\n,é"
    assert unquote(ig.data_url(raw)[len("data:,"):]) == raw


@pytest.mark.parametrize("hostname", ["", "Fcos", "-bad", "bad-", "a_b", "a" * 64, "x." * 127 + "x", None])
def test_bad_hostnames_are_named(hostname):
    with pytest.raises(ig.IgnitionError, match="is not a valid host name"):
        ig.build_config(hostname, [KEY])


@pytest.mark.parametrize("keys, match", [
    ([], "at least one public key"),
    ("", "at least one public key"),
    (None, "at least one public key"),
    (["-----BEGIN OPENSSH PRIVATE KEY-----"], "is not an SSH public key"),
    (["~/.ssh/id_ed25519.pub"], "is not an SSH public key"),
    (["ssh-dss AAAAB3NzaC1kc3M="], "is not an SSH public key"),
    (["ssh-ed25519 not*base64"], "is not an SSH public key"),
])
def test_bad_keys_are_named(keys, match):
    with pytest.raises(ig.IgnitionError, match=match):
        ig.build_config("n1", keys)


@pytest.mark.parametrize("network, match", [
    ({"address": "192.168.1.31"}, "with its prefix length"),
    ({"address": "192.168.1.300/24"}, "'192.168.1.300/24' is not an IPv4 address"),
    ({"address": "192.168.1.31/24", "gateway": "10.0.0.1"}, "outside the node's network 192.168.1.0/24"),
    ({"address": "192.168.1.31/24", "gateway": "gw"}, "network.gateway 'gw'"),
    ({"address": "192.168.1.31/24", "dns": ["one.one"]}, "network.dns entry 'one.one'"),
    ({"address": "192.168.1.31/24", "interface": "a very long interface"}, "network.interface"),
    ({"address": "192.168.1.31/24", "netmask": "255.255.255.0"}, "unknown keys netmask"),
    ("192.168.1.31/24", "network must be a dict"),
])
def test_bad_networks_are_named(network, match):
    with pytest.raises(ig.IgnitionError, match=match):
        ig.build_config("n1", [KEY], network=network)


@pytest.mark.parametrize("windows, match", [
    ([{"days": ["Saturday"], "start_time": "02:00", "length_minutes": 60}], "days \\['Saturday'\\]"),
    ([{"days": ["Sat"], "start_time": "2am", "length_minutes": 60}], "start_time '2am'"),
    ([{"days": ["Sat"], "start_time": "24:00", "length_minutes": 60}], "start_time '24:00'"),
    ([{"days": ["Sat"], "start_time": "02:00", "length_minutes": 0}], "length_minutes 0"),
    ([{"days": ["Sat"], "start_time": "02:00", "length_minutes": True}], "length_minutes True"),
    ([{"days": ["Sat"], "start_time": "02:00", "length_minutes": 60, "tz": "CET"}], "allowed keys"),
    ({"days": ["Sat"]}, "non-empty list"),
])
def test_bad_update_windows_are_named(windows, match):
    with pytest.raises(ig.IgnitionError, match=match):
        ig.build_config("n1", [KEY], update_windows=windows)


def test_bad_user_is_named():
    with pytest.raises(ig.IgnitionError, match="user 'Root!' is not a valid user name"):
        ig.build_config("n1", [KEY], user="Root!")


def test_checker_rejects_what_the_spec_does_not_allow():
    """The three checks must be able to fail (a check that cannot fail tests nothing)."""
    good = ig.build_config("n1", [KEY])
    typo = copy.deepcopy(good)
    typo["passwd"]["users"][0]["sshAuthorizedKey"] = typo["passwd"]["users"][0].pop("sshAuthorizedKeys")
    with pytest.raises(AssertionError, match=r"\$\.passwd\.users\[0\]\.sshAuthorizedKey"):
        ignition_check.check(typo)
    wrong_type = copy.deepcopy(good)
    wrong_type["storage"]["files"][0]["mode"] = "0644"
    with pytest.raises(Exception, match="is not of type"):
        ignition_check.check(wrong_type)
    relative = copy.deepcopy(good)
    relative["storage"]["files"][0]["path"] = "etc/hostname"  # the schema allows it, Ignition does not
    ignition_check.jsonschema.Draft4Validator(ignition_check.SCHEMA).validate(relative)
    with pytest.raises(AssertionError, match="ignition-validate"):
        ignition_check.check(relative)
