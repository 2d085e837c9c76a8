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
    const out = spawnSync(cli, ['run', id, '--params', JSON.stringify(params)], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
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
    // One untimed round first: wasm runs a function in the engine's baseline compiler until its optimised
    // code is ready, and a kernel called once per run is optimised only from its second call.
    if (!measure.again) for (const [name, run] of Object.entries(runners)) if (name !== 'native') await measure(run);
    const best = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of Object.entries(runners)) {
        const m = await measure(run);
        const all = [...(best[name]?.all ?? []), m.result];
        best[name] = !best[name] || m.ms < best[name].ms ? { ...m, all } : { ...best[name], all };
      }
    }
    // Wasm faster than native code from the same C++ by more than this machine's noise (10%) is measured
    // again, twice as long: a figure is printed only as what a second measurement confirms.
    const suspect = Object.keys(best).filter((name) => name !== 'native' && best[name].ms < 0.9 * best.native.ms);
    if (suspect.length && !measure.again) {
      const again = await tools.sideBySide(
        id,
        rounds * 2,
        Object.assign((run) => measure(run), { again: true }),
      );
      for (const name of suspect) {
        best[name] = { ...again[name], rechecked: again[name].ms < 0.9 * again.native.ms };
        best.native = again.native;
      }
    }
    return best;
  },
  /**
   * The note for a wasm figure against native's: the ratio and the target. Where wasm beat native by more
   * than the noise twice in a row (`rechecked`), it says so and why that can happen.
   */
  againstNative(wasmMs, nativeMs, { rechecked = false, target = 1.25 } = {}) {
    const r = wasmMs / nativeMs;
    if (rechecked)
      return `${r.toFixed(2)}× native: faster, and again when measured twice as long. native is g++'s machine code, wasm is clang's, compiled again by V8: different compilers, and here the second wins`;
    return `${r.toFixed(2)}× native (target ≤ ${target}×)${r > target ? '  MISSED' : r < 0.9 ? '  (faster than native: noise)' : ''}`;
  },
  ratio: (a, b) => `${(a / b).toFixed(2)}×`,
};

const dir = path.join(root, 'scripts/benches');
const wanted = process.argv.slice(2);
const names = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .filter((n) => !wanted.length || wanted.includes(n));
for (const name of names.sort()) {
  const bench = (await import(path.join(dir, `${name}.mjs`))).default;
  console.log(`\n## ${name}`);
  const rows = await bench(tools);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [figure, value, note = ''] of rows)
    console.log(`  ${figure.padEnd(width)}  ${String(value).padStart(12)}  ${note}`);
}
for (const M of modules.values()) (await M).PThread?.terminateAllThreads();
