"""The memory lab against the CPython versions it models (3.10 to 3.13, 64-bit), each its own interpreter
(tests/support/pythons.py; an absent one skips its test).

- The sandbox's scripts run at a real >>> prompt of each version (each line compiled in 'single' mode, as
  the REPL does, in that interpreter): every printed value, the reference count of every list, tuple,
  Node, Phoenix and uncached int a name holds, and the size of every object the names reach, after every
  line, must be what that CPython reports; from 3.12 the immortal objects must say so, and
  sys.getrefcount of them must print what CPython prints.
- The layout figures (memory.lazy, memory.layout, memory.layouts) must be sys.getsizeof's values, and the
  pipelines' totals what tracemalloc sees at the peak; the per-object figure for a __dict__ must be
  exact for every attribute count memory.layout allows, in every version.
"""
import gc
import json
import os
import random
import re
import subprocess
import sys
import tracemalloc
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from pythons import VERSIONS, run_python  # noqa: E402
from cli import llplay, run  # noqa: E402
from pythons import interpreter  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORT = os.path.join(HERE, "..", "support")
SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
ADDRESS = re.compile(r"0x[0-9a-f]+")

PRELUDE = """
import gc, sys, weakref
class Node:
    pass
class Phoenix:
    def __del__(self):
        global saved
        saved = self
"""
COUNTED = {"list", "tuple", "Node", "Phoenix", "weakref"}
ATTRIBUTE = re.compile(r"\.\s*([A-Za-z_]\w*)\s*=(?!=)")  # `x.name = ...`: the attributes a script sets


def reached(roots, children, size):
    """{path: size(object)} for everything the roots reach, in a fixed order (roots by name, list and
    tuple items in order, attributes by name). A container reached twice is listed at its first path
    only; ints, strings and the like at every path (so the small-int cache changes nothing)."""
    out, seen = {}, set()
    for name, obj, key in sorted(roots, key=lambda r: r[0]):
        walk(name, obj, key, children, size, out, seen)
    return out


def walk(path, obj, key, children, size, out, seen):
    # A plain function, not a recursive closure (a reference cycle that would hold what it saw until a
    # collection the tests count), and children one at a time: the few containers it makes at once are
    # all it leaves in the collector's count.
    kids = children(obj)
    if kids is not None:
        if key in seen:
            return
        seen.add(key)
    out[path] = size(obj)
    for suffix, kid, kid_key in kids or ():
        walk(path + suffix, kid, kid_key, children, size, out, seen)


def python_sizes(ns, names, attributes):
    """sys.getsizeof of every object the names reach."""
    def children(v):
        if type(v) in (list, tuple):
            return ((f"[{i}]", item, id(item)) for i, item in enumerate(v))
        if type(v).__name__ in ("Node", "Phoenix"):
            # getattr, not vars(): vars() would give the object a dict of its own, which gc.collect()
            # would then count.
            return ((f".{a}", getattr(v, a), id(getattr(v, a))) for a in attributes if hasattr(v, a))
        return None

    return reached([(name, ns[name], id(ns[name])) for name in names], children, sys.getsizeof)


def sandbox_sizes(state):
    """The sandbox's bytes (sys.getsizeof) of every object the names reach, and whether the state
    leaves some objects out (it lists 400 at most)."""
    objects = {o["id"]: o for o in state["objects"]}

    def children(o):
        if o is None:
            return None
        if o["type"] in ("list", "tuple"):
            return [(f"[{i}]", objects.get(r), r) for i, r in enumerate(o["refs"])]
        if "attrs" in o:
            return [(f".{a}", objects.get(r), r) for a, r in sorted(o["attrs"].items())]
        return None

    roots = [(n["name"], objects.get(n["id"]), n["id"]) for n in state["names"]]
    sizes = reached(roots, children, lambda o: None if o is None else o["bytes"])
    return {path: n for path, n in sizes.items() if n is not None}, state["hiddenObjects"] > 0


def at_the_prompt(lines):
    """Runs lines as the interactive interpreter would: (output, error, {name: refcount}, {path: size})
    per line."""
    ns = {"__name__": "__main__"}
    exec(PRELUDE, ns)
    prelude = set(ns)
    attributes = sorted({a for line in lines for a in ATTRIBUTE.findall(line)})
    gc.collect()
    shown = []
    hook = sys.displayhook
    sys.displayhook = lambda v: shown.append(repr(v)) if v is not None else None  # no `_` kept
    steps = []
    try:
        for line in lines:
            shown.clear()
            try:
                exec(compile(line, "<stdin>", "single"), ns)
                error = None
            except Exception as e:  # noqa: BLE001 - the prompt reports any exception
                error = type(e).__name__
            counts = {}
            for name in list(ns):
                kind = type(ns[name]).__name__
                if kind == "ReferenceType":
                    kind = "weakref"
                if kind in COUNTED or (kind == "int" and not -5 <= ns[name] <= 256):
                    counts[name] = sys.getrefcount(ns[name]) - 1  # minus getrefcount's own argument
            # Walking a big heap makes containers of its own: with the collector on, they could set off
            # a collection the script did not. Everything but the result is freed before it is back on.
            enabled = gc.isenabled()
            gc.disable()
            try:
                sizes = python_sizes(ns, [name for name in ns if name not in prelude], attributes)
            finally:
                if enabled:
                    gc.enable()
            steps.append(("\n".join(shown), error, counts, sizes))
    finally:
        sys.displayhook = hook
        gc.enable()
    return steps


def at_the_prompt_of(version, lines):
    """at_the_prompt in CPython `version`'s own interpreter."""
    code = (f"import json, sys; sys.path[:0] = [{HERE!r}, {SUPPORT!r}]; import cpython_test as t; "
            "print(json.dumps(t.at_the_prompt(json.loads(sys.stdin.read()))))")
    return [tuple(step) for step in json.loads(run_python(version, code, stdin=json.dumps(lines)))]


def in_the_sandbox(demo, lines, version):
    status, out = run(demo, {"script": lines, "python": version})
    assert status == 0, out
    assert out["python"] == version, out["python"]
    immortal = version >= "3.12"
    steps = []
    for step in out["steps"]:
        objects = {o["id"]: o for o in step["state"]["objects"]}
        counts = {}
        for o in objects.values():
            # From 3.12 None, True, False and the small ints are immortal (PEP 683); never before.
            if o["type"] in ("NoneType", "bool") or o.get("cached") == "small int":
                assert o.get("immortal", False) == immortal, (version, o)
            if o.get("immortal"):
                assert o["refcount"] == 4294967295, o
        for note in step["state"]["names"]:
            o = objects[note["id"]]
            if o["type"] in COUNTED or (o["type"] == "int" and "cached" not in o):
                counts[note["name"]] = o["refcount"]
        error = step.get("error", "").split(":")[0] or None
        steps.append((step["output"], error, counts, sandbox_sizes(step["state"])))
    return steps


class SandboxAgainstThePrompt(unittest.TestCase):
    def compare(self, demo, lines):
        for version in VERSIONS:
            self.compare_one(demo, lines, version)

    def compare_one(self, demo, lines, version):
        ours, theirs = in_the_sandbox(demo, lines, version), at_the_prompt_of(version, lines)
        for line, (out, err, counts, (sizes, partial)), (py_out, py_err, py_counts, py_sizes) in zip(
                lines, ours, theirs):
            with self.subTest(demo=demo, python=version, line=line):
                if line == "gc.get_count()":
                    # CPython's first count also holds the interpreter's own containers made since the last
                    # collection (code constants, the comprehension's function): at least the sandbox's.
                    ours_n, theirs_n = eval(out), eval(py_out)
                    self.assertEqual(ours_n[1:], theirs_n[1:])
                    self.assertLessEqual(ours_n[0], theirs_n[0])
                    continue
                self.assertEqual(ADDRESS.sub("0x…", out), ADDRESS.sub("0x…", py_out))
                self.assertEqual(err, py_err)
                self.assertEqual(counts, {k: v for k, v in py_counts.items() if k in counts})
                self.assertEqual(set(counts), {k for k in py_counts if k not in ("Node", "Phoenix")})
                # The "bytes (sys.getsizeof)" column: every object a name reaches, by the path to it.
                if partial:
                    self.assertLessEqual(set(sizes), set(py_sizes))
                    py_sizes = {path: py_sizes[path] for path in sizes}
                self.assertEqual(sizes, py_sizes)

    def test_the_default_scripts(self):
        _, demos, _ = llplay("list")
        for demo in ("memory.sandbox", "memory.cycles"):
            spec = next(d for d in demos if d["id"] == demo)
            script = next(p for p in spec["params"] if p["name"] == "script")["default"]
            self.compare(demo, script)

    def test_references_errors_and_identity(self):
        self.compare("memory.sandbox", [
            "a = [1, 2, 3]", "b = [a, a]", "c = b[0]", "sys.getrefcount(a)", "del a", "c is b[1]",
            "b.append(c)", "len(b)", "d = list(b)", "d == b", "d is b", "del b", "c", "zz",
            "e = [257, 257]", "e[0] is e[1]", "f = 1000", "g = f", "f is g", "del e, f",
            "n = Node(); n.me = n; n.other = [n]", "sys.getrefcount(n)", "del n.other", "sys.getrefcount(n)",
            "q = gc.get_count()", "len(q)", "s = 'tea'; t = 'tea'", "s is t",
            "u = 'a b'", "v = 'a b'", "u is v", "u == v", "[x for x in range(3)]", "w = weakref.ref(d)",
            "m = Node()", "w = weakref.ref(m)", "w() is m", "m.w = w", "del m", "w()", "w", "x = y",
            "del q.nothing", "len(c)", "c[7]",
        ])

    def test_sizes(self):
        # Each way a list gets its slots (a display of constants, of names, of more than 30 items,
        # list(), appends), the bools, None, strings of 1, 2 and 4 bytes a character, and ints of
        # one and two digits.
        many_names, many_constants = ", ".join(["a"] * 31), ", ".join(["7"] * 40)
        self.compare("memory.sandbox", [
            "a = [1, 2, 3]", "b = list(a)", "c = [a, a, a]", "d = [-1, 'x', None, True, False]", "e = []",
            "e.append(e)", "e.append(1)", "e.append(2)", "e.append(3)", "e.append(4)", "f = [257, 257]",
            f"g = [{many_names}]", f"h = [{many_constants}]", "i = list(g)", "j = [x for x in range(9)]",
            "k = list([])", "k.append(k)", "t = True; u = False; v = None", "w = 'caf\u00e9'", "len(w)",
            "y = ['\u20ac', 'x\U0001f600', 1073741824]", "len(y[1])",
            "n = Node(); n.items = [n, 2, 3]; n.name = 'n'", "m = weakref.ref(n)", "q = gc.get_count()",
        ])

    def test_reprs_and_equality(self):
        # Written whole, as CPython writes them: every level and item, [...] only for a list inside
        # itself, the quotes CPython picks; == with its identity shortcut and True == 1; an object's
        # plain weak reference made once and handed out again. (print's output is the GoogleTest's:
        # this harness sees only what the prompt echoes.)
        self.compare("memory.sandbox", [
            "a = [1, [2, [3, [4, [5, [6]]]]]]", "a", "b = [a, a]", "b", "c = [0 for i in range(25)]", "c",
            "s = \"it's\"", "s", "t = 'tab\there'", "t", "d = []", "d.append(d)", "d", "[d, [d]]",
            "d == d", "d != d", "[d] == [d]", "[True] == [1]", "[1, [2]] == [1, [2]]", "[1, [2]] == [1, [3]]",
            "n = Node()", "w = weakref.ref(n)", "v = weakref.ref(n)", "w == v", "del n", "w == v", "w == w",
        ])

    def test_immortal_objects(self):
        # sys.getrefcount of None, the bools and small ints: a count up to 3.11 (not modelled: the
        # interpreter's own references), 4294967295 from 3.12 whatever holds them; a list's count as
        # ever. Printed only where the sandbox models the figure.
        lines = ["a = None", "b = [a, a, True, 7, -5, 0]", "c = b", "d = 0", "e = False", "s = 'tea'; t = 'tea'",
                 "sys.getrefcount(s)", "u = 'a b'", "sys.getrefcount(u)", "w = 'a'", "x = '\u00e9'", "y = '\u00e9'",
                 "x is y", "del x, y"]
        for version in VERSIONS:
            if version >= "3.12":
                self.compare_one("memory.sandbox", lines + [
                    "sys.getrefcount(None)", "sys.getrefcount(b[3])", "sys.getrefcount(e)", "sys.getrefcount(c)",
                    "sys.getrefcount(w)", "sys.getrefcount('')",
                ], version)
            else:
                self.compare_one("memory.sandbox", lines + ["sys.getrefcount(c)"], version)

    def test_random_scripts(self):
        rng = random.Random(SEED)
        values = ["[]", "[1, 2]", "257", "7", "Node()", "'hi'", "None"]
        for _ in range(20):
            names = ["a", "b", "c"]
            lines = []
            for _ in range(12):
                kind = rng.randrange(6)
                x, y = rng.choice(names), rng.choice(names)
                if kind == 0:
                    lines.append(f"{x} = {rng.choice(values)}")
                elif kind == 1:
                    lines.append(f"{x} = {y}")
                elif kind == 2:
                    lines.append(f"{x} = [{y}, {x}]")
                elif kind == 3:
                    lines.append(f"del {x}")
                elif kind == 4:
                    lines.append(f"{x} is {y}")
                else:
                    lines.append(f"{x} == {y}")
            with self.subTest(seed=SEED, script=lines):
                self.compare("memory.sandbox", lines)


def wrap(name, wraps):
    """Lines making `name` a chain of `wraps` lists around the list it held (70 brackets a statement)."""
    lines = []
    while wraps > 0:
        parts = []
        for _ in range(2):
            if wraps > 0:
                k = min(wraps, 70)
                wraps -= k
                parts.append(f"{name} = {'[' * k}{name}{']' * k}")
        lines.append("; ".join(parts))
    return lines


def at_a_real_prompt(version, lines):
    """The last line's output or exception name, at `python -i` itself: the recursion depth left
    for a line depends on the frames under it, so the harness above (exec inside functions) would
    not do. Each line is a statement of its own, as the sandbox runs it."""
    body = "\n".join(lines[:-1]) + "\nimport sys\nsys.stderr.write('<<<')\n" + lines[-1] + "\n"
    proc = subprocess.run([interpreter(version), "-I", "-q", "-i"], input=body, capture_output=True,
                          text=True, timeout=120)
    err = proc.stderr.split("<<<", 1)[1]
    found = re.search(r"^(\w+Error): ", err, re.M)
    return (None, found.group(1)) if found else (proc.stdout.strip().splitlines()[-1], None)


class DepthAgainstThePrompt(unittest.TestCase):
    """`==` and repr on deeply nested lists: the same answer, or RecursionError at the same depth, as
    each CPython at a real >>> prompt (3.10 and 3.11 near 1,000, 3.12 near 1,500, 3.13 near 10,000)."""

    # The depths probed: where each version's limit is said to be (sandbox_interpreter.hpp), one each
    # side, and far past it. The answers are the real prompt's.
    NEAR = {"3.10": 999, "3.11": 999, "3.12": 1498, "3.13": 9999}

    def test_the_depth_where_recursion_error_starts(self):
        for version in VERSIONS:
            near = self.NEAR[version]
            for wraps, last in ((near - 2, "a"), (near - 1, "a"), (near - 2, "print(a)"), (near - 1, "print(a)"),
                                (near - 1, "a == b"), (near, "a == b"), (near + 2000, "a"),
                                (near + 2000, "a == b")):
                lines = ["a = []", "b = []", *wrap("a", wraps), *wrap("b", wraps), last]
                with self.subTest(python=version, wraps=wraps, line=last):
                    status, out = run("memory.sandbox", {"script": lines, "python": version})
                    self.assertEqual(status, 0, out)
                    step = out["steps"][-1]
                    ours = (step["output"] if "error" not in step else None,
                            step.get("error", "").split(":")[0] or None)
                    self.assertEqual(ours, at_a_real_prompt(version, lines))


def tracemalloc_run(fn):
    """The bytes fn allocates and keeps, and its peak above what was there before."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    fn()
    now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return now - before, peak - before


def tracemalloc_peak(fn):
    return tracemalloc_run(fn)[1]


class LayoutsAgainstCPython(unittest.TestCase):
    def test_pipelines(self):
        for n in (10, 300, 1000, 100_000, 1_000_000):
            with self.subTest(n=n):
                status, out = run("memory.lazy", {"n": n, "python": f"{sys.version_info[0]}.{sys.version_info[1]}"})
                self.assertEqual(status, 0, out)
                cp = out["cpython"]
                squares = [x * x for x in range(n)]
                self.assertEqual(cp["eager"]["listBytes"], sys.getsizeof(squares))
                self.assertEqual(cp["eager"]["intBytes"], sum(sys.getsizeof(v) for v in squares if v > 256))
                self.assertEqual(out["eager"]["sum"], str(sum(squares)))
                self.assertEqual(out["lazy"]["sum"], str(sum(squares)))
                self.assertEqual(out["lazy"]["secondPass"], "0")
                self.assertEqual(cp["eager"]["largestSquare"], str(squares[-1]))
                self.assertEqual(cp["eager"]["largestSquareBytes"], sys.getsizeof(squares[-1]))
                del squares
                gen = (x * x for x in range(n))
                self.assertEqual(cp["lazy"]["generatorBytes"], sys.getsizeof(gen))
                self.assertEqual(cp["lazy"]["rangeIteratorBytes"], sys.getsizeof(iter(range(n))))
                if n >= 100_000:
                    # tracemalloc also sees the interpreter's own working memory during the run (~130 KB
                    # on 3.11, whatever n is); everything else is the list and the squares.
                    eager = tracemalloc_peak(lambda: sum([x * x for x in range(n)]))
                    self.assertGreaterEqual(eager, cp["eager"]["totalBytes"])
                    self.assertLess(eager - cp["eager"]["totalBytes"], 256 * 1024)
                    lazy = tracemalloc_peak(lambda: sum(x * x for x in range(n)))
                    self.assertLess(lazy, 4 * cp["lazy"]["totalBytes"])  # frame + iterator, whatever n is

    def test_the_lazy_objects_in_every_version(self):
        code = "import sys; print(sys.getsizeof(x * x for x in range(10)), sys.getsizeof(iter(range(10))))"
        for version in VERSIONS:
            generator, iterator = map(int, run_python(version, code).split())
            status, out = run("memory.lazy", {"n": 1000, "python": version})
            self.assertEqual(status, 0, out)
            lazy = out["cpython"]["lazy"]
            self.assertEqual((out["cpython"]["python"], lazy["generatorBytes"], lazy["rangeIteratorBytes"]),
                             (version, generator, iterator))

    def test_instances(self):
        # Every attribute count memory.layout allows, both layouts, every version; and memory.layouts' table.
        _, demos, _ = llplay("list")
        spec = next(d for d in demos if d["id"] == "memory.layout")
        attrs = next(p for p in spec["params"] if p["name"] == "attrs")
        low, high = int(attrs["min"]), int(attrs["max"])
        self.assertEqual(high, 64)
        for version in VERSIONS:
            measured = {int(k): v for k, v in json.loads(run_python(version, INSTANCES % (low, high))).items()}
            figures = {}
            for k in range(low, high + 1):
                for layout in ("dict", "slots"):
                    status, one = run("memory.layout", {"n": 1, "layout": layout, "attrs": k, "python": version})
                    self.assertEqual(status, 0, one)
                    self.assertEqual(one["cpython"]["python"], version)
                    figures[k, layout] = one["cpython"]["bytesPerObject"]
                own_from = one["cpython"]["ownDictFrom"]
            for k in range(low, high + 1):
                m = measured[k]
                with self.subTest(python=version, attrs=k):
                    self.assertEqual(figures[k, "slots"], m["slots"])
                    if k < own_from:
                        # Only the objects and their values: tracemalloc sees every byte.
                        self.assertAlmostEqual(m["kept"], figures[k, "dict"], delta=0.5)
                        continue
                    # A dict of its own: sys.getsizeof counts it, and its keys where they are its alone.
                    # tracemalloc may see a little less, as dicts come back from CPython's free list.
                    if version == "3.13":
                        # The values array stays inside the object, unused: what 29 attributes took.
                        self.assertEqual(figures[k, "dict"] - figures[own_from - 1, "dict"], m["dict"])
                    else:
                        self.assertEqual(figures[k, "dict"], m["object"] + m["dict"])
                    self.assertAlmostEqual(m["kept"], figures[k, "dict"], delta=80 * 64 / 2000 + 0.5)
            status, out = run("memory.layouts", {"n": 1000, "attrs": 3, "python": version})
            self.assertEqual(status, 0, out)
            for row in out["cpythonByAttrs"]:
                k = row["attrs"]
                self.assertEqual((row["dict"], row["slots"]), (figures[k, "dict"], figures[k, "slots"]))
            self.assertEqual(out["dict"]["cpython"]["bytesPerObject"], figures[3, "dict"])
            self.assertEqual(out["slots"]["cpython"]["bytesPerObject"], figures[3, "slots"])


# Run in each interpreter: per attribute count, sys.getsizeof of a __slots__ instance, the bytes a plain
# instance keeps (tracemalloc, once the class's shared keys have settled), and sys.getsizeof of the last
# instance and of its __dict__ (asked for last: asking makes one where there was none).
INSTANCES = """
import gc, json, sys, tracemalloc
count = 2000
out = {}
for k in range(%d, %d + 1):
    names = [f"a{i}" for i in range(k)]
    Slots = type("Slots", (), {"__slots__": tuple(names)})
    Plain = type("Plain", (), {})
    def make(cls):
        objs = [None] * count
        for i in range(count):
            o = cls()
            for name in names:
                setattr(o, name, None)
            objs[i] = o
        return objs
    slots = sys.getsizeof(make(Slots)[0])
    make(Plain)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    keep = make(Plain)
    now = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    kept = (now - before - sys.getsizeof(keep)) / count
    o = keep[-1]
    out[k] = {"slots": slots, "kept": kept, "object": sys.getsizeof(o), "dict": sys.getsizeof(o.__dict__)}
print(json.dumps(out))
"""

if __name__ == "__main__":
    print(f"LLPLAY_SEED={SEED}")
    unittest.main()
