# -*- coding: utf-8 -*-
"""host_state: reads real files (a temporary folder), fakes only dpkg-query and systemctl."""
import grp
import hashlib
import os
import pwd

from ansible.module_utils import basic

from ansible_collections.swarmops.cluster.plugins.modules import host_state

ME = pwd.getpwuid(os.getuid())[0]
MY_GROUP = grp.getgrgid(os.getgid())[0]


def fake_commands(monkeypatch, dpkg_out, show_out):
    calls = []

    def get_bin_path(self, name, *args, **kwargs):
        return {"dpkg-query": "/usr/bin/dpkg-query", "systemctl": "/bin/systemctl"}.get(name)

    def run_command(self, argv, *args, **kwargs):
        calls.append(argv)
        return (0, dpkg_out if "dpkg-query" in argv[0] else show_out, "")

    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", get_bin_path)
    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    return calls


def test_reads_files_packages_and_services_in_one_call(tmp_path, monkeypatch, run_module):
    conf = tmp_path / "daemon.json"
    conf.write_text("{}\n")
    conf.chmod(0o644)
    calls = fake_commands(monkeypatch, "docker.io\tii \n",
                          "Id=docker.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n")
    args = {"files": [{"path": str(tmp_path), "state": "directory", "owner": ME},
                      {"path": str(conf), "checksum": hashlib.sha1(b"{}\n").hexdigest(), "mode": "0644",
                       "owner": ME, "group": MY_GROUP}],
            "packages": ["docker.io"], "services": [{"name": "docker", "enabled": True, "started": True}]}
    res = run_module(host_state.main, args)
    assert res["in_place"] is True and res["differences"] == [] and res["changed"] is False
    assert [c[0] for c in calls] == ["/usr/bin/dpkg-query", "/bin/systemctl"]
    assert res["packages"] == {"docker.io": True}
    assert res["services"] == {"docker": {"found": True, "enabled": True, "active": True}}

    conf.write_text('{"debug": true}\n')
    res = run_module(host_state.main, args)
    assert res["in_place"] is False and res["differences"] == ["%s has other content" % conf]


def test_a_bad_wanted_item_fails_naming_it(tmp_path, monkeypatch, run_module):
    fake_commands(monkeypatch, "", "")
    res = run_module(host_state.main, {"files": [{"path": str(tmp_path), "mode": "u+rw"}]})
    assert res["failed"] and "mode 'u+rw' is not an octal mode" in res["msg"]


def test_docker_info_is_returned_only_when_the_engine_answers(monkeypatch, run_module):
    answers = {}

    def get_bin_path(self, name, *args, **kwargs):
        return "/usr/bin/docker" if name == "docker" else None

    def run_command(self, argv, *args, **kwargs):
        return answers["docker"]

    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", get_bin_path)
    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    answers["docker"] = (0, '{"ID": "X", "Name": "m1", "Swarm": {"LocalNodeState": "active", "NodeID": "n1"}}', "")
    res = run_module(host_state.main, {"docker_info": True})
    assert res["docker_info"]["Swarm"]["NodeID"] == "n1" and res["in_place"] is True
    # The CLI prints its client part with the server's error, and exits 0: no answer.
    answers["docker"] = (0, '{"ServerErrors": ["Cannot connect to the Docker daemon"], "ClientInfo": {}}', "")
    assert run_module(host_state.main, {"docker_info": True})["docker_info"] is None
    answers["docker"] = (1, "", "permission denied")
    assert run_module(host_state.main, {"docker_info": True})["docker_info"] is None
    assert "docker_info" not in run_module(host_state.main, {})


def test_an_nft_table_is_read_loaded_not_only_written(monkeypatch, run_module):
    state = {"listing": (0, 'table inet swarmops {\n\tcomment "swarmops.cluster ruleset ab12"\n}\n', "")}

    def get_bin_path(self, name, *args, **kwargs):
        return {"nft": "/usr/sbin/nft"}.get(name)

    def run_command(self, argv, *args, **kwargs):
        assert argv == ["/usr/sbin/nft", "list", "table", "inet", "swarmops"]
        return state["listing"]

    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", get_bin_path)
    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    args = {"nft_tables": [{"name": "inet swarmops", "contains": 'comment "swarmops.cluster ruleset ab12"'}]}
    res = run_module(host_state.main, args)
    assert res["in_place"] is True and res["nft_tables"] == {"inet swarmops": True}
    # `nft flush ruleset`: the table is gone while its file and unit are still in place.
    state["listing"] = (1, "", "Error: No such file or directory")
    res = run_module(host_state.main, args)
    assert res["in_place"] is False and res["nft_tables"] == {"inet swarmops": False}
    assert res["differences"] == ["nft table inet swarmops is not loaded"]


def test_group_members_read_from_the_system(monkeypatch, run_module):
    fake_commands(monkeypatch, "", "")
    # The primary group counts; a user not in a group, an unknown user and an unknown group do not.
    res = run_module(host_state.main, {"group_members": [{"group": MY_GROUP, "users": [ME]}]})
    assert res["in_place"] is True, res
    other = next(g.gr_name for g in grp.getgrall() if g.gr_gid != os.getgid() and ME not in g.gr_mem)
    res = run_module(host_state.main, {"group_members": [{"group": other, "users": [ME, "no-such-user-x"]},
                                                         {"group": "no-such-group-x", "users": [ME]}]})
    assert res["in_place"] is False
    assert res["differences"] == ["user %s is not in group %s" % (ME, other), "user no-such-user-x does not exist",
                                  "group no-such-group-x does not exist"]
