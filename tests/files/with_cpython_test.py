"""with.order and with.leak against each CPython (3.10 to 3.13): every combination of failure points for one, two
and three managers, as a with statement and as an ExitStack, runs in the interpreter and must print the trace the
playground computes, line for line; the descriptor loop runs under a real RLIMIT_NOFILE and must open as many
files, raise the same OSError and leave as many descriptors open. files.crash's EXDEV message is checked against a
real os.replace between two filesystems (/dev/shm and the temporary folder)."""
import itertools
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import llplay, run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

# Runs each program of stdin (a JSON list) and prints the JSON list of what each printed.
RUN_PROGRAMS = r"""
import contextlib, io, json, sys
out = []
for program in json.load(sys.stdin):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(program, {"__name__": "__main__"})
    out.append(buffer.getvalue().splitlines())
print(json.dumps(out))
"""

BEHAVIOURS = ["ok", "enter", "exit", "suppress"]


def combinations():
    for count in (1, 2, 3):
        for managers in itertools.product(BEHAVIOURS, repeat=count):
            for body in ("raise", "ok"):
                for style in ("with", "exitstack"):
                    params = {"a": managers[0], "b": managers[1] if count > 1 else "none",
                              "c": managers[2] if count > 2 else "none", "body": body, "style": style}
                    yield params


class WithOrderTest(unittest.TestCase):
    def test_every_combination_up_to_three_managers(self):
        cases = list(combinations())
        self.assertEqual(len(cases), (4 + 16 + 64) * 4)
        for version in VERSIONS:
            with self.subTest(python=version):
                mine = []
                for params in cases:
                    status, out = run("with.order", dict(params, python=version))
                    self.assertEqual(status, 0, out)
                    mine.append(out)
                printed = json.loads(run_python(version, RUN_PROGRAMS, stdin=json.dumps([m["program"] for m in mine])))
                for params, m, lines in zip(cases, mine, printed):
                    self.assertEqual(m["trace"], lines, f"python {version}: {params}")

    def test_the_default_shows_suppression_then_a_new_exception(self):
        status, out = run("with.order")
        self.assertEqual(status, 0)
        self.assertIn("B.__exit__(None)", out["trace"])
        self.assertEqual(out["trace"][-1], "propagates: RuntimeError('B: exit failed')")


# Runs one with.leak program in a fresh folder with a file to open, counting the opens; prints
# {opened, error, openAtEnd}.
LEAK_HARNESS = r"""
import builtins, json, os, sys, tempfile
program = sys.stdin.read()
os.chdir(tempfile.mkdtemp())
with builtins.open("data.txt", "w") as f:
    f.write("x")
opened = [0]
def counting_open(*args, **kwargs):
    f = builtins.open(*args, **kwargs)
    opened[0] += 1
    return f
error = None
scope = {"__name__": "__main__", "open": counting_open}
try:
    exec(program, scope)
except OSError as e:
    error = f"OSError: {e}"
import resource
open_now = 0  # counted without opening anything (there may be no descriptor left to open)
for fd in range(resource.getrlimit(resource.RLIMIT_NOFILE)[0]):
    try:
        os.fstat(fd)
        open_now += 1
    except OSError:
        pass
print(json.dumps({"opened": opened[0], "error": error, "openAtEnd": open_now}))
"""


class WithLeakTest(unittest.TestCase):
    def test_descriptors_under_a_real_limit(self):
        for version in VERSIONS:
            for holding in ("with", "rebind", "keep", "cycle", "traceback"):
                for limit, files in ((16, 10), (64, 200), (1024, 2000)):
                    with self.subTest(python=version, holding=holding, limit=limit, files=files):
                        status, out = run("with.leak", {"holding": holding, "limit": limit, "files": files,
                                                        "python": version})
                        self.assertEqual(status, 0, out)
                        got = json.loads(run_python(version, LEAK_HARNESS, stdin=out["program"]))
                        self.assertEqual(got["opened"], out["opened"])
                        self.assertEqual(got["error"], out["error"])
                        self.assertEqual(got["openAtEnd"], out["openAtEnd"])

    def test_with_never_runs_out(self):
        status, out = run("with.leak", {"holding": "with", "files": 1000000, "limit": 16})
        self.assertEqual(status, 0)
        self.assertIsNone(out["error"])
        self.assertEqual(out["peakOpen"], 4)


class CrossDeviceTest(unittest.TestCase):
    def test_os_replace_across_filesystems_fails_with_exdev_and_copies_nothing(self):
        if os.stat("/dev/shm").st_dev == os.stat(tempfile.gettempdir()).st_dev:
            self.fail("/dev/shm and the temporary folder must be two filesystems for this test")
        status, out = run("files.crash", {"tmpOn": "other"})
        self.assertEqual(status, 0)
        self.assertRegex(out["error"], r"^OSError: \[Errno 18\] Invalid cross-device link: '.*' -> 'data\.txt'$")
        code = r"""
import os, tempfile
src = tempfile.mktemp(dir="/dev/shm"); open(src, "w").write("new")
folder = tempfile.mkdtemp(); os.chdir(folder); open("data.txt", "w").write("old")
try:
    os.replace(src, "data.txt")
    print("replaced")
except OSError as e:
    print(f"OSError: {e}".replace(repr(src), "SRC"), open("data.txt").read(), os.path.exists(src))
"""
        for version in VERSIONS:
            with self.subTest(python=version):
                got = run_python(version, code).strip()
                mine = out["error"].replace("'/mnt/scratch/data.txt.tmp'", "SRC")
                self.assertEqual(got, f"{mine} old True")
        # and in the model, data.txt is still the old file at every crash point
        self.assertTrue(all(p["old"] == p["ways"] for p in out["points"]))


if __name__ == "__main__":
    unittest.main()
