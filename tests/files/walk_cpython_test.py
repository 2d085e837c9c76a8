"""files.walk and files.stream against each CPython (3.10 to 3.13), counted by the kernel itself.

files.walk: the playground names a small tree (its `layout`) and the Python of each walker (`program`); the test
builds that tree in a temporary folder, runs the program in the interpreter under `strace -f`, and counts every
system call between two markers (access("/llplay-walk-begin") and access("/llplay-walk-end")): openat, fstat,
getdents64, close, stat (newfstatat following links), lstat (newfstatat with AT_SYMLINK_NOFOLLOW). Every count
must equal the playground's, and nothing else may be called (memory calls aside).

files.stream: the same for read(2), lseek and fstat while the program reads a real file, and tracemalloc's peak
against the model's peak buffer bytes (the model leaves out object headers: it must be within 4 KiB).
strace comes from scripts/setup."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402
from pythons import VERSIONS, interpreter  # noqa: E402

# Builds the layout (stdin: {layout, programs, top, warm}), runs each program's walk_tree once on a small warm-up
# tree (lazy imports, caches), then each between the markers on the real one; prints [[count, total], ...].
WALK_HARNESS = r"""
import json, os, sys
job = json.load(sys.stdin)
for top, layout in ((job["warm"], [["d0000000", "d"], ["f0000000", "f"]]), (job["top"], job["layout"])):
    os.makedirs(top)
    for path, kind in layout:
        full = os.path.join(top, path)
        if kind == "d":
            os.mkdir(full)
        elif kind == "f":
            open(full, "wb").close()
        else:
            os.symlink(kind[2:], full)
walks = []
for program in job["programs"]:
    scope = {"__name__": "walk"}
    exec(program, scope)
    scope["walk_tree"](job["warm"])
    walks.append(scope["walk_tree"])
results = []
for walk_tree in walks:
    os.access("/llplay-walk-begin", os.F_OK)
    results.append(walk_tree(job["top"]))
    os.access("/llplay-walk-end", os.F_OK)
print(json.dumps(results))
"""

STREAM_HARNESS = r"""
import json, os, sys, tracemalloc
job = json.load(sys.stdin)
with open(job["path"], "wb") as f:
    f.truncate(job["size"])
scope = {"__name__": "stream"}
code = compile(job["program"].replace("'big.bin'", repr(job["path"])), "program", "exec")
if job["trace"]:
    os.access("/llplay-walk-begin", os.F_OK)
    exec(code, scope)
    os.access("/llplay-walk-end", os.F_OK)
    print(json.dumps(None))
else:
    tracemalloc.start()
    exec(code, scope)
    print(json.dumps(tracemalloc.get_traced_memory()[1]))
"""

MEMORY_CALLS = {"mmap", "munmap", "brk", "mremap", "madvise", "mprotect"}


def classify(line):
    """The model's name of one strace line, or the syscall's own name."""
    name = line.split("(", 1)[0]
    if name == "newfstatat" or name == "statx":
        if '""' in line and "AT_EMPTY_PATH" in line:
            return "fstat"
        return "lstat" if "AT_SYMLINK_NOFOLLOW" in line else "stat"
    if name == "getdents64":
        return "getdents"
    return name


def traced(version, harness, job):
    """Runs `harness` in CPython `version` under strace; returns (stdout, [{call: count}, ...]), one count
    for each stretch between the markers."""
    if shutil.which("strace") is None:
        raise AssertionError("strace is missing: scripts/setup installs it")
    with tempfile.TemporaryDirectory() as folder:
        log = os.path.join(folder, "strace.log")
        proc = subprocess.run(["strace", "-f", "-qq", "-o", log, interpreter(version), "-I", "-c", harness],
                              input=json.dumps(job), capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"python {version} failed: {proc.stderr[-2000:]}")
        segments, inside = [], False
        with open(log) as f:
            for raw in f:
                line = re.sub(r"^\d+\s+", "", raw.strip())
                if "/llplay-walk-begin" in line:
                    inside = True
                    segments.append({})
                elif "/llplay-walk-end" in line:
                    inside = False
                elif inside and not line.startswith(("+++", "---")):
                    call = classify(line)
                    if call not in MEMORY_CALLS:
                        segments[-1][call] = segments[-1].get(call, 0) + 1
        return proc.stdout, segments


SHAPES = [
    {"depth": 2, "fanout": 3, "files": 4, "links": 0, "seed": 7},
    {"depth": 2, "fanout": 3, "files": 4, "links": 3, "seed": 7},
    {"depth": 2, "fanout": 3, "files": 4, "links": 3, "seed": 7, "sizes": True},
    {"depth": 3, "fanout": 2, "files": 0, "links": 1, "seed": 2},
    {"depth": 0, "fanout": 0, "files": 1500, "links": 2, "seed": 5},  # one directory, several getdents64 calls
]


class WalkCountsTest(unittest.TestCase):
    def test_every_walker_against_strace(self):
        for version in VERSIONS:
            for shape in SHAPES:
                status, out = run("files.walk", dict(shape, python=version))
                self.assertEqual(status, 0, out)
                self.assertIsNotNone(out["layout"], shape)
                if shape["files"] == 1500:
                    self.assertGreater(out["largestDir"], 2 * 1022 + 2, "the shape must need 3+ getdents64 reads")
                with tempfile.TemporaryDirectory() as folder:
                    job = {"layout": out["layout"], "programs": [w["program"] for w in out["walkers"]],
                           "top": os.path.join(folder, "top"), "warm": os.path.join(folder, "warm")}
                    printed, segments = traced(version, WALK_HARNESS, job)
                self.assertEqual(len(segments), len(out["walkers"]))
                for walker, (count, _), counts in zip(out["walkers"], json.loads(printed), segments):
                    with self.subTest(python=version, shape=shape, walker=walker["name"]):
                        self.assertEqual(count, walker["yielded"])
                        self.assertEqual(count, out["entries"])
                        expected = {k: walker[k] for k in ("openat", "fstat", "getdents", "close", "stat", "lstat")}
                        self.assertEqual(counts, {k: v for k, v in expected.items() if v})

    def test_rglob_differs_between_versions_and_scandir_never_stats(self):
        shape = {"depth": 2, "fanout": 3, "files": 4, "links": 3, "seed": 7}
        got = {v: {w["name"]: w for w in run("files.walk", dict(shape, python=v))[1]["walkers"]} for v in VERSIONS}
        links = run("files.walk", shape)[1]["links"]
        self.assertEqual(got["3.10"]["Path.rglob"]["stat"], 1 + links)  # is_dir() followed every link
        self.assertEqual(got["3.12"]["Path.rglob"]["stat"], 1)  # the top's is_dir()
        self.assertEqual(got["3.13"]["Path.rglob"]["stat"], 0)
        for v in VERSIONS:
            self.assertEqual(got[v]["os.scandir"]["stat"] + got[v]["os.scandir"]["lstat"], 0)
            self.assertEqual(got[v]["Path.rglob"]["openat"], 2 * got[v]["os.walk"]["openat"])

    def test_a_million_entries_and_one_more(self):
        status, out = run("files.walk", {"depth": 5, "fanout": 10, "files": 7, "seed": 1})
        self.assertEqual(status, 0, out)
        self.assertLessEqual(out["entries"], 1000000)
        self.assertIsNone(out["layout"])
        status, out = run("files.walk", {"depth": 6, "fanout": 10, "files": 0})
        self.assertNotEqual(status, 0)
        self.assertEqual(out["error"]["code"], "LimitExceeded")


class StreamTest(unittest.TestCase):
    def test_reads_and_peak_against_strace_and_tracemalloc(self):
        cases = [(0, 8192), (1000, 65536), (3 * 65536, 65536), (3 * 65536 + 100, 65536), (1000000, 8192),
                 (5000000, 1048576)]
        for version in VERSIONS:
            for size, chunk in cases:
                status, out = run("files.stream", {"size": size, "chunk": chunk, "python": version})
                self.assertEqual(status, 0, out)
                for way in out["ways"]:
                    with self.subTest(python=version, size=size, chunk=chunk, way=way["name"]):
                        with tempfile.TemporaryDirectory() as folder:
                            job = {"path": os.path.join(folder, "big.bin"), "size": size, "program": way["program"]}
                            _, (counts,) = traced(version, STREAM_HARNESS, dict(job, trace=True))
                            expected = {k: way[k] for k in ("openat", "fstat", "ioctl", "lseek", "close")}
                            expected["read"] = way["reads"]
                            self.assertEqual(counts, {k: v for k, v in expected.items() if v})
                            proc = subprocess.run([interpreter(version), "-I", "-c", STREAM_HARNESS],
                                                  input=json.dumps(dict(job, trace=False)), capture_output=True,
                                                  text=True, timeout=300, check=True)
                            peak = json.loads(proc.stdout)
                        self.assertGreaterEqual(peak, way["peakBytes"])
                        self.assertLess(peak - way["peakBytes"], 4096)

    def test_bad_chunks_are_coded_errors(self):
        status, out = run("files.stream", {"chunk": 10000})
        self.assertNotEqual(status, 0)
        self.assertEqual(out["error"]["code"], "BadParams")
        self.assertIn("multiple of 8,192", out["error"]["message"])


if __name__ == "__main__":
    unittest.main()
