# -*- coding: utf-8 -*-
"""nfs_export: file edits, check mode, diff, and restoring the file when exportfs rejects or warns."""
import os

import pytest
from ansible.module_utils import basic

from ansible_collections.swarmops.cluster.plugins.modules import nfs_export

FOREIGN = "# keep me\n/srv/other  host-x(ro,sync,no_subtree_check)   # and me\n"


@pytest.fixture
def exports(tmp_path):
    path = tmp_path / "exports"
    path.write_text(FOREIGN)
    return path


@pytest.fixture
def exportfs(monkeypatch):
    """A fake exportfs: set .rc/.err; records calls."""
    class Fake(object):
        rc, out, err, calls = 0, "", "", 0
    fake = Fake()

    def run_command(self, args, **kwargs):
        fake.calls += 1
        return fake.rc, fake.out, fake.err
    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", lambda self, name, *a, **k: "/usr/sbin/exportfs")
    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    return fake


def args(exports, **extra):
    base = {"path": "/srv/nfs/shared", "dest": str(exports),
            "clients": [{"host": "10.0.0.0/24", "options": ["rw", "sync", "root_squash"]}]}
    base.update(extra)
    return base


def test_adds_entry_and_keeps_foreign_lines(run_module, exports, exportfs):
    res = run_module(nfs_export.main, args(exports))
    assert res["changed"] and exportfs.calls == 1
    assert exports.read_text() == FOREIGN + "/srv/nfs/shared 10.0.0.0/24(rw,sync,root_squash,no_subtree_check)\n"
    again = run_module(nfs_export.main, args(exports, clients=[
        {"host": "10.0.0.0/24", "options": ["no_subtree_check", "root_squash", "sync", "rw"]}]))
    assert again["changed"] is False and exportfs.calls == 1


def test_check_mode_and_diff_write_nothing(run_module, exports, exportfs):
    res = run_module(nfs_export.main, args(exports, _ansible_check_mode=True, _ansible_diff=True))
    assert res["changed"] and exports.read_text() == FOREIGN and exportfs.calls == 0
    assert res["diff"]["before"] == FOREIGN and "/srv/nfs/shared 10.0.0.0/24" in res["diff"]["after"]


def test_bad_option_fails_before_writing(run_module, exports, exportfs):
    res = run_module(nfs_export.main, args(exports, clients=[{"host": "h", "options": ["rw", "bogusopt"]}]))
    assert res["failed"] and "'bogusopt' is unknown" in res["msg"]
    assert exports.read_text() == FOREIGN and exportfs.calls == 0


def test_relative_path_is_named(run_module, exports, exportfs):
    res = run_module(nfs_export.main, args(exports, path="srv/nfs"))
    assert res["failed"] and "must be absolute" in res["msg"]


def test_exportfs_error_restores_the_file(run_module, exports, exportfs):
    exportfs.rc, exportfs.err = 1, "exportfs: Failed to stat /srv/nfs/shared: No such file or directory\n"
    res = run_module(nfs_export.main, args(exports))
    assert res["failed"] and "Failed to stat /srv/nfs/shared" in res["msg"] and "restored" in res["msg"]
    assert exports.read_text() == FOREIGN
    assert exportfs.calls == 2  # the failed reload, then one with the restored file


def test_exportfs_warning_counts_as_failure(run_module, exports, exportfs):
    exportfs.err = "exportfs: /etc/exports [3]: Neither 'subtree_check' or 'no_subtree_check' specified\n"
    res = run_module(nfs_export.main, args(exports))
    assert res["failed"] and "warned" in res["msg"] and exports.read_text() == FOREIGN


def test_new_file_is_removed_again_on_failure(run_module, tmp_path, exportfs):
    dest = tmp_path / "exports.d" / "swarmops.exports"
    exportfs.rc, exportfs.err = 1, 'exportfs: unknown keyword "x"\n'
    res = run_module(nfs_export.main, args(dest))
    assert res["failed"] and not dest.exists()


def test_drop_in_needs_exports_suffix(run_module, exportfs):
    res = run_module(nfs_export.main, {"path": "/srv/a", "dest": "/etc/exports.d/swarmops.conf",
                                       "clients": [{"host": "h"}]})
    assert res["failed"] and "must end in .exports" in res["msg"]


def test_absent_removes_entry(run_module, exports, exportfs):
    exports.write_text(FOREIGN + "/srv/nfs/shared h(ro)\n")
    res = run_module(nfs_export.main, {"path": "/srv/nfs/shared", "dest": str(exports), "state": "absent"})
    assert res["changed"] and exports.read_text() == FOREIGN


def test_create_directory_with_mode(run_module, exports, exportfs, tmp_path):
    target = tmp_path / "share"
    res = run_module(nfs_export.main, args(exports, path=str(target), create=True, mode="0750"))
    assert res["changed"] and target.is_dir() and oct(os.stat(str(target)).st_mode & 0o777) == "0o750"


def test_missing_exportfs_restores(run_module, exports, monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", lambda self, name, *a, **k: None)
    res = run_module(nfs_export.main, args(exports))
    assert res["failed"] and "exportfs not found" in res["msg"] and exports.read_text() == FOREIGN
