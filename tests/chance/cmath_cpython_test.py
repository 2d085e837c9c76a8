"""cmath.compute against every CPython the lab takes (3.10-3.13): the series' example (cmath.sqrt(-1) is 1j,
cmath.polar(3+4j)), signed zeros, subnormals, huge parts, and fresh random complex numbers (a new seed each
run, printed so a failure can be replayed with LLPLAY_SEED), repr() for repr()."""
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

REFERENCE = r'''
import cmath, json, sys
out = []
for fn, a, b in json.load(sys.stdin):
    a, b = float(a), float(b)
    try:
        r = {"sqrt": lambda: cmath.sqrt(complex(a, b)), "polar": lambda: cmath.polar(complex(a, b)),
             "phase": lambda: cmath.phase(complex(a, b)), "abs": lambda: abs(complex(a, b)),
             "rect": lambda: cmath.rect(a, b)}[fn]()
        out.append([repr(complex(a, b)), repr(r)])
    except Exception as e:
        out.append([repr(complex(a, b)), type(e).__name__])
print(json.dumps(out))
'''

FNS = ["sqrt", "polar", "phase", "abs", "rect"]


def any_double(rng):
    while True:
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if x == x and abs(x) != float("inf"):
            return x


class CmathTest(unittest.TestCase):
    def check(self, cases):
        for version in VERSIONS:
            expected = json.loads(run_python(version, REFERENCE, stdin=json.dumps(cases)))
            for (fn, a, b), (z, want) in zip(cases, expected):
                status, out = run("cmath.compute", {"fn": fn, "a": a, "b": b, "python": version})
                got = [out["z"], out["result"]] if status == 0 else [z, out["error"]["code"]]
                self.assertEqual(got, [z, want], f"python {version}: cmath.{fn}({a}, {b})")

    def test_the_series_example_and_corners(self):
        pairs = [("-1", "0"), ("3", "4"), ("0", "0"), ("-0.0", "0"), ("0", "-0.0"), ("-0.0", "-0.0"), ("-4", "-0.0"),
                 ("1e-320", "1e-320"), ("5e-324", "0"), ("1.7e308", "1.7e308"), ("1e16", "0.5"), ("1e-5", "-2"),
                 ("2", "3.141592653589793"), ("-1.5", "0.0"), ("1", "-0.0"),
                 ("2.433895806666485e+221", "2.312131738036703e-297"), ("1.5973035421136824e+233", "4.790215156882469e-124")]
        self.check([[fn, a, b] for a, b in pairs for fn in FNS])

    def test_fresh_random_complex_numbers(self):
        rng = random.Random(SEED)
        cases = []
        for _ in range(150):
            kind = rng.randrange(3)
            a, b = ((rng.uniform(-10, 10), rng.uniform(-10, 10)) if kind == 0 else
                    (any_double(rng), any_double(rng)) if kind == 1 else
                    (float(rng.randint(-9, 9)), rng.uniform(-7, 7)))
            cases.append([rng.choice(FNS), repr(a), repr(b)])
        self.check(cases)

    def test_bad_input_is_coded(self):
        for a in ["inf", "nan", "x"]:
            status, out = run("cmath.compute", {"a": a})
            self.assertEqual((status, out["error"]["code"]), (2, "BadParams"), a)


if __name__ == "__main__":
    unittest.main()
