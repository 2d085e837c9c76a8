"""float.* results against the CPython running this test, on fixed corner cases and on fresh random
doubles (a new seed each run, printed so a failure can be replayed with LLPLAY_SEED)."""
import os
import random
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402

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


if __name__ == "__main__":
    unittest.main()
