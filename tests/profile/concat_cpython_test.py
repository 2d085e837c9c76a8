"""profile.concat against CPython 3.10–3.13: whether `s += piece` keeps resizing the same string in place while
cProfile or a Python trace function watches. Measured without timing: a copy makes a new object, so id(s)
changes at every += that copies (the old string is still alive when the new one is allocated), while an
in-place resize keeps it, apart from the few reallocs that move the block."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

N = 4000

# id() is a C call, but neither cProfile nor a trace function's line and call events give the string an extra
# reference through it: only frame.f_locals (3.10) does, and the loop reads no locals but s.
PROBE = '''
import cProfile, json, sys

def build(n, piece="data "):
    s = ""
    moves = 0
    last = id(s)
    for _ in range(n):
        s += piece
        now = id(s)
        if now != last:
            moves += 1
        last = now
    return moves

def tracer(frame, event, arg):
    return tracer

out = {"nothing": build(N)}
profiler = cProfile.Profile()
out["cProfile"] = profiler.runcall(build, N)
sys.settrace(tracer)
out["sys.settrace"] = build(N)
sys.settrace(None)
print(json.dumps(out))
'''.replace("N)", f"{N})")


class ConcatTest(unittest.TestCase):
    def test_the_model_copies_exactly_where_cpython_does(self):
        for version in VERSIONS:
            moves = json.loads(run_python(version, PROBE))
            # Unwatched, += resizes in place: the block moves on a few reallocs only.
            self.assertLess(moves["nothing"], N // 10, (version, moves))
            for watcher in ("cProfile", "sys.settrace"):
                with self.subTest(version=version, watcher=watcher):
                    status, out = run("profile.concat", {"n": 200, "watcher": watcher, "python": version})
                    self.assertEqual(status, 0, out)
                    copies_every_time = moves[watcher] == N
                    if not copies_every_time:
                        self.assertLess(moves[watcher], N // 10, (version, watcher, moves))
                    self.assertEqual(out["inPlaceWhenWatched"], not copies_every_time, (version, watcher, moves))
                    self.assertEqual(out["rows"][-1]["watched"]["copies"], 200 if copies_every_time else 0)

    def test_the_page_names_each_version_that_loses_the_fast_path(self):
        # The finding, stated: under cProfile only 3.11 loses it.
        lost = [v for v in VERSIONS
                if not run("profile.concat", {"n": 10, "watcher": "cProfile", "python": v})[1]["inPlaceWhenWatched"]]
        self.assertEqual(lost, ["3.11"])


if __name__ == "__main__":
    unittest.main()
