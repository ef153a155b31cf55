# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib

from ansible.errors import AnsibleFilterError

try:
    import bcrypt
except ImportError:  # reported when the filter is used
    bcrypt = None

_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BCRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def registry_htpasswd(password, username, scope="", rounds=10):
    """One htpasswd line (`username:$2b$...`) for the registry's login.

    The bcrypt salt is derived from scope, username and password, so the same login gives the same
    line on every run (the swarm secret holding it does not change, the registry is not redeployed)."""
    if bcrypt is None:
        raise AnsibleFilterError("registry_htpasswd needs the Python package bcrypt on the controller "
                                 "(pip install bcrypt), or give registry_htpasswd yourself")
    if not username or ":" in str(username) or not password:
        raise AnsibleFilterError("registry login: the user name must be non-empty without ':' and the password "
                                 "non-empty (got user %r)" % (username,))
    seed = hashlib.sha256(("%s\0%s\0%s" % (scope, username, password)).encode("utf-8")).digest()[:16]
    salt = base64.b64encode(seed).decode("ascii").rstrip("=").translate(str.maketrans(_STANDARD, _BCRYPT))
    hashed = bcrypt.hashpw(str(password).encode("utf-8"), ("$2b$%02d$%s" % (int(rounds), salt)).encode("ascii"))
    return "%s:%s" % (username, hashed.decode("ascii"))


class FilterModule(object):
    """Registry filters."""

    def filters(self):
        return {"registry_htpasswd": registry_htpasswd}
