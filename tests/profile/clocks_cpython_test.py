"""cProfile measures CPU time when given a CPU clock: cProfile.Profile(time.process_time) charges a sleeping
function (almost) nothing and a computing one its work, in CPython 3.10–3.13. The series says only yappi can."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from pythons import VERSIONS, run_python  # noqa: E402

PROGRAM = '''
import cProfile, json, pstats, time

def waits():
    time.sleep(0.3)

def computes():
    return sum(i * i for i in range(500_000))

def main():
    waits()
    computes()

out = {}
for name, timer in (("wall", time.perf_counter), ("cpu", time.process_time)):
    profiler = cProfile.Profile(timer)
    profiler.runcall(main)
    stats = pstats.Stats(profiler).stats
    out[name] = {f: ct for (file, line, f), (cc, nc, tt, ct, callers) in stats.items() if f in ("waits", "computes")}
print(json.dumps(out))
'''


class CpuClockTest(unittest.TestCase):
    def test_cprofile_takes_a_cpu_clock(self):
        for version in VERSIONS:
            with self.subTest(version=version):
                out = json.loads(run_python(version, PROGRAM))
                self.assertGreaterEqual(out["wall"]["waits"], 0.29, out)       # wall time: the sleep counts
                self.assertLess(out["cpu"]["waits"], 0.05, out)                # CPU time: it does not
                self.assertGreater(out["cpu"]["computes"], out["cpu"]["waits"], out)


if __name__ == "__main__":
    unittest.main()
