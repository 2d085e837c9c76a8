// JSON, side by side in one run on the same 20 MB generated payload (seed 1): each engine's MB/s
// natively and in the JSON lab's module under Node (json.compare runs all three on one document), then in
// headless Chromium the wasm streaming engine against the browser's JSON.parse plus a JavaScript walk
// of the same text, which json.compare runs in the same worker right after the engines.
// Each figure is the best of several runs, timed inside the code itself (text in memory to answer).
// Targets: streaming >= 2x JSON.parse + walk in Chromium; wasm within 1.25x of native.
import { launch, serveDist, openPage } from '../../tests/support/browser.mjs';

const PARAMS = { source: 'random', sizeMB: 20, seed: 1 };
const ENGINES_ONLY = { ...PARAMS, reference: false }; // under Node: no JSON.parse garbage between the engines
const ENGINES = ['recursive', 'iterative', 'streaming'];

function keepBest(best, result) {
  for (const row of [...result.engines, ...(result.reference ? [result.reference] : [])]) {
    const name = row.engine;
    if (!row.ok) throw new Error(`${name}: ${row.code}: ${row.message}`);
    if (!best[name] || row.ms < best[name].ms) best[name] = row;
  }
  best.bytes = result.bytes;
}

export default async function json({ sideBySide, againstNative, ratio }) {
  const runs = await sideBySide('json.compare', 5, async (run) => ({
    ms: 0,
    result: await run('json.compare', ENGINES_ONLY),
  }));
  const best = {};
  for (const [name, { all }] of Object.entries(runs)) for (const result of all) keepBest((best[name] ??= {}), result);
  const mb = best.native.bytes / 1e6;
  const rows = [];
  for (const engine of ENGINES) {
    const base = best.native[engine];
    rows.push([
      `${engine}, ${mb.toFixed(1)} MB: native`,
      `${base.mbPerSecond.toFixed(1)} MB/s`,
      `${base.ms.toFixed(0)} ms, peak ${(base.peakBytes / 1e6).toFixed(1)} MB`,
    ]);
    for (const v of Object.keys(best).filter((name) => name !== 'native')) {
      const row = best[v][engine];
      rows.push([
        `${engine}, ${mb.toFixed(1)} MB: ${v} (Node)`,
        `${row.mbPerSecond.toFixed(1)} MB/s`,
        againstNative(row.ms, base.ms),
      ]);
    }
  }

  const browser = await launch();
  try {
    for (const [variant, isolation] of [
      ['mt', true],
      ['st', false],
    ]) {
      const site = await serveDist({ isolation });
      const page = await openPage(browser, `${site.url}?demo=json.validate`);
      const results = await page.evaluate(async (params) => {
        await window.llplay.ready;
        const out = [];
        for (let i = 0; i < 5; i++) out.push(await window.llplay.run('json.compare', params));
        return { variant: window.llplay.variant, out };
      }, PARAMS);
      await page.context().close();
      site.server.close();
      const b = {};
      for (const r of results.out) keepBest(b, r);
      const s = b.streaming,
        ref = b['JSON.parse + JavaScript walk'];
      rows.push([
        `Chromium ${results.variant}: wasm streaming`,
        `${s.mbPerSecond.toFixed(1)} MB/s`,
        `${s.ms.toFixed(0)} ms`,
      ]);
      rows.push([
        `Chromium ${results.variant}: JSON.parse + JS walk`,
        `${ref.mbPerSecond.toFixed(1)} MB/s`,
        `${ref.ms.toFixed(0)} ms (parse ${ref.parseMs.toFixed(0)} + walk ${ref.walkMs.toFixed(0)}; UTF-8 decode ${ref.decodeMs.toFixed(0)} more)`,
      ]);
      rows.push([
        `Chromium ${results.variant}: streaming vs JSON.parse + walk`,
        ratio(ref.ms, s.ms),
        'faster (target ≥ 2×)',
      ]);
    }
  } finally {
    await browser.close();
  }
  return rows;
}
