"""The CPython interpreters the figures are checked against: pyenv's 3.10.13, 3.11.7, 3.12.1 and 3.13.0.

`run_python(version, code)` runs `code` in that interpreter and returns its stdout. Where an interpreter is
absent, the test that needs it is skipped with a message saying which one to install (unittest.SkipTest).
"""
import functools
import os
import subprocess
import unittest

VERSIONS = {"3.10": "3.10.13", "3.11": "3.11.7", "3.12": "3.12.1", "3.13": "3.13.0"}


@functools.lru_cache(maxsize=None)
def interpreter(version):
    """The path of CPython `version` ("3.10" … "3.13")."""
    full = VERSIONS[version]
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    path = os.path.join(root, "versions", full, "bin", "python3")
    if not os.access(path, os.X_OK):
        try:
            prefix = subprocess.run(["pyenv", "prefix", full], capture_output=True, text=True, check=True)
            path = os.path.join(prefix.stdout.strip(), "bin", "python3")
        except (OSError, subprocess.CalledProcessError) as e:
            raise unittest.SkipTest(f"CPython {full} is not installed (pyenv install {full}): {e}") from e
    return path


def run_python(version, code, stdin=None, timeout=300):
    """Runs `code` with CPython `version`; returns its stdout as text. Raises on a non-zero exit."""
    proc = subprocess.run([interpreter(version), "-I", "-c", code], input=stdin, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"python {version} failed: {proc.stderr[-2000:]}")
    return proc.stdout
