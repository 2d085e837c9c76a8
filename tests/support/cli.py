"""Runs the native CLI (LLPLAY_CLI, else build/native/bin/llplay) for the Python tests."""
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = os.environ.get("LLPLAY_CLI", str(ROOT / "build/native/bin/llplay"))


def llplay(*args, stdin=None, timeout=120):
    """Returns (exit status, parsed stdout JSON or None, stderr)."""
    proc = subprocess.run([CLI, *args], input=stdin, capture_output=True, timeout=timeout,
                          stdin=None if stdin is not None else subprocess.DEVNULL)
    try:
        out = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        out = None
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace")


def run(demo, params=None):
    """Runs a demo with params (a dict); returns (status, result or error object)."""
    args = ["run", demo] + (["--params", json.dumps(params)] if params is not None else [])
    status, out, _ = llplay(*args)
    return status, out
