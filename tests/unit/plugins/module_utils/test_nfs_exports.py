# -*- coding: utf-8 -*-
"""exports(5) parsing, validation, editing and the Ganesha mapping, on a real-world file."""
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils import nfs_exports as nx
from ansible_collections.swarmops.cluster.plugins.module_utils import nfs_shares as ns


@pytest.fixture
def real(fixture_path):
    with open(fixture_path("exports/real_world.exports")) as handle:
        return handle.read()


def entries(text):
    return dict((b["entry"]["path"], b["entry"]["clients"]) for b in nx.parse(text) if b["entry"])


def test_parse_real_world(real):
    got = entries(real)
    assert set(got) == {"/srv/homes", "/srv/media", "/srv/with space", "/srv/octal dir", "/srv/defaults",
                        "/srv/nfs/shared"}
    assert got["/srv/homes"] == [{"host": "10.0.0.0/24", "options": ["rw", "sync", "no_subtree_check"]},
                                 {"host": "backup.lan", "options": ["ro", "sync", "no_subtree_check"]}]
    assert [c["host"] for c in got["/srv/media"]] == ["192.168.1.10", "192.168.1.11"]  # continuation lines
    assert got["/srv/with space"] == [{"host": "*.lab", "options": ["rw", "no_subtree_check"]}]
    assert got["/srv/octal dir"][0]["host"] == "@trusted"
    assert got["/srv/defaults"] == [{"host": "host-a", "options": ["rw", "sync"]},
                                    {"host": "host-b", "options": ["rw", "sync", "ro"]}]


def test_blocks_reassemble_byte_for_byte(real):
    assert "".join(b["raw"] for b in nx.parse(real)) == real


def test_update_touches_only_its_entry(real):
    clients = nx.normalize_clients([{"host": "10.1.0.0/16", "options": ["rw", "sync", "root_squash"]}])
    after, changed = nx.apply(real, "/srv/nfs/shared", clients)
    assert changed
    assert after.replace("/srv/nfs/shared 10.1.0.0/16(rw,sync,root_squash,no_subtree_check)\n", "") == \
        real.replace("/srv/nfs/shared  old-client(ro)\n", "")


def test_reordered_options_are_not_a_change(real):
    clients = nx.normalize_clients([{"host": "10.0.0.0/24", "options": ["no_subtree_check", "sync", "rw"]},
                                    {"host": "backup.lan", "options": "sync,ro"}])
    after, changed = nx.apply(real, "/srv/homes", clients)
    assert not changed and after == real


def test_client_order_matters(real):
    clients = nx.normalize_clients([{"host": "backup.lan", "options": ["ro", "sync"]},
                                    {"host": "10.0.0.0/24", "options": ["rw", "sync"]}])
    assert nx.apply(real, "/srv/homes", clients)[1]


def test_add_to_empty_and_to_file_without_final_newline():
    clients = nx.normalize_clients([{"host": "*", "options": ["ro"]}])
    assert nx.apply("", "/srv/a", clients) == ("/srv/a *(ro,no_subtree_check)\n", True)
    assert nx.apply("/srv/b h(ro)", "/srv/a", clients)[0] == "/srv/b h(ro)\n/srv/a *(ro,no_subtree_check)\n"


def test_path_with_space_is_quoted():
    clients = nx.normalize_clients([{"host": "h", "options": ["ro"]}])
    assert nx.apply("", "/srv/my data", clients)[0] == '"/srv/my data" h(ro,no_subtree_check)\n'


def test_duplicates_are_merged_into_one():
    text = "/srv/a h1(ro)\n# keep\n/srv/a h2(ro)\n"
    clients = nx.normalize_clients([{"host": "h3", "options": ["rw"]}])
    assert nx.apply(text, "/srv/a", clients)[0] == "/srv/a h3(rw,no_subtree_check)\n# keep\n"


def test_absent_removes_continued_entry_only(real):
    after, changed = nx.apply(real, "/srv/media", [], "absent")
    assert changed and "192.168.1.1" not in after and "/srv/homes" in after and "# homes" in after
    assert nx.apply(after, "/srv/media", [], "absent") == (after, False)


@pytest.mark.parametrize("options,message", [
    (["rw", "bogusopt"], "option 'bogusopt' is unknown"),
    (["rw", "ro"], "contradict each other: rw and ro"),
    (["sync", "async"], "sync and async"),
    (["root_squash", "no_root_squash"], "root_squash and no_root_squash"),
    (["anonuid=abc"], "'anonuid=abc' needs a numeric id"),
    (["rw", ""], "empty option"),
    (["colour=red"], "'colour=red' is unknown"),
])
def test_bad_options_are_named(options, message):
    with pytest.raises(nx.ExportsError, match=message):
        nx.normalize_clients([{"host": "h", "options": options}])


@pytest.mark.parametrize("host", ["*", "*.lab", "node-1", "node-1.example.org", "10.0.0.1", "10.0.0.0/24",
                                  "10.0.0.0/255.255.255.0", "@trusted", "fd00::1", "fd00::/64", "a?.lab"])
def test_good_hosts(host):
    assert nx.validate_host(host) == host


@pytest.mark.parametrize("host,message", [
    ("", "empty"),
    ("10.0.0.0/33", "bad IPv4 prefix '33'"),
    ("300.1.1.1", "not a valid IPv4 address"),
    ("host (rw)", "contains a space"),
    ("a,b", "contains a space, quote, comma"),
    ("name/24", "only IP addresses take a /prefix"),
    ("fd00::/129", "bad IPv6 prefix"),
    ("bad_host!", "is not a name, IP"),
])
def test_bad_hosts_are_named(host, message):
    with pytest.raises(nx.ExportsError, match=message):
        nx.validate_host(host)


@pytest.mark.parametrize("path", ["srv/nfs", "", None, '/srv/"x"'])
def test_bad_paths(path):
    with pytest.raises(nx.ExportsError):
        nx.validate_path(path)


def test_clients_validation():
    with pytest.raises(nx.ExportsError, match="listed twice"):
        nx.normalize_clients([{"host": "h"}, {"host": "h"}])
    with pytest.raises(nx.ExportsError, match="non-empty list"):
        nx.normalize_clients([])
    with pytest.raises(nx.ExportsError, match="unknown key"):
        nx.normalize_clients([{"host": "h", "opts": ["rw"]}])
    assert nx.normalize_clients([{"host": "h", "options": ["subtree_check"]}])[0]["options"] == ["subtree_check"]


def test_exportfs_warnings_are_problems():
    stderr = ("exportfs: No options for /srv/a host: suggest host(sync) to avoid warning\n"
              "exportfs: /etc/exports [3]: Neither 'subtree_check' or 'no_subtree_check' specified for export "
              "\"*:/srv/a\".\n  Assuming default behaviour ('no_subtree_check').\n")
    assert len(nx.exportfs_problems(stderr)) >= 1
    assert nx.exportfs_problems('exportfs: /etc/exports:1: unknown keyword "bogusopt"\n')
    assert nx.exportfs_problems("") == []


def test_ganesha_mapping():
    block = nx.ganesha_client({"host": "10.0.0.0/24", "options": ["rw", "no_root_squash", "anonuid=1000"]})
    assert block == {"Clients": "10.0.0.0/24", "Access_Type": "RW", "Squash": "No_Root_Squash",
                     "Anonymous_Uid": "1000"}
    assert nx.ganesha_client({"host": "h", "options": ["ro"]})["Squash"] == "Root_Squash"
    assert nx.ganesha_client({"host": "h", "options": ["all_squash"]})["Access_Type"] == "RO"


def test_plan_defaults_to_the_swarm_nodes():
    plan = ns.plan_exports([{"path": "/srv/nfs/shared"}], ["10.0.0.2", "10.0.0.3"], ["rw", "sync", "root_squash"])
    assert plan == [{
        "path": "/srv/nfs/shared", "owner": "root", "group": "root", "mode": "0755", "create": True,
        "mount": "/mnt/shared", "volume": "shared",
        "clients": [{"host": "10.0.0.2", "options": ["rw", "sync", "root_squash", "no_subtree_check"]},
                    {"host": "10.0.0.3", "options": ["rw", "sync", "root_squash", "no_subtree_check"]}]}]


def test_plan_explicit_world_export_and_names():
    plan = ns.plan_exports([{"path": "/srv/media data", "clients": [{"host": "*", "options": ["rw", "sync"]}],
                             "mode": "0777", "mount": "/media"}], [], [])
    assert plan[0]["clients"][0]["host"] == "*" and plan[0]["mode"] == "0777"
    assert plan[0]["mount"] == "/media" and plan[0]["volume"] == "media-data"


@pytest.mark.parametrize("exports,message", [
    ([{"path": "/srv/a"}], "has no clients and there are no swarm nodes"),
    ([{"path": "srv/a", "clients": ["h"]}], "must be absolute"),
    ([{"path": "/srv/a", "clients": ["h"]}, "/srv/a"], "listed twice"),
    ([{"path": "/srv/a", "clients": ["h"], "size": 1}], "unknown key(s) size"),
    ([{"path": "/srv/a", "options": ["rw", "ro"]}], "contradict"),
])
def test_plan_errors(exports, message):
    with pytest.raises(nx.ExportsError) as exc:
        ns.plan_exports(exports, ["h"] if "no swarm nodes" not in message else [], ["rw"])
    assert message in str(exc.value)


def test_compose_volumes():
    plan = ns.plan_exports(["/srv/nfs/shared"], ["h"], ["rw"])
    assert ns.compose_volumes(plan, "10.0.0.5", "nfsvers=4,hard,timeo=600") == {"shared": {
        "driver": "local",
        "driver_opts": {"type": "nfs", "o": "addr=10.0.0.5,nfsvers=4,hard,timeo=600", "device": ":/srv/nfs/shared"}}}
    with pytest.raises(nx.ExportsError, match="addr= is set from the server"):
        ns.compose_volumes(plan, "s", ["addr=x"])


# ---------------------------------------------------------------- hardened input

@pytest.mark.parametrize("option, named", [
    ("sec=sys,no_subtree_check)\n/etc *(rw,no_root_squash,insecure", "may not contain"),
    ("sec=sys)", "may not contain"),
    ("sec=sys #x", "may not contain"),
    ("sec=kerberos", "unknown security flavour"),
    ("sec=krb5:bogus", "'bogus'"),
    ("refer=nohost", "path@host"),
    ("replicas=/a@h1:b@h2", "path@host"),
    ("mp=relative", "must be absolute"),
    ("mp=/srv/../etc", "'..'"),
    ("xprtsec=ssl", "transport security"),
    ("anonuid=1(0)", "may not contain"),
])
def test_option_values_are_checked(option, named):
    with pytest.raises(nx.ExportsError) as err:
        nx.normalize_options([option])
    assert named in str(err.value) and option.split("=")[0] in str(err.value)


def test_injection_through_a_comma_string_is_refused():
    with pytest.raises(nx.ExportsError):
        nx.normalize_options("sec=sys,no_subtree_check)\n/etc *(rw,no_root_squash,insecure")


def test_good_option_values_pass():
    assert nx.normalize_options("sec=krb5p:krb5i:sys,refer=/a@h1+h2:/b@h3,mp=/srv/x,xprtsec=tls:mtls") == [
        "sec=krb5p:krb5i:sys", "refer=/a@h1+h2:/b@h3", "mp=/srv/x", "xprtsec=tls:mtls"]


@pytest.mark.parametrize("host", [":::", "12345::", "1:2:3:4:5:6:7:8:9", "fe80::1::2", "::g"])
def test_invalid_ipv6_refused(host):
    with pytest.raises(nx.ExportsError):
        nx.validate_host(host)


@pytest.mark.parametrize("host", ["::1", "fe80::1", "2001:db8::/32", "::ffff:10.0.0.1"])
def test_valid_ipv6_accepted(host):
    assert nx.validate_host(host) == host


@pytest.mark.parametrize("path", ["~/share", "~root/x", "/srv/../etc", "/srv/./x", "/srv/a\nb", "/srv/\\056\\056/etc"])
def test_tilde_dots_and_control_characters_refused(path):
    with pytest.raises(nx.ExportsError):
        nx.validate_path(path)


@pytest.mark.parametrize("path", ["/srv/a#b", "/srv/my dir", "/srv/back\\slash", "/srv/a#b c"])
def test_unusual_paths_round_trip(path):
    text, changed = nx.apply("", path, [{"host": "h", "options": ["ro"]}])
    assert changed
    assert nx.parse(text)[0]["entry"]["path"] == path
    again, changed_again = nx.apply(text, path, [{"host": "h", "options": ["ro"]}])
    assert not changed_again and again == text


def test_octal_escape_in_the_wanted_path_means_the_real_name():
    assert nx.validate_path("/srv/my\\040dir") == "/srv/my dir"
    text, _ = nx.apply("/srv/my\\040dir h(ro)\n", nx.validate_path("/srv/my\\040dir"), [{"host": "h", "options": ["ro"]}])
    assert text == "/srv/my\\040dir h(ro)\n"


def test_crlf_file_keeps_its_line_endings():
    text, changed = nx.apply("# x\r\n/srv/a h(ro)\r\n", "/srv/b", [{"host": "h", "options": ["ro"]}])
    assert changed and text == "# x\r\n/srv/a h(ro)\r\n/srv/b h(ro)\r\n"


def test_world_wide_risky_exports_warn():
    plan = ns.plan_exports([{"path": "/srv/open", "clients": [{"host": "*", "options": ["rw", "no_root_squash",
                                                                                        "insecure"]}]},
                            {"path": "/srv/ro", "clients": [{"host": "*", "options": ["ro"]}]},
                            {"path": "/srv/lan", "clients": [{"host": "10.0.0.0/24", "options": ["rw"]}]}],
                           ["*"], ["ro"])
    warnings = nx.export_warnings(plan)
    assert len(warnings) == 1
    assert "/srv/open" in warnings[0] and "rw, no_root_squash, insecure" in warnings[0]


def test_problems_are_split_between_our_entry_and_foreign_lines():
    problems = ['exportfs: /etc/exports [1]: Neither \'subtree_check\' or \'no_subtree_check\' specified for export '
                '"*:/srv/other".', "exportfs: No options for /srv/mine *: suggest *(sync) to avoid warning",
                "exportfs: /etc/exports [3]: something about line three"]
    ours, foreign = nx.problems_about(problems, "/srv/mine", 3)
    assert ours == problems[1:] and foreign == problems[:1]
    assert nx.problems_about(problems, "/srv/min")[0] == []  # a prefix of another path is not ours
    assert nx.entry_line("# a\n/srv/x \\\n  h(ro)\n/srv/mine h(ro)\n", "/srv/mine") == 4


def test_exports_or_default_gives_the_one_share_only_when_unset():
    first = ns.exports_or_default(None)
    assert first == [{"path": "/srv/nfs/shared"}]
    first[0]["path"] = "/changed"          # a caller's change must not leak into the next default
    assert ns.exports_or_default(None) == [{"path": "/srv/nfs/shared"}]
    assert ns.exports_or_default([]) == []   # set to nothing: no export
    assert ns.exports_or_default([{"path": "/data"}]) == [{"path": "/data"}]


def test_server_unit_names_each_implementation_and_rejects_others():
    assert ns.server_unit("kernel") == "nfs-server"
    assert ns.server_unit("ganesha") == "nfs-ganesha"
    with pytest.raises(nx.ExportsError, match=r"'knfsd' is not one of ganesha, kernel"):
        ns.server_unit("knfsd")


def test_client_mounts_one_entry_per_export_at_its_mount_point():
    plan = ns.plan_exports([{"path": "/srv/nfs/shared"}, {"path": "/data", "mount": "/srv/data"}], ["10.0.0.2"], ["rw"])
    mounts = ns.client_mounts(plan, "10.0.0.1", ["nfsvers=4", "hard"], mounted=False)
    assert mounts == [
        {"path": "/mnt/shared", "src": "10.0.0.1:/srv/nfs/shared", "fstype": "nfs", "opts": "nfsvers=4,hard", "mounted": False},
        {"path": "/srv/data", "src": "10.0.0.1:/data", "fstype": "nfs", "opts": "nfsvers=4,hard", "mounted": False},
    ]
    with pytest.raises(nx.ExportsError, match="no NFS server address"):
        ns.client_mounts(plan, "", [])


# ------------------------------------------------- exportfs's own reading of the file and hostile input

@pytest.mark.parametrize("separator", ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_lines_end_at_newline_only_as_exportfs_reads_them(separator):
    # A foreign line that holds another line-breaking character stays one line: ours is not found
    # inside it, and removing ours never cuts it.
    foreign = "/srv/other 10.9.0.1(ro)%s/srv/nfs/data 10.1.0.1(rw)\n" % separator
    assert [b["raw"] for b in nx.parse(foreign)] == [foreign]
    assert nx.apply(foreign, "/srv/nfs/data", [], "absent") == (foreign, False)
    text, changed = nx.apply(foreign, "/srv/nfs/data", nx.normalize_clients([{"host": "10.1.0.1"}]))
    assert changed and text.startswith(foreign)


@pytest.mark.parametrize("bad", ["/srv/a\rb", "/srv/a\x00b", "/srv/a\x0bb", "/srv/a\x85b", "/srv/a\u2028b"])
def test_line_breaking_characters_in_our_path_are_refused(bad):
    with pytest.raises(nx.ExportsError, match="line separator|control character"):
        nx.validate_path(bad)


def test_never_appended_after_a_continuation_line():
    foreign = "/srv/more \\\n"
    text, changed = nx.apply(foreign, "/srv/nfs/data", nx.normalize_clients([{"host": "10.1.0.1"}]))
    assert changed
    # exportfs still reads the foreign entry as it was (its continuation ends at the empty line), and ours
    # as an entry of its own.
    assert text == foreign + "\n/srv/nfs/data 10.1.0.1(no_subtree_check)\n"
    assert [b["entry"]["path"] for b in nx.parse(text) if b["entry"]] == ["/srv/more", "/srv/nfs/data"]


@pytest.mark.parametrize("host", ["*", "**", "0.0.0.0/0", "0.0.0.0/00", "10.0.0.0/0", "10.0.0.0/0.0.0.0", "::/0",
                                  "2001:db8::/0"])
def test_every_spelling_of_the_whole_world_is_warned_about(host):
    warnings = nx.export_warnings([{"path": "/srv/a", "clients": [{"host": host, "options": ["rw"]}]}])
    assert len(warnings) == 1 and "open to every host (%s)" % host in warnings[0]


def test_a_subnet_is_not_the_whole_world():
    assert nx.export_warnings([{"path": "/srv/a", "clients": [{"host": "10.0.0.0/8", "options": ["rw"]}]}]) == []


@pytest.mark.parametrize("options", [["anonuid=0"], ["all_squash", "anongid=0"], ["root_squash", "anonuid=0"]])
def test_squashing_to_root_is_warned_about(options):
    warnings = nx.export_warnings([{"path": "/srv/a", "clients": [{"host": "10.0.0.1", "options": options}]}])
    assert len(warnings) == 1 and "makes the squashed users root" in warnings[0]


def test_no_squash_warning_without_squashing():
    assert nx.export_warnings([{"path": "/srv/a", "clients": [{"host": "10.0.0.1",
                                                               "options": ["no_root_squash", "anonuid=0"]}]}]) == []


@pytest.mark.parametrize("option", ["anonuid=4294967296", "anongid=99999999999"])
def test_ids_that_wrap_around_are_refused(option):
    with pytest.raises(nx.ExportsError, match="wrap around"):
        nx.normalize_options([option])


def test_largest_id_is_accepted():
    assert nx.normalize_options(["anonuid=4294967295"]) == ["anonuid=4294967295"]


@pytest.mark.parametrize("host", ["010.0.0.0/8", "10.0.0.01", "10.0.0.0/255.0.0.00"])
def test_ipv4_with_leading_zeros_is_refused(host):
    with pytest.raises(nx.ExportsError, match="leading zero"):
        nx.validate_host(host)


def test_ganesha_honours_sec_and_insecure():
    block = nx.ganesha_client({"host": "10.0.0.1", "options": ["rw", "sec=krb5p:krb5i", "insecure"]})
    assert block["SecType"] == "krb5p, krb5i" and block["PrivilegedPort"] == "false"
    assert nx.ganesha_client({"host": "h", "options": ["secure"]})["PrivilegedPort"] == "true"


@pytest.mark.parametrize("option", ["xprtsec=tls", "pnfs", "security_label", "refer=/a@h"])
def test_ganesha_refuses_what_it_cannot_honour(option):
    with pytest.raises(nx.ExportsError, match="NFS-Ganesha cannot honour option"):
        nx.ganesha_client({"host": "h", "options": ["rw", option]})


@pytest.mark.parametrize("spelling", ["/srv/x/", "//srv/x", "/srv//x//"])
def test_paths_are_canonical_and_match_their_other_spellings(spelling):
    assert nx.validate_path(spelling) == "/srv/x"
    clients = nx.normalize_clients([{"host": "10.1.0.1"}])
    existing = "%s 10.1.0.1(no_subtree_check)\n" % spelling
    # One entry per directory: another spelling in the file is the same entry, not a second one.
    assert nx.apply(existing, "/srv/x", clients) == (existing, False)


def test_overlong_paths_and_lines_are_refused():
    with pytest.raises(nx.ExportsError, match="longer than 1024"):
        nx.validate_path("/" + "a" * 1024)
    clients = nx.normalize_clients([{"host": "10.1.%d.%d" % (i // 250, i % 250)} for i in range(60)])
    with pytest.raises(nx.ExportsError, match="nfs-utils reads at most 1024"):
        nx.apply("", "/srv/x", clients)


def test_client_view_is_the_plan_without_the_servers_clients():
    exports = [{"path": "/srv/nfs/shared"}, {"path": "/data/media/", "mount": "/media", "volume": "films",
                                             "clients": [{"host": "10.0.0.0/24", "options": ["rw"]}]}]
    assert ns.client_view(exports) == [
        {"path": "/srv/nfs/shared", "mount": "/mnt/shared", "volume": "shared"},
        {"path": "/data/media", "mount": "/media", "volume": "films"},
    ]
    # The same mount points and volume names as the server's plan, whatever its clients and options.
    planned = ns.plan_exports(exports, ["10.0.0.1"], ["rw", "sync"])
    assert [(p["path"], p["mount"], p["volume"]) for p in planned] == [
        (v["path"], v["mount"], v["volume"]) for v in ns.client_view(exports)]
    with pytest.raises(nx.ExportsError, match="listed twice"):
        ns.client_view(["/srv/a", "/srv/a"])
