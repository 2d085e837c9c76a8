"""path.pure against each CPython's own pathlib (3.10, 3.11, 3.12, 3.13): fixed surprising cases and thousands of
random paths and arguments (a new seed each run, printed so a failure can be replayed with LLPLAY_SEED).

The CPython side is batched: one interpreter run per version computes every case. The playground side runs
path.batch (the same kernel as path.pure) for the thousands, and path.pure itself for a sample and the fixed
cases, so the contract id is checked as it is called.
"""
import json
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import llplay, run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
print(f"LLPLAY_SEED={SEED}", file=sys.stderr)

# Computes every case of stdin (a JSON list) with this interpreter's pathlib; prints a JSON list of
# {result, kind} or {error: {code, message}}.
CPYTHON_BATCH = r"""
import json, sys, warnings, pathlib
warnings.simplefilter("ignore")
PATH_OPS = {"parent", "joinpath", "relative_to", "with_name", "with_suffix", "with_stem"}
out = []
for c in json.load(sys.stdin):
    cls = pathlib.PureWindowsPath if c["flavour"] == "windows" else pathlib.PurePosixPath
    op, arg = c["op"], c.get("arg", "")
    try:
        p = cls(c["path"])
        if op == "str":
            v, r, kind = str(p), str(p), "str"
        elif op == "parts":
            v = p.parts; r, kind = list(v), "tuple"
        elif op == "suffixes":
            v = p.suffixes; r, kind = list(v), "list"
        elif op == "parents":
            v = tuple(p.parents); r, kind = [str(x) for x in v], "parents"
        elif op in ("is_absolute", "is_reserved", "as_posix"):
            v = r = getattr(p, op)(); kind = "str" if op == "as_posix" else "bool"
        elif op in ("is_relative_to", "match"):
            v = r = getattr(p, op)(arg); kind = "bool"
        elif op in ("joinpath", "relative_to", "with_name", "with_suffix", "with_stem"):
            v = getattr(p, op)(arg); r, kind = str(v), "path"
        elif op == "parent":
            v = p.parent; r, kind = str(v), "path"
        else:
            v = r = getattr(p, op); kind = "str"
        assert isinstance(r, (str, bool, list)), (op, type(r))
        out.append({"result": r, "kind": kind, "shown": repr(v)})
    except Exception as e:
        out.append({"error": {"code": type(e).__name__, "message": str(e)}})
print(json.dumps(out))
"""

OPS_NO_ARG = ["str", "parts", "drive", "root", "anchor", "name", "suffix", "suffixes", "stem", "parent", "parents",
              "as_posix", "is_absolute", "is_reserved"]
OPS_ARG = ["joinpath", "relative_to", "is_relative_to", "with_name", "with_suffix", "with_stem", "match"]


def cpython(version, cases):
    return json.loads(run_python(version, CPYTHON_BATCH, stdin=json.dumps(cases)))


def playground_batch(version, cases):
    status, out, err = llplay("run", "path.batch",
                              stdin=json.dumps({"cases": cases, "python": version}).encode())
    assert status == 0, (status, out, err)
    return out["results"]


EXPRESSIONS = []  # (version, expr, shown) of every successful path.pure run, checked in one batch per version

EVAL_BATCH = r"""
import json, sys, warnings
from pathlib import *
warnings.simplefilter("ignore")
print(json.dumps([repr(eval(e)) for e in json.load(sys.stdin)]))
"""


def check_expressions(test):
    """What the page prints as the Python expression gives, in that version's interpreter, what the page shows."""
    for version in VERSIONS:
        mine = [(e, shown) for v, e, shown in EXPRESSIONS if v == version]
        got = json.loads(run_python(version, EVAL_BATCH, stdin=json.dumps([e for e, _ in mine])))
        for (expr, shown), value in zip(mine, got):
            test.assertEqual(value, shown, f"python {version}: {expr}")
    EXPRESSIONS.clear()


def playground_one(version, case):
    status, out = run("path.pure", dict(case, python=version))
    if status == 0:
        assert out["python"] == version
        EXPRESSIONS.append((version, out["expr"], out["shown"]))
        return {"result": out["result"], "kind": out["kind"], "shown": out["shown"]}
    assert status == 2 and "error" in out, (status, out)
    return out


# ---------- the cases ----------

FIXED = [
    ("posix", "/a", "joinpath", "/b"), ("windows", "C:", "joinpath", "foo"), ("windows", "C:", "str", ""),
    ("windows", "C:foo", "parts", ""), ("windows", "C:/a", "joinpath", "/b"), ("windows", "C:/a", "joinpath", "D:b"),
    ("windows", "C:/a", "joinpath", "c:b"), ("windows", "//server/share", "str", ""),
    ("windows", "//server/share", "joinpath", "x"), ("windows", "//server/share/x", "parts", ""),
    ("windows", "//server/share", "is_absolute", ""), ("windows", "//server", "parts", ""),
    ("windows", "//?/C:/x", "parts", ""), ("windows", "//?/UNC/server/share/x", "parts", ""),
    ("windows", "\\\\?\\c:\\a", "drive", ""), ("windows", "\\\\.\\device\\x", "parts", ""),
    ("windows", "//./c:/x", "drive", ""), ("windows", "\\\\?\\UNC\\", "parts", ""), ("windows", "\\\\\\x\\y", "parts", ""),
    ("posix", "//x", "root", ""), ("posix", "//x/y", "parts", ""), ("posix", "///x", "parts", ""),
    ("posix", "////x", "str", ""), ("posix", "a/../b", "str", ""), ("posix", "a/./b/", "parts", ""),
    ("posix", "..", "parent", ""), ("posix", "", "str", ""), ("posix", ".", "parts", ""),
    ("windows", "foo.", "suffix", ""), ("windows", "foo.", "is_reserved", ""), ("windows", "a/b.", "is_reserved", ""),
    ("windows", "a/b ", "is_reserved", ""), ("windows", "nul.txt", "is_reserved", ""), ("windows", "NUL", "is_reserved", ""),
    ("windows", "com1", "is_reserved", ""), ("windows", "COM\u00b9", "is_reserved", ""), ("windows", "a:b", "is_reserved", ""),
    ("windows", "//server/share/nul", "is_reserved", ""), ("windows", "aux .txt", "is_reserved", ""),
    ("windows", "a/con:stream", "is_reserved", ""), ("windows", "foo/..", "is_reserved", ""),
    ("posix", "archive.tar.gz", "suffixes", ""), ("posix", ".bashrc", "suffix", ""), ("posix", "a.", "suffixes", ""),
    ("posix", "..a.b", "suffixes", ""), ("posix", "a/b", "with_suffix", "txt"), ("posix", "a/b", "with_suffix", "."),
    ("posix", "a/b", "with_suffix", ".a/b"), ("posix", "/", "with_suffix", ".txt"), ("posix", "a/b.txt", "with_stem", ""),
    ("posix", "a/b.txt", "with_suffix", ""), ("posix", "a/..", "with_suffix", ".x"), ("posix", "a/.x", "with_suffix", ".y"),
    ("windows", "a/b", "with_name", "c:"), ("windows", "a/b", "with_name", "c:d"), ("windows", "a/b", "with_name", "x/y"),
    ("posix", "a/b", "with_name", "."), ("posix", "a/b", "with_name", ".."), ("posix", "", "with_name", "x"),
    ("posix", "", "with_name", ""), ("windows", "C:/", "with_name", "x"),
    ("posix", "/a/b", "relative_to", "/c"), ("posix", "/a/b", "relative_to", "/a"), ("posix", "/a", "relative_to", ""),
    ("posix", "a", "relative_to", ""), ("posix", "/a", "relative_to", "/"), ("windows", "C:/Users/Ana", "relative_to", "c:/users"),
    ("windows", "c:/", "relative_to", "c:"), ("windows", "c:/a", "relative_to", "/"), ("windows", "C:/a/d:b", "relative_to", "C:/"),
    ("posix", "/a/b", "is_relative_to", "/a"), ("windows", "C:/A", "is_relative_to", "c:/a"),
    ("posix", "a/b.py", "match", "*.py"), ("posix", "/a/b.py", "match", "/*.py"), ("posix", "a/b", "match", "a[!x]b"),
    ("posix", "a/b", "match", "a?b"), ("posix", "a/b", "match", "a*b"), ("windows", "A/B.PY", "match", "*.py"),
    ("posix", "a/b", "match", ""), ("posix", "a/b", "match", "."), ("posix", "a/b", "match", "**"),
    ("posix", "/a/b", "match", "//a/b"), ("windows", "c:/a/b", "match", "C:/*/b"), ("windows", "c:a", "match", "c:*"),
    ("posix", "a/b", "match", "[a-]/b"), ("posix", "-", "match", "[a-]"), ("posix", "b", "match", "[z-a]"),
    ("posix", "b", "match", "[!z-a]"), ("posix", "\\", "match", "[\\]"), ("posix", "a", "match", "[a-c-e]"),
    ("windows", "c:/x", "is_absolute", ""), ("windows", "/x", "is_absolute", ""), ("windows", "c:x", "is_absolute", ""),
    ("windows", "a/b:c", "str", ""), ("windows", "./c:d", "str", ""), ("windows", "./c:d", "parent", ""),
    ("posix", "a\nb", "str", ""), ("posix", "a\x00b", "name", ""), ("windows", "caf\u00e9/\u00c9T\u00c9", "relative_to", "CAF\u00c9"),
]


PIECES = ["", ".", "..", "...", "a", "b", "B", "Foo", "x.txt", "a.tar.gz", ".hidden", "b.", "c.d.", "nul", "CON", "com1",
          "LPT\u00b9", "aux .txt", "con:x", "c:", "C:", "z:", "1:", "?", ".", "UNC", "unc", "server", "share", " ",
          "a ", "\u00e9t\u00e9", "\u00c9T\u00c9", "stra\u00dfe", "\u03a9\u03bc", "\u0436\u0416", "\u65e5\u672c",
          "\u20ac", "*", "x*", "a\tb"]
SEPS = ["/", "/", "/", "\\", "\\", "//", "\\\\", "/./"]
PREFIXES = ["", "", "", "/", "//", "///", "\\", "\\\\", "C:", "c:/", "C:\\", "d:", "\\\\?\\", "//?/", "\\\\.\\",
            "//?/UNC/", "\\\\?\\UNC\\", "\\\\?\\unc\\", "//server/share", "\\\\server\\share\\", "//server",
            "\\\\?\\c:\\", "//./c:/"]
PATTERN_PIECES = ["*", "?", "a*", "*.txt", "*.*", "[a-c]", "[!a]", "[!x]*", "[]]", "[!]]", "[a-]", "[-z]", "[z-a]",
                  "x[", "[", "**", "?*?", "A", "B", "*a*", "[A-Z]*", "[^a]", "[\\]"]


def random_path(rng, pieces=PIECES, max_parts=5):
    text = rng.choice(PREFIXES) if rng.random() < 0.5 else ""
    for i in range(rng.randrange(0, max_parts + 1)):
        if i or (text and text[-1] not in "/\\:"):
            text += rng.choice(SEPS)
        text += rng.choice(pieces)
    if rng.random() < 0.15:
        text += rng.choice(SEPS)
    return text


def random_case(rng):
    flavour = rng.choice(["posix", "windows"])
    path = random_path(rng)
    if rng.random() < 0.45:
        return {"flavour": flavour, "path": path, "op": rng.choice(OPS_NO_ARG), "arg": ""}
    op = rng.choice(OPS_ARG)
    if op == "joinpath":
        arg = random_path(rng, max_parts=3)
    elif op in ("relative_to", "is_relative_to"):
        if rng.random() < 0.6:  # a prefix of the path, perhaps respelled, so that some succeed
            cut = rng.randrange(0, len(path) + 1)
            arg = path[:cut]
            if rng.random() < 0.3:
                arg = arg.upper() if rng.random() < 0.5 else arg.replace("/", "\\")
        else:
            arg = random_path(rng, max_parts=3)
    elif op in ("with_name", "with_stem"):
        arg = rng.choice(PIECES + ["x/y", "x\\y", "c:d", "a.b", ".", ""])
    elif op == "with_suffix":
        arg = rng.choice(["", ".", ".txt", "txt", ".a/b", ".a\\b", "..", ".tar.gz", ". ", ".\u00e9", "a.b"])
    else:
        arg = random_path(rng, pieces=PIECES + PATTERN_PIECES * 2, max_parts=3)
        if rng.random() < 0.3:  # the path's own last parts, with a wildcard in
            tail = path.replace("\\", "/").split("/")[-rng.randrange(1, 3):]
            arg = "/".join(tail)
            if arg and rng.random() < 0.5:
                i = rng.randrange(len(arg))
                arg = arg[:i] + rng.choice(["*", "?", "[!a]", "[a-z]"]) + arg[i + 1:]
    return {"flavour": flavour, "path": path, "op": op, "arg": arg}


MATCH_ALPHABET = "ab/\\.:Ac\n"
WILDCARDS = ["*", "?", "[!a]", "[a-c]", "[!/]", "[/]", "[\\]", "**", "[]a]", "[^a]", "[a-]", "[A-Z]", "*a*", "[!]"]


def random_match_case(rng):
    """A short path and a pattern made from it by putting wildcards in: about one in ten matches."""
    path = "".join(rng.choice(MATCH_ALPHABET) for _ in range(rng.randrange(1, 10)))
    pattern = path
    for _ in range(rng.randrange(1, 4)):
        i = rng.randrange(len(pattern) + 1)
        pattern = pattern[:i] + rng.choice(WILDCARDS) + pattern[min(len(pattern), i + rng.randrange(0, 3)):]
    if rng.random() < 0.5:
        pattern = pattern[rng.randrange(len(pattern)):]
    if rng.random() < 0.3:
        pattern = pattern.upper()
    return {"flavour": rng.choice(["posix", "windows"]), "path": path, "op": "match", "arg": pattern}


def random_unicode_case(rng):
    """Windows paths of letters from many scripts (and unassigned or unprintable code points), compared and matched
    case-insensitively: every version's own Unicode tables, final sigma, and re's extra case equivalences."""
    def char():
        if rng.random() < 0.5:
            return rng.choice("aB/\\.:")
        return chr(rng.choice([rng.randrange(0x80, 0x250), rng.randrange(0x370, 0x530), rng.randrange(0x1E00, 0x2200),
                               rng.randrange(0x2000, 0x2100), rng.randrange(0x1FA00, 0x1FB00)]))
    path = "".join(char() for _ in range(rng.randrange(1, 8)))
    arg = path[:rng.randrange(len(path) + 1)]
    if rng.random() < 0.5:
        arg = arg.upper()
    op = rng.choice(["relative_to", "is_relative_to", "match", "is_reserved", "str", "with_suffix", "parents"])
    return {"flavour": "windows", "path": path, "op": op, "arg": arg}


def fixed_cases():
    return [{"flavour": f, "path": p, "op": o, "arg": a} for f, p, o, a in FIXED]


class PathPureTest(unittest.TestCase):
    def compare(self, version, cases, got, expected):
        self.assertEqual(len(got), len(cases))
        bad = [(c, g, e) for c, g, e in zip(cases, got, expected) if g != e]
        for c, g, e in bad[:10]:
            print(f"python {version}: {c}\n  playground {g}\n  cpython    {e}", file=sys.stderr)
        self.assertEqual(len(bad), 0, f"{len(bad)} of {len(cases)} cases differ from CPython {version} "
                                      f"(LLPLAY_SEED={SEED})")

    def test_fixed_cases_through_path_pure(self):
        cases = fixed_cases()
        for version in VERSIONS:
            with self.subTest(python=version):
                expected = cpython(version, cases)
                self.compare(version, cases, [playground_one(version, c) for c in cases], expected)
        check_expressions(self)

    def test_random_cases(self):
        rng = random.Random(SEED)
        for version in VERSIONS:
            cases = [random_case(rng) for _ in range(4000)] + [random_match_case(rng) for _ in range(2000)]
            cases += [random_unicode_case(rng) for _ in range(2000)]
            with self.subTest(python=version):
                self.compare(version, cases, playground_batch(version, cases), cpython(version, cases))

    def test_random_sample_through_path_pure(self):
        rng = random.Random(SEED + 1)
        for version in VERSIONS:
            cases = [random_case(rng) for _ in range(60)]
            with self.subTest(python=version):
                self.compare(version, cases, [playground_one(version, c) for c in cases], cpython(version, cases))
        check_expressions(self)

    def test_the_surprises_table(self):
        status, out = run("path.surprises")
        self.assertEqual(status, 0, out)
        cases = [{k: row[k] for k in ("flavour", "path", "op", "arg")} for row in out["rows"]]
        for version in VERSIONS:
            with self.subTest(python=version):
                self.compare(version, cases, [row["results"][version] for row in out["rows"]], cpython(version, cases))

    def test_versions_really_differ(self):
        # The fixed cases must tell the versions apart, or the tests above could not catch a version mix-up.
        cases = fixed_cases()
        answers = {version: json.dumps(cpython(version, cases)) for version in VERSIONS}
        self.assertNotEqual(answers["3.11"], answers["3.12"])
        self.assertNotEqual(answers["3.12"], answers["3.13"])


class BudgetTest(unittest.TestCase):
    def test_a_megabyte_path_is_a_coded_limit(self):
        params = {"flavour": "posix", "path": "a/" * 500000, "op": "parts"}
        status, out, _ = llplay("run", "path.pure", stdin=json.dumps(params).encode())
        self.assertEqual(status, 3)
        self.assertEqual(out["error"]["code"], "LimitExceeded")

    def test_too_many_parts(self):
        status, out = run("path.pure", {"flavour": "windows", "path": "/" * 5000, "op": "str"})
        self.assertEqual(status, 3)
        self.assertEqual(out["error"]["code"], "LimitExceeded")

    def test_unknown_op_and_flavour(self):
        for params in ({"op": "resolve"}, {"flavour": "mac"}, {"python": "3.9"}):
            status, out = run("path.pure", params)
            self.assertEqual(status, 2, params)
            self.assertEqual(out["error"]["code"], "BadParams")

    def test_a_heavy_match_is_bounded(self):
        status, out = run("path.pure", {"flavour": "posix", "path": "a" * 30000, "op": "match",
                                        "arg": "*a" * 3000 + "b", "python": "3.10"})
        self.assertIn(status, (0, 3))
        if status == 3:
            self.assertEqual(out["error"]["code"], "LimitExceeded")


if __name__ == "__main__":
    unittest.main()
