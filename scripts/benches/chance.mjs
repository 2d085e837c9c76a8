// The chance lab: a million random() calls natively, in the wasm module under Node, and in CPython, the
// same seed giving the same sum everywhere. Each figure is the best of several runs, timed inside the code.
// Target (issue 16): wasm at least CPython's speed.
import { execFileSync } from 'node:child_process';

const PYTHON = String.raw`
import random, sys, time
n = int(sys.argv[1])
best_loop = best_list = float('inf')
for _ in range(5):
    rnd = random.Random(42).random
    t0 = time.perf_counter(); s = 0.0
    for _ in range(n):
        s += rnd()
    best_loop = min(best_loop, time.perf_counter() - t0)
    rnd = random.Random(42).random
    t0 = time.perf_counter(); [rnd() for _ in range(n)]; best_list = min(best_list, time.perf_counter() - t0)
print(repr(s), best_loop * 1e3, best_list * 1e3)
`;

export default async function chance({ sideBySide, againstNative, ratio }) {
  const n = 1000000;
  const [sum, loopMs, listMs] = execFileSync('python3', ['-c', PYTHON, String(n)], { encoding: 'utf8' })
    .trim()
    .split(' ');
  const python = Math.min(Number(loopMs), Number(listMs));
  const best = await sideBySide('random.speed', 5, async (run) => {
    const result = await run('random.speed', { n, seed: '42' });
    return { ms: result.ms, result };
  });
  const same = Object.values(best).every((o) => o.result.sum === sum) ? 'same sum as CPython' : 'DIFFERENT SUM';
  const rows = [
    [
      `1M random(): CPython (best of a loop and a list comprehension)`,
      `${python.toFixed(2)} ms`,
      `${((python * 1e6) / n).toFixed(1)} ns/call`,
    ],
  ];
  rows.push([
    '1M random(): native',
    `${best.native.ms.toFixed(2)} ms`,
    `${ratio(python, best.native.ms)} CPython's speed, ${same}`,
  ]);
  for (const [name, { ms, rechecked }] of Object.entries(best)) {
    if (name !== 'native') {
      rows.push([
        `1M random(): ${name}`,
        `${ms.toFixed(2)} ms`,
        `${ratio(python, ms)} CPython's speed (target ≥ 1×${python / ms < 1 ? ': MISSED' : ''}); ${againstNative(ms, best.native.ms, { rechecked })}`,
      ]);
    }
  }
  return rows;
}
