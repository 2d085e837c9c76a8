// The profile lab: what tracing costs per call, natively and in each wasm build under Node, against cProfile's
// own cost per call on the same Python fib in CPython. Figures only: no target (the overhead is the lesson).
import { execFileSync } from 'node:child_process';

const PYTHON = String.raw`
import cProfile, sys, time
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
n = int(sys.argv[1])
bare = traced = float('inf')
for _ in range(3):
    t0 = time.perf_counter(); fib(n); bare = min(bare, time.perf_counter() - t0)
    p = cProfile.Profile(); t0 = time.perf_counter(); p.runcall(fib, n); traced = min(traced, time.perf_counter() - t0)
print(bare * 1e3, traced * 1e3, sys.version.split()[0])
`;

export default async function profile({ sideBySide }) {
  const n = 25;
  const calls = 242785;
  const [bareText, tracedText, version] = execFileSync('python3', ['-c', PYTHON, String(n)], { encoding: 'utf8' })
    .trim()
    .split(' ');
  const [bare, traced] = [Number(bareText), Number(tracedText)];
  const rows = [
    [
      `fib(${n}) under cProfile: CPython ${version}`,
      `${traced.toFixed(1)} ms`,
      `${(((traced - bare) / calls) * 1e6).toFixed(0)} ns/call added (bare ${bare.toFixed(1)} ms)`,
    ],
  ];
  const best = await sideBySide('profile.compare', 3, async (run) => {
    const result = await run('profile.compare', { kernel: 'fib', fibN: n, runs: 3 });
    return { ms: result.traced.medianMs, result };
  });
  for (const [name, { ms, result }] of Object.entries(best)) {
    rows.push([
      `fib(${n}) traced: ${name}`,
      `${ms.toFixed(1)} ms`,
      `${(((ms - result.bare.medianMs) / calls) * 1e6).toFixed(0)} ns/call added (bare ${result.bare.medianMs.toFixed(2)} ms); sampled ${result.sampled.medianMs.toFixed(2)} ms`,
    ]);
  }
  return rows;
}
