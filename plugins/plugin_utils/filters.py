# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side helpers shared by the filter plugins."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def input_errors_as_filter_errors(func, *error_types):
    """`func` as a filter: the module_utils' input errors (whose messages name the bad value) become
    AnsibleFilterError, so the play fails with that message instead of a traceback."""
    def run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except error_types as exc:
            raise AnsibleFilterError(str(exc))
    run.__name__ = getattr(func, "__name__", "filter")
    run.__doc__ = getattr(func, "__doc__", None)
    return run
