// Floats, side by side in one run: exact fsum (native, wasm st/mt under Node, CPython's math.fsum on the
// very same doubles), Decimal add/multiply (native, wasm, CPython's decimal, which is libmpdec), and
// the drift's summation loops. Each figure is the best of several runs, timed inside the code itself.
// Targets: fsum >= 5x CPython, Decimal add at least as fast as CPython, wasm within 1.25x of native.
import { execFileSync } from 'node:child_process';

const PYTHON = String.raw`
import decimal, math, operator, sys, time
def best(f, runs=5):
    t = float('inf')
    for _ in range(runs):
        t0 = time.perf_counter(); f(); t = min(t, time.perf_counter() - t0)
    return t * 1e3
def splitmix(seed):
    s = seed
    while True:
        s = (s + 0x9e3779b97f4a7c15) & (2**64 - 1); z = s
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & (2**64 - 1)
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & (2**64 - 1)
        yield z ^ (z >> 31)
n = int(sys.argv[1])
for data in ("uniform", "wide"):
    g, xs = splitmix(1), []
    for _ in range(n):
        x = (next(g) >> 11) * 2.0**-53
        if data == "wide":
            x = -x if next(g) % 2 else x
            x = math.ldexp(x, next(g) % 121 - 60)
        xs.append(x)
    print("fsum", data, repr(math.fsum(xs)), best(lambda: math.fsum(xs)))
D = decimal.Decimal
a = [D(f"{1 + i % 9973}.{10 + i % 89}") for i in range(n)]
b = [D(f"0.{10 + (i * 7) % 89}") for i in range(n)]
print("decimal add", best(lambda: list(map(operator.add, a, b)), 3))
print("decimal mul", best(lambda: list(map(operator.mul, a, b)), 3))
`;

export default async function floats({ native, runWasm, ratio }) {
  const n = 1000000;
  const python = {};
  for (const line of execFileSync('python3', ['-c', PYTHON, String(n)], { encoding: 'utf8' }).trim().split('\n')) {
    const parts = line.split(' ');
    python[parts.slice(0, 2).join(' ')] = { repr: parts.length === 4 ? parts[2] : undefined, ms: Number(parts.at(-1)) };
  }
  const runners = { native: async (id, p) => native(id, p), 'wasm st': (id, p) => runWasm('st', id, p), 'wasm mt': (id, p) => runWasm('mt', id, p) };
  const best = async (run, id, params, key, runs = 5) => {
    let ms = Infinity, result;
    for (let i = 0; i < runs; i++) {
      result = await run(id, params);
      ms = Math.min(ms, result[key]);
    }
    return { ms, result };
  };
  const rows = [];

  for (const data of ['uniform', 'wide']) {
    const py = python[`fsum ${data}`];
    const ours = {};
    for (const [name, run] of Object.entries(runners)) ours[name] = await best(run, 'float.fsum-speed', { n, data }, 'fsum_ms');
    const same = Object.values(ours).every((o) => o.result.fsum === py.repr) ? 'same bits as CPython' : 'DIFFERENT RESULT';
    rows.push([`fsum, 1M ${data} doubles: CPython math.fsum`, `${py.ms.toFixed(2)} ms`, `${(py.ms * 1e6 / n).toFixed(1)} ns/value`]);
    rows.push([`fsum, 1M ${data} doubles: native`, `${ours.native.ms.toFixed(2)} ms`, `${ratio(py.ms, ours.native.ms)} faster than CPython (target ≥ 5×), ${same}`]);
    for (const v of ['wasm st', 'wasm mt']) rows.push([`fsum, 1M ${data} doubles: ${v}`, `${ours[v].ms.toFixed(2)} ms`, `${ratio(ours[v].ms, ours.native.ms)} native (target ≤ 1.25×)`]);
  }

  const cost = {};
  for (const [name, run] of Object.entries(runners)) {
    cost[name] = { add: Infinity, mul: Infinity };
    for (let i = 0; i < 3; i++) {
      const r = await run('decimal.cost', { n });
      cost[name].add = Math.min(cost[name].add, r.decimal_add_ms);
      cost[name].mul = Math.min(cost[name].mul, r.decimal_mul_ms);
    }
  }
  for (const op of ['add', 'mul']) {
    const py = python[`decimal ${op}`].ms;
    rows.push([`Decimal ${op}, 1M ops: CPython (libmpdec)`, `${(py * 1e6 / n).toFixed(1)} ns/op`, 'map(operator.' + op + ', a, b)']);
    rows.push([`Decimal ${op}, 1M ops: native`, `${(cost.native[op] * 1e6 / n).toFixed(1)} ns/op`, `${ratio(py, cost.native[op])} CPython's speed (target ≥ 1×${op === 'mul' ? ', add only' : ''})`]);
    for (const v of ['wasm st', 'wasm mt']) rows.push([`Decimal ${op}, 1M ops: ${v}`, `${(cost[v][op] * 1e6 / n).toFixed(1)} ns/op`, `${ratio(cost[v][op], cost.native[op])} native (target ≤ 1.25×)`]);
  }

  const drift = {};
  for (const [name, run] of Object.entries(runners)) {
    const rows3 = [];
    for (let i = 0; i < 2; i++) rows3.push(...(await run('float.drift', { n: 100000000 })).rows);
    drift[name] = (s) => Math.min(...rows3.filter((r) => r.strategy === s).map((r) => r.ms));
  }
  for (const loop of ['naive', 'kahan', 'exact', 'decimal']) {
    const base = drift.native(loop);
    rows.push([`drift ${loop}, 1e8 adds: native`, `${base.toFixed(0)} ms`, `${(base * 1e6 / 1e8).toFixed(2)} ns/add`]);
    for (const v of ['wasm st', 'wasm mt']) rows.push([`drift ${loop}, 1e8 adds: ${v}`, `${drift[v](loop).toFixed(0)} ms`, `${ratio(drift[v](loop), base)} native (target ≤ 1.25×)`]);
  }
  return rows;
}
