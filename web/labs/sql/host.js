// The SQL lab's demos (Needs::sqljs) in the page: window.llplay hands them here once C++ has validated
// their params. sql.js loads only now, the first time the lab is used, in a worker of its own.
import { Bridge } from '../../bridge.js';

let bridge = null;

/** The SQL worker, started on first use. Its `ready` resolves with {startMs}: how long sql.js took to load there. */
export function sqlWorker() {
  bridge ??= new Bridge({
    spawn: () => new Worker(new URL('worker.js', import.meta.url), { type: 'module', name: 'llplay-sql' }),
    startTimeoutMs: 60000,
  });
  bridge.ready.catch(() => {}); // a failed start reaches whoever calls, through call()
  return bridge;
}

export async function run(id, params, { onProgress, signal }) {
  return sqlWorker().call('run', { demo: id, params }, { onProgress, signal });
}

/** The lab database: back to the generated default, as a file, or from a file. */
export const resetDatabase = () => sqlWorker().call('reset');
export const exportDatabase = () => sqlWorker().call('export');
export const openDatabase = (bytes) => sqlWorker().call('open', { bytes }, { transfer: [bytes.buffer] });
