// Floats, side by side in one run: exact fsum (native, the floats module under Node, CPython's math.fsum on
// the very same doubles), Decimal add/multiply (native, wasm, CPython's decimal, which is libmpdec), and
// the drift's summation loops. Each figure is the best of several runs (each run's figure the median of its
// own timed repetitions, after a warm-up), native and wasm interleaved, timed inside the code itself. The floats lab has no threads, so its module exists in st only.
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

export default async function floats({ sideBySide, againstNative, ratio }) {
  const n = 1000000;
  const python = {};
  for (const line of execFileSync('python3', ['-c', PYTHON, String(n)], { encoding: 'utf8' })
    .trim()
    .split('\n')) {
    const parts = line.split(' ');
    python[parts.slice(0, 2).join(' ')] = { repr: parts.length === 4 ? parts[2] : undefined, ms: Number(parts.at(-1)) };
  }
  const rows = [];
  const wasmRows = (label, best, unit = (ms) => `${ms.toFixed(2)} ms`) => {
    for (const [name, { ms, rechecked }] of Object.entries(best)) {
      if (name !== 'native')
        rows.push([`${label}: ${name}`, unit(ms), againstNative(ms, best.native.ms, { rechecked })]);
    }
  };

  for (const data of ['uniform', 'wide']) {
    const py = python[`fsum ${data}`];
    const best = await sideBySide('float.fsum-speed', 5, async (run) => {
      const result = await run('float.fsum-speed', { n, data });
      return { ms: result.fsumTime.medianMs, result };
    });
    const same = Object.values(best).every((o) => o.result.fsum === py.repr)
      ? 'same bits as CPython'
      : 'DIFFERENT RESULT';
    rows.push([
      `fsum, 1M ${data} doubles: CPython math.fsum`,
      `${py.ms.toFixed(2)} ms`,
      `${((py.ms * 1e6) / n).toFixed(1)} ns/value`,
    ]);
    rows.push([
      `fsum, 1M ${data} doubles: native`,
      `${best.native.ms.toFixed(2)} ms`,
      `${ratio(py.ms, best.native.ms)} faster than CPython (target ≥ 5×), ${same}`,
    ]);
    wasmRows(`fsum, 1M ${data} doubles`, best);
  }

  for (const op of ['add', 'mul']) {
    const best = await sideBySide('decimal.cost', 3, async (run) => {
      const result = await run('decimal.cost', { n });
      return { ms: result[op === 'add' ? 'add' : 'multiply'].decimal.medianMs, result };
    });
    const perOp = (ms) => `${((ms * 1e6) / n).toFixed(1)} ns/op`;
    const py = python[`decimal ${op}`].ms;
    rows.push([`Decimal ${op}, 1M ops: CPython (libmpdec)`, perOp(py), 'map(operator.' + op + ', a, b)']);
    rows.push([
      `Decimal ${op}, 1M ops: native`,
      perOp(best.native.ms),
      `${ratio(py, best.native.ms)} CPython's speed (target ≥ 1×${op === 'mul' ? ', add only' : ''})`,
    ]);
    wasmRows(`Decimal ${op}, 1M ops`, best, perOp);
  }

  for (const loop of ['naive', 'kahan', 'exact', 'decimal']) {
    const best = await sideBySide('float.drift', 2, async (run) => {
      const result = await run('float.drift', { n: 100000000 });
      return { ms: result.rows.find((r) => r.strategy === loop).ms, result: null };
    });
    rows.push([
      `drift ${loop}, 1e8 adds: native`,
      `${best.native.ms.toFixed(0)} ms`,
      `${((best.native.ms * 1e6) / 1e8).toFixed(2)} ns/add`,
    ]);
    wasmRows(`drift ${loop}, 1e8 adds`, best, (ms) => `${ms.toFixed(0)} ms`);
  }
  return rows;
}
