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


def test_injected_option_value_is_refused_before_writing(run_module, exports, exportfs):
    res = run_module(nfs_export.main, args(exports, clients=[
        {"host": "10.0.0.0/24", "options": ["sec=sys,no_subtree_check)\n/etc *(rw,no_root_squash,insecure"]}]))
    assert res["failed"] and "may not contain" in res["msg"]
    assert exports.read_text() == FOREIGN and exportfs.calls == 0


def test_world_wide_rw_warns(run_module, exports, exportfs, monkeypatch):
    warned = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg: warned.append(msg))
    res = run_module(nfs_export.main, args(exports, clients=[{"host": "*", "options": ["rw", "no_root_squash"]}]))
    assert res["changed"] and len(warned) == 1 and "open to every host" in warned[0]


def test_tilde_is_not_expanded(run_module, exports, exportfs):
    res = run_module(nfs_export.main, args(exports, path="~/share"))
    assert res["failed"] and "'~' is not expanded" in res["msg"] and exportfs.calls == 0


def test_planted_symlink_at_the_old_temporary_name_is_not_followed(run_module, exports, exportfs, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    os.symlink(str(victim), str(exports) + ".swarmops.tmp")
    res = run_module(nfs_export.main, args(exports))
    assert res["changed"] and victim.read_text() == "precious\n"
    assert "/srv/nfs/shared" in exports.read_text()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".swarmops")]
    assert leftovers == []


def test_symlinked_dest_stays_a_link(run_module, tmp_path, exportfs):
    real = tmp_path / "real-exports"
    real.write_text(FOREIGN)
    link = tmp_path / "exports"
    os.symlink(str(real), str(link))
    res = run_module(nfs_export.main, args(link))
    assert res["changed"] and link.is_symlink() and "/srv/nfs/shared" in real.read_text()


def test_crlf_and_non_utf8_bytes_are_kept(run_module, tmp_path, exportfs):
    dest = tmp_path / "exports"
    dest.write_bytes(b"# caf\xe9 latin-1\r\n/srv/other h(ro)\r\n")
    res = run_module(nfs_export.main, args(dest))
    assert res["changed"]
    assert dest.read_bytes() == (b"# caf\xe9 latin-1\r\n/srv/other h(ro)\r\n"
                                 b"/srv/nfs/shared 10.0.0.0/24(rw,sync,root_squash,no_subtree_check)\r\n")


def test_dest_that_is_a_directory_fails_clearly(run_module, tmp_path, exportfs):
    res = run_module(nfs_export.main, args(tmp_path))
    assert res["failed"] and "is a directory" in res["msg"]


def test_unwritable_file_fails_clearly(run_module, exports, exportfs, monkeypatch):
    def refuse(self, src, dest, unsafe_writes=False, keep_dest_attrs=True):
        os.remove(src)
        self.fail_json(msg="Unable to make %s into %s: Operation not permitted" % (src, dest))
    monkeypatch.setattr(basic.AnsibleModule, "atomic_move", refuse)
    res = run_module(nfs_export.main, args(exports))
    assert res["failed"] and "Operation not permitted" in res["msg"] and exports.read_text() == FOREIGN


def test_directories_are_created_only_after_validation(run_module, exports, exportfs, tmp_path):
    target = tmp_path / "share"
    res = run_module(nfs_export.main, args(exports, path=str(target), create=True,
                                           clients=[{"host": "h", "options": ["rw", "bogusopt"]}]))
    assert res["failed"] and not target.exists()


def test_refused_change_removes_the_directory_it_created(run_module, exports, exportfs, tmp_path):
    target = tmp_path / "share"
    exportfs.rc, exportfs.err = 1, 'exportfs: unknown keyword "x"\n'
    res = run_module(nfs_export.main, args(exports, path=str(target), create=True))
    assert res["failed"] and not target.exists() and exports.read_text() == FOREIGN


def test_warning_about_a_foreign_line_does_not_block_our_change(run_module, exports, exportfs, monkeypatch):
    warned = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg: warned.append(msg))
    exportfs.err = ("exportfs: /etc/exports [2]: Neither 'subtree_check' or 'no_subtree_check' specified for "
                    "export \"host-y:/srv/legacy\".\n")
    res = run_module(nfs_export.main, args(exports))
    assert res["changed"] and not res.get("failed")
    assert "/srv/nfs/shared" in exports.read_text()
    assert len(warned) == 1 and "/srv/legacy" in warned[0]


def test_warning_about_our_entry_still_restores(run_module, exports, exportfs):
    exportfs.err = "exportfs: No options for /srv/nfs/shared 10.0.0.0/24: suggest 10.0.0.0/24(sync) to avoid warning\n"
    res = run_module(nfs_export.main, args(exports))
    assert res["failed"] and "restored" in res["msg"] and exports.read_text() == FOREIGN


def test_diff_with_bytes_that_are_not_utf8_answers_and_writes(run_module, tmp_path, exportfs):
    dest = tmp_path / "exports"
    dest.write_bytes(b"# caf\xe9 latin-1\n")
    res = run_module(nfs_export.main, args(dest, _ansible_diff=True))
    assert res.get("failed") is not True and res["changed"]
    assert res["diff"]["before"] == u"# caf\ufffd latin-1\n"
    # The file keeps its bytes as they were.
    assert dest.read_bytes().startswith(b"# caf\xe9 latin-1\n/srv/nfs/shared ")


def test_a_fifo_as_dest_fails_at_once_instead_of_hanging(run_module, tmp_path, exportfs):
    fifo = tmp_path / "exports"
    os.mkfifo(str(fifo))
    res = run_module(nfs_export.main, args(fifo))
    assert res["failed"] and "is a FIFO, not an exports file" in res["msg"] and exportfs.calls == 0


def test_a_device_as_dest_is_not_replaced(run_module, exportfs):
    res = run_module(nfs_export.main, args("/dev/null"))
    assert res["failed"] and "is a character device" in res["msg"]
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_a_symlinked_path_is_warned_about(run_module, exports, exportfs, tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    res = run_module(nfs_export.main, args(exports, path=str(link)))
    assert res["changed"]
    assert [w for w in warnings if "symbolic link to %s" % real in w]
