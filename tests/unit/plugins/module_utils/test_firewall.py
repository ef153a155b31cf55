# -*- coding: utf-8 -*-
"""The swarm firewall's rules: who reaches which port, per backend (nftables script, firewalld zones)."""
import shutil
import subprocess

import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils import firewall as fw


def test_sources_merge_overlaps_and_split_families():
    assert fw.sources(["10.0.0.5", "10.0.0.0/24", "10.0.1.1/32", "fd00::1", "10.0.0.5", "", None]) == {
        "v4": ["10.0.0.0/24", "10.0.1.1"], "v6": ["fd00::1"]}


@pytest.mark.parametrize("bad", ["*", "node-1.lan", "10.0.0.300", "*.lab"])
def test_sources_refuse_what_cannot_be_a_rule(bad):
    with pytest.raises(fw.FirewallError) as err:
        fw.sources([bad], "swarm member")
    assert repr(bad) in str(err.value)


def test_manager_plan_restricts_the_swarm_ports_and_esp_to_members():
    plan = fw.plan(["10.0.0.1", "10.0.0.2"], manager=True, swarm_node=True)
    assert [(r["port"], r["proto"]) for r in plan["rules"]] == [(2377, "tcp"), (7946, "tcp"), (7946, "udp"), (4789, "udp")]
    assert plan["esp"] is True and set(r["from"] for r in plan["rules"]) == {"swarm_members"}


def test_worker_has_no_manager_port_and_nfs_server_only_nfs():
    assert 2377 not in [r["port"] for r in fw.plan(["10.0.0.1"], swarm_node=True)["rules"]]
    nfs = fw.plan(["10.0.0.1"], nfs_server=True, nfs_clients=["10.0.0.0/24"], nfs_v3=False)
    assert [(r["port"], r["from"]) for r in nfs["rules"]] == [(2049, "nfs_clients")] and nfs["esp"] is False
    assert [r["port"] for r in fw.plan([], nfs_server=True, nfs_clients=["10.0.0.9"], nfs_v3=True)["rules"]] == [2049, 111, 111]


def test_nft_ruleset_replaces_only_its_own_table_and_never_denies_all():
    text = fw.nft_ruleset(fw.plan(["10.0.0.1", "fd00::1"], manager=True, swarm_node=True))
    assert "table inet swarmops {}\ndelete table inet swarmops\ntable inet swarmops {" in text
    assert "flush ruleset" not in text
    assert "policy accept;" in text and "policy drop" not in text
    assert "elements = { 10.0.0.1 }" in text and "elements = { fd00::1 }" in text
    assert 'ip saddr != @swarm_members_v4 tcp dport 2377 reject with tcp reset' in text
    assert 'ip6 saddr != @swarm_members_v6 udp dport 4789 reject' in text
    assert 'ip saddr != @swarm_members_v4 ip protocol esp drop' in text
    assert "dport 22 " not in text


def test_nft_ruleset_without_v6_members_rejects_v6_on_the_swarm_ports():
    text = fw.nft_ruleset(fw.plan(["10.0.0.1"], swarm_node=True))
    assert "swarm_members_v6" not in text
    assert 'ip6 saddr ::/0 tcp dport 7946 reject with tcp reset' in text


@pytest.mark.skipif(not shutil.which("nft"), reason="nft is not installed on this machine")
def test_nft_accepts_the_script(tmp_path):
    script = tmp_path / "fw.nft"
    script.write_text(fw.nft_ruleset(fw.plan(["10.0.0.1", "10.0.0.0/24", "fd00::1"], manager=True, swarm_node=True,
                                             nfs_server=True, nfs_clients=["10.0.0.0/24"], nfs_v3=True)))
    proc = subprocess.run(["nft", "-c", "-f", str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_firewalld_zones_hold_members_ports_and_esp():
    zones = fw.firewalld_plan(fw.plan(["10.0.0.1", "fd00::1"], manager=True, swarm_node=True,
                                      nfs_server=True, nfs_clients=["10.0.0.0/24"], nfs_v3=False))
    assert zones == [
        {"zone": "swarmops-nfs-clients", "sources": ["10.0.0.0/24"], "ports": ["2049/tcp"], "protocols": []},
        {"zone": "swarmops-swarm-members", "sources": ["10.0.0.1", "fd00::1"],
         "ports": ["2377/tcp", "7946/tcp", "7946/udp", "4789/udp"], "protocols": ["esp"]},
    ]


def test_member_addresses_prefer_the_swarm_address_and_report_unknown_hosts():
    result = fw.member_addresses({
        "m1": {"swarm_node_addr": "10.0.0.1", "ansible_host": "m1.lan"},
        "w1": {"swarm_advertise_addr": "10.0.0.2", "swarm_data_path_addr": "10.1.0.2"},
        "w2": {"ansible_host": "10.0.0.3"},
        "w3": {"ansible_host": "w3.lan", "swarm_advertise_addr": "eth1"},
    })
    assert result == {"addresses": ["10.0.0.1", "10.0.0.2", "10.1.0.2", "10.0.0.3"], "unknown": ["w3"]}


def test_nfs_sources():
    members = ["10.0.0.1"]
    assert fw.nfs_sources([{"path": "/srv/a"}], members) == ["10.0.0.1"]
    assert fw.nfs_sources([{"path": "/srv/a", "clients": [{"host": "10.9.0.0/16"}]}], members) == ["10.0.0.1", "10.9.0.0/16"]
    assert fw.nfs_sources([{"path": "/srv/a", "clients": [{"host": "*"}]}], members) is None
    assert fw.nfs_sources(["/srv/a"], members) == ["10.0.0.1"]
