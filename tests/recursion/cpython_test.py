"""What recursion.run says each CPython version does with a limit raised past the C stack, checked by doing it:
a pure-Python recursion 10**6 deep under sys.setrecursionlimit(10**6 + 100) in that interpreter."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402
from pythons import VERSIONS, interpreter  # noqa: E402

DIVE = """
import sys
sys.setrecursionlimit(10**6 + 100)
def dive(n, depth):
    if depth == n:
        return depth
    return dive(n, depth + 1)
print(dive(10**6, 1))
"""


LOADS = """
import json
try:
    json.loads(%r)
    print("parsed")
except RecursionError:
    print("RecursionError")
"""


class LoadsDepthTest(unittest.TestCase):
    """recursion.trace says whether CPython's json.loads, called at a script's module level, parses its payload
    before extract_emails sees it: checked at the series' 1,001 levels and one each side of the depth it names,
    in each interpreter."""

    def test_json_loads_parses_exactly_as_deep_as_the_page_says(self):
        for version in VERSIONS:
            status, out = run("recursion.trace", {"payload": "[]", "python": version})
            self.assertEqual(status, 0, out)
            largest = out["loads"]["largestDepth"]
            for depth in (1001, largest, largest + 1):
                for payload in ("[" * depth + "]" * depth,
                                '{"a":' * depth + "1" + "}" * depth):
                    with self.subTest(python=version, depth=depth, kind=payload[0]):
                        status, out = run("recursion.trace", {"payload": payload, "maxSteps": 1, "python": version})
                        self.assertEqual(status, 0, out)
                        self.assertEqual((out["loads"]["python"], out["loads"]["depth"]), (version, depth))
                        proc = subprocess.run([interpreter(version), "-I", "-c", LOADS % payload],
                                              capture_output=True, text=True, timeout=120)
                        self.assertEqual(proc.stdout.strip(), "parsed" if out["loads"]["parses"] else "RecursionError")


class DeepRecursionTest(unittest.TestCase):
    def test_each_version_crashes_exactly_when_the_page_says(self):
        for version in VERSIONS:
            status, out = run("recursion.run", {"depth": 100, "limit": 1000, "python": version})
            self.assertEqual(status, 0, out)
            self.assertEqual(out["python"], version)
            proc = subprocess.run([interpreter(version), "-I", "-c", DIVE], capture_output=True, text=True,
                                  timeout=300)
            crashed = proc.returncode != 0
            self.assertEqual(crashed, out["pythonCallsUseCStack"],
                             f"{version}: exit {proc.returncode}, {proc.stdout[-50:]!r} {proc.stderr[-200:]!r}")
            if not crashed:
                self.assertEqual(proc.stdout.strip(), "1000000")

    def test_the_guard_names_the_version_in_its_message(self):
        for version, words in [("3.10", "segmentation fault"), ("3.13", "would not crash")]:
            status, out = run("recursion.run", {"depth": 10**7, "limit": 10**7, "python": version})
            self.assertEqual((status, out["error"]["code"]), (3, "StackExhausted"), out)
            self.assertIn(f"CPython {version}", out["error"]["message"])
            self.assertIn(words, out["error"]["message"])


if __name__ == "__main__":
    unittest.main()
