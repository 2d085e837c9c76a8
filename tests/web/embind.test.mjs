// Each wasm build's Embind surface under Node: structs and enums from list(), run() outcomes,
// error codes, progress callbacks, and the cancel word at cancelWordAddress().
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;

for (const variant of ['st', 'mt']) {
  const dir = `${root}build/wasm-${variant}`;
  const load = () => require(`${dir}/llplay-${variant}.js`)({
    // Node 20's fetch cannot read file paths, so the module gets its bytes directly.
    wasmBinary: fs.readFileSync(`${dir}/llplay-${variant}.wasm`),
  });
  const modulePromise = load();
  after(async () => (await modulePromise).PThread?.terminateAllThreads());

  test(`${variant}: variant() names the build`, async () => {
    const M = await modulePromise;
    assert.equal(M.variant(), variant);
    assert.equal(M.HEAP8.buffer instanceof SharedArrayBuffer, variant === 'mt');
  });

  test(`${variant}: list() returns DemoInfo structs with enum types`, async () => {
    const M = await modulePromise;
    const demos = M.list();
    const ids = [];
    for (let i = 0; i < demos.size(); i++) {
      const demo = demos.get(i);
      ids.push(demo.id);
      if (demo.id === 'float.drift') {
        assert.equal(demo.lab, 'floats');
        assert.equal(demo.needs, M.Needs.nothing);
        const n = demo.params.get(1);
        assert.equal(n.name, 'n');
        assert.equal(n.type, M.ParamType.integer);
        assert.equal(JSON.parse(n.defaultJson), 10000000);
        assert.equal(n.max, 100000000);
        assert.equal(demo.params.get(0).type, M.ParamType.string);
        n.choices.delete();
        demo.params.get(0).choices.delete();
      }
      demo.params.delete();
    }
    demos.delete();
    assert.ok(ids.includes('float.repr') && ids.includes('float.drift'), ids.join());
  });

  test(`${variant}: run() answers results and coded errors, and keeps working`, async () => {
    const M = await modulePromise;
    const ok = M.run('float.repr', '{"values":["0.1","1e16","-0.0"]}', 1, null);
    assert.equal(ok.ok, true);
    assert.deepEqual(JSON.parse(ok.resultJson), { repr: ['0.1', '1e+16', '-0.0'] });

    const bad = M.run('float.repr', '{"values":["abc"]}', 2, null);
    assert.equal(bad.ok, false);
    assert.equal(bad.code, M.ErrorCode.BadParams);
    assert.match(bad.message, /values\[0\]: "abc" is not a Python float literal/);
    assert.equal(M.run('nope.nope', '', 3, null).code, M.ErrorCode.UnknownDemo);
    assert.equal(M.run('float.repr', '{', 4, null).code, M.ErrorCode.BadParams);
    assert.equal(M.run('float.repr', '', 5, null).ok, true);
  });

  test(`${variant}: long runs report progress and stop when the cancel word holds their id`, async () => {
    const M = await modulePromise;
    const word = M.cancelWordAddress() >> 2;
    const seen = [];
    const outcome = M.run('float.drift', '{"n":100000000}', 42, (fraction) => {
      seen.push(fraction);
      if (seen.length === 2) Atomics.store(M.HEAP32, word, 41);  // another run's id: ignored
      if (seen.length === 3) Atomics.store(M.HEAP32, word, 42);  // this run's id: cancels
    });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.code, M.ErrorCode.Cancelled);
    assert.equal(seen.length, 3);
    assert.ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1])), seen.join());
    const next = M.run('float.drift', '{"n":1000}', 43, null);
    assert.equal(next.ok, true, 'the next run works');
    assert.equal(JSON.parse(next.resultJson).exact_total, '100.00');
  });
}
