# -*- coding: utf-8 -*-
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils.checks import registry_address_problem, registry_tls_problem


@pytest.mark.parametrize("address", ["registry.lan:5000", "10.0.0.5:443", "manager-1", "a:1"])
def test_good_addresses(address):
    assert registry_address_problem(address) == ""


@pytest.mark.parametrize("address", ["../../etc", "reg/../x:5000", "reg istry:5000", "reg:5000/x", "reg:0", "reg:99999",
                                     "", "-reg:5000", "reg..lan:5000", "reg:5000\n", None])
def test_bad_addresses_named(address):
    problem = registry_address_problem(address)
    assert "is not a registry address" in problem and "host:port" in problem


def test_port_required_by_the_registry_role():
    assert registry_address_problem("registry.lan", require_port=True)
    assert registry_address_problem("registry.lan:5000", require_port=True) == ""


@pytest.mark.parametrize("cert, key, bad", [("C", "K", False), ("", "", False), (None, "", False), ("C", "", True),
                                            ("", "K", True), ("", "  ", True)])
def test_tls_pair(cert, key, bad):
    problem = registry_tls_problem(cert, key)
    assert bool(problem) is bad
    if bad:
        assert "registry_tls_cert is set without registry_tls_key" in problem


def test_controller_files_must_stay_out_of_inventory_folders(tmp_path):
    from ansible_collections.swarmops.cluster.plugins.module_utils.checks import controller_path_problem
    inventory = tmp_path / "inventories" / "rpi"
    inventory.mkdir(parents=True)
    hosts = inventory / "hosts.yml"
    hosts.write_text("all: {}\n")
    inside = str(inventory / "credentials" / "swarm-unlock-key")
    problem = controller_path_problem(inside, "swarm_unlock_key_file", [str(inventory)])
    assert problem.startswith("swarm_unlock_key_file is %s, inside the inventory folder %s" % (inside, inventory))
    # An inventory given as one file: the other files of its folder are not read as inventory.
    assert controller_path_problem(inside, "swarm_unlock_key_file", [str(hosts)]) == ""
    assert controller_path_problem(str(tmp_path / "elsewhere" / "key"), "swarm_unlock_key_file", [str(inventory)]) == ""
    # A folder whose name only starts like the inventory's is outside it.
    assert controller_path_problem(str(inventory) + "-keys/key", "swarm_unlock_key_file", [str(inventory)]) == ""
    assert controller_path_problem(str(inventory), "swarm_backup_dir", [str(inventory)]) != ""


def test_openpgp_fingerprints_match_gpg():
    import os
    from ansible_collections.swarmops.cluster.plugins.module_utils.checks import openpgp_fingerprints
    path = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "openpgp", "test-key.asc")
    with open(path) as handle:
        armored = handle.read()
    # As `gpg --with-colons --show-keys test-key.asc` prints them (a primary key and one subkey).
    assert openpgp_fingerprints(armored) == ["02E3F59429F2EFFC15B80A55F77F19240B7DF5A5",
                                             "FA3FBDE315EA89E980A76D252A58DFC51687A345"]
    assert openpgp_fingerprints("<html>not a key</html>") == []
    assert openpgp_fingerprints(armored.replace("PUBLIC KEY BLOCK", "MESSAGE")) == []
