# -*- coding: utf-8 -*-
"""The swarm firewall's rules: who reaches which port, per backend (nftables script, firewalld zones)."""
import re
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


def test_firewalld_uses_ipsets_and_rich_rules_never_zone_sources():
    result = fw.firewalld_plan(fw.plan(["10.0.0.1", "fd00::1"], manager=True, swarm_node=True,
                                       nfs_server=True, nfs_clients=["10.0.0.0/24", "10.0.0.1"], nfs_v3=False))
    assert [(s["name"], s["family"], s["entries"]) for s in result["ipsets"]] == [
        ("swarmops-nfs-clients-v4", "inet", ["10.0.0.0/24"]),
        ("swarmops-swarm-members-v4", "inet", ["10.0.0.1"]),
        ("swarmops-swarm-members-v6", "inet6", ["fd00::1"]),
    ]
    members4 = 'rule family="ipv4" source ipset="swarmops-swarm-members-v4"'
    assert result["rich_rules"] == [
        'rule family="ipv4" source ipset="swarmops-nfs-clients-v4" port port="2049" protocol="tcp" accept',
        members4 + ' port port="2377" protocol="tcp" accept',
        members4 + ' port port="7946" protocol="tcp" accept',
        members4 + ' port port="7946" protocol="udp" accept',
        members4 + ' port port="4789" protocol="udp" accept',
        members4 + ' protocol value="esp" accept',
        'rule family="ipv6" source ipset="swarmops-swarm-members-v6" port port="2377" protocol="tcp" accept',
        'rule family="ipv6" source ipset="swarmops-swarm-members-v6" port port="7946" protocol="tcp" accept',
        'rule family="ipv6" source ipset="swarmops-swarm-members-v6" port port="7946" protocol="udp" accept',
        'rule family="ipv6" source ipset="swarmops-swarm-members-v6" port port="4789" protocol="udp" accept',
        'rule family="ipv6" source ipset="swarmops-swarm-members-v6" protocol value="esp" accept',
    ]
    # Every name this role may own, so that a set no longer wanted (here: NFS clients over IPv6) is removed.
    assert sorted(result["managed_ipsets"]) == ["swarmops-nfs-clients-v4", "swarmops-nfs-clients-v6",
                                                "swarmops-swarm-members-v4", "swarmops-swarm-members-v6"]
    # Nothing in the plan binds an address to a zone.
    assert "source address" not in " ".join(result["rich_rules"]) and "zone" not in result


def test_firewalld_ipset_file_is_valid_xml_of_the_entries():
    import xml.etree.ElementTree as ET
    result = fw.firewalld_plan(fw.plan(["10.0.0.2", "10.0.0.1"], swarm_node=True))
    assert len(result["ipsets"]) == 1
    root = ET.fromstring(result["ipsets"][0]["xml"].encode())
    assert root.tag == "ipset" and root.get("type") == "hash:net"
    assert [e.text for e in root.findall("entry")] == ["10.0.0.1", "10.0.0.2"]
    assert root.find("option").attrib == {"name": "family", "value": "inet"}
    # A worker opens no manager port.
    assert not [r for r in result["rich_rules"] if 'port="2377"' in r]


def test_member_addresses_prefer_the_swarm_address_and_report_unknown_hosts():
    result = fw.member_addresses({
        "m1": {"swarm_node_addr": "10.0.0.1", "ansible_host": "m1.lan"},
        "w1": {"swarm_advertise_addr": "10.0.0.2", "swarm_data_path_addr": "10.1.0.2"},
        "w2": {"ansible_host": "10.0.0.3"},
        "w3": {"ansible_host": "w3.lan", "swarm_advertise_addr": "eth1"},
    })
    assert result == {"addresses": ["10.0.0.1", "10.0.0.2", "10.1.0.2", "10.0.0.3"], "unknown": ["w3"]}


def test_member_addresses_take_the_swarms_listed_address_before_the_configured_ones():
    result = fw.member_addresses({
        "m1": {"swarm_node_addr": "10.0.0.1", "swarm_listed_addr": "10.0.0.9"},
        "w1": {"swarm_listed_addr": "10.0.1.2", "ansible_host": "192.168.1.2", "swarm_advertise_addr": "eth1"},
        "w2": {"swarm_listed_addr": None, "ansible_host": "w2.lan"},
    })
    assert result == {"addresses": ["10.0.0.1", "10.0.1.2"], "unknown": ["w2"]}


def _node(hostname, addr, state="ready", raft=None):
    node = {"Description": {"Hostname": hostname}, "Status": {"State": state, "Addr": addr}}
    if raft:
        node["ManagerStatus"] = {"Addr": raft}
    return node


def test_listed_addresses():
    nodes = [
        _node("m1", "0.0.0.0", raft="10.0.0.1:2377"),
        _node("m2", "10.0.0.2", raft="10.0.0.2:2377"),
        _node("w1", "10.0.1.1", state="down"),   # an old entry of a node that re-joined
        _node("w1", "10.0.1.5"),
        _node("w2", "", state="down"),
        _node("v6", "::", raft="[fd00::6]:2377"),
        {"Status": {"Addr": "10.0.0.8"}},
    ]
    assert fw.listed_addresses(nodes) == {"m1": "10.0.0.1", "m2": "10.0.0.2", "w1": "10.0.1.5", "v6": "fd00::6"}
    assert fw.listed_addresses(None) == {}


def test_nfs_sources():
    members = ["10.0.0.1"]
    assert fw.nfs_sources([{"path": "/srv/a"}], members) == ["10.0.0.1"]
    assert fw.nfs_sources([{"path": "/srv/a", "clients": [{"host": "10.9.0.0/16"}]}], members) == ["10.0.0.1", "10.9.0.0/16"]
    assert fw.nfs_sources([{"path": "/srv/a", "clients": [{"host": "*"}]}], members) is None
    assert fw.nfs_sources(["/srv/a"], members) == ["10.0.0.1"]


def test_the_ruleset_carries_a_tag_of_its_rules():
    one = fw.nft_ruleset(fw.plan(["10.0.0.1"], swarm_node=True))
    other = fw.nft_ruleset(fw.plan(["10.0.0.2"], swarm_node=True))
    tags = [re.search(r'comment "swarmops.cluster ruleset ([0-9a-f]{16})"', text).group(1) for text in (one, other)]
    assert tags[0] != tags[1]
    assert fw.nft_ruleset(fw.plan(["10.0.0.1"], swarm_node=True)) == one
    # The tag is the table's first statement, so `nft list table` shows it.
    assert one.splitlines()[one.splitlines().index("table inet swarmops {") + 1].startswith('\tcomment "swarmops.cluster')


def test_a_custom_listen_port_is_the_one_restricted():
    rules = fw.plan(["10.0.0.1"], manager=True, manager_port="2400")["rules"]
    assert [(r["port"], r["proto"]) for r in rules] == [(2400, "tcp")]
    with pytest.raises(fw.FirewallError, match="not a port number"):
        fw.plan(["10.0.0.1"], manager=True, manager_port="eth0")
