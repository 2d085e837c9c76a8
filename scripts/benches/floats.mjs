// Floats: the drift's summation loops, native against wasm (st and mt under Node), each timed by the
// demo itself, best of 3. Target: wasm within 1.25× of native.
export default async function floats({ native, runWasm, ratio }) {
  const params = { n: 100000000 };
  const runs = { native: async () => native('float.drift', params), 'wasm st': () => runWasm('st', 'float.drift', params), 'wasm mt': () => runWasm('mt', 'float.drift', params) };
  const ms = {};
  for (const [name, run] of Object.entries(runs)) {
    const rows = [];
    for (let i = 0; i < 3; i++) rows.push(...(await run()).rows);
    ms[name] = (strategy) => Math.min(...rows.filter((r) => r.strategy === strategy).map((r) => r.ms));
  }
  const out = [];
  for (const loop of ['naive', 'kahan']) {
    const base = ms.native(loop);
    out.push([`drift ${loop}, 1e8 adds: native`, `${base.toFixed(1)} ms`, `${(base * 1e6 / 1e8).toFixed(2)} ns/add`]);
    for (const v of ['wasm st', 'wasm mt']) out.push([`drift ${loop}, 1e8 adds: ${v}`, `${ms[v](loop).toFixed(1)} ms`, `${ratio(ms[v](loop), base)} native (target ≤ 1.25×)`]);
  }
  return out;
}
