# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse, validate and render NFS exports files (exports(5)) without losing anything foreign.

Pure functions, unit-tested on real-world files. Used by the nfs_export module and the nfs_server role
(the NFS-Ganesha configuration is rendered from the same validated export list).

A file is kept as a list of "blocks": each block is the raw text of one logical line (continuation
lines included) plus, for entries, the parsed path and clients. Only the blocks of the managed path
are ever rewritten; everything else is written back byte for byte.
"""

from __future__ import absolute_import, division, print_function

import ipaddress
import re

__metaclass__ = type

# exports(5) options (nfs-utils 2.x). Options taking a value end with "=".
FLAG_OPTIONS = frozenset((
    "rw", "ro", "sync", "async", "secure", "insecure", "wdelay", "no_wdelay", "hide", "nohide", "crossmnt",
    "subtree_check", "no_subtree_check", "insecure_locks", "secure_locks", "no_auth_nlm", "auth_nlm",
    "mountpoint", "mp", "acl", "no_acl", "root_squash", "no_root_squash", "all_squash", "no_all_squash",
    "pnfs", "no_pnfs", "security_label", "nordirplus", "rdirplus",
))
VALUE_OPTIONS = frozenset(("anonuid", "anongid", "fsid", "refer", "replicas", "sec", "mountpoint", "mp",
                           "xprtsec"))
CONTRADICTIONS = (
    ("rw", "ro"), ("sync", "async"), ("root_squash", "no_root_squash"), ("all_squash", "no_all_squash"),
    ("secure", "insecure"), ("wdelay", "no_wdelay"), ("hide", "nohide"), ("subtree_check", "no_subtree_check"),
    ("acl", "no_acl"), ("secure_locks", "insecure_locks"), ("auth_nlm", "no_auth_nlm"), ("pnfs", "no_pnfs"),
    ("rdirplus", "nordirplus"),
)
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9*?]([A-Za-z0-9*?_-]*[A-Za-z0-9*?])?"
                       r"(\.[A-Za-z0-9*?]([A-Za-z0-9*?_-]*[A-Za-z0-9*?])?)*\.?$")
_IPV4 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
_NETGROUP = re.compile(r"^@[A-Za-z0-9_.-]+$")


# sec= flavours (exports(5)); several are joined with ':'.
SEC_FLAVOURS = ("sys", "krb5", "krb5i", "krb5p", "none")
XPRTSEC_POLICIES = ("none", "tls", "mtls")
# Characters no option value may hold: they would end the option list or the line, or start a comment.
_VALUE_FORBIDDEN = re.compile(r"[\s(),#\"'\\]")
_LOCATION = re.compile(r"^/[^@:]*@[A-Za-z0-9.*?_-]+(\+[A-Za-z0-9.*?_-]+)*$")


# nfs-utils reads /etc/exports in lines of at most 1024 characters: a longer one is cut.
MAX_LINE = 1024
MAX_PATH = 1024


class ExportsError(ValueError):
    """Invalid input; the message names the bad value and what is allowed."""


# ---------------------------------------------------------------- validation

def _valid_ipv4(text):
    match = _IPV4.match(text)
    return bool(match) and all(0 <= int(part) <= 255 for part in match.groups())


def _leading_zero(text):
    """An IPv4 address written with a leading zero in a part (010.0.0.1): glibc's inet_aton, which
    exportfs uses, reads such a part as octal (010 = 8) while other tools read it as decimal."""
    match = _IPV4.match(text)
    return bool(match) and any(len(part) > 1 and part.startswith("0") for part in match.groups())


def _valid_ipv6(text):
    if ":" not in text:
        return False
    try:
        ipaddress.IPv6Address(u"%s" % text)
    except ValueError:
        return False
    return True


def validate_host(host):
    """A client spec: *, name, wildcard, IPv4/IPv6 (with /prefix or /netmask), @netgroup."""
    if not isinstance(host, str) or not host:
        raise ExportsError("client host %r is empty; use a name, IP, CIDR, wildcard, @netgroup or *" % (host,))
    if host == "*":
        return host
    if re.search(r"[\s()\"',]", host):
        raise ExportsError("client host %r contains a space, quote, comma or parenthesis; give one host per "
                           "client and its options in 'options'" % host)
    if _NETGROUP.match(host):
        return host
    address, sep, prefix = host.partition("/")
    for part in (address, prefix):
        if _leading_zero(part):
            raise ExportsError("client host %r: %r has a part with a leading zero, which exportfs reads as octal "
                               "(010 is 8); write it without leading zeros" % (host, part))
    if sep:
        if _valid_ipv4(address):
            if prefix.isdigit() and 0 <= int(prefix) <= 32 or _valid_ipv4(prefix):
                return host
            raise ExportsError("client host %r has a bad IPv4 prefix %r; use /0 to /32 or a netmask" % (host, prefix))
        if _valid_ipv6(address):
            if prefix.isdigit() and 0 <= int(prefix) <= 128:
                return host
            raise ExportsError("client host %r has a bad IPv6 prefix %r; use /0 to /128" % (host, prefix))
        raise ExportsError("client host %r: only IP addresses take a /prefix" % host)
    if _valid_ipv4(host) or _valid_ipv6(host):
        return host
    if re.match(r"^[\d.]+$", host):
        raise ExportsError("client host %r is not a valid IPv4 address" % host)
    if _HOSTNAME.match(host):
        return host
    raise ExportsError("client host %r is not a name, IP, CIDR, wildcard, @netgroup or *" % host)


def _check_value(name, value, option, where):
    """exports(5) syntax of one option's value; the message names the option and what is allowed."""
    if _VALUE_FORBIDDEN.search(value):
        raise ExportsError("%s option %r: a value may not contain spaces, newlines, parentheses, commas, quotes, "
                           "backslashes or '#'" % (where, option))
    if name == "sec":
        bad = [f for f in value.split(":") if f not in SEC_FLAVOURS]
        if bad:
            raise ExportsError("%s option %r: unknown security flavour(s) %s; allowed: %s, joined with ':'"
                               % (where, option, ", ".join(repr(b) for b in bad), ", ".join(SEC_FLAVOURS)))
    elif name == "xprtsec":
        bad = [f for f in value.split(":") if f not in XPRTSEC_POLICIES]
        if bad:
            raise ExportsError("%s option %r: unknown transport security policy %s; allowed: %s, joined with ':'"
                               % (where, option, ", ".join(repr(b) for b in bad), ", ".join(XPRTSEC_POLICIES)))
    elif name in ("refer", "replicas"):
        if not all(_LOCATION.match(loc) for loc in value.split(":")):
            raise ExportsError("%s option %r: use path@host[+host][:path@host...] (an absolute path on the other "
                               "server, then its hosts)" % (where, option))
    elif name in ("mountpoint", "mp"):
        _check_path_syntax(value, "%s option %r" % (where, option))


def normalize_options(options, where="client"):
    """A list or comma string of options -> validated list (order kept, duplicates dropped)."""
    if options is None:
        options = []
    if isinstance(options, str):
        options = [o for o in options.split(",")]
    if not isinstance(options, list):
        raise ExportsError("%s options must be a list or a comma-separated string, got %r" % (where, options))
    result = []
    for raw in options:
        if not isinstance(raw, str):
            raise ExportsError("%s option %r must be a string" % (where, raw))
        option = raw.strip()
        if not option:
            raise ExportsError("%s has an empty option (a stray comma?) in %r" % (where, options))
        name, sep, value = option.partition("=")
        if sep:
            if name not in VALUE_OPTIONS:
                raise ExportsError("%s option %r is unknown; options with a value are: %s"
                                   % (where, option, ", ".join(sorted(VALUE_OPTIONS))))
            if not value:
                raise ExportsError("%s option %r needs a value" % (where, option))
            _check_value(name, value, option, where)
            if name in ("anonuid", "anongid") and not re.match(r"^-?\d+$", value):
                raise ExportsError("%s option %r needs a numeric id" % (where, option))
            if name in ("anonuid", "anongid") and not -2 ** 31 <= int(value) < 2 ** 32:
                raise ExportsError("%s option %r: an id must be below 4294967296 (larger ones wrap around, to 0 = root, "
                                   "for 4294967296)" % (where, option))
            if name == "fsid" and not re.match(r"^(\d+|root|[0-9A-Fa-f-]{8,})$", value):
                raise ExportsError("%s option %r: fsid is a number, root or a UUID" % (where, option))
        elif name not in FLAG_OPTIONS:
            raise ExportsError("%s option %r is unknown; allowed: %s, or %s=VALUE"
                               % (where, option, ", ".join(sorted(FLAG_OPTIONS)), "|".join(sorted(VALUE_OPTIONS))))
        if option not in result:
            result.append(option)
    names = set(o.partition("=")[0] for o in result)
    for first, second in CONTRADICTIONS:
        if first in names and second in names:
            raise ExportsError("%s options contradict each other: %s and %s" % (where, first, second))
    for key in ("anonuid", "anongid", "fsid"):
        if len([o for o in result if o.startswith(key + "=")]) > 1:
            raise ExportsError("%s gives %s twice with different values" % (where, key))
    return result


def _check_path_syntax(path, what):
    if not path.startswith("/"):
        raise ExportsError("%s: %r is not allowed: it must be absolute (start with /); '~' is not expanded"
                           % (what, path))
    if re.search(u'[\x00-\x1f\x7f\x85\u2028\u2029"]', path):
        raise ExportsError("%s: %r contains a newline, another control character, a Unicode line separator or a "
                           "double quote, which exports(5) cannot express" % (what, path))
    if len(path) > MAX_PATH:
        raise ExportsError("%s: %r is longer than %d characters, more than nfs-utils reads on one line"
                           % (what, path[:40] + "...", MAX_PATH))
    parts = path.split("/")
    if ".." in parts or "." in parts:
        raise ExportsError("%s: %r contains '.' or '..'; give the real path" % (what, path))


def canonical_path(path):
    """One spelling per directory: repeated slashes collapsed, no trailing slash (/srv/x/ and //srv/x
    are /srv/x, which exportfs exports once)."""
    path = re.sub(r"/{2,}", "/", path)
    return path.rstrip("/") or "/"


def validate_path(path):
    """An export path as exports(5) reads it: absolute, no '.' or '..' parts, no control characters,
    in its canonical spelling (canonical_path).

    Octal escapes (\\040 for a space, as exports(5) writes them) are read the way exportfs reads them,
    so the returned path is the real directory name."""
    if not isinstance(path, str):
        raise ExportsError("path %r is not allowed: it must be an absolute path (a string starting with /)" % (path,))
    _check_path_syntax(path, "path")
    real = _unescape(path)
    _check_path_syntax(real, "path")
    return canonical_path(real)


def normalize_clients(clients, add_no_subtree_check=True):
    """[{host, options}] -> validated [{"host": str, "options": [str]}]."""
    if not isinstance(clients, list) or not clients:
        raise ExportsError("clients must be a non-empty list of {host, options}; got %r" % (clients,))
    result = []
    for item in clients:
        if isinstance(item, str):
            item = {"host": item}
        if not isinstance(item, dict) or "host" not in item:
            raise ExportsError("client %r must be a dict with 'host' (and 'options')" % (item,))
        unknown = sorted(set(item) - set(("host", "options")))
        if unknown:
            raise ExportsError("client %r has unknown key(s) %s; allowed: host, options" % (item.get("host"), unknown))
        host = validate_host(item["host"])
        options = normalize_options(item.get("options"), "client %s" % host)
        names = set(o.partition("=")[0] for o in options)
        if add_no_subtree_check and not names & set(("subtree_check", "no_subtree_check")):
            # exportfs warns without an explicit choice; its default is no_subtree_check.
            options.append("no_subtree_check")
        if any(c["host"] == host for c in result):
            raise ExportsError("client %s is listed twice for the same path" % host)
        result.append({"host": host, "options": options})
    return result


# ---------------------------------------------------------------- parsing

def _logical_lines(text):
    """Split into (raw_text, joined_text) per logical line; a trailing backslash continues a line.
    Lines end at \\n only, as exportfs reads them (str.splitlines would also split at \\r, \\x0b,
    \\x0c, \\x1c-\\x1e, \\x85 and the Unicode separators, inside a foreign line)."""
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    out, raw, joined = [], "", ""
    for line in lines:
        raw += line
        body = line.rstrip("\r\n")
        if body.endswith("\\") and not _in_comment(joined + body[:-1]):
            joined += body[:-1] + " "
            continue
        joined += body
        out.append((raw, joined))
        raw, joined = "", ""
    if raw:
        out.append((raw, joined))
    return out


def _in_comment(text):
    in_quote = False
    for char in text:
        if char == '"':
            in_quote = not in_quote
        elif char == "#" and not in_quote:
            return True
    return False


def _strip_comment(text):
    in_quote = False
    for index, char in enumerate(text):
        if char == '"':
            in_quote = not in_quote
        elif char == "#" and not in_quote:
            return text[:index]
    return text


def _unescape(path):
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path)


def _tokens(text):
    """Whitespace-separated tokens; double quotes group (paths with spaces)."""
    tokens, current, in_quote, started = [], "", False, False
    for char in text:
        if char == '"':
            in_quote = not in_quote
            started = True
            continue
        if char.isspace() and not in_quote:
            if started:
                tokens.append(current)
            current, started = "", False
            continue
        current += char
        started = True
    if in_quote:
        raise ExportsError("unbalanced double quote in %r" % text.strip())
    if started:
        tokens.append(current)
    return tokens


def parse_entry(text):
    """One logical line (comment stripped) -> {"path", "clients": [{"host", "options"}]} or None."""
    body = _strip_comment(text).strip()
    if not body:
        return None
    tokens = _tokens(body)
    path = _unescape(tokens[0])
    defaults = []
    clients = []
    for token in tokens[1:]:
        if token.startswith("-") and not clients:
            defaults = [o for o in token[1:].split(",") if o]
            continue
        host, paren, rest = token.partition("(")
        options = list(defaults)
        if paren:
            if not rest.endswith(")"):
                raise ExportsError("unbalanced option list in %r" % token)
            options += [o for o in rest[:-1].split(",") if o]
        clients.append({"host": host or "*", "options": options})
    return {"path": path, "clients": clients}


def parse(text):
    """File text -> list of blocks {"raw": str, "entry": parsed entry or None}."""
    blocks = []
    for raw, joined in _logical_lines(text):
        try:
            entry = parse_entry(joined)
        except ExportsError:
            entry = None  # unparsable foreign text is kept as it is
        blocks.append({"raw": raw, "entry": entry})
    return blocks


# ---------------------------------------------------------------- rendering and editing

def quote_path(path):
    """The path as exports(5) reads it back: a backslash and '#' as octal escapes, and double quotes
    around a path with whitespace."""
    escaped = re.sub(r'[\\#]', lambda m: "\\%03o" % ord(m.group(0)), path)
    if re.search(r"\s", escaped):
        return '"%s"' % escaped
    return escaped


def render_entry(path, clients, newline="\n"):
    return "%s %s%s" % (quote_path(path), " ".join(
        "%s(%s)" % (c["host"], ",".join(c["options"])) if c["options"] else c["host"] for c in clients), newline)


def same_clients(left, right):
    """Equal client lists: same hosts in the same order, each with the same set of options."""
    if len(left) != len(right):
        return False
    return all(a["host"] == b["host"] and set(a["options"]) == set(b["options"]) for a, b in zip(left, right))


def find(blocks, path):
    return [b for b in blocks if b["entry"] and canonical_path(b["entry"]["path"]) == path]


def apply(text, path, clients, state="present"):
    """New file text with `path` exported to `clients` (present) or not exported (absent).

    Returns (new_text, changed). Unrelated lines are kept byte for byte; an equal entry (options
    reordered, other formatting) is not a change; duplicate entries of the path are merged into one.
    """
    blocks = parse(text)
    mine = find(blocks, path)
    if state == "absent":
        if not mine:
            return text, False
        return "".join(b["raw"] for b in blocks if b not in mine), True
    if len(mine) == 1 and same_clients(mine[0]["entry"]["clients"], clients):
        return text, False
    newline = "\r\n" if "\r\n" in text else "\n"  # keep the file's line endings
    line = render_entry(path, clients, newline)
    if len(line.rstrip("\r\n")) > MAX_LINE:
        raise ExportsError("the entry of %s would be %d characters long; nfs-utils reads at most %d per line: "
                           "give fewer clients (a subnet for several addresses)"
                           % (path, len(line.rstrip("\r\n")), MAX_LINE))
    out, placed = [], False
    for block in blocks:
        if block in mine:
            if not placed:
                out.append(line)
                placed = True
            continue
        out.append(block["raw"])
    if not placed:
        if out and not out[-1].endswith("\n"):
            out[-1] += newline
        if blocks and _continues(blocks[-1]["raw"]):
            # The file ends in a continuation line ('\\' at its end): a line appended right after it would
            # become part of that foreign entry. An empty line ends it first, leaving its meaning as it is.
            out.append(newline)
        out.append(line)
    return "".join(out), True


def _continues(raw):
    """True when the last physical line of `raw` ends with a backslash that continues it."""
    last = raw.rstrip("\r\n").rsplit("\n", 1)[-1]
    return last.endswith("\\") and not _in_comment(last[:-1])


# ---------------------------------------------------------------- exportfs output

def exportfs_problems(output):
    """Lines exportfs printed. `exportfs -ra` is silent when the file is fine, and exits 0 on some
    dangerous mistakes with only a warning, so every line it prints counts as a problem."""
    return [line.strip() for line in (output or "").splitlines() if line.strip()]


def entry_line(text, path):
    """1-based number of the first physical line of `path`'s entry in `text` (None when absent)."""
    number = 1
    for block in parse(text):
        if block["entry"] and block["entry"]["path"] == path:
            return number
        number += block["raw"].count("\n")
    return None


def problems_about(problems, path, line=None):
    """(ours, foreign): the exportfs lines about `path` - naming it (as exportfs prints it) or its
    line number `[line]` - and the others."""
    names = set((path, quote_path(path), path.replace(" ", "\\040")))
    marker = "[%d]" % line if line else None
    ours = [p for p in problems if any(_mentions(p, name) for name in names) or (marker and marker in p)]
    return ours, [p for p in problems if p not in ours]


def _mentions(line, path):
    for match in re.finditer(re.escape(path), line):
        after = line[match.end():match.end() + 1]
        if after in ("", '"', "'", " ", ":", ")", ",", ".", "\n"):
            return True
    return False


def export_warnings(exports):
    """Warnings for exports that open a path to the whole world: client '*' (or 0.0.0.0/0, ::/0)
    with rw, no_root_squash or insecure. Takes plan_exports' result (or [{path, clients}])."""
    warnings = []
    for export in exports or []:
        for client in export.get("clients") or []:
            options = client.get("options") or []
            names = dict((o.partition("=")[0], o.partition("=")[2]) for o in options)
            squashed = "all_squash" in names or "no_root_squash" not in names
            for key in ("anonuid", "anongid"):
                if squashed and names.get(key) in ("0", "-0"):
                    warnings.append("export %s for %s: %s=0 with squashing makes the squashed users root (id 0); "
                                    "use an unprivileged id (65534 is nobody)" % (export.get("path"), client.get("host"), key))
            if not _whole_world(client.get("host")):
                continue
            risky = [o for o in ("rw", "no_root_squash", "insecure") if o in (client.get("options") or [])]
            if risky:
                warnings.append("export %s is open to every host (%s) with %s: anyone on the network can %s. "
                                "List the swarm nodes' addresses or a subnet as clients instead."
                                % (export.get("path"), client["host"], ", ".join(risky),
                                   "write as root" if "no_root_squash" in risky else
                                   ("write to it" if "rw" in risky else "mount it from an unprivileged port")))
    return warnings


def _whole_world(host):
    """Every spelling of "any host": *, **, a /0 network however written (0.0.0.0/00, 10.0.0.0/0,
    2001:db8::/0, x/0.0.0.0)."""
    host = str(host or "")
    if host and set(host) == set("*"):
        return True
    address, sep, prefix = host.partition("/")
    if not sep:
        return False
    try:
        if _valid_ipv4(address) and _valid_ipv4(prefix):
            return ipaddress.IPv4Network(u"0.0.0.0/%s" % prefix).prefixlen == 0
        return prefix.isdigit() and int(prefix) == 0 and (_valid_ipv4(address) or _valid_ipv6(address))
    except ValueError:
        return False


# ---------------------------------------------------------------- NFS-Ganesha

GANESHA_SQUASH = (("no_root_squash", "No_Root_Squash"), ("all_squash", "All_Squash"), ("root_squash", "Root_Squash"))
# Options the Ganesha mapping honours, or whose absence there weakens nothing (how the kernel server
# writes, checks or locks its tree). The others (xprtsec: TLS, refer/replicas: referrals, pnfs,
# security_label) are refused rather than silently dropped.
GANESHA_HONOURED = frozenset(("rw", "ro", "no_root_squash", "all_squash", "root_squash", "no_all_squash", "anonuid",
                              "anongid", "sec", "secure", "insecure", "sync", "async", "subtree_check",
                              "no_subtree_check", "wdelay", "no_wdelay", "hide", "nohide", "crossmnt", "no_acl", "acl",
                              "fsid", "mountpoint", "mp", "insecure_locks", "secure_locks", "no_auth_nlm", "auth_nlm",
                              "nordirplus", "rdirplus"))


def ganesha_client(client):
    """Map exports(5) options of one client to a Ganesha CLIENT block's settings."""
    names = dict((o.partition("=")[0], o.partition("=")[2]) for o in client["options"])
    block = {"Clients": client["host"], "Access_Type": "RW" if "rw" in names else "RO"}
    squash = "Root_Squash"
    for option, value in GANESHA_SQUASH:
        if option in names:
            squash = value
            break
    block["Squash"] = squash
    if "anonuid" in names:
        block["Anonymous_Uid"] = names["anonuid"]
    if "anongid" in names:
        block["Anonymous_Gid"] = names["anongid"]
    # Honoured, not dropped: a krb5p export must not be served as sys, an insecure one accepts
    # unprivileged client ports (and a secure one requires privileged ones) whatever the server default.
    if "sec" in names:
        block["SecType"] = ", ".join(names["sec"].split(":"))
    if "insecure" in names:
        block["PrivilegedPort"] = "false"
    elif "secure" in names:
        block["PrivilegedPort"] = "true"
    unknown = sorted(set(names) - GANESHA_HONOURED)
    if unknown:
        raise ExportsError("client %s: NFS-Ganesha cannot honour option(s) %s; use the kernel server "
                           "(nfs_server_implementation: kernel) or leave them out"
                           % (client["host"], ", ".join(unknown)))
    return block
