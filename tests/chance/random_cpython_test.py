"""random.draw, random.recover and random.birthday against every CPython the lab takes (3.10-3.13): fixed
corner cases and fresh random ones (a new seed each run, printed so a failure can be replayed with
LLPLAY_SEED). Each case's values are what random.Random(seed).<fn>(*args) returns, repr() for repr()."""
import json
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from cli import run  # noqa: E402
from pythons import VERSIONS, run_python  # noqa: E402

SEED = int(os.environ.get("LLPLAY_SEED", random.randrange(2**32)))
print(f"LLPLAY_SEED={SEED}", file=sys.stderr)

# Runs a list of cases in one interpreter: each the values of `count` calls, or the exception's name.
REFERENCE = r'''
import json, random, sys, warnings
warnings.simplefilter("ignore")
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
out = []
for c in json.load(sys.stdin):
    try:
        kind = c.get("seedKind", "int")
        rng = random.Random(c["seedText"] if kind == "text" else int(c["seed"]))
        method = getattr(rng, c["fn"])
        args, kwargs = c["args"], c.get("kwargs", {})
        if c["fn"] == "shuffle" and args and isinstance(args[0], list):
            args = [list(args[0])] + args[1:]
        values = []
        for _ in range(c["count"]):
            if c["fn"] == "shuffle":
                method(*args, **kwargs)
                values.append(repr(args[0]))
            else:
                values.append(repr(method(*args, **kwargs)))
        out.append({"values": values})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
'''

FNS = ["random", "getrandbits", "randrange", "randint", "uniform", "choice", "shuffle", "sample", "gauss",
       "normalvariate", "expovariate", "triangular", "betavariate", "gammavariate", "lognormvariate",
       "vonmisesvariate", "paretovariate", "weibullvariate", "choices", "binomialvariate"]


def case(fn, args=(), count=5, seed="42", seed_text=None, **kwargs):
    c = {"fn": fn, "args": list(args), "count": count, "seed": seed, "kwargs": kwargs}
    if seed_text is not None:
        c.update(seedKind="text", seedText=seed_text)
    return c


def fixed_cases():
    seeds = ["0", "1", "-1", "42", "-42", str(2**32 - 1), str(2**32), str(-(2**32)), str(2**200 + 12345),
             str(-(3**150)), "1_000_000", " 7 ", "1" + "0" * 9999]
    cases = [case("random", count=8, seed=s) for s in seeds]
    texts = ["", "a", "hello", "é", "日本語", "x" * 111, "y" * 112, "z" * 239, "w" * 240, "q" * 1000]
    cases += [case("random", count=3, seed_text=t) for t in texts]
    cases += [
        case("getrandbits", [0]), case("getrandbits", [1]), case("getrandbits", [31]), case("getrandbits", [32]),
        case("getrandbits", [33]), case("getrandbits", [64]), case("getrandbits", [100]),
        case("getrandbits", [1000], count=2), case("getrandbits", [100000], count=1), case("getrandbits", [-1]),
        case("getrandbits", [2.0]), case("getrandbits", []), case("getrandbits", [1, 2]),
        case("randrange", [10]), case("randrange", [1]), case("randrange", [0]), case("randrange", [-5]),
        case("randrange", [3, 10]), case("randrange", [10, 3]), case("randrange", [10, 3, -2]),
        case("randrange", [0, 100, 7]), case("randrange", [0, 100, 0]), case("randrange", [5, 5]),
        case("randrange", [-(2**63), 2**63]), case("randrange", [2**64 - 1]), case("randrange", [10, None]),
        case("randrange", [10, None, 2]), case("randrange", [10, None, 1]), case("randrange", [10.0]),
        case("randrange", [10.5]), case("randrange", [2.0, 9.0]), case("randrange", [0, 10, 2.0]),
        case("randrange", ["10"]), case("randrange", [[1]]), case("randrange", [True]),
        case("randrange", [0, 10, 1, 1]), case("randint", [1, 6], count=20), case("randint", [5, 4]),
        case("randint", [1.0, 6.0]), case("randint", [-10, 10]), case("randint", [0, 2**64 - 2]), case("randrange", [-(2**63), 2**64 - 1, 3]),
        case("uniform", [0, 1]), case("uniform", [-1.5, 2.5]), case("uniform", [10, 2]),
        case("uniform", [1e308, -1e308]), case("uniform", ["a", 1]), case("uniform", [True, 3]),
        case("choice", [[1, 2.5, "three", None, True, [4]]], count=10), case("choice", [[]]),
        case("choice", ["abc"]), case("choice", [""]), case("choice", [5]),
        case("shuffle", [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], count=4), case("shuffle", [[]]), case("shuffle", [[1]]),
        case("shuffle", [[1, 2], None]), case("shuffle", [["it's", 'say "hi"', "tab\there", "back\\slash"]]),
        case("sample", [list(range(10)), 3]), case("sample", [list(range(10)), 10]),
        case("sample", [list(range(10)), 11]), case("sample", [list(range(10)), -1]),
        case("sample", [list(range(100)), 30]), case("sample", [list(range(1000)), 6]),
        case("sample", [list(range(25)), 5]), case("sample", [list(range(200)), 199]),
        case("sample", ["abcdef", 3]), case("sample", [list(range(5)), 2.0]), case("sample", [5, 1]),
        case("gauss", [], count=7), case("gauss", [0, 1], count=7), case("gauss", [100, 15], count=4),
        case("normalvariate", [], count=5), case("normalvariate", [2, 0.5]), case("lognormvariate", [0, 1]),
        case("lognormvariate", [800, 1]), case("expovariate", [1.5]), case("expovariate", []),
        case("expovariate", [0]), case("expovariate", [-2]), case("triangular", []),
        case("triangular", [0, 10]), case("triangular", [0, 10, 2]), case("triangular", [0, 10, 20]),
        case("triangular", [5, 5, 5]), case("triangular", [5.5, 5.5, 1]), case("triangular", [1, 3, None]),
        case("betavariate", [2, 5]), case("betavariate", [0.5, 0.5]), case("betavariate", [1, 1]),
        case("betavariate", [0, 1]), case("gammavariate", [0.5, 2]), case("gammavariate", [1, 3]),
        case("gammavariate", [9, 0.5]), case("gammavariate", [0, 1]), case("gammavariate", [1, -1]),
        case("vonmisesvariate", [0, 0]), case("vonmisesvariate", [1, 4]), case("vonmisesvariate", [-3, 0.5]),
        case("paretovariate", [3]), case("paretovariate", [0]), case("paretovariate", [0.001]),
        case("weibullvariate", [1, 1.5]), case("weibullvariate", [2, 0]), case("random", [1]),
    ]
    # Keyword arguments, bound as each signature binds them.
    cases += [
        case("random", x=1), case("getrandbits", k=5), case("uniform", a=1, b=2), case("uniform", [1], b=3),
        case("uniform", [1], a=3), case("randrange", start=3, stop=10), case("randrange", [3], step=2),
        case("gauss", mu=10), case("gauss", sigma=2.0), case("expovariate", lambd=2), case("shuffle", [[1, 2]], random=None),
        case("triangular", mode=0.9), case("choice", seq=[1, 2]), case("sample", [[1, 2, 3]], k=2),
        case("sample", population=[1, 2, 3], k=1), case("sample", [[1, 2, 3]]), case("choices", [[1, 2]], q=1),
    ]
    # choices: floor(random() * n) without weights, bisect on the cumulative weights with them.
    cases += [
        case("choices", [[1, 2, 3]], count=10), case("choices", ["abc"], k=10), case("choices", [[]], k=0),
        case("choices", [[]]), case("choices", [[], []]), case("choices", [[1, 2]], k=-1), case("choices", [[1, 2]], k=2.0),
        case("choices", [[1, 2]], k=None), case("choices", [[1, 2]], k=True), case("choices", [[1, 2], 5]),
        case("choices", [[1, 2], True]), case("choices", [[1, 2], [1, 2]], cum_weights=[1, 2]),
        case("choices", [[1, 2], [1]]), case("choices", [[1, 2]], cum_weights=[1, 2, 3]),
        case("choices", [[1, 2], [0, 0]]), case("choices", [[1, 2], [1, -1]]), case("choices", [[1, 2], [-1, -1]]),
        case("choices", [[1, 2], [1e308, 1e308]]), case("choices", [[1, 2, 3]], cum_weights=[1, 1, 5], k=10),
        case("choices", [[1, 2, 3], [0.1, 0.2, 0.7]], k=20), case("choices", [["x", "y", "z"], [5, 0, 1]], k=30),
        case("choices", ["ab", ["a", "b"]]), case("choices", ["ab", ["a", 1]]), case("choices", [[1, 2], [1, "b"]]),
        case("choices", [[1, 2], [1, None]]), case("choices", [[1], [None]]), case("choices", [[1, 2], [[1], [2]]]),
        case("choices", [[1, 2, 3]], cum_weights=[1, "x", 3], k=5), case("choices", [[1, 2, 3]], cum_weights=[1, 2, "x"]),
        case("choices", [[1, 2, 3], [True, False, True]], k=10), case("choices", [5]), case("choices", [None]),
        case("choices", [[1, 2]], cum_weights=5), case("choices", [[1, 2]], cum_weights="ab"),
        case("choices", [[1, 2], [2**70, 1]], k=10), case("choices", [[1, 2], [2**60 + 1, 2**60]], k=10),
        case("choices", [[1, 2, 3]], cum_weights=[3, 2, 1], k=10), case("choices", [[1, 2, 3]], cum_weights=[1, 2.5, 3], k=10),
        case("choices", [[1, 2, 3]], cum_weights=[2**53 + 1, 2**54, 2**55], k=10), case("choices", [[1, 2]], weights="ab"),
        case("choices", population=[1, 2], k=3), case("choices", [[1, 2], [1, 3]], k=10000, count=1),
        case("choices", [list(range(50)), [i % 7 for i in range(50)]], k=40),
    ]
    # binomialvariate (3.12+; AttributeError before): the geometric method below n p = 10, BTRS above.
    cases += [
        case("binomialvariate", count=20), case("binomialvariate", [10, 0.5], count=20), case("binomialvariate", [100, 0.3], count=50),
        case("binomialvariate", [1000, 0.9], count=20), case("binomialvariate", [5, 0.99]), case("binomialvariate", [20, 0.2], count=30),
        case("binomialvariate", [0, 0.5]), case("binomialvariate", [-1, 0.5]), case("binomialvariate", [10, 0]),
        case("binomialvariate", [10, 1]), case("binomialvariate", [10, 1.0]), case("binomialvariate", [10, 1.5]),
        case("binomialvariate", [10, -0.1]), case("binomialvariate", [10.0, 1.0]), case("binomialvariate", [10.5, 0.3], count=10),
        case("binomialvariate", [100.0, 0.7], count=10), case("binomialvariate", [40.5, 0.6], count=10),
        case("binomialvariate", [True, 0.5], count=10), case("binomialvariate", [True, True]),
        case("binomialvariate", [False, 0.7]), case("binomialvariate", ["5", 0.5]), case("binomialvariate", [5, "x"]),
        case("binomialvariate", [None]), case("binomialvariate", [2**62, 0.5], count=10),
        case("binomialvariate", [2**63 - 1, 0.25], count=10), case("binomialvariate", [10**15, 1e-14], count=10),
        case("binomialvariate", [50, 1e-300]), case("binomialvariate", [1, 0.3], count=10), case("binomialvariate", [1.0, 0.3]),
        case("binomialvariate", [10**6, 0.5], count=100), case("binomialvariate", [21, 0.5], count=100),
        case("binomialvariate", [19, 0.5], count=100), case("binomialvariate", n=40, p=0.25, count=10),
        case("binomialvariate", n=3), case("binomialvariate", [5], n=5), case("binomialvariate", q=1),
        case("binomialvariate", [1, 2, 3]),
    ]
    # sample with counts (3.9+): sample(range(total), k), then bisect on the cumulative counts.
    cases += [
        case("sample", [["a", "b", "c"], 4], counts=[3, 1, 2]), case("sample", [["a", "b"]], k=3, counts=[2, 2]),
        case("sample", [["a", "b"], 5], counts=[2, 2]), case("sample", [["a"], 1], counts=[0]),
        case("sample", [["a", "b", "c"], 1], counts=[1, 2]), case("sample", [["a", "b"], 1], counts=[1.5, 2]),
        case("sample", [[], 0], counts=[]), case("sample", [["a"], 1], counts=5), case("sample", ["xy", 1], counts="ab"),
        case("sample", [["a", "b", "c"], 3], counts=[3, -1, 2]), case("sample", [["a", "b"], 5], counts=[10**12, 10**12]),
        case("sample", [["a", "b"], 2], counts=[True, True]), case("sample", [list(range(5)), 2.0], counts=[1] * 5),
        case("sample", [list(range(5)), "x"], counts=[1] * 5), case("sample", ["abc", 2], counts=[1, 1, 1]),
        case("sample", [["a"], 1], counts=[None]), case("sample", [["a", "b", "c"], 1000], counts=[2**40] * 3, count=2),
        case("sample", [["a", "b", "c"], 4], counts=[2, 3, 1], count=10), case("sample", [["a", "b"], -1], counts=[1, 1]),
        case("sample", [["a", "b"], 40], counts=[30, 30], count=3), case("sample", [5, 1], counts=[1]),
    ]
    return cases


def random_args(rng, fn):
    num = lambda: rng.choice([rng.randint(-100, 100), round(rng.uniform(-50, 50), rng.randrange(0, 6)),
                              rng.uniform(0.01, 20)])
    pos = lambda: rng.choice([rng.randint(1, 20), rng.uniform(0.05, 12)])
    items = lambda: [rng.choice([rng.randint(-9, 99), rng.random(), "s%d" % rng.randrange(50), None, True])
                     for _ in range(rng.randrange(0, 40))]
    if fn == "getrandbits":
        return [rng.choice([rng.randrange(0, 70), rng.randrange(0, 3000)])]
    if fn == "randrange":
        a, b = rng.randint(-2**rng.randrange(1, 64), 2**rng.randrange(1, 64)), rng.randint(-1000, 2**40)
        return rng.choice([[abs(a) + 1], [a, b], [a, b, rng.choice([1, 2, 3, -1, -7, 1000])], [min(a, b), max(a, b) + 1]])
    if fn == "randint":
        a = rng.randint(-10**rng.randrange(1, 18), 10**rng.randrange(1, 18))
        return [a, a + rng.randrange(0, 10**rng.randrange(1, 18))]
    if fn in ("choice", "shuffle"):
        return [items()]
    if fn == "sample":
        pop = items()
        return [pop, rng.randint(0, len(pop))]
    if fn in ("uniform", "gauss", "normalvariate", "lognormvariate"):
        return [num(), pos() if fn != "uniform" else num()]
    if fn == "triangular":
        return rng.choice([[], [num(), num()], [num(), num(), num()]])
    if fn in ("betavariate", "gammavariate", "weibullvariate"):
        return [pos(), pos()]
    if fn == "vonmisesvariate":
        return [num(), rng.choice([0, 1e-7, pos()])]
    if fn in ("expovariate", "paretovariate"):
        return [pos()]
    if fn == "choices":
        pop = items() or [1]
        return rng.choice([[pop], [pop, [rng.choice([rng.randint(0, 9), rng.uniform(0, 5)]) for _ in pop]]])
    if fn == "binomialvariate":
        n = rng.choice([rng.randint(0, 50), rng.randint(0, 10**rng.randrange(1, 13)), rng.uniform(0, 500)])
        return rng.choice([[], [n], [n, rng.random()], [n, rng.choice([0, 1, 0.5, rng.uniform(0, 1e-3), 1 - rng.uniform(0, 1e-3)])]])
    return []


def random_kwargs(rng, fn, args):
    if fn == "choices":
        kwargs = {"k": rng.randrange(0, 40)}
        if len(args) == 1 and rng.random() < 0.5:
            kwargs["cum_weights"] = sorted(rng.choice([rng.randint(1, 50), rng.uniform(0.1, 9)]) for _ in args[0])
        return kwargs
    if fn == "sample" and args[0] and rng.random() < 0.5:
        counts = [rng.randrange(0, 6) for _ in args[0]]
        counts[0] += 1
        args[1] = rng.randint(0, sum(counts))
        return {"counts": counts}
    return {}


def random_seed(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return {"seed": str(rng.randint(-2**32, 2**32))}
    if kind == 1:
        return {"seed": str(rng.getrandbits(rng.randrange(1, 2000)) * rng.choice([1, -1]))}
    if kind == 2:
        alphabet = "abcXYZ 09_-\n\té€😀"
        return {"seedKind": "text", "seedText": "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 300))),
                "seed": "0"}
    return {"seed": str(rng.randrange(100))}


def random_cases(rng, n):
    cases = []
    for _ in range(n):
        fn = rng.choice(FNS)
        args = random_args(rng, fn)
        c = case(fn, args, count=rng.choice([1, 3, 10, 50]), **random_kwargs(rng, fn, args))
        c.update(random_seed(rng))
        cases.append(c)
    return cases


def llplay_draw(c, version):
    params = {"fn": c["fn"], "args": c["args"], "kwargs": c.get("kwargs", {}), "count": c["count"], "python": version,
              "seed": c["seed"]}
    if c.get("seedKind") == "text":
        params.update(seedKind="text", seedText=c["seedText"])
    else:
        params["seedKind"] = "int"
    status, out = run("random.draw", params)
    if status == 0:
        return {"values": out["values"]}
    return {"error": out["error"]["code"]}


class DrawTest(unittest.TestCase):
    def check(self, cases):
        for version in VERSIONS:
            expected = json.loads(run_python(version, REFERENCE, stdin=json.dumps(cases)))
            for c, want in zip(cases, expected):
                with self.subTest(python=version, case=json.dumps(c)[:300]):
                    self.assertEqual(llplay_draw(c, version), want)

    def test_fixed_corner_cases(self):
        self.check(fixed_cases())

    def test_long_runs_of_the_new_methods(self):
        # Thousands of values each: BTRS's acceptance test (lgamma, log) and the geometric method's log2
        # decide many of them, so a last-digit difference there would show.
        self.check([case("binomialvariate", [1000, 0.4], count=20000, seed="7"),
                    case("binomialvariate", [30, 0.45], count=20000, seed="8"),
                    case("binomialvariate", [123456789, 0.001], count=5000, seed="9"),
                    case("binomialvariate", [60, 0.1], count=20000, seed="10"),
                    case("choices", [list(range(100)), [i * 0.37 for i in range(100)]], k=200, count=100, seed="11"),
                    case("sample", [list(range(100)), 50], count=200, seed="12", counts=[i % 9 for i in range(100)])])

    def test_fresh_random_cases(self):
        self.check(random_cases(random.Random(SEED), 150))

    def test_limits_are_coded(self):
        status, out = run("random.draw", {"seed": "9" * 10001, "seedKind": "int"})
        self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"))
        status, out = run("random.draw", {"fn": "getrandbits", "args": [100001]})
        self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"))
        status, out = run("random.draw", {"fn": "getrandbits", "args": [100000], "count": 1000})
        self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"))
        status, out = run("random.draw", {"seed": "12x", "seedKind": "int"})
        self.assertEqual((status, out["error"]["code"]), (2, "ValueError"))
        status, out = run("random.draw", {"count": 100001})
        self.assertEqual((status, out["error"]["code"]), (2, "BadParams"))
        status, out = run("random.draw", {"fn": "choices", "args": [[1]], "kwargs": {"k": 1000001}})
        self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"))
        status, out = run("random.draw", {"fn": "sample", "args": [[1], 1000001], "kwargs": {"counts": [2**62]}})
        self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"))
        status, out = run("random.draw", {"fn": "choices", "args": [["x" * 1000]], "kwargs": {"k": 10000}, "count": 1000})
        self.assertEqual((status, out["error"]["code"]), (3, "LimitExceeded"))
        status, out = run("random.draw", {"fn": "choices", "args": [[1]], "kwargs": [1]})
        self.assertEqual((status, out["error"]["code"]), (2, "BadParams"))

    def test_state_and_anatomy_of_random(self):
        code = ("import random, json; r = random.Random(42); s = r.getstate()[1]; "
                "a = r.getrandbits(32); b = r.getrandbits(32); r2 = random.Random(42); "
                "print(json.dumps({'words': list(s[:624]), 'index': s[624], 'a': a, 'b': b, 'v': repr(r2.random())}))")
        want = json.loads(run_python("3.13", code))
        status, out = run("random.draw", {"seed": "42", "count": 1})
        self.assertEqual(status, 0, out)
        self.assertEqual(out["state"], {"words": want["words"], "index": want["index"]})
        self.assertEqual((out["firstRandom"]["a"], out["firstRandom"]["b"]), (want["a"], want["b"]))
        self.assertEqual(out["firstRandom"]["value"], want["v"])
        self.assertEqual(out["values"], [want["v"]])
        self.assertEqual(out["outputs"], 2)

    def test_seed_without_argument_is_os_randomness(self):
        a = run("random.draw", {"seedKind": "none", "count": 3})[1]
        b = run("random.draw", {"seedKind": "none", "count": 3})[1]
        self.assertEqual(a["seededBy"], "urandom")
        self.assertEqual(a["keyWords"], 624)
        self.assertNotEqual(a["values"], b["values"])


RECOVER = r'''
import json, random, sys
c = json.load(sys.stdin)
rng = random.Random(int(c["seed"]))
for _ in range(c["skip"]):
    rng.random()
outs = [rng.getrandbits(32) for _ in range(624 + c["next"])]
print(json.dumps(outs))
'''


class RecoverTest(unittest.TestCase):
    def test_predicts_cpythons_stream(self):
        rng = random.Random(SEED + 1)
        for version in VERSIONS:
            for seed, skip, nxt in [("0", 0, 10), ("42", 1, 1000), (str(rng.getrandbits(300)), rng.randrange(2000), 5000)]:
                stream = json.loads(run_python(version, RECOVER, stdin=json.dumps({"seed": seed, "skip": skip, "next": nxt})))
                status, out = run("random.recover", {"outputs": stream[:624], "next": nxt})
                self.assertEqual(status, 0, out)
                self.assertEqual(out["predicted"], stream[624:], f"python {version}, seed {seed}, skip {skip}")

    def test_generated_outputs_match_cpython(self):
        stream = json.loads(run_python("3.13", RECOVER, stdin=json.dumps({"seed": "2024", "skip": 0, "next": 20})))
        status, out = run("random.recover", {"seed": "2024", "seedKind": "int", "next": 20})
        self.assertEqual(status, 0, out)
        self.assertEqual(out["outputs"], stream[:624])
        self.assertEqual(out["actual"], stream[624:])
        self.assertEqual(out["predicted"], stream[624:])
        self.assertEqual(out["matched"], 20)

    def test_bad_outputs_are_bad_params(self):
        for outputs in [[1] * 625, [1] * 623, [1] * 623 + [2**32], [1] * 623 + [-1], [1] * 623 + [1.5], "x"]:
            status, out = run("random.recover", {"outputs": outputs})
            self.assertEqual((status, out["error"]["code"]), (2, "BadParams"), str(outputs)[-30:])


class SpeedTest(unittest.TestCase):
    def test_the_timed_loop_sums_what_cpython_sums(self):
        code = "import random, sys; r = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else %s); s = 0.0\nfor _ in range(%d): s += r.random()\nprint(repr(s))"
        for version in VERSIONS:
            for seed, n in [("42", 1), ("-7", 12345), (str(SEED), 100000)]:
                want = run_python(version, code % (seed, n)).strip()
                status, out = run("random.speed", {"seed": seed, "seedKind": "int", "n": n})
                self.assertEqual(status, 0, out)
                self.assertEqual(out["sum"], want, (version, seed, n))


BIRTHDAY = r'''
import json, random, sys
c = json.load(sys.stdin)
rng = random.Random(int(c["seed"]))
n = c["people"]
print(sum(len(set(rng.randrange(365) for _ in range(n))) < n for _ in range(c["trials"])))
'''


class BirthdayTest(unittest.TestCase):
    def test_same_count_as_cpython(self):
        rng = random.Random(SEED + 2)
        for version in VERSIONS:  # randrange(365) is the same in every version: each interpreter says so
            for people, trials in [(23, 2000), (1, 10), (rng.randrange(2, 80), rng.randrange(1, 3000))]:
                seed = str(rng.getrandbits(64))
                want = int(run_python(version, BIRTHDAY, stdin=json.dumps({"seed": seed, "people": people, "trials": trials})))
                status, out = run("random.birthday", {"seed": seed, "seedKind": "int", "people": people, "trials": trials})
                self.assertEqual(status, 0, out)
                self.assertEqual(out["shared"], want, (version, people, trials, seed))


if __name__ == "__main__":
    unittest.main()
