// Runs scripts/benches/<name>.mjs (all, or those named on the command line) and prints their tables.
// A bench module exports `default async function (tools)` returning rows of [figure, value, note].
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadModule } from './assemble.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'build/native/bin/llplay');
const labOf = new Map(JSON.parse(execFileSync(cli, ['list'], { encoding: 'utf8' })).map((d) => [d.id, d.lab]));

const modules = new Map();
/** The tools every bench gets: the CLI, each lab's wasm modules under Node, timing helpers. */
const tools = {
  root,
  /** Runs a demo natively; returns its result (throws on an error result). */
  native(id, params = {}) {
    const out = spawnSync(cli, ['run', id, '--params', JSON.stringify(params)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const result = JSON.parse(out.stdout);
    if (result.error) throw new Error(`${id}: ${result.error.code}: ${result.error.message}`);
    return result;
  },
  /** The builds a lab's module exists in: ['st'], or ['st', 'mt'] for labs with threads. */
  variants: (lab) => ['st', 'mt'].filter((v) => fs.existsSync(path.join(root, `build/wasm-${v}/llplay-${lab}.wasm`))),
  /** A lab's module of a variant, loaded once under Node. */
  wasm(lab, variant) {
    const key = `${variant}/${lab}`;
    if (!modules.has(key)) modules.set(key, loadModule(lab, variant));
    return modules.get(key);
  },
  /** Runs a demo in its lab's module of `variant` under Node; returns its result. */
  async runWasm(variant, id, params = {}) {
    const M = await tools.wasm(labOf.get(id), variant);
    const outcome = M.run(id, JSON.stringify(params), 1, null);
    if (!outcome.ok) throw new Error(`${id} (${variant}): ${outcome.code}: ${outcome.message}`);
    return JSON.parse(outcome.resultJson);
  },
  /**
   * Times one figure side by side: `measure(runner)` for each runner ('native', 'wasm st', 'wasm mt' where
   * the demo's lab has that module) in turn, `rounds` times, so a slow moment of the machine hits every
   * runner alike. `measure(run)` gets run(id, params), which returns the demo's result, and returns
   * {ms, result}. Returns {runner: {ms, result}} for each runner's best run, with `all`, every result.
   */
  async sideBySide(id, rounds, measure) {
    const runners = { native: async (i, p) => tools.native(i, p) };
    for (const v of tools.variants(labOf.get(id))) runners[`wasm ${v}`] = (i, p) => tools.runWasm(v, i, p);
    const best = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of Object.entries(runners)) {
        const m = await measure(run);
        const all = [...(best[name]?.all ?? []), m.result];
        best[name] = !best[name] || m.ms < best[name].ms ? { ...m, all } : { ...best[name], all };
      }
    }
    return best;
  },
  /**
   * The note for a wasm figure against native's: the ratio and the target. Wasm running faster than native
   * code compiled from the same C++ by more than the noise of this machine (10%) is not a believable
   * figure: it is printed as such, never as a result.
   */
  againstNative(wasmMs, nativeMs, target = 1.25) {
    const r = wasmMs / nativeMs;
    if (r < 0.9) return `not believable: wasm measured ${r.toFixed(2)}× native's time (noise; rerun on a quiet machine)`;
    return `${r.toFixed(2)}× native (target ≤ ${target}×)${r > target ? '  MISSED' : ''}`;
  },
  ratio: (a, b) => `${(a / b).toFixed(2)}×`,
};

const dir = path.join(root, 'scripts/benches');
const wanted = process.argv.slice(2);
const names = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).filter((n) => !wanted.length || wanted.includes(n));
for (const name of names.sort()) {
  const bench = (await import(path.join(dir, `${name}.mjs`))).default;
  console.log(`\n## ${name}`);
  const rows = await bench(tools);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [figure, value, note = ''] of rows) console.log(`  ${figure.padEnd(width)}  ${String(value).padStart(12)}  ${note}`);
}
for (const M of modules.values()) (await M).PThread?.terminateAllThreads();
