# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  docker_host:
    description:
      - The Docker daemon to talk to, on the managed node.
    type: str
    default: unix:///var/run/docker.sock
  api_timeout:
    description:
      - Seconds to wait for one Docker API call.
    type: int
    default: 60
requirements:
  - Docker SDK for Python (C(python3-docker) on Debian/Fedora) on the managed node.
"""
