// Runs scripts/benches/<name>.mjs (all, or those named on the command line) and prints their tables.
// A bench module exports `default async function (tools)` returning rows of [figure, value, note].
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);

const modules = new Map();
/** The tools every bench gets: the CLI, the wasm modules under Node, timing helpers. */
const tools = {
  root,
  /** Runs a demo natively; returns its result (throws on an error result). */
  native(id, params = {}) {
    const out = spawnSync(path.join(root, 'build/native/bin/llplay'), ['run', id, '--params', JSON.stringify(params)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const result = JSON.parse(out.stdout);
    if (result.error) throw new Error(`${id}: ${result.error.code}: ${result.error.message}`);
    return result;
  },
  /** The wasm module of a variant, loaded once under Node. */
  async wasm(variant) {
    if (!modules.has(variant)) {
      const dir = path.join(root, `build/wasm-${variant}`);
      modules.set(variant, require(path.join(dir, `llplay-${variant}.js`))({ wasmBinary: fs.readFileSync(path.join(dir, `llplay-${variant}.wasm`)) }));
    }
    return modules.get(variant);
  },
  /** Runs a demo in a wasm variant under Node; returns its result. */
  async runWasm(variant, id, params = {}) {
    const M = await tools.wasm(variant);
    const outcome = M.run(id, JSON.stringify(params), 1, null);
    if (!outcome.ok) throw new Error(`${id} (${variant}): ${outcome.message}`);
    return JSON.parse(outcome.resultJson);
  },
  /** The best (smallest) of `runs` values produced by `measure()`. */
  async best(runs, measure) {
    let best = Infinity;
    for (let i = 0; i < runs; i++) best = Math.min(best, await measure());
    return best;
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
