// The SQL lab's own worker: sql.js and the lab database live here, away from the page and from the
// C++ module's worker. It speaks the bridge's protocol (web/bridge.js), so runs queue, report progress
// and cancel like every other demo; a cancel terminates this worker, and the next one starts afresh.
import initSqlJs from '../../vendor/sqljs/sql-wasm.mjs';
import { createLab } from './queries.js';

let lab = null;

const actions = {
  /** Loads sql.js and makes the lab database; `startMs`, how long that took here, is scripts/bench's figure. */
  async init() {
    const t0 = performance.now();
    const SQL = await initSqlJs({ locateFile: (file) => new URL(`../../vendor/sqljs/${file}`, import.meta.url).href });
    lab = createLab(SQL);
    return { startMs: performance.now() - t0 };
  },
  run: ({ id, demo, params }) =>
    lab.run(demo, params, (fraction) => self.postMessage({ id, type: 'progress', fraction })),
  reset: () => lab.reset(),
  export: () => lab.exportDatabase(),
  open: ({ bytes }) => lab.openDatabase(bytes),
};

self.onmessage = async ({ data }) => {
  const { id, action } = data ?? {};
  try {
    const result = await actions[action](data);
    if (action === 'init') self.postMessage({ id, type: 'ready', ...result });
    else self.postMessage({ id, type: 'result', result }, result instanceof Uint8Array ? [result.buffer] : []);
  } catch (error) {
    if (action === 'init')
      self.postMessage({ type: 'crashed', code: 'LoadFailed', message: `sql.js did not load: ${error.message}` });
    // SQLite's own errors (no such table, syntax) are what a learner needs to see: they keep their text.
    else self.postMessage({ id, type: 'error', code: error.code ?? 'SqlError', message: error.message });
  }
};
