# -*- coding: utf-8 -*-
"""The example CI files of docs/ci.md are valid for their services (check-jsonschema's built-in
schemas of GitHub workflows and GitLab CI), and the check catches a broken one."""
import os
import subprocess
import sys

import pytest

from playbook_run import ROOT

CHECK = os.path.join(os.path.dirname(sys.executable), "check-jsonschema")
EXAMPLES = [("github-actions.yml", "vendor.github-workflows", ("runs-on:", "run-on:")),
            ("gitlab-ci.yml", "vendor.gitlab-ci", ("  script:\n    - pip", "  scripts:\n    - pip"))]


def check(schema, path):
    return subprocess.run([CHECK, "--builtin-schema", schema, path], capture_output=True, text=True)


@pytest.mark.parametrize("name, schema, breakage", EXAMPLES)
def test_example_is_valid_and_a_broken_copy_is_not(name, schema, breakage, tmp_path):
    if not os.path.exists(CHECK):
        pytest.skip("check-jsonschema is in the project venv only (make setup)")
    path = os.path.join(ROOT, "docs", "ci", name)
    proc = check(schema, path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(path) as handle:
        text = handle.read()
    assert breakage[0] in text
    broken = tmp_path / name
    broken.write_text(text.replace(breakage[0], breakage[1], 1))
    assert check(schema, str(broken)).returncode != 0
