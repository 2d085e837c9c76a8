"""float.* results against the CPython running this test, on fixed corner cases and on fresh random
doubles (a new seed each run, printed so a failure can be replayed with LLPLAY_SEED)."""
import decimal
import json
import math
import os
import random
import statistics
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
print(f"LLPLAY_SEED={SEED}", file=sys.stderr)


def py_float(text):
    t = text.strip().lstrip("+-").lower()
    return float.fromhex(text) if t.startswith("0x") else float(text)


def random_literals(rng, count):
    """Doubles of every kind, written the ways people and programs write them."""
    out = []
    for _ in range(count):
        kind = rng.randrange(7)
        bits = rng.getrandbits(64)
        x = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if kind == 0 and x == x and abs(x) != float("inf"):
            out.append(repr(x))                                # any double, by its repr
        elif kind == 1 and x == x and abs(x) != float("inf"):
            out.append(x.hex())                                # the same, in hex
        elif kind == 2:
            out.append(f"{rng.uniform(-1e6, 1e6):.{rng.randrange(1, 25)}g}")  # typed-looking decimals
        elif kind == 3:
            out.append(f"{rng.randrange(1, 10**rng.randrange(1, 20))}e{rng.randrange(-330, 310)}")
        elif kind == 4:
            out.append(repr(rng.randrange(1, 2**53) * 2.0 ** rng.randrange(-1074, -1000)))  # subnormals
        elif kind == 5:
            out.append(repr(10.0 ** rng.randrange(-8, 20) * rng.choice([1, -1, 1.5, 9.999999999999998])))
        else:
            out.append(f"{rng.randrange(10**9)}.{rng.randrange(10**6):06d}")
    # A finite literal beyond the largest double is refused on purpose (see float_text_test).
    return [v for v in out if abs(py_float(v)) != float("inf")]


class ReprTest(unittest.TestCase):
    def check(self, values):
        status, out = run("float.repr", {"values": values})
        self.assertEqual(status, 0, out)
        for value, got in zip(values, out["repr"]):
            self.assertEqual(got, repr(py_float(value)), f"repr(float({value!r}))")

    def test_corners(self):
        self.check(["0.1", "1e16", "1e15", "9999999999999998.0", "1e-4", "1e-5", "0.0001", "-0.0", "0",
                    "inf", "-inf", "nan", "Infinity", "5e-324", "2.2250738585072014e-308",
                    "2.225073858507201e-308", "1.7976931348623157e308", "0x1.999999999999ap-4",
                    "0x1p-1074", "0x1.fffffffffffffp1023", "1_000.5", "  42\n", "123456789012345678",
                    "0.30000000000000004", "1e22", "1e23", "9007199254740993", "2.5e-7", "1e-7"])

    def test_fresh_random_doubles(self):
        self.check(random_literals(random.Random(SEED), 5000))


class ExactTest(unittest.TestCase):
    def test_exact_values_of_fresh_random_doubles(self):
        values = ["0.1", "-0.0", "inf", "-inf", "nan", "5e-324", "1e22", "1.7976931348623157e308"]
        values += random_literals(random.Random(SEED + 1), 3000)
        status, out = run("float.exact", {"values": values})
        self.assertEqual(status, 0, out)
        for value, got in zip(values, out["exact"]):
            self.assertEqual(got, str(decimal.Decimal(py_float(value))), f"str(Decimal(float({value!r})))")


class FsumTest(unittest.TestCase):
    def check(self, values):
        floats = [py_float(v) for v in values]
        try:
            expected = (0, {"fsum": repr(math.fsum(floats))})
        except (ValueError, OverflowError) as e:
            expected = (2, type(e).__name__)
        naive = 0.0
        for x in floats:
            naive += x
        status, out = run("float.fsum", {"values": values})
        got = (status, {"fsum": out["fsum"]}) if status == 0 else (status, out["error"]["code"])
        self.assertEqual(got, expected, f"math.fsum({values!r})")
        if status == 0:
            self.assertEqual(out["naive"], repr(naive))

    def test_catastrophic_cancellation_and_specials(self):
        self.check(["1e100", "1.0", "-1e100", "1e-100", "1e50", "-1.0", "-1e50"])  # fsum 1e-100, naive 0
        self.check(["1e-16", "1", "1e16"])            # the half-even fix-up across partials
        self.check(["1", "1e100", "1", "-1e100"])     # 2.0 where the loop says 0.0
        self.check(["0.1"] * 10)
        self.check(["inf", "1"])
        self.check(["nan", "1"])
        self.check(["inf", "-inf"])                   # ValueError: -inf + inf in fsum
        self.check(["1.7976931348623157e308", "1.7976931348623157e308"])  # OverflowError
        self.check(["1.7976931348623157e308", "1.7976931348623157e308", "-1.7976931348623157e308"])
        self.check(["-0.0", "-0.0"])
        self.check(["5e-324", "-5e-324", "5e-324"])

    def test_fresh_random_sums(self):
        rng = random.Random(SEED + 2)
        for _ in range(60):
            count = rng.choice([2, 3, 10, 100, 1000])
            values = random_literals(rng, count)
            if rng.random() < 0.5:  # cancellation: add the negations of some values
                values += ["-" + v if not v.startswith("-") else v[1:] for v in values[: count // 2]]
                rng.shuffle(values)
            self.check(values)


class BuiltinSumTest(unittest.TestCase):
    """`sum`: repr(sum(values)) as each version's builtin sum() gives it (3.12 made it compensated)."""

    SUM = """
import json, sys
def f(t):
    u = t.strip().lstrip("+-").lower()
    return float.fromhex(t) if u.startswith("0x") else float(t)
out = []
for values in json.load(sys.stdin):
    out.append(repr(sum(f(v) for v in values)))
print(json.dumps(out))
"""

    def test_each_version_on_fixed_and_random_lists(self):
        rng = random.Random(SEED + 7)
        lists = [["0.1"] * 10, ["1e100", "1.0", "-1e100"], ["-0.0", "-0.0"], ["-0.0"], ["inf", "1"],
                 ["1.7976931348623157e308", "1.7976931348623157e308", "-1.7976931348623157e308"],
                 ["1e16", "1.0", "-1e16"], ["0.1", "0.2", "0.3"], ["1e308", "1e308"], ["nan", "1"]]
        for _ in range(40):
            values = random_literals(rng, rng.choice([2, 3, 10, 100]))
            if rng.random() < 0.5:
                values += ["-" + v if not v.startswith("-") else v[1:] for v in values[: len(values) // 2]]
                rng.shuffle(values)
            lists.append(values)
        for version in VERSIONS:
            expected = json.loads(run_python(version, self.SUM, stdin=json.dumps(lists)))
            for values, want in zip(lists, expected):
                status, out = run("float.fsum", {"values": values, "python": version})
                if status != 0:  # math.fsum raised (checked above); sum() is not shown then
                    continue
                self.assertEqual((out["python"], out["sum"]), (version, want), f"{version}: sum({values!r})")
        self.assertEqual(json.loads(run_python("3.11", self.SUM, stdin='[["0.1","0.1","0.1","0.1","0.1","0.1","0.1","0.1","0.1","0.1"]]')), ["0.9999999999999999"])
        self.assertEqual(json.loads(run_python("3.12", self.SUM, stdin='[["0.1","0.1","0.1","0.1","0.1","0.1","0.1","0.1","0.1","0.1"]]')), ["1.0"])


class ForgeTest(unittest.TestCase):
    def test_sum_fsum_and_decimal_rows_per_version(self):
        code = """
import decimal, json, math, sys
out = []
for fee, n in json.load(sys.stdin):
    f = float(fee)
    out.append([repr(sum([f] * n)), repr(math.fsum([f] * n)), str(sum([decimal.Decimal(fee)] * n))])
print(json.dumps(out))
"""
        cases = [["0.10", 10], ["0.10", 1000000], ["0.01", 12345], ["1e-7", 3], ["0.3", 999]]
        for version in VERSIONS:
            expected = json.loads(run_python(version, code, stdin=json.dumps(cases)))
            for (fee, n), want in zip(cases, expected):
                status, out = run("decimal.forge", {"fee": fee, "n": n, "python": version})
                self.assertEqual(status, 0, out)
                got = [row["value"] for row in out["rows"]]
                self.assertEqual((out["python"], got), (version, want), f"{version}: fee {fee} n {n}")


class ClaimsTest(unittest.TestCase):
    def test_measured_figures_are_each_versions(self):
        code = """
import statistics
s = [40_000, 45_000, 45_000, 50_000, 5_000_000]
f = [statistics.mean, statistics.median, statistics.mode, statistics.variance, statistics.stdev]
m = [format(g(s), ",.2f") for g in f]
print(repr(sum([0.1] * 10)))
print(f"${m[0]}, ${m[1]}, ${m[2]}, {m[3]}, ${m[4]}")
"""
        for version in VERSIONS:
            want_sum, want_stats = run_python(version, code).splitlines()
            status, out = run("float.claims", {"python": version})
            self.assertEqual(status, 0, out)
            measured = [c["measured"] for c in out["claims"]]
            self.assertEqual((out["python"], measured[2], measured[4]), (version, want_sum, want_stats))
            self.assertEqual(out["claims"][2]["verdict"], "reproduced" if want_sum == "0.9999999999999999" else "not reproduced")
            self.assertEqual(out["claims"][4]["verdict"], "not reproduced")


class AnatomyTest(unittest.TestCase):
    def test_hex_neighbours_ulp_and_typed_error(self):
        for value in ["0.1", "1", "-2.5", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
                      "0", "-0.0", "inf", "nan", "123456.789"] + random_literals(random.Random(SEED + 3), 40):
            status, out = run("float.anatomy", {"value": value})
            self.assertEqual(status, 0, out)
            x = py_float(value)
            self.assertEqual(out["hex"], x.hex(), value)
            self.assertEqual(out["value"], repr(x))
            self.assertEqual(out["ulp"]["repr"], repr(math.ulp(x)), value)
            self.assertEqual(out["nextUp"]["repr"], repr(math.nextafter(x, math.inf)), value)
            self.assertEqual(out["nextDown"]["repr"], repr(math.nextafter(x, -math.inf)), value)
            self.assertEqual(out["bits"], format(struct.unpack("<Q", struct.pack("<d", x))[0], "064b"))
            if math.isfinite(x) and "x" not in value.lower():
                with decimal.localcontext(decimal.Context(prec=2000)):
                    self.assertEqual(out["typedError"], str(decimal.Decimal(x) - decimal.Decimal(value.replace("_", ""))))

    def test_bits_param_flips_to_the_double(self):
        status, out = run("float.anatomy", {"bits": "3fb999999999999a"})
        self.assertEqual((status, out["value"], out["kind"]), (0, "0.1", "normal"))
        status, out = run("float.anatomy", {"bits": "0000000000000001"})
        self.assertEqual((out["value"], out["kind"], out["exponent"]), ("5e-324", "subnormal", -1022))
        status, out = run("float.anatomy", {"bits": "7ff8000000000000"})
        self.assertEqual(out["kind"], "nan")
        status, out = run("float.anatomy", {"bits": "xyz"})
        self.assertEqual(status, 2)


class CompareTest(unittest.TestCase):
    def test_isclose_against_math_isclose(self):
        rng = random.Random(SEED + 4)
        cases = [("0.1", "0.2", "0.3", "1e-09", "0.0"), ("0.1", "0.2", "0.3", "0.0", "0.0"),
                 ("1e308", "1e308", "inf", "1e-09", "0.0"), ("0", "0", "1e-10", "1e-09", "1e-09"),
                 ("inf", "0", "inf", "1e-09", "0.0"), ("1", "2", "3", "1e-09", "0.0")]
        for _ in range(40):
            a, b = random_literals(rng, 4)[:2] if rng.random() < 0.5 else (str(rng.random()), str(rng.random()))
            if abs(py_float(a) + py_float(b)) == math.inf:
                continue
            c = repr(py_float(a) + py_float(b) + rng.choice([0, 1e-17, 1e-9, 1e-3]))
            cases.append((a, b, c, rng.choice(["1e-09", "1e-15", "0.0", "0.5"]), rng.choice(["0.0", "1e-12"])))
        for a, b, c, rel, abs_ in cases:
            status, out = run("float.compare", {"a": a, "b": b, "c": c, "rel_tol": rel, "abs_tol": abs_})
            self.assertEqual(status, 0, out)
            s = py_float(a) + py_float(b)
            self.assertEqual(out["sum"]["repr"], repr(s))
            self.assertEqual(out["equal"], s == py_float(c))
            self.assertEqual(out["isclose"], math.isclose(s, py_float(c), rel_tol=float(rel), abs_tol=float(abs_)),
                             (a, b, c, rel, abs_))
        status, out = run("float.compare", {"rel_tol": "-1"})
        self.assertEqual((status, out["error"]["code"]), (2, "ValueError"))


class RoundingTest(unittest.TestCase):
    def test_every_mode_and_python_round(self):
        rng = random.Random(SEED + 5)
        values = ["0.5", "1.5", "2.5", "3.5", "-2.5", "2.675", "0.125", "-0.0", "1E+3"]
        values += [f"{rng.uniform(-100, 100):.{rng.randrange(1, 6)}f}" for _ in range(30)]
        for places in [0, 1, 2, 3]:
            status, out = run("decimal.rounding", {"values": values, "places": places})
            self.assertEqual(status, 0, out)
            for value, row in zip(values, out["rows"]):
                for mode, got in row["results"].items():
                    expected = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-places),
                                                               rounding=getattr(decimal, mode),
                                                               context=decimal.Context(prec=999))
                    self.assertEqual(got, str(expected), (value, places, mode))
                self.assertEqual(row["pythonRound"], repr(round(float(value), places)), (value, places))


class StatisticsTest(unittest.TestCase):
    def check(self, values):
        status, out = run("float.stats", {"values": values})
        self.assertEqual(status, 0, out)
        data = [int(v) if all(c.isdigit() or c in "-_" for c in v) else float(v) for v in values]
        for stat in out["stats"]:
            try:
                expected = repr(getattr(statistics, stat["name"])(data))
            except statistics.StatisticsError as e:
                self.assertEqual(stat.get("error"), f"StatisticsError: {e}")
                continue
            self.assertEqual(stat.get("value"), expected, f"statistics.{stat['name']}({data!r})")

    def test_the_series_salaries_and_fresh_random_data(self):
        self.check(["40_000", "45_000", "45_000", "50_000", "5_000_000"])
        self.check(["1", "2", "3", "4"])
        self.check(["1.0", "1", "2", "2"])
        self.check(["7"])
        self.check(["1e-300", "3e-300", "2.5"])
        self.check(["-1.0", "1.0"])  # a sum that cancels to zero is 0.0, never -0.0
        self.check(["-3", "3", "-2.5", "2.5"])
        self.check(["-0.0"])
        rng = random.Random(SEED + 6)
        for _ in range(60):
            n = rng.randrange(1, 12)
            if rng.random() < 0.5:
                values = [str(rng.randrange(-10**6, 10**6)) for _ in range(n)]
            else:
                values = [repr(rng.uniform(-1e3, 1e3) * 10 ** rng.randrange(-5, 6)) for _ in range(n)]
                if rng.random() < 0.3:
                    values += [str(rng.randrange(100)) for _ in range(3)]
            if rng.random() < 0.3:
                values += values[:2]  # repeated values for mode
            self.check(values)


if __name__ == "__main__":
    unittest.main()
