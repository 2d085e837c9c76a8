"""decimal.compute against the CPython running this test: fixed corners, then fresh random cases
(operands, precisions and rounding modes), each compared as str(result) or the exception class name.
A failing run prints LLPLAY_SEED so it can be replayed."""
import decimal
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
ROUNDINGS = ["ROUND_UP", "ROUND_DOWN", "ROUND_CEILING", "ROUND_FLOOR", "ROUND_HALF_UP", "ROUND_HALF_DOWN",
             "ROUND_HALF_EVEN", "ROUND_05UP"]
OPS = ["add", "subtract", "multiply", "divide", "quantize"]


def cpython(op, a, b, prec, rounding):
    ctx = decimal.Context(prec=prec, rounding=getattr(decimal, rounding))
    try:
        return "ok", str(getattr(ctx, op)(decimal.Decimal(a), decimal.Decimal(b)))
    except decimal.DecimalException as e:
        return "error", type(e).__name__


def ours(op, a, b, prec, rounding):
    status, out = run("decimal.compute", {"op": op, "a": a, "b": b, "prec": prec, "rounding": rounding})
    if status == 0:
        return "ok", out["result"]
    return "error", out["error"]["code"]


def random_operand(rng):
    kind = rng.random()
    if kind < 0.03:
        return rng.choice(["Infinity", "-Infinity", "NaN", "-NaN", "NaN12", "sNaN", "-sNaN7"])
    if kind < 0.10:
        return rng.choice(["0", "-0", "0.000", "0E+5", "-0E-3"])
    digits = str(rng.randrange(1, 10 ** rng.choice([1, 2, 3, 5, 9, 15, 28, 40, 60])))
    if rng.random() < 0.2:
        digits = digits.rstrip("0") + "0" * rng.randrange(0, 6)  # trailing zeros for ideal exponents
    exponent = rng.choice([0, 0, -2, rng.randrange(-30, 30), rng.randrange(-40, 5),
                           rng.choice([999990, -999990, -1000020, 999999])])
    sign = rng.choice(["", "", "-"])
    return f"{sign}{digits}E{exponent:+d}" if rng.random() < 0.5 else str(decimal.Decimal(f"{sign}{digits}E{exponent}"))


class ComputeTest(unittest.TestCase):
    def check(self, op, a, b, prec, rounding):
        self.assertEqual(ours(op, a, b, prec, rounding), cpython(op, a, b, prec, rounding),
                         f"Context(prec={prec}, rounding={rounding}).{op}(Decimal({a!r}), Decimal({b!r})) "
                         f"LLPLAY_SEED={SEED}")

    def test_corners(self):
        for case in [
            ("divide", "1", "7", 28, "ROUND_HALF_EVEN"),         # 0.1428571428571428571428571429
            ("divide", "1.00", "4", 28, "ROUND_HALF_EVEN"),      # exact: 0.25 (ideal exponent -2 not reachable)
            ("divide", "100", "10.0", 28, "ROUND_HALF_EVEN"),    # exact: 1E+1
            ("divide", "0", "5E+3", 5, "ROUND_HALF_EVEN"),       # 0 at the ideal exponent
            ("divide", "0", "0", 5, "ROUND_HALF_EVEN"),          # InvalidOperation (DivisionUndefined)
            ("divide", "1", "0", 5, "ROUND_HALF_EVEN"),          # DivisionByZero
            ("divide", "1", "Infinity", 5, "ROUND_HALF_EVEN"),   # 0E-1000003
            ("quantize", "123456", "0.1", 5, "ROUND_HALF_EVEN"),  # InvalidOperation: too many digits
            ("quantize", "99.95", "0.1", 3, "ROUND_HALF_UP"),    # rounds up into a 4th digit: InvalidOperation
            ("quantize", "2.675", "0.01", 28, "ROUND_HALF_EVEN"),
            ("quantize", "-0.001", "0.1", 28, "ROUND_HALF_EVEN"),  # -0.0
            ("add", "1E+5", "1E-30", 5, "ROUND_HALF_EVEN"),      # the tiny-operand shortcut
            ("add", "1E+5", "1E-30", 5, "ROUND_UP"),
            ("subtract", "1E+5", "1E-30", 5, "ROUND_DOWN"),
            ("add", "-0", "0", 5, "ROUND_FLOOR"),                # -0 only when rounding to floor
            ("add", "-0", "0", 5, "ROUND_HALF_EVEN"),
            ("add", "0.1", "-0.10", 5, "ROUND_FLOOR"),
            ("multiply", "9E999999", "10", 5, "ROUND_HALF_EVEN"),  # Overflow
            ("multiply", "1E-999999", "1E-5", 5, "ROUND_HALF_EVEN"),  # underflow to 0E-1000003
            ("multiply", "1.5E-999999", "1E-4", 3, "ROUND_HALF_EVEN"),  # subnormal rounding
            ("multiply", "Infinity", "0", 5, "ROUND_HALF_EVEN"),
            ("add", "Infinity", "-Infinity", 5, "ROUND_HALF_EVEN"),
            ("add", "NaN123456", "1", 3, "ROUND_HALF_EVEN"),     # payload cut to prec digits: NaN456
            ("add", "sNaN", "1", 3, "ROUND_HALF_EVEN"),
            ("add", "9.99999", "0.000005", 6, "ROUND_HALF_EVEN"),  # carry into a new digit
            ("add", "999", "1", 3, "ROUND_HALF_EVEN"),
            ("divide", "2", "3", 1, "ROUND_05UP"),
            ("divide", "-2", "3", 3, "ROUND_CEILING"),
            ("subtract", "1_000.5", " 0.5 ", 28, "ROUND_HALF_EVEN"),  # underscores and spaces, as Decimal() takes them
            ("add", "abc", "1", 5, "ROUND_HALF_EVEN"),           # InvalidOperation (ConversionSyntax)
            ("add", "\u0661\u0662", "1", 5, "ROUND_HALF_EVEN"),  # Arabic-Indic digits: 12 + 1
            ("add", "1E+1000000000000000000", "1", 5, "ROUND_HALF_EVEN"),
        ]:
            self.check(*case)

    def test_fresh_random_cases(self):
        rng = random.Random(SEED)
        for _ in range(int(os.environ.get("LLPLAY_CASES", 700))):
            prec = rng.choice([1, 2, 3, 5, 9, 16, 28, 28, 50, rng.randrange(1, 1000)])
            self.check(rng.choice(OPS), random_operand(rng), random_operand(rng), prec, rng.choice(ROUNDINGS))


if __name__ == "__main__":
    unittest.main()
