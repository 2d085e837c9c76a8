// window.llplay: the demo registry in the page, through the one worker bridge.
import { Bridge, codedError } from './bridge.js';

/**
 * Which build can run here, and why. `mt` needs cross-origin isolation (for SharedArrayBuffer) and
 * wasm threads; everything else runs `st`. `requested` ('st') lets a page compare the two builds.
 */
export function pickVariant({ isolated, sharedArrayBuffer, sharedMemory, requested }) {
  if (requested === 'st') return { variant: 'st', reason: 'the single-threaded build was requested (build=st in the URL)' };
  if (!isolated) {
    return {
      variant: 'st',
      reason: 'this page is not cross-origin isolated (no COOP/COEP headers), so SharedArrayBuffer and threads are off',
    };
  }
  if (!sharedArrayBuffer || !sharedMemory) {
    return { variant: 'st', reason: 'this browser has no shared wasm memory, so threads are off' };
  }
  return { variant: 'mt', reason: 'cross-origin isolated: SharedArrayBuffer and wasm threads are available' };
}

function canShareMemory() {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** Creates the page's llplay object; `base` is the URL the worker and wasm files live under. */
export function createLLPlay({ base = new URL('.', import.meta.url), requested } = {}) {
  const choice = pickVariant({
    isolated: self.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    sharedMemory: canShareMemory(),
    requested,
  });
  const bridge = new Bridge({
    spawn: () => new Worker(new URL('worker.js', base), { name: `llplay-${choice.variant}` }),
    init: { variant: choice.variant },
  });
  let demos = [];
  /** What a lab's host.js gets: C++ in this page's worker, and fresh isolated workers (st builds). */
  const hostTools = {
    variant: choice.variant,
    runHere: (id, params, options) => bridge.call('run', { demo: id, params: JSON.stringify(params) }, options),
    spawnWorker: () => new Bridge({
      spawn: () => new Worker(new URL('worker.js', base), { name: 'llplay-isolated' }),
      init: { variant: 'st' },
    }),
  };
  const api = {
    variant: choice.variant,
    reason: choice.reason,
    /** Resolves once the wasm module is loaded; rejects with code LoadFailed if it cannot be. */
    ready: bridge.ready.then((info) => {
      demos = info.demos;
      return api;
    }),
    /** Every demo: {id, lab, title, summary, needs, params: [{name, type, label, default, min, max, choices}]}. */
    list: () => structuredClone(demos),
    /** Runs a demo; resolves with its result object, rejects with an Error whose `code` is the contract's. */
    run(id, params = {}, { onProgress, signal } = {}) {
      if (typeof id !== 'string') return Promise.reject(codedError('UnknownDemo', 'a demo id is a string'));
      let text;
      try {
        text = JSON.stringify(params ?? {});
      } catch (error) {
        return Promise.reject(codedError('BadParams', `params cannot be sent: ${error.message}`));
      }
      return api.ready.then(async () => {
        const demo = demos.find((d) => d.id === id);
        if (demo?.needs !== 'workers' && demo?.needs !== 'sqljs') return bridge.call('run', { demo: id, params: text }, { onProgress, signal });
        // Demos that need workers of their own (isolated workers, sql.js) are run by their lab's host
        // module, after C++ has validated the params.
        const host = await import(`./labs/${demo.lab}/host.js`);
        const checked = await bridge.call('check', { demo: id, params: text }, { signal });
        return host.run(id, checked, { ...hostTools, onProgress, signal });
      });
    },
    /** How many times a crashed or cancelled worker was replaced (for the tests and the badge). */
    get restarts() {
      return bridge.restarts;
    },
  };
  return api;
}
