# -*- coding: utf-8 -*-
"""The VirtualBox Vagrantfile and the Ansible inventory come from ONE node list (hosts.yml).

The Vagrantfile is evaluated by a real Ruby against a stub of Vagrant's configuration API, and the
machines it defines are compared with the inventory's node groups.
"""
import json
import os
import shutil
import subprocess

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TARGET = os.path.join(ROOT, "inventories", "virtualbox")

STUB = r'''
require "json"
class Rec
  attr_reader :data
  def initialize; @data = {}; end
  def method_missing(name, *args, &block)
    key = name.to_s
    if key.end_with?("=")
      @data[key.chomp("=")] = args[0]
    elsif key == "vm"
      @data["vm"] ||= Rec.new
    elsif key == "define"
      child = Rec.new
      block.call(child)
      (@data["machines"] ||= {})[args[0]] = child
    elsif key == "network"
      (@data["networks"] ||= []) << [args[0], args[1]]
    elsif key == "provider"
      child = Rec.new
      block.call(child)
      (@data["providers"] ||= {})[args[0]] = child
    else
      super
    end
  end
  def respond_to_missing?(*) = true
  def to_h
    @data.transform_values do |v|
      case v
      when Rec then v.to_h
      when Hash then v.transform_values { |x| x.is_a?(Rec) ? x.to_h : x }
      else v
      end
    end
  end
end
module Vagrant
  def self.configure(_version)
    config = Rec.new
    yield config
    puts JSON.generate(config.to_h)
  end
end
load ARGV[0]
'''


@pytest.fixture(scope="module")
def machines(tmp_path_factory):
    ruby = shutil.which("ruby")
    if ruby is None:
        pytest.fail("ruby is needed to evaluate the Vagrantfile (make setup installs it on Debian)")
    stub = tmp_path_factory.mktemp("vagrant") / "stub.rb"
    stub.write_text(STUB)
    out = subprocess.check_output([ruby, str(stub), os.path.join(TARGET, "Vagrantfile")], cwd=TARGET)
    return json.loads(out)["vm"]


@pytest.fixture(scope="module")
def inventory():
    with open(os.path.join(TARGET, "hosts.yml")) as handle:
        return yaml.safe_load(handle)["all"]["children"]


def test_one_vm_per_inventory_node(machines, inventory):
    expected = {}
    for group in ("swarm_managers", "swarm_workers", "nfs_server"):
        for name, hostvars in (inventory[group].get("hosts") or {}).items():
            expected[name] = hostvars["ansible_host"]
    vms = machines["machines"]
    assert set(vms) == set(expected)
    for name, address in expected.items():
        vm = vms[name]["vm"]
        assert vm["hostname"] == name
        assert vm["networks"] == [["private_network", {"ip": address}]]
        assert vm["providers"]["virtualbox"]["name"] == "swarmops-" + name


def test_tutorial_cluster_shape(machines, inventory):
    assert len(inventory["swarm_managers"]["hosts"]) == 3 and len(inventory["swarm_workers"]["hosts"]) == 3
    assert all(h["ansible_host"].startswith("192.168.66.") for g in inventory.values() for h in (g.get("hosts") or {}).values())
    assert machines["box"] == "debian/bookworm64"
