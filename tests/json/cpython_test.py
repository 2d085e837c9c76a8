"""json.extract and json.validate against Python: a walker over json.loads (with object_pairs_hook,
so order and duplicate names are kept) on fresh random documents, every JSONTestSuite case, the
million-deep exploit, and the edge cases the lab promises (numbers beyond double kept as text)."""
import json
import os
import random
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import llplay, run  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
SUITE = Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "JSONTestSuite" / "test_parsing"
ENGINES = ("recursive", "iterative", "streaming")


class Pairs(list):
    """A JSON object as json.loads saw it: (name, value) pairs in order, duplicates kept."""


def plain(value):
    if isinstance(value, Pairs):
        return {k: plain(v) for k, v in value}  # a repeated name keeps its last value, as dict does
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def python_matches(doc, key):
    out = []

    def walk(value):
        if isinstance(value, Pairs):
            for name, child in value:
                if name == key:
                    out.append(plain(child))
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(json.loads(doc, object_pairs_hook=Pairs))
    return out


def extract_file(path, engine, key="user_email", **extra):
    params = {"engine": engine, "key": key, **extra}
    return llplay("run", "json.extract", "--params", json.dumps(params), "--doc-file", str(path))


def random_doc(rng):
    names = ["user_email", "user", "data", "items", "a", "user_email", "x"]

    def value(depth):
        kind = rng.randrange(9 if depth < 6 else 5)
        if kind == 0:
            return rng.choice(["ana@example.com", "caf\u00e9", "q\"uote", "tab\t", "", "\U0001f40d"])
        if kind == 1:
            return rng.choice([0, -1, 7, 2**40, -(2**62), 2**64 - 1])
        if kind == 2:
            return rng.choice([0.1, -2.5e-10, 1e300, 123.456, -0.0])
        if kind == 3:
            return rng.choice([True, False, None])
        if kind in (4, 5, 6):
            return Pairs((rng.choice(names), value(depth + 1)) for _ in range(rng.randrange(5)))
        return [value(depth + 1) for _ in range(rng.randrange(4))]

    def dump(v):
        if isinstance(v, Pairs):  # duplicates survive: write the pairs by hand
            return "{" + ", ".join(json.dumps(k) + ": " + dump(x) for k, x in v) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(dump(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=rng.random() < 0.5)

    return dump(Pairs((rng.choice(names), value(1)) for _ in range(rng.randrange(1, 8))))


class ExtractTest(unittest.TestCase):
    def check(self, doc, key="user_email"):
        expected = python_matches(doc, key)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            f.write(doc)
        try:
            for engine in ENGINES:
                status, out, err = extract_file(f.name, engine, key)
                self.assertEqual(status, 0, (engine, out, err))
                self.assertEqual(out["matches"], expected, f"{engine} on {doc[:300]!r} LLPLAY_SEED={SEED}")
                self.assertEqual(out["count"], len(expected))
        finally:
            os.unlink(f.name)

    def test_order_duplicates_escapes_and_nesting(self):
        self.check('{"user_email": 1, "user_email": 2}')
        self.check('{"user\\u005femail": "escaped name"}')
        self.check('{"user_email": {"user_email": 1, "z": [{"user_email": 2}]}}')
        self.check('[{"a": {"user_email": "x"}}, {"user_email": null}, [[{"user_email": [1, {"user_email": 3}]}]]]')
        self.check('{"user_email": {"b": 1, "b": 2}}')

    def test_fresh_random_documents(self):
        rng = random.Random(SEED)
        for _ in range(120):
            self.check(random_doc(rng), rng.choice(["user_email", "a", "x"]))

    def test_numbers_either_side_of_the_quick_paths_edges(self):
        # Most numbers are read without strtod: integers of up to 19 digits, and reals whose digits make at
        # most 2^53 with a power of ten of at most 22 either way. Each edge, and random numbers, against Python.
        edges = ["9007199254740992", "9007199254740993", "9007199254740993.0", "900719925474099.3", "1e22",
                 "1e23", "1.5e-22", "1.5e-23", "9007199254740991e22", "123456789012345678e-5", "-0", "-0.0",
                 "1234567890123456789", "12345678901234567890", "18446744073709551615", "-9223372036854775808",
                 "0.1", "0.30000000000000004", "3.14159265358979323846", "1E+2", "1e-0", "-12345.67e-3",
                 "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "0.0000000000000000000001234"]
        rng = random.Random(SEED)
        numbers = list(edges)
        while len(numbers) < 3000:
            def digits(n):
                return "".join(rng.choice("0123456789") for _ in range(n))

            whole = rng.choice("123456789") + digits(rng.randrange(20)) if rng.random() < 0.9 else "0"
            text = rng.choice(["", "-"]) + whole
            if rng.random() < 0.5:
                text += "." + digits(rng.randrange(1, 20))
            if rng.random() < 0.4:
                text += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randrange(40))
            if text.lstrip("-").isdigit() and not -(2**63) <= int(text) < 2**64:
                continue  # an integer beyond 64 bits is kept as text, which Python does not do
            numbers.append(text)
        self.check('{"user_email": [' + ", ".join(numbers) + "]}")

    def test_numbers_beyond_double_are_kept_as_text(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write('{"user_email": [1e400, 123456789012345678901234567890, -1E+999, 1.5, 18446744073709551615]}')
        for engine in ENGINES:
            status, out, _ = extract_file(f.name, engine)
            self.assertEqual(out["matches"], [["1e400", "123456789012345678901234567890", "-1E+999", 1.5, 18446744073709551615]])
        os.unlink(f.name)


class ExploitTest(unittest.TestCase):
    def test_a_million_deep(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write('{"a": ' * 1000000 + '"deep"' + "}" * 1000000)
        try:
            status, out, _ = extract_file(f.name, "recursive")
            self.assertEqual((status, out["error"]["code"]), (3, "RecursionLimit"))
            status, out, _ = extract_file(f.name, "recursive", maxDepth=10000000)
            self.assertEqual((status, out["error"]["code"]), (3, "StackExhausted"))
            for engine in ("iterative", "streaming"):
                status, out, _ = extract_file(f.name, engine)
                self.assertEqual(status, 0, out)
                self.assertEqual((out["matches"], out["maxDepth"]), ([], 1000000))
            status, out, _ = extract_file(f.name, "streaming", key="a")
            self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"), "values nested that deep are refused")
        finally:
            os.unlink(f.name)


class ConformanceTest(unittest.TestCase):
    def test_jsontestsuite(self):
        cases = sorted(SUITE.glob("*.json"))
        self.assertGreater(len(cases), 300)
        wrong = []
        for case in cases:
            status, out, err = llplay("run", "json.validate", "--doc-file", str(case), timeout=60)
            self.assertEqual(status, 0, (case.name, err))
            if case.name.startswith("y_") and not out["valid"]:
                wrong.append(f"{case.name}: rejected: {out['error']}")
            if case.name.startswith("n_") and out["valid"]:
                wrong.append(f"{case.name}: accepted")
            if not out["valid"]:
                self.assertRegex(out["error"], r"^line \d+, column \d+: ")
        self.assertEqual(wrong, [])

    def test_errors_name_line_and_column(self):
        status, out = run("json.validate", {"doc": '{\n  "a": [1, 2,]\n}'})
        self.assertEqual(out, {"valid": False, "bytes": 18, "error": "line 2, column 14: Invalid value."})  # Python: line 2 column 14
        status, out = run("json.validate", {"doc": ""})
        self.assertEqual(out["error"], "line 1, column 1: The document is empty.")
        status, out = run("json.validate", {"doc": "/w==", "docEncoding": "base64"})  # 0xff: not UTF-8
        self.assertFalse(out["valid"])
        status, out = run("json.extract", {"doc": "[1, 2"})
        self.assertEqual((status, out["error"]["code"]), (2, "ParseError"))
        self.assertIn("line 1, column 6", out["error"]["message"])


if __name__ == "__main__":
    unittest.main()
