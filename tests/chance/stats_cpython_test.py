"""stats.compute and stats.table against every CPython the lab takes (3.10-3.13): each function of the
statistics module on fixed corner cases and fresh random data sets (a new seed each run, printed so a failure
can be replayed with LLPLAY_SEED), repr() for repr(), StatisticsError for StatisticsError."""
import json
import os
import random
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
print(f"LLPLAY_SEED={SEED}", file=sys.stderr)

FNS = ["mean", "fmean", "geometric_mean", "harmonic_mean", "median", "median_low", "median_high",
       "median_grouped", "mode", "multimode", "pstdev", "pvariance", "stdev", "variance", "quantiles"]

REFERENCE = r'''
import json, statistics, sys
out = []
for c in json.load(sys.stdin):
    data = [float(d) for d in c["data"]]
    try:
        f = getattr(statistics, c["fn"])
        r = f(data, n=c["n"], method=c["method"]) if c["fn"] == "quantiles" else f(data)
        out.append({"result": [repr(x) for x in r] if isinstance(r, list) else repr(r)})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
'''


def any_double(rng):
    while True:
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if x == x and abs(x) != float("inf"):
            return x


def random_data(rng):
    kind = rng.randrange(8)
    n = rng.choice([0, 1, 2, 3, 5, 10, 50, 300])
    if kind == 0:
        return [round(rng.gauss(50000, 20000), 2) for _ in range(n)]
    if kind == 1:
        return [1e9 + rng.random() for _ in range(n)]         # large offset, small noise
    if kind == 2:
        return [rng.choice([1.0, 2.0, 2.0, 3.5, -0.0, 0.0]) for _ in range(n)]   # ties, modes, zeros
    if kind == 3:
        return [any_double(rng) for _ in range(n)]            # any magnitude: overflow, subnormals
    if kind == 4:
        return [rng.uniform(0.001, 1000) for _ in range(n)]   # positive: geometric and harmonic means
    if kind == 5:
        return [float(rng.randint(-5, 5)) for _ in range(n)]
    if kind == 6:
        return [rng.expovariate(1e-3) * rng.choice([1, 1e-300, 1e300]) for _ in range(n)]
    return [repr(rng.uniform(-1, 1)) for _ in range(n)]      # as float literals (strings)


def llplay_stat(c, version):
    status, out = run("stats.compute", {"fn": c["fn"], "data": c["data"], "python": version, "n": c["n"],
                                        "method": c["method"]})
    return {"result": out["result"]} if status == 0 else {"error": out["error"]["code"]}


def case(fn, data, n=4, method="exclusive"):
    return {"fn": fn, "data": data, "n": n, "method": method}


SALARIES = [40000, 45000, 45000, 50000, 5000000]


class ComputeTest(unittest.TestCase):
    def check(self, cases):
        for version in VERSIONS:
            expected = json.loads(run_python(version, REFERENCE, stdin=json.dumps(cases)))
            for c, want in zip(cases, expected):
                with self.subTest(python=version, case=json.dumps(c)[:300]):
                    self.assertEqual(llplay_stat(c, version), want)

    def test_fixed_corner_cases(self):
        sets = [[], [2.3], [1, 2], [1, 2, 3], SALARIES, [0.1] * 10, [1e308, 1e308], [-1.7e308, 1.7e308],
                [5e-324, 5e-324, 1e-320], [1e16, 1, -1e16], [0.0, 1.0, 2.0], [-1.0, 2.0], [-0.0, 0.0, 0.0],
                [3.0, 1.0, 2.0, 2.0, 3.0], [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3], ["0.1", "0.2", "0.3"], [1e-310, 4.0],
                [7.0, 7.0]]
        cases = [case(fn, d) for d in sets for fn in FNS]
        cases += [case("quantiles", list(range(1, 11)), n=n, method=m) for n in (0, 1, 2, 4, 10, 13)
                  for m in ("exclusive", "inclusive")]
        cases += [case("quantiles", [4.0], n=5)]
        self.check(cases)

    def test_fresh_random_data(self):
        rng = random.Random(SEED)
        cases = []
        for _ in range(40):
            data = random_data(rng)
            for fn in FNS:
                cases.append(case(fn, data, n=rng.choice([4, 4, 10, 3]), method=rng.choice(["exclusive", "inclusive"])))
        self.check(cases)

    def test_bad_data_is_coded(self):
        for data in [["abc"], [[1]], ["inf"], ["nan"], {"a": 1}]:
            status, out = run("stats.compute", {"fn": "mean", "data": data})
            self.assertEqual((status, out["error"]["code"]), (2, "BadParams"), data)


class TableTest(unittest.TestCase):
    def test_salary_table_is_what_cpython_prints(self):
        code = ("import statistics as s, json; d = [float(x) for x in %r]; "
                "print(json.dumps([repr(s.mean(d)), f'{s.variance(d):,.2f}', f'{s.stdev(d):,.2f}', repr(s.stdev(d))]))"
                % SALARIES)
        for version in VERSIONS:
            mean, variance, stdev, stdev_repr = json.loads(run_python(version, code))
            status, out = run("stats.table", {"python": version})
            self.assertEqual(status, 0, out)
            rows = {row["fn"]: row for row in out["rows"]}
            self.assertEqual(rows["mean"]["result"], mean)
            self.assertEqual(rows["variance"]["money"], variance)
            self.assertEqual(rows["stdev"]["money"], stdev)
            self.assertEqual(rows["stdev"]["result"], stdev_repr)
            # The series printed 4,920,405,000,000.00 and 2,218,198.59: CPython never does.
            self.assertNotEqual(rows["variance"]["money"], "4,920,405,000,000.00")
            self.assertEqual(out["rows"][0]["fn"], "mean")

    def test_errors_per_row(self):
        status, out = run("stats.table", {"data": [3.0]})
        self.assertEqual(status, 0, out)
        rows = {row["fn"]: row for row in out["rows"]}
        self.assertEqual(rows["variance"]["error"]["code"], "StatisticsError")
        self.assertEqual(rows["pvariance"]["result"], "0.0")


if __name__ == "__main__":
    unittest.main()
