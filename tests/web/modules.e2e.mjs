// One wasm module per lab, in Chromium: each lab's module loads alone (st, and mt where the lab has threads),
// a demo of one lab downloads no other lab's module, and window.llplay still lists every demo of every lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { settled, wasmRequests } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();
const root = new URL('../../', import.meta.url).pathname;
const registry = JSON.parse(fs.readFileSync(`${root}dist/registry.json`, 'utf8'));

/** A quick demo of each lab, as an embed link would show it. */
const quick = {
  floats: 'float.repr',
  memory: 'memory.lazy&n=1000',
  recursion: 'recursion.run&depth=100',
  json: 'json.validate',
  parallel: 'parallel.kernel&to=1000',
  sql: 'sql.joins',
  chance: 'random.draw',
  async: 'async.run',
  files: 'path.pure',
  network: 'http.request',
  profile: 'profile.ncalls',
};

test('every lab has a quick demo here', () =>
  assert.deepEqual(
    Object.keys(quick),
    registry.labs.map((l) => l.id),
  ));

for (const [name, isolated] of [
  ['mt', true],
  ['st', false],
]) {
  for (const lab of registry.labs) {
    const variant = isolated && lab.variants.includes('mt') ? 'mt' : 'st';
    test(`${name} page: the ${lab.id} lab's demo loads the ${lab.id} module (${variant}) and nothing of another lab`, async () => {
      const page = await open();
      const requested = wasmRequests(page);
      await page.goto(`${sites[name].url}embed.html?demo=${quick[lab.id]}`);
      await settled(page, 'done', 60000);
      assert.ok(requested.length > 0, 'a module was downloaded');
      for (const file of requested) {
        assert.match(
          file,
          new RegExp(`^${variant}/llplay-${lab.id}\\.(js|wasm|worker\\.js)$`),
          `${lab.id}'s demo asked for ${file}`,
        );
      }
      assert.deepEqual(page.problems, []);
    });
  }

  test(`${name} page: window.llplay.list() has every demo of every lab; loading one lab's module loads no other`, async () => {
    const page = await open();
    const requested = wasmRequests(page);
    await page.goto(`${sites[name].url}embed.html?demo=float.repr`);
    await settled(page);
    const out = await page.evaluate(async () => {
      const llplay = await window.llplay.ready;
      const loaded = await llplay.load('json');
      return { ids: llplay.list().map((d) => d.id), labs: llplay.labs(), loaded };
    });
    const cli = JSON.parse(execFileSync(`${root}build/native/bin/llplay`, ['list'], { encoding: 'utf8' })).map(
      (d) => d.id,
    );
    for (const id of cli) assert.ok(out.ids.includes(id), `${id} is listed`);
    assert.ok(out.ids.includes('sql.joins'), 'and the browser-only sql.js demos');
    assert.deepEqual(out.labs, registry.labs);
    assert.ok(out.loaded.ms >= 0);
    assert.deepEqual(
      [...new Set(requested.map((f) => f.replace(/^\w+\/llplay-(\w+)\..*$/, '$1')))],
      ['floats', 'json'],
    );
  });
}
