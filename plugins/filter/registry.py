# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import re

from ansible.errors import AnsibleFilterError

try:
    import bcrypt
except ImportError:  # reported when the filter is used
    bcrypt = None

_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BCRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def registry_htpasswd(password, username, scope="", rounds=10, salt=None):
    """One htpasswd line (`username:$2b$...`) for the registry's login.

    `salt`: 22 characters of bcrypt's alphabet (./A-Za-z0-9), random and kept by the caller (the
    registry role keeps it in a 0600 file beside the password), so the same login gives the same line
    on every run (the swarm secret holding it does not change) while a guess cannot be checked without
    the bcrypt work. Without it, a salt derived from scope, username and password (deterministic, but
    a guess is then checked at SHA-256 speed first): for callers that cannot keep one."""
    if bcrypt is None:
        raise AnsibleFilterError("registry_htpasswd needs the Python package bcrypt on the controller "
                                 "(pip install bcrypt), or give registry_htpasswd yourself")
    if not username or ":" in str(username) or not password:
        raise AnsibleFilterError("registry login: the user name must be non-empty without ':' and the password "
                                 "non-empty (got user %r)" % (username,))
    if salt:
        if not re.match(r"^[./A-Za-z0-9]{22}$", str(salt)):
            raise AnsibleFilterError("registry login: the salt must be 22 characters of ./A-Za-z0-9 (got %d characters)"
                                     % len(str(salt)))
        # The 22nd character carries 2 bits only: bcrypt wants the low 4 bits of its value at zero.
        salt = salt[:21] + _BCRYPT[_BCRYPT.index(salt[21]) & 0x30]
    else:
        seed = hashlib.sha256(("%s\0%s\0%s" % (scope, username, password)).encode("utf-8")).digest()[:16]
        salt = base64.b64encode(seed).decode("ascii").rstrip("=").translate(str.maketrans(_STANDARD, _BCRYPT))
    hashed = bcrypt.hashpw(str(password).encode("utf-8"), ("$2b$%02d$%s" % (int(rounds), salt)).encode("ascii"))
    return "%s:%s" % (username, hashed.decode("ascii"))


class FilterModule(object):
    """Registry filters."""

    def filters(self):
        return {"registry_htpasswd": registry_htpasswd}
