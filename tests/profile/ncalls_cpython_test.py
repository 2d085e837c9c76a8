"""profile.ncalls against cProfile: each program the page shows (the C++ returns it with the result), run under
cProfile in CPython 3.10–3.13, prints the same ncalls (total/primitive) for every one of its functions as the C++
tracer counts on the C++ kernels."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
sys.path.insert(0, os.path.dirname(__file__))
from cli import run  # noqa: E402
from programs import MAKE_VALUE  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

# Runs each case under cProfile and prints {function: ncalls as pstats prints it} for the program's functions.
HARNESS = '''
import cProfile, json, pstats, sys
sys.setrecursionlimit(100_000)
out = []
for kernel, n, seed in json.loads(sys.stdin.read()):
    arg = make_value(n, seed) if kernel == "walk" else n
    entry = {"fib": fib, "mutual": count_even, "walk": walk}[kernel]
    profiler = cProfile.Profile()
    result = profiler.runcall(entry, arg)
    mine = {"fib", "is_even", "is_odd", "count_even", "walk", "walk_dict", "walk_list"}
    table = {}
    for (filename, line, name), (cc, nc, tt, ct, callers) in pstats.Stats(profiler).stats.items():
        if name in mine and filename == "<string>":
            table[name] = str(nc) if nc == cc else f"{nc}/{cc}"
    out.append({"result": int(result), "table": table})
print(json.dumps(out))
'''

CASES = [("fib", n, 0) for n in (1, 2, 10, 15, 20)] + \
        [("mutual", n, 0) for n in (1, 2, 10, 100, 400)] + \
        [("walk", n, seed) for n, seed in ((1, 1), (2, 5), (10, 1), (1000, 2), (5000, 7))]


class NcallsTest(unittest.TestCase):
    def test_every_version_prints_the_counts_the_page_shows(self):
        mine, programs = [], {}
        for kernel, n, seed in CASES:
            param = {"fib": "fibN", "mutual": "mutualN", "walk": "nodes"}[kernel]
            status, out = run("profile.ncalls", {"kernel": kernel, param: n, "seed": seed})
            self.assertEqual(status, 0, out)
            mine.append({"result": out["result"], "table": {r["function"]: r["ncalls"] for r in out["table"]}})
            programs[kernel] = out["size"]["program"]
        # The programs exactly as the page shows them, one copy each, then the harness that profiles them.
        source = MAKE_VALUE + "".join(f"\n{programs[k]}\n" for k in ("fib", "mutual", "walk")) + HARNESS
        for version in VERSIONS:
            theirs = json.loads(run_python(version, source, stdin=json.dumps(CASES)))
            for case, m, t in zip(CASES, mine, theirs):
                with self.subTest(version=version, case=case):
                    self.assertEqual(m, t)
        self.assertEqual(mine[2]["table"], {"fib": "177/1"})  # the page's example: fib(10)


if __name__ == "__main__":
    unittest.main()
