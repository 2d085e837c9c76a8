// The speed check: 100,000 tasks each sleeping once, run by the async lab's wasm module (st, under
// Node) and by CPython 3.13 on the same virtual clock. Both figures are printed; the module must use less CPU
// time than CPython (CPU time, not wall time, so a busy machine does not decide the verdict).
//   node --test tests/async/speed.test.mjs   (needs build/wasm-st/llplay-async.* and pyenv's 3.13)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../../', import.meta.url).pathname;
const program = (n) => `import asyncio

async def request(i):
    await asyncio.sleep(1)
    return i

async def main():
    results = await asyncio.gather(*[request(i) for i in range(${n})])
    print(len(results), sum(results), now())

asyncio.run(main())
`;

function cpuMs(work) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = work();
  const c = process.cpuUsage(c0);
  return { value, cpuMs: (c.user + c.system) / 1000, ms: performance.now() - t0 };
}

test('100,000 tasks each sleeping once: the wasm module against CPython 3.13', async () => {
  const file = `${root}build/wasm-st/llplay-async`;
  const M = await createRequire(import.meta.url)(`${file}.js`)({ wasmBinary: fs.readFileSync(`${file}.wasm`) });
  const run = (n) => {
    const out = M.run('async.run', JSON.stringify({ program: program(n), python: '3.13' }), 1, null);
    assert.ok(out.ok, `${out.code}: ${out.message}`);
    return JSON.parse(out.resultJson);
  };
  run(1000); // warm-up: the engine compiles the hot code optimised only once it is hot
  const wasm = cpuMs(() => run(100000));
  assert.deepEqual(wasm.value.output, ['100000 4999950000 1.0']);

  const cpython = JSON.parse(
    execFileSync('python3', [`${root}tests/async/virtual_clock.py`, '3.13'], {
      input: program(100000),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  );
  assert.deepEqual(cpython.output, wasm.value.output, 'the same lines');
  console.log(
    `100,000 tasks: wasm ${wasm.cpuMs.toFixed(0)} ms CPU (${wasm.ms.toFixed(0)} ms wall), ` +
      `CPython 3.13 ${cpython.cpuMs.toFixed(0)} ms CPU (${cpython.ms.toFixed(0)} ms wall)`,
  );
  assert.ok(wasm.cpuMs < cpython.cpuMs, `wasm ${wasm.cpuMs} ms CPU is not below CPython's ${cpython.cpuMs} ms`);
});
