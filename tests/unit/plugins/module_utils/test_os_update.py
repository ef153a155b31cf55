# -*- coding: utf-8 -*-
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils.os_update import OsUpdateError, pending

APT = """NOTE: This is only a simulation!
Reading package lists...
Inst libssl3 [3.0.11-1~deb12u1] (3.0.11-1~deb12u2 Debian-Security:12/stable-security [amd64])
Inst tzdata [2024a-0+deb12u1] (2025b-0+deb12u1 Debian:12.11/stable [all])
Inst linux-image-6.1.0-37-amd64 (6.1.140-1 Debian-Security:12/stable-security [amd64])
Conf libssl3 (3.0.11-1~deb12u2 Debian-Security:12/stable-security [amd64])
"""

DNF = """
openssl-libs.x86_64                     1:3.0.7-25.el9_3                     updates
kernel-core.x86_64                      5.14.0-362.18.1.el9_3                baseos

Obsoleting Packages
"""


def test_apt_all():
    names = [p["name"] for p in pending(APT, "apt")]
    assert names == ["libssl3", "linux-image-6.1.0-37-amd64", "tzdata"]
    ssl = pending(APT, "apt")[0]
    assert ssl == {"name": "libssl3", "old": "3.0.11-1~deb12u1", "new": "3.0.11-1~deb12u2",
                   "origin": "Debian-Security:12/stable-security", "security": True}


def test_apt_security_only():
    assert [p["name"] for p in pending(APT, "apt", "security")] == ["libssl3", "linux-image-6.1.0-37-amd64"]
    assert pending(APT, "apt", "security")[1]["old"] == ""  # a new package (the new kernel)


def test_dnf():
    assert [(p["name"], p["new"], p["origin"]) for p in pending(DNF, "dnf")] == [
        ("kernel-core", "5.14.0-362.18.1.el9_3", "baseos"), ("openssl-libs", "1:3.0.7-25.el9_3", "updates")]


def test_nothing_to_do():
    assert pending("NOTE: This is only a simulation!\n0 upgraded, 0 newly installed\n", "apt") == []
    assert pending("", "dnf") == []


@pytest.mark.parametrize("manager, scope, named", [
    ("apt", "critical", "os_update_scope='critical'"),
    ("zypper", "all", "'zypper'"),
])
def test_bad_input_is_named(manager, scope, named):
    with pytest.raises(OsUpdateError) as error:
        pending(APT, manager, scope)
    assert named in str(error.value)
