"""The series' claims no browser demo can grade, graded by CPython 3.10–3.13 themselves: Decimal's cost (Day 19),
the threaded counter race (Day 14), `with sqlite3.connect()` and execute against executescript for the
'; DROP TABLE injection (Day 18, SQLite I).

Each claim is a small program run in every interpreter (tests/support/pythons.py); what it prints is its evidence,
and `verdict()` turns that into 'reproduced' or 'wrong' and a short why. The errata page (web/errata.js) shows what
web/errata-cpython.json holds; the file is written by

    python3 tests/web/errata_cpython_test.py --write

and this test (ctest: python/web/errata_cpython_test) recomputes everything and fails where the file disagrees with what
the interpreters give. For the timing claim only the verdict is compared, never the measured ratios.
"""
import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from pythons import VERSIONS, interpreter, run_python  # noqa: E402

DATA = os.path.join(ROOT, "web", "errata-cpython.json")
WRITE = "python3 tests/web/errata_cpython_test.py --write"

# Decimal's cost: the timeit lines the decimal.cost demo gives (web/labs/floats/lab.js), for + and for *, each
# timed REPEATS times over LOOPS loops; the ratio of the medians.
LOOPS = 1_000_000
REPEATS = 5
DECIMAL = f"""
import json, statistics, timeit
out = {{}}
for op in ("+", "*"):
    stmt = "a " + op + " b"
    f = timeit.Timer(stmt, setup="a, b = 12.34, 0.57").repeat({REPEATS}, {LOOPS})
    d = timeit.Timer(stmt, setup="from decimal import Decimal as D; a, b = D('12.34'), D('0.57')").repeat({REPEATS}, {LOOPS})
    out[op] = {{"float": statistics.median(f), "decimal": statistics.median(d)}}
print(json.dumps(out))
"""

# The race: the program the parallel.race page shows as Python (the series' threaded counter), run RACE_RUNS times.
RACE_RUNS = 5


def race_program():
    """The parallel.race demo's Python, read from web/labs/parallel/lab.js, so the test runs what the page shows."""
    with open(os.path.join(ROOT, "web", "labs", "parallel", "lab.js"), encoding="utf-8") as f:
        found = re.search(r"'parallel\.race': \{.*?python: `([^`]*)`", f.read(), re.S)
    if not found or "${" in found.group(1):
        raise AssertionError("web/labs/parallel/lab.js: no plain python: `...` program for parallel.race")
    return found.group(1)


# with sqlite3.connect(...) as conn: as the post writes it, on a file; then whether conn still works, whether a
# second connection sees the row (committed), and what an exception in the block does.
WITH = """
import json, os, sqlite3, tempfile
path = os.path.join(tempfile.mkdtemp(), "kurukshetra.db")
with sqlite3.connect(path) as conn:
    conn.execute("CREATE TABLE Warriors (name TEXT)")
    conn.execute("INSERT INTO Warriors (name) VALUES (?)", ("Arjuna",))
out = {}
try:
    out["openAfter"] = conn.execute("SELECT count(*) FROM Warriors").fetchone()[0] == 1
except sqlite3.ProgrammingError as e:
    out["openAfter"] = False
    out["closedError"] = str(e)
other = sqlite3.connect(path)
out["committed"] = other.execute("SELECT count(*) FROM Warriors").fetchone()[0] == 1
try:
    with sqlite3.connect(path) as conn2:
        conn2.execute("INSERT INTO Warriors (name) VALUES (?)", ("Karna",))
        raise RuntimeError("crash")
except RuntimeError:
    pass
out["rolledBack"] = other.execute("SELECT count(*) FROM Warriors").fetchone()[0] == 1
print(json.dumps(out))
"""

# The post's f-string with the post's input, through execute() and then executescript().
INJECTION = r"""
import json, sqlite3
conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE users (name TEXT)")
conn.execute("INSERT INTO users VALUES ('ana')")
conn.commit()
user_input = "'; DROP TABLE users; --"
query = f"SELECT * FROM users WHERE name = '{user_input}'"
tables = lambda: [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
out = {}
try:
    conn.execute(query)
    out["executeRaised"] = None
except Exception as e:
    out["executeRaised"] = {"class": type(e).__module__ + "." + type(e).__qualname__, "message": str(e)}
out["afterExecute"] = "users" in tables()
conn.executescript(query)
out["afterExecutescript"] = "users" in tables()
print(json.dumps(out))
"""

CLAIMS = ("decimal-cost", "race", "sqlite-with", "sqlite-injection")


def evidence(claim, version):
    """What CPython `version` does for `claim`, as a dict (raises unittest.SkipTest where it is absent)."""
    if claim == "decimal-cost":
        return json.loads(run_python(version, DECIMAL))
    if claim == "race":
        program = race_program()
        return {"counts": [int(run_python(version, program).split()[-1]) for _ in range(RACE_RUNS)]}
    if claim == "sqlite-with":
        return json.loads(run_python(version, WITH))
    if claim == "sqlite-injection":
        return json.loads(run_python(version, INJECTION))
    raise KeyError(claim)


def verdict(claim, e):
    """(verdict, why) for what the series says about `claim`, given the interpreter's evidence `e`."""
    if claim == "decimal-cost":  # the series: "Decimal: 10x to 100x slower"
        ratios = {op: e[op]["decimal"] / e[op]["float"] for op in ("+", "*")}
        inside = all(10 <= r <= 100 for r in ratios.values())
        bound = "10× to 100×" if inside else "under 10×" if all(r < 10 for r in ratios.values()) else "not 10× to 100×"
        why = (f"{bound}: timeit gave {ratios['+']:.1f}× for +, {ratios['*']:.1f}× for * "
               f"(medians of {REPEATS} repeats of {LOOPS:,} loops, on the machine that wrote this verdict)")
        return ("reproduced" if inside else "wrong", why)
    if claim == "race":  # the series: updates are lost ("may be less than 4,000,000")
        counts, runs = e["counts"], len(e["counts"])
        lost = [c for c in counts if c != 4_000_000]
        if lost:
            return ("reproduced", f"{len(lost)} of {runs} runs printed less than 4,000,000 (as low as {min(lost):,})")
        return ("wrong", f"the snippet printed 4,000,000 in each of {runs} runs (4 threads × 1,000,000 +=)")
    if claim == "sqlite-with":  # the series: "'with' ensures the Connection closes"
        done = ("a second connection sees the row: committed" if e["committed"] else "the row was not committed")
        back = ("an exception in the block rolls back" if e["rolledBack"] else "an exception in the block does not roll back")
        if e["openAfter"]:
            return ("wrong", f"conn.execute() still works after the block: the connection stays open; {done}; {back}")
        return ("reproduced", f"after the block: {e['closedError']}; {done}; {back}")
    if claim == "sqlite-injection":  # the series: the f-string lets '; DROP TABLE users; -- delete the table
        raised = e["executeRaised"]
        script = ("only executescript() runs the DROP" if not e["afterExecutescript"]
                  else "executescript() does not drop it either")
        if raised and e["afterExecute"]:
            return ("wrong", f"execute() raises {raised['class']}: {raised['message']} The table survives; {script}")
        return ("reproduced", f"execute() runs the DROP; {script}")
    raise KeyError(claim)


def compute(versions=VERSIONS):
    """{"interpreters": {v: full version}, "claims": {claim: {v: {"verdict", "why"}}}} for every claim and version."""
    out = {"interpreters": {}, "claims": {c: {} for c in CLAIMS}}
    for v in versions:
        out["interpreters"][v] = run_python(v, "import platform; print(platform.python_version())").strip()
        for c in CLAIMS:
            out["claims"][c][v] = dict(zip(("verdict", "why"), verdict(c, evidence(c, v))))
    return out


def load():
    with open(DATA, encoding="utf-8") as f:
        return json.load(f)


class ErrataCpythonTest(unittest.TestCase):
    def test_the_file_covers_every_claim_and_version(self):
        data = load()
        self.assertEqual(sorted(data["claims"]), sorted(CLAIMS), f"run {WRITE}")
        for claim, by_version in data["claims"].items():
            self.assertEqual(sorted(by_version), sorted(VERSIONS), claim)
            for v, entry in by_version.items():
                self.assertIn(entry["verdict"], ("reproduced", "wrong"), (claim, v))
                self.assertTrue(entry["why"], (claim, v))

    def test_every_verdict_is_what_the_interpreter_gives(self):
        data = load()
        for v in VERSIONS:
            with self.subTest(version=v):
                interpreter(v)  # skipped, with the pyenv line to install it, where it is absent
                self.assertEqual(data["interpreters"][v],
                                 run_python(v, "import platform; print(platform.python_version())").strip())
                for claim in CLAIMS:
                    now = dict(zip(("verdict", "why"), verdict(claim, evidence(claim, v))))
                    stored = data["claims"][claim][v]
                    msg = f"{claim}, CPython {v}: the file says {stored}, the interpreter gives {now}; run {WRITE}"
                    self.assertEqual(stored["verdict"], now["verdict"], msg)
                    if claim == "decimal-cost":  # a timing: the verdict and its bound, not the measured ratios
                        self.assertEqual(stored["why"].split(":")[0], now["why"].split(":")[0], msg)
                    else:
                        self.assertEqual(stored["why"], now["why"], msg)

    def test_the_race_program_is_the_series_counter(self):
        program = race_program()
        self.assertIn("counter += 1", program)
        self.assertIn("range(4)", program)
        self.assertIn("1_000_000", program)

    def test_verdicts_read_the_evidence(self):
        # The grading itself, on evidence the interpreters here do not give (a lost update, a closed connection,
        # an execute() that runs both statements, a 20× Decimal), so a verdict cannot be 'wrong' by construction.
        self.assertEqual(verdict("race", {"counts": [4_000_000, 3_100_000]})[0], "reproduced")
        self.assertEqual(verdict("sqlite-with", {"openAfter": False, "closedError": "Cannot operate on a closed "
                                                 "database.", "committed": True, "rolledBack": True})[0], "reproduced")
        self.assertEqual(verdict("sqlite-injection", {"executeRaised": None, "afterExecute": False,
                                                      "afterExecutescript": False})[0], "reproduced")
        slow = {op: {"float": 1.0, "decimal": 20.0} for op in "+*"}
        self.assertEqual(verdict("decimal-cost", slow)[0], "reproduced")
        fast = {op: {"float": 1.0, "decimal": 3.0} for op in "+*"}
        self.assertEqual(verdict("decimal-cost", fast), ("wrong", "under 10×: timeit gave 3.0× for +, 3.0× for * "
                                                         "(medians of 5 repeats of 1,000,000 loops, on the machine that wrote "
                                                         "this verdict)"))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        result = compute()
        result = {"written by": WRITE, **result}
        with open(DATA, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, ensure_ascii=False)
            f.write("\n")
        for claim, by_version in result["claims"].items():
            for v, entry in by_version.items():
                print(f"{claim:17} {v:5} {entry['verdict']:10} {entry['why']}")
    else:
        unittest.main()
