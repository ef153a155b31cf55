#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: problems
short_description: Report the findings of checks - warnings as Ansible warnings, errors as one failure
version_added: 0.1.0
description:
  - Shows each warning as an Ansible C([WARNING]) line (not a debug message that scrolls away) and
    fails the task with every error joined in one message.
  - Runs on the controller only (an action plugin). It makes no connection to the host, so a check
    costs no remote call. The roles compute their checks with filters and report them through it;
    the preflight reports every refusal before any task changes anything.
author:
  - swarmops.cluster maintainers (@swarmops)
options:
  errors:
    description:
      - Error messages. When there is at least one, the task fails with all of them, separated by C( | ).
      - Empty strings and null items are ignored.
    type: list
    elements: str
    default: []
  warnings:
    description:
      - Warning messages, each shown as an Ansible warning. They never fail the task.
    type: list
    elements: str
    default: []
  context:
    description:
      - A short prefix for every message (for example the host or the setting checked).
    type: str
attributes:
  check_mode:
    support: full
    description: Changes nothing in any mode.
  diff_mode:
    support: none
    description: Nothing to diff.
notes:
  - Unknown options are refused with the list of allowed ones.
"""

EXAMPLES = r"""
- name: Check the inventory's groups before anything changes
  swarmops.cluster.problems:
    errors: "{{ topology.errors }}"
    warnings: "{{ topology.warnings }}"
  vars:
    topology: "{{ groups['swarm_managers'] | swarmops.cluster.swarm_topology(groups['swarm_workers']) }}"
  run_once: true
"""

RETURN = r"""
errors:
  description: The errors reported (the task failed when not empty).
  returned: always
  type: list
  elements: str
warnings_shown:
  description: The warnings shown.
  returned: always
  type: list
  elements: str
  sample: ["2 managers is an even number: ..."]
"""
