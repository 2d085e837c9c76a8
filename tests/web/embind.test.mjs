// Every lab's wasm module, alone under Node (st, and mt where the lab has threads): it registers its own lab
// and nothing else, lists what the CLI lists for that lab, answers results and coded errors, keeps working,
// and stops a run when the cancel word holds its id.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadModule } from '../../scripts/assemble.mjs';

const root = new URL('../../', import.meta.url).pathname;
const cli = (...args) => JSON.parse(execFileSync(`${root}build/native/bin/llplay`, args, { encoding: 'utf8' }));
const labs = cli('labs');
const everyDemo = cli('list');

/** A demo of each lab that runs fast at these params, with what its result must hold. */
const probes = {
  floats: [
    'float.repr',
    { values: ['0.1', '1e16', '-0.0'] },
    (r) => assert.deepEqual(r, { repr: ['0.1', '1e+16', '-0.0'] }),
  ],
  memory: [
    'memory.lazy',
    { n: 1000 },
    (r) => assert.deepEqual([r.eager.sum, r.lazy.sum, r.lazy.secondPass], ['332833500', '332833500', '0']),
  ],
  recursion: ['recursion.run', { depth: 100, limit: 1000 }, (r) => assert.equal(r.reached, 100)],
  json: ['json.validate', { doc: '[1, {"a": 2}]' }, (r) => assert.equal(r.valid, true)],
  parallel: ['parallel.kernel', { from: 0, to: 1000 }, (r) => assert.equal(r.sum, '332833500')],
  sql: null, // its demos run in the browser, on sql.js; the module only validates their params
  chance: [
    'random.draw',
    { seed: '42', count: 3 },
    (r) => assert.deepEqual(r.values, ['0.6394267984578837', '0.025010755222666936', '0.27502931836911926']),
  ],
  async: [
    'async.run',
    {
      program: 'import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print(now())\nasyncio.run(main())\n',
    },
    (r) => assert.deepEqual(r.output, ['1.0']),
  ],
  files: [
    'path.pure',
    { flavour: 'posix', path: '/a', op: 'joinpath', arg: '/b' },
    (r) => assert.equal(r.result, '/b'),
  ],
  network: [
    'http.request',
    { method: 'GET', url: 'http://h:81/', headers: [] },
    (r) => assert.equal(r.bytes, 'GET / HTTP/1.1\r\nHost: h:81\r\nAccept-Encoding: identity\r\n\r\n'),
  ],
  profile: [
    'profile.ncalls',
    { fibN: 10 },
    (r) =>
      assert.deepEqual(
        r.table.map((t) => t.ncalls),
        ['177/1'],
      ),
  ],
};

test('the CLI and the modules know the same labs', () => {
  assert.deepEqual(
    labs.map((l) => l.id),
    Object.keys(probes),
  );
  for (const lab of labs) assert.ok(fs.existsSync(`${root}build/wasm-st/llplay-${lab.id}.wasm`), lab.id);
});

for (const { id: lab } of labs) {
  for (const variant of ['st', 'mt']) {
    if (!fs.existsSync(`${root}build/wasm-${variant}/llplay-${lab}.wasm`)) continue;
    const modulePromise = loadModule(lab, variant);
    after(async () => (await modulePromise).PThread?.terminateAllThreads());

    test(`${lab} (${variant}): registers its own lab only, and lists what the CLI lists for it`, async () => {
      const M = await modulePromise;
      assert.equal(M.variant(), variant);
      assert.equal(M.HEAP8.buffer instanceof SharedArrayBuffer, variant === 'mt');
      assert.deepEqual(
        JSON.parse(M.labs()),
        [labs.find((l) => l.id === lab)].map(({ id, title }) => ({ id, title })),
      );
      const listed = JSON.parse(M.list());
      assert.ok(listed.length > 0 && listed.every((d) => d.lab === lab));
      // The CLI leaves out the browser-only sql.js demos; every other description is the same, field for field.
      assert.deepEqual(
        listed.filter((d) => d.needs !== 'sqljs'),
        everyDemo.filter((d) => d.lab === lab),
      );
    });

    test(`${lab} (${variant}): answers results and coded errors, and keeps working`, async () => {
      const M = await modulePromise;
      const other = everyDemo.find((d) => d.lab !== lab);
      const foreign = M.run(other.id, '', 1, null);
      assert.deepEqual([foreign.ok, foreign.code], [false, 'UnknownDemo'], "another lab's demo is not in this module");
      const first = JSON.parse(M.list())[0];
      const bad = M.run(first.id, '{"no such parameter": 1}', 2, null);
      assert.deepEqual([bad.ok, bad.code], [false, 'BadParams']);
      assert.match(bad.message, /has no parameter 'no such parameter'/);
      assert.equal(M.run(first.id, '{', 3, null).code, 'BadParams');
      const checked = M.check(first.id, '');
      assert.equal(checked.ok, true);
      assert.deepEqual(Object.keys(JSON.parse(checked.resultJson)).sort(), first.params.map((p) => p.name).sort());
      if (!probes[lab]) return;
      const [id, params, expect] = probes[lab];
      const ok = M.run(id, JSON.stringify(params), 4, null);
      assert.equal(ok.ok, true, ok.message);
      expect(JSON.parse(ok.resultJson));
    });
  }
}

test('floats (st): long runs report progress and stop when the cancel word holds their id', async () => {
  const M = await loadModule('floats', 'st');
  const word = M.cancelWordAddress() >> 2;
  const seen = [];
  const outcome = M.run('float.drift', '{"n":100000000}', 42, (fraction) => {
    seen.push(fraction);
    if (seen.length === 2) Atomics.store(M.HEAP32, word, 41); // another run's id: ignored
    if (seen.length === 3) Atomics.store(M.HEAP32, word, 42); // this run's id: cancels
  });
  assert.equal(outcome.ok, false);
  assert.equal(outcome.code, 'Cancelled');
  assert.equal(seen.length, 3);
  assert.ok(
    seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1])),
    seen.join(),
  );
  const next = M.run('float.drift', '{"n":1000}', 43, null);
  assert.equal(next.ok, true, 'the next run works');
  assert.equal(JSON.parse(next.resultJson).exactTotal, '100.00');
});
