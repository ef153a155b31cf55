# -*- coding: utf-8 -*-
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils import host_state as hs

SHA = "a" * 40


def test_files_in_place_only_when_every_compared_attribute_matches():
    wanted = hs.normalize_files([
        {"path": "/etc/docker", "state": "directory", "mode": "755", "owner": "root", "group": "root"},
        {"path": "/etc/docker/daemon.json", "checksum": SHA, "mode": 0o644, "owner": "root"},
        {"path": "/etc/apt/keyrings/docker.asc", "mode": "0644"},
    ])
    found = {
        "/etc/docker": {"exists": True, "kind": "directory", "mode": "0755", "owner": "root", "group": "root"},
        "/etc/docker/daemon.json": {"exists": True, "kind": "file", "mode": "0644", "owner": "root",
                                    "group": "staff", "checksum": SHA},
        "/etc/apt/keyrings/docker.asc": {"exists": True, "kind": "file", "mode": "0644", "owner": "root", "group": "root"},
    }
    assert hs.file_differences(wanted, found) == []  # group of daemon.json not compared: not wanted

    found["/etc/docker/daemon.json"] = dict(found["/etc/docker/daemon.json"], checksum="b" * 40, mode="0600")
    assert hs.file_differences(wanted, found) == [
        "/etc/docker/daemon.json has other content", "/etc/docker/daemon.json: mode is 0600, not 0644"]

    found["/etc/docker"] = {"exists": True, "kind": "file", "mode": "0755", "owner": "root", "group": "root"}
    del found["/etc/apt/keyrings/docker.asc"]
    problems = hs.file_differences(wanted, found)
    assert "/etc/docker is a file, not a directory" in problems
    assert "/etc/apt/keyrings/docker.asc is missing" in problems


def test_a_link_is_not_the_wanted_file():
    wanted = hs.normalize_files([{"path": "/etc/x", "checksum": SHA}])
    assert hs.file_differences(wanted, {"/etc/x": {"exists": True, "kind": "link"}}) == ["/etc/x is a link, not a file"]


@pytest.mark.parametrize("item, message", [
    ({"path": "relative"}, "must be a dict with an absolute 'path'"),
    ({"path": "/x", "state": "socket"}, "state 'socket' is not one of file, directory, present, absent"),
    ({"path": "/x", "mode": "rw-r--r--"}, "mode 'rw-r--r--' is not an octal mode"),
    ({"path": "/x", "checksum": "abc"}, "checksum 'abc' must be the 40 hex digits of a SHA-1"),
    ({"path": "/x", "state": "directory", "checksum": SHA}, "only with state=file"),
])
def test_bad_wanted_files_are_named(item, message):
    with pytest.raises(hs.HostStateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        hs.normalize_files([item])


def test_dpkg_status_installed_only_when_ii():
    out = "docker.io\tii \npython3-docker\trc \nlibc6:amd64\tii \n"
    installed = hs.parse_dpkg_status(out)
    assert installed == {"docker.io": True, "python3-docker": False, "libc6": True}
    assert hs.package_differences(["docker.io", "python3-docker", "nftables"], installed) == [
        "package python3-docker is not installed", "package nftables is not installed"]


SHOW = """Id=docker.service
LoadState=loaded
ActiveState=active
UnitFileState=enabled

Id=swarmops-firewall.service
LoadState=loaded
ActiveState=inactive
UnitFileState=static

Id=firewalld.service
LoadState=not-found
ActiveState=inactive
UnitFileState=
"""


def test_services_compare_enablement_activity_and_absence():
    units = hs.parse_systemctl_show(SHOW)
    assert sorted(units) == ["docker.service", "firewalld.service", "swarmops-firewall.service"]
    wanted = hs.normalize_services([
        {"name": "docker", "enabled": True, "started": True},
        {"name": "swarmops-firewall", "enabled": True, "started": True},
        {"name": "firewalld", "started": False},
    ])
    assert hs.service_differences(wanted, units) == [
        "service swarmops-firewall is static", "service swarmops-firewall is inactive"]
    # A unit that must run but does not exist, or no systemctl answer at all: a difference.
    assert hs.service_differences(hs.normalize_services([{"name": "firewalld", "started": True}]), units) == [
        "service firewalld is not loaded (not-found)"]
    assert hs.service_differences(hs.normalize_services(["docker"]), {}) == ["service docker is not loaded (unknown)"]


def test_service_summary_tells_which_firewall_runs():
    units = hs.parse_systemctl_show(SHOW)
    wanted = hs.normalize_services([{"name": "firewalld", "started": False}, "docker", "nfs-server"])
    summary = hs.service_summary(wanted, units)
    assert summary["docker"] == {"found": True, "enabled": True, "active": True}
    assert summary["nfs-server"] == {"found": False, "enabled": False, "active": False}
    assert summary["firewalld"] == {"found": False, "enabled": False, "active": False}
    units["firewalld.service"].update(LoadState="loaded", ActiveState="active", UnitFileState="enabled")
    assert hs.service_summary(wanted, units)["firewalld"] == {"found": True, "enabled": True, "active": True}


FSTAB = """# /etc/fstab
UUID=abc / ext4 defaults 0 1
10.0.0.1:/srv/nfs/shared /mnt/shared nfs rw,hard,x-systemd.after=nfs-server.service 0 0
10.0.0.1:/srv/old /mnt/old\\040copy nfs rw
"""


def test_mounts_match_only_the_exact_fstab_line_and_a_mounted_path():
    fstab = hs.parse_fstab(FSTAB)
    assert fstab["/mnt/old copy"]["dump"] is None          # escaped space; fields 5-6 missing
    wanted = hs.normalize_mounts([
        {"path": "/mnt/shared", "src": "10.0.0.1:/srv/nfs/shared", "fstype": "nfs",
         "opts": "rw,hard,x-systemd.after=nfs-server.service", "mounted": True}])
    assert hs.mount_differences(wanted, fstab, {"/mnt/shared"}) == []
    assert hs.mount_differences(wanted, fstab, set()) == ["/mnt/shared is not mounted"]
    other = hs.normalize_mounts([{"path": "/mnt/shared", "src": "10.0.0.1:/srv/nfs/shared", "fstype": "nfs",
                                  "opts": "rw,hard"}])
    assert hs.mount_differences(other, fstab, set()) == [
        "fstab entry of /mnt/shared: opts is rw,hard,x-systemd.after=nfs-server.service, not rw,hard"]
    # A line without dump and passno is rewritten by ansible.posix.mount: not in place.
    old = hs.normalize_mounts([{"path": "/mnt/old copy", "src": "10.0.0.1:/srv/old", "fstype": "nfs", "opts": "rw"}])
    assert hs.mount_differences(old, fstab, set()) == [
        "fstab entry of /mnt/old copy: dump is None, not 0", "fstab entry of /mnt/old copy: passno is None, not 0"]
    missing = hs.normalize_mounts([{"path": "/mnt/none", "src": "x:/y"}])
    assert hs.mount_differences(missing, fstab, set()) == ["fstab has no entry for /mnt/none"]
    with pytest.raises(hs.HostStateError, match="absolute 'path' and a 'src'"):
        hs.normalize_mounts([{"path": "/mnt/x"}])


def test_a_mount_needs_its_mount_point():
    fstab = hs.parse_fstab(FSTAB)
    wanted = hs.normalize_mounts([{"path": "/mnt/shared", "src": "10.0.0.1:/srv/nfs/shared", "fstype": "nfs",
                                   "opts": "rw,hard,x-systemd.after=nfs-server.service"}])
    assert hs.mount_differences(wanted, fstab, set(), existing={"/mnt/shared"}) == []
    assert hs.mount_differences(wanted, fstab, set(), existing=set()) == ["mount point /mnt/shared is missing"]


def test_absent_files_must_not_exist():
    wanted = hs.normalize_files([{"path": "/run/ostree-booted", "state": "absent"}])
    assert hs.file_differences(wanted, {"/run/ostree-booted": {"exists": False}}) == []
    assert hs.file_differences(wanted, {"/run/ostree-booted": {"exists": True, "kind": "file"}}) == [
        "/run/ostree-booted exists"]


def test_nft_table_flushed_or_older_is_a_difference():
    wanted = hs.normalize_nft_tables([{"name": "inet swarmops", "contains": 'comment "swarmops.cluster ruleset ab12"'}])
    loaded = 'table inet swarmops {\n\tcomment "swarmops.cluster ruleset ab12"\n}\n'
    assert hs.nft_table_differences(wanted, {"inet swarmops": loaded}) == []
    assert hs.nft_table_differences(wanted, {"inet swarmops": None}) == ["nft table inet swarmops is not loaded"]
    assert hs.nft_table_differences(wanted, {}) == ["nft table inet swarmops is not loaded"]
    older = loaded.replace("ab12", "0000")
    assert hs.nft_table_differences(wanted, {"inet swarmops": older}) == [
        "nft table inet swarmops is loaded from other rules than its file"]


def test_nft_table_names_are_family_and_name():
    with pytest.raises(hs.HostStateError, match="must be '<family> <name>'"):
        hs.normalize_nft_tables([{"name": "swarmops"}])
    with pytest.raises(hs.HostStateError, match="'inetx swarmops'"):
        hs.normalize_nft_tables([{"name": "inetx swarmops"}])


def test_group_members_by_member_list_or_primary_group():
    wanted = hs.normalize_group_members([{"group": "docker", "users": ["pi", "ops"]}])
    groups = {"docker": (998, ["pi"])}
    assert hs.member_differences(wanted, groups, {"pi": 1000, "ops": 998}) == []
    assert hs.member_differences(wanted, groups, {"pi": 1000, "ops": 1001}) == ["user ops is not in group docker"]
    assert hs.member_differences(wanted, groups, {"pi": 1000}) == ["user ops does not exist"]
    assert hs.member_differences(wanted, {}, {"pi": 1000, "ops": 998}) == ["group docker does not exist"]
    assert hs.member_differences(hs.normalize_group_members([{"group": "docker", "users": []}]), groups, {}) == []


def test_group_members_need_names():
    with pytest.raises(hs.HostStateError, match="group_members needs a group name and user names"):
        hs.normalize_group_members([{"group": "docker", "users": ["pi", " "]}])
    with pytest.raises(hs.HostStateError, match="group ''"):
        hs.normalize_group_members([{"group": "", "users": ["pi"]}])


def test_managed_files_become_what_the_read_compares():
    managed = [
        {"path": "/etc/docker", "state": "directory", "mode": "0755", "owner": "root", "group": "root"},
        {"path": "/etc/docker/daemon.json", "content": "{}\n", "restart": True, "mode": "0644", "owner": "root"},
        {"path": "/etc/x.nft", "content": u"# caf\u00e9\n", "validate": "nft -c -f %s"},
    ]
    import hashlib
    assert hs.files_to_compare(managed) == [
        {"path": "/etc/docker", "state": "directory", "mode": "0755", "owner": "root", "group": "root"},
        {"path": "/etc/docker/daemon.json", "mode": "0644", "owner": "root", "checksum": hashlib.sha1(b"{}\n").hexdigest()},
        {"path": "/etc/x.nft", "checksum": hashlib.sha1(u"# caf\u00e9\n".encode("utf-8")).hexdigest()},
    ]
    # What the read then says about the file the copy module writes from that content.
    found = {"/etc/x.nft": {"exists": True, "kind": "file", "checksum": hashlib.sha1(u"# caf\u00e9\n".encode("utf-8")).hexdigest()}}
    assert hs.file_differences(hs.normalize_files(hs.files_to_compare(managed[2:])), found) == []


@pytest.mark.parametrize("item,message", [
    ({"content": "x"}, "a managed file needs a path"),
    ({"path": "/etc/docker", "state": "directory", "content": "x"}, "managed file /etc/docker has content and state directory"),
])
def test_managed_files_refused(item, message):
    with pytest.raises(hs.HostStateError, match=message):
        hs.files_to_compare([item])
