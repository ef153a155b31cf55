# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.plugin_utils.filters import input_errors_as_filter_errors
from ansible_collections.swarmops.cluster.plugins.module_utils.os_update import OsUpdateError, pending


class FilterModule(object):
    """Filters of the os_update role (logic in module_utils/os_update.py)."""

    def filters(self):
        return {"os_update_pending": input_errors_as_filter_errors(pending, OsUpdateError)}
