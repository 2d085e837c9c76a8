"""The hostile-input campaign (issue 21): every id `llplay list` shows, every parameter, a fixed catalogue of
hostile values, each run as its own CLI process under a memory cap and a time limit. Every answer must be
a result (exit 0) or a coded error (exit 2 or 3) as JSON on stdout, within the caps. A run still busy at
the time limit gets Ctrl-C (SIGINT) and must then stop as Cancelled (exit 130) within a few seconds:
a demo may be slow at its largest params, but never deaf to cancel.

The ids come from the CLI, so a new lab is covered without editing this file. Environment:
  LLPLAY_CLI              the CLI (build/native/bin/llplay)
  LLPLAY_HOSTILE_SECONDS  the time limit of one call before Ctrl-C (default 4)
  LLPLAY_HOSTILE_JOBS     calls at once (default: the number of cores)
"""
import json
import math
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import CLI  # noqa: E402

SECONDS = float(os.environ.get("LLPLAY_HOSTILE_SECONDS", "4"))
GRACE = 5.0  # after Ctrl-C
JOBS = int(os.environ.get("LLPLAY_HOSTILE_JOBS", str(os.cpu_count() or 2)))
MEMORY_CAP = 3 << 30  # address space of one call (and of the processes it starts)
# Every code a demo may answer with, and its exit status: read from core/error.hpp, the one list.
EXIT = {name: int(status) for name, status in re.findall(
    r"X\((\w+), (\d+)\)", open(os.path.join(os.path.dirname(__file__), "..", "..", "core", "error.hpp")).read())
    if name != "Internal"}
DEEP = 10**6


def sanitized(path):
    """True for a build with AddressSanitizer: its shadow memory needs terabytes of address space."""
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


CAPPED = not sanitized(CLI)


def cap_memory():
    if CAPPED:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def deep_list(depth):
    return "[" * depth + "]" * depth


def deep_object(depth):
    return '{"a":' * depth + "1" + "}" * depth


# The catalogue: (label, JSON text of the value). Raw text, so that NaN, 1e309 and 10**400 reach the parser
# exactly as written.
CATALOGUE = [
    ("null", "null"), ("true", "true"), ("false", "false"),
    ("zero", "0"), ("minus zero", "-0"), ("minus zero float", "-0.0"), ("minus one", "-1"),
    ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"),
    ('"NaN"', '"NaN"'), ('"inf"', '"inf"'), ('"-Infinity"', '"-Infinity"'),
    ("1e309", "1e309"), ('"1e309"', '"1e309"'), ("-1e309", "-1e309"), ("5e-324", "5e-324"),
    ("2**64", str(2**64)), ('"2**64"', '"%d"' % 2**64), ("-2**63-1", str(-2**63 - 1)),
    ("10**400", str(10**400)), ('"10**400"', '"%d"' % 10**400), ("1.5", "1.5"), ('"1_0"', '"1_0"'),
    ("empty string", '""'), ("spaces", '"   "'), ("NUL", '"\\u0000"'), ("NUL inside", '"1\\u00002"'),
    ("lone surrogate", '"\\ud800"'), ("1 MB string", json.dumps("9" * (1 << 20))),
    ("1 MB of brackets", json.dumps("[" * (1 << 20))),
    ("empty list", "[]"), ("list of null", "[null]"), ("list of numbers", "[1, 2.5, -0]"),
    ("list of 10**5", "[" + ",".join(['"1"'] * 100000) + "]"), ("empty object", "{}"),
    ("object", '{"a": [1]}'), ("deep list", deep_list(DEEP)), ("deep object", deep_object(DEEP)),
    ("deep list as text", json.dumps(deep_list(DEEP))),
]

# Whole params that are not an object of values (stdin text).
WHOLE = [
    ("not JSON", "{"), ("trailing junk", "{} x"), ("a list", "[]"), ("a number", "42"), ("a string", '"x"'),
    ("NaN literal", "NaN"), ("deep list", deep_list(DEEP)), ("deep object", deep_object(DEEP)),
    ("unknown param", '{"noSuchParam": 1}'), ("invalid UTF-8", b'{"x": "\xff\xfe"}'),
    ("NUL byte", b'{"\x00": 1}'), ("BOM", b"\xef\xbb\xbf{}"),
]


def limit_values(spec):
    """Each declared limit and one past it, for the parameter's type."""
    kind, lo, hi = spec["type"], spec.get("min"), spec.get("max")
    out = []
    if kind == "integer":
        out = [("min", lo), ("max", hi), ("min - 1", lo - 1), ("max + 1", hi + 1)]
        out = [(label, json.dumps(int(v))) for label, v in out]
    elif kind == "number":
        step = lambda v: max(abs(v) * 1e-9, 1e-300)  # noqa: E731
        out = [("min", lo), ("max", hi), ("below min", lo - step(lo)), ("past max", hi + step(hi))]
        out = [(label, json.dumps(v)) for label, v in out]
    elif kind in ("string", "value") and hi <= (4 << 20):
        n = int(hi)
        out = [("max bytes", json.dumps("1" * n)), ("max + 1 bytes", json.dumps("1" * (n + 1)))]
        if lo > 0:
            out.append(("below min bytes", json.dumps("1" * (int(lo) - 1))))
    elif kind == "string_list":
        n = int(hi)
        default = spec["default"] or ["1"]
        item = default[0] if default else "1"
        out = [("max items", json.dumps([item] * n)), ("max + 1 items", json.dumps([item] * (n + 1)))]
    elif kind == "choice":
        out = [("not a choice", json.dumps(spec["choices"][0] + "x")), ("choice list", json.dumps(spec["choices"]))]
    return out


def cases(demos):
    """Every (id, label, stdin, extra args) of the campaign. The stdin is made when the call runs: a
    (name, value text) pair, or whole params; built up front, the big values would take gigabytes."""
    out = []
    for demo in demos:
        ident = demo["id"]
        for label, text in WHOLE:
            out.append((ident, "params: " + label, text, []))
        for spec in demo["params"]:
            name = spec["name"]
            for label, text in CATALOGUE + limit_values(spec):
                out.append((ident, f"{name} = {label}", (name, text), []))
            if spec["type"] == "string":
                for label, raw in [("invalid UTF-8 file", b"\xff\xfe\xc3"), ("NUL file", b"1\x002"),
                                   ("empty file", b""), ("half a character", "é".encode()[:1])]:
                    out.append((ident, f"{name} = {label}", b"", [f"--{name}-file", raw]))
                out.append((ident, f"{name} = a folder", b"", [f"--{name}-file", "/"]))
    return out


def call(case):
    """Runs one case; returns None when the answer keeps the contract, else what went wrong."""
    ident, label, stdin, extra = case
    args, temps = [CLI, "run", ident], []
    for item in extra:
        if isinstance(item, bytes):
            f = tempfile.NamedTemporaryFile("wb", delete=False)
            f.write(item)
            f.close()
            temps.append(f.name)
            item = f.name
        args.append(item)
    if isinstance(stdin, tuple):
        stdin = '{"%s": %s}' % stdin
    stdin_file = tempfile.TemporaryFile()
    stdin_file.write(stdin if isinstance(stdin, bytes) else stdin.encode())
    stdin_file.seek(0)
    start = time.monotonic()
    proc = subprocess.Popen(args, stdin=stdin_file, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=cap_memory)
    interrupted = False
    try:
        out, err = proc.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        interrupted = True
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return f"{ident} [{label}]: still running {GRACE} s after Ctrl-C (no cancel check)"
    finally:
        stdin_file.close()
        for name in temps:
            os.unlink(name)
    elapsed = time.monotonic() - start
    status = proc.returncode
    where = f"{ident} [{label}] (exit {status}, {elapsed:.1f} s)"
    if status < 0:
        return f"{where}: killed by signal {-status}; stderr: {err[-400:]!r}"
    try:
        answer = json.loads(out)
    except ValueError:
        return f"{where}: stdout is not JSON: {out[:200]!r}; stderr: {err[-400:]!r}"
    if not isinstance(answer, dict):
        return f"{where}: the answer is not an object"
    if status == 0:
        return None
    error = answer.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("message"), str) or not error["message"]:
        return f"{where}: no error object: {out[:200]!r}"
    code = error.get("code")
    if code not in EXIT or EXIT[code] != status:
        return f"{where}: code {code!r} with exit {status}: {error['message'][:200]}"
    if status == 130 and not interrupted:
        return f"{where}: Cancelled without a Ctrl-C"
    return None


class CampaignTest(unittest.TestCase):
    def test_every_id_every_param_every_hostile_value(self):
        listed = subprocess.run([CLI, "list"], capture_output=True, check=True)
        demos = json.loads(listed.stdout)
        self.assertGreater(len(demos), 10)
        all_cases = cases(demos)
        if not CAPPED:  # a sanitizer build is several times slower: every fourth case, the same ones each run
            all_cases = all_cases[::4]
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=JOBS) as pool:
            problems = [p for p in pool.map(call, all_cases) if p is not None]
        print(f"hostile campaign: {len(all_cases)} calls on {len(demos)} ids in "
              f"{time.monotonic() - start:.0f} s, {len(problems)} problem(s)"
              f"{'' if CAPPED else ' (sanitizer build: no address-space cap)'}", file=sys.stderr)
        self.assertEqual(problems, [], "\n".join(problems[:40]))


class RegressionTest(unittest.TestCase):
    """Each fix of issue 21 outside the campaign's catalogue, pinned."""

    def run_cli(self, *args, stdin=b"", **kw):
        proc = subprocess.run([CLI, "run", *args], input=stdin, capture_output=True, timeout=60,
                              preexec_fn=cap_memory, **kw)
        return proc.returncode, json.loads(proc.stdout)

    def test_deep_params_are_refused_not_a_crash(self):
        for text in (deep_list(100000), deep_object(100000), '{"values": %s}' % deep_list(100000)):
            status, out = self.run_cli("float.repr", stdin=text.encode())
            self.assertEqual(status, 2, out)
            self.assertIn("nested more than 64 deep", out["error"]["message"])

    def test_ctrl_c_while_params_are_parsed_is_an_answer_not_a_kill(self):
        # The campaign's finding: SIGINT before the handler was installed (while 10**6-deep params were read
        # and parsed) killed the CLI by the signal.
        with tempfile.TemporaryFile() as stdin:
            stdin.write(deep_list(5_000_000).encode())
            stdin.seek(0)
            proc = subprocess.Popen([CLI, "run", "float.repr"], stdin=stdin, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, preexec_fn=cap_memory)
            time.sleep(0.3)
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=120)
        self.assertIn(proc.returncode, (2, 130), "not killed by the signal")
        self.assertIn(json.loads(out)["error"]["code"], ("BadParams", "Cancelled"))

    def test_malformed_json_is_named_as_such(self):
        status, out = self.run_cli("float.repr", stdin=b'{"values": [1,}')
        self.assertEqual(status, 2)
        self.assertIn("not valid JSON", out["error"]["message"])
        status, out = self.run_cli("float.repr", stdin=b"[1]")
        self.assertIn("must be a JSON object", out["error"]["message"])

    def test_doc_file_naming_a_folder_is_bad_params(self):
        status, out = self.run_cli("json.validate", "--doc-file", "/")
        self.assertEqual((status, out["error"]["code"]), (2, "BadParams"), out)
        self.assertIn("is a folder", out["error"]["message"])

    def test_doc_file_dev_zero_stops_at_the_declared_size(self):
        status, out = self.run_cli("json.validate", "--doc-file", "/dev/zero")
        self.assertEqual((status, out["error"]["code"]), (2, "BadParams"), out)
        self.assertIn("at most", out["error"]["message"])

    def test_unlimited_stack_still_stops_guarded_recursions(self):
        def unlimited():
            resource.setrlimit(resource.RLIMIT_STACK, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            cap_memory()

        if resource.getrlimit(resource.RLIMIT_STACK)[1] != resource.RLIM_INFINITY:
            self.skipTest("the hard stack limit is not unlimited here")
        probe = subprocess.run([CLI, "run", "recursion.probe"], capture_output=True, timeout=60,
                               preexec_fn=unlimited)
        self.assertEqual(probe.returncode, 0, probe.stderr[-400:])
        self.assertLessEqual(json.loads(probe.stdout)["stackBytes"], 8 << 20)
        doc = deep_list(5000000)
        proc = subprocess.run([CLI, "run", "json.extract", "--params", '{"engine": "recursive", "maxDepth": 10000000}',
                               "--doc-file", "/dev/stdin"], input=doc.encode(), capture_output=True, timeout=120,
                              preexec_fn=unlimited)
        self.assertIn(proc.returncode, (0, 2, 3), proc.stderr[-400:])
        self.assertGreaterEqual(proc.returncode, 0, "killed by a signal")


if __name__ == "__main__":
    unittest.main()
