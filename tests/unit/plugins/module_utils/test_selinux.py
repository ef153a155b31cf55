# -*- coding: utf-8 -*-
"""File-context rules for bind-mounted host paths (SELinux hosts: swarm ignores :z / :Z)."""
import re

import pytest

from ansible_collections.swarmops.cluster.plugins.filter.selinux import selinux_container_rules
from ansible_collections.swarmops.cluster.plugins.module_utils.selinux import (
    SYSTEM_PATHS,
    SELinuxPathError,
    container_file_rules,
    fcontext_regex,
)


def matches(target, path):
    # File-context specifications are anchored PCRE; Python's re agrees on these constructs.
    return re.fullmatch(target, path) is not None


def test_rule_covers_the_path_and_everything_below_it_only():
    [rule] = container_file_rules(["/srv/app/data"])
    assert rule == {"path": "/srv/app/data", "target": "/srv/app/data(/.*)?", "setype": "container_file_t"}
    assert matches(rule["target"], "/srv/app/data")
    assert matches(rule["target"], "/srv/app/data/db/file.sqlite")
    assert not matches(rule["target"], "/srv/app/database")
    assert not matches(rule["target"], "/srv/app")


def test_regex_characters_are_literal():
    target = fcontext_regex("/srv/my.app+1/(x)[y]{z}|$^*?\\")
    assert target == "/srv/my\\.app\\+1/\\(x\\)\\[y\\]\\{z\\}\\|\\$\\^\\*\\?\\\\(/.*)?"
    assert matches(target, "/srv/my.app+1/(x)[y]{z}|$^*?\\")
    assert matches(target, "/srv/my.app+1/(x)[y]{z}|$^*?\\/sub")
    assert not matches(fcontext_regex("/srv/my.app"), "/srv/myXapp")


def test_paths_are_canonical_and_deduplicated_in_order():
    rules = container_file_rules(["/srv/b/", "//srv//a", "/srv/b", "/etc/hostname"])
    assert [r["path"] for r in rules] == ["/srv/b", "/srv/a", "/etc/hostname"]


def test_empty_or_missing_list():
    assert container_file_rules([]) == []
    assert container_file_rules(None) == []


@pytest.mark.parametrize("path", sorted(SYSTEM_PATHS) + ["/etc/", "//usr", "/var/lib/"])
def test_system_paths_are_refused(path):
    with pytest.raises(SELinuxPathError, match="system path"):
        container_file_rules([path])


def test_refusal_names_the_value_and_a_way_out():
    with pytest.raises(SELinuxPathError) as err:
        container_file_rules(["/srv/ok", "/srv"])
    assert "'/srv'" in str(err.value) and "/srv/<app>" in str(err.value)


@pytest.mark.parametrize("path", ["/home/pi", "/var/home/core/", "/home/core"])
def test_whole_home_directories_are_refused(path):
    with pytest.raises(SELinuxPathError, match="home directory"):
        container_file_rules([path])


def test_folders_below_a_home_or_system_path_are_fine():
    rules = container_file_rules(["/home/pi/app", "/var/lib/app", "/var/srv/nfs", "/opt/app/conf"])
    assert [r["path"] for r in rules] == ["/home/pi/app", "/var/lib/app", "/var/srv/nfs", "/opt/app/conf"]


@pytest.mark.parametrize("path,message", [
    ("srv/app", "relative"),
    ("", "non-empty"),
    ("   ", "non-empty"),
    (None, "non-empty"),
    (7, "non-empty"),
    ("/srv/../etc", r"'\.\.'"),
    ("/srv/./app", r"'\.'"),
    ("/srv/a\nb", "control character"),
])
def test_bad_paths_name_the_value(path, message):
    with pytest.raises(SELinuxPathError, match=message) as err:
        container_file_rules([path])
    assert repr(path) in str(err.value)


@pytest.mark.parametrize("paths", ["/srv/app", {"path": "/srv/app"}, 3])
def test_list_required(paths):
    with pytest.raises(SELinuxPathError, match="must be a list"):
        container_file_rules(paths)


@pytest.mark.parametrize("setype", ["container_file_t:s0", "system_u:object_r:container_file_t", "container", ""])
def test_bad_type_refused(setype):
    with pytest.raises(SELinuxPathError, match="bare type name"):
        container_file_rules(["/srv/app"], setype)


def test_filter_turns_errors_into_filter_errors():
    from ansible.errors import AnsibleFilterError
    assert selinux_container_rules(["/srv/app"])[0]["target"] == "/srv/app(/.*)?"
    with pytest.raises(AnsibleFilterError, match="relative"):
        selinux_container_rules(["srv"])
