# -*- coding: utf-8 -*-
import bcrypt
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.swarmops.cluster.plugins.filter.registry import registry_htpasswd


def test_line_verifies_and_is_stable():
    line = registry_htpasswd("s3cret", "swarmops", "reg.lan:5000")
    user, hashed = line.split(":", 1)
    assert user == "swarmops" and hashed.startswith("$2b$10$")
    assert bcrypt.checkpw(b"s3cret", hashed.encode())
    assert not bcrypt.checkpw(b"wrong", hashed.encode())
    assert registry_htpasswd("s3cret", "swarmops", "reg.lan:5000") == line


def test_scope_and_password_change_the_line():
    line = registry_htpasswd("s3cret", "swarmops", "reg.lan:5000")
    assert registry_htpasswd("s3cret", "swarmops", "other:5000") != line
    assert registry_htpasswd("other", "swarmops", "reg.lan:5000") != line


@pytest.mark.parametrize("password, user", [("", "u"), ("p", ""), ("p", "a:b")])
def test_bad_login_refused(password, user):
    with pytest.raises(AnsibleFilterError):
        registry_htpasswd(password, user)


def test_a_kept_random_salt_is_used_and_validated():
    salt = "AbCdEfGhIjKlMnOpQrStUv"
    line = registry_htpasswd("s3cret", "swarmops", "reg.lan:5000", salt=salt)
    hashed = line.split(":", 1)[1]
    assert hashed.startswith("$2b$10$" + salt[:21]) and bcrypt.checkpw(b"s3cret", hashed.encode())
    assert registry_htpasswd("s3cret", "swarmops", "reg.lan:5000", salt=salt) == line
    # Not the salt derived from the login (which a guess could be checked against at SHA-256 speed).
    assert line != registry_htpasswd("s3cret", "swarmops", "reg.lan:5000")
    with pytest.raises(AnsibleFilterError, match="22 characters"):
        registry_htpasswd("s3cret", "swarmops", salt="short")
