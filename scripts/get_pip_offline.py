"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test creates an empty virtual environment per sanity test and bootstraps pip into it with a
get-pip.py script fetched from a host this project's machines cannot reach. It looks for a cached
copy first (~/.ansible/test/cache/get_pip_<version>.py): `make sanity` puts this file there.
It does the same job with what Python ships: ensurepip installs the bundled pip, which then installs
the exact packages ansible-test asked for (e.g. pip==24.2) from the package index.
"""
import ensurepip
import os
import subprocess
import sys

env = dict(os.environ)  # ensurepip hides the pip configuration (certificates, mirrors): keep it for the install
ensurepip.bootstrap(upgrade=True)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args, env=env))
