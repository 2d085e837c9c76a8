// window.llplay: the demo registry in the page, through the one worker bridge.
import { Bridge, codedError } from './bridge.js';

/**
 * Which build can run here, and why. `mt` needs cross-origin isolation (for SharedArrayBuffer) and
 * wasm threads; everything else runs `st`. `requested` ('st') lets a page compare the two builds.
 */
export function pickVariant({ isolated, sharedArrayBuffer, sharedMemory, requested }) {
  if (requested === 'st')
    return { variant: 'st', reason: 'the single-threaded build was requested (build=st in the URL)' };
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

/**
 * Creates the page's llplay object; `base` is the URL the worker, registry.json and wasm/ live under.
 * The registry (every lab and demo) comes from registry.json, written by the build from the modules
 * themselves; a lab's wasm module loads the first time one of its demos runs (or load() asks for it).
 */
export function createLLPlay({ base = new URL('.', import.meta.url), requested } = {}) {
  const choice = pickVariant({
    isolated: self.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    sharedMemory: canShareMemory(),
    requested,
  });
  const bridge = new Bridge({ spawn: () => new Worker(new URL('worker.js', base), { name: 'llplay' }) });
  let labs = [];
  let demos = [];
  /** The module a lab runs in here: its mt build where the page runs mt and the lab has one, else st. */
  const moduleOf = (labId) => {
    const lab = labs.find((l) => l.id === labId);
    return { lab: labId, variant: choice.variant === 'mt' && lab?.variants.includes('mt') ? 'mt' : 'st' };
  };
  /** What a lab's host.js gets: C++ in this page's worker, and fresh isolated workers (st modules). */
  const hostTools = {
    variant: choice.variant,
    runHere: (id, params, options) =>
      bridge.call(
        'run',
        { demo: id, module: moduleOf(demos.find((d) => d.id === id)?.lab), params: JSON.stringify(params) },
        options,
      ),
    spawnWorker: (lab) =>
      new Bridge({
        spawn: () => new Worker(new URL('worker.js', base), { name: `llplay-isolated-${lab}` }),
        init: { module: { lab, variant: 'st' } },
      }),
  };
  const registry = fetch(new URL('registry.json', base))
    .then(async (response) => {
      if (!response.ok) throw new Error(`registry.json: HTTP ${response.status}`);
      return response.json();
    })
    .catch((error) => {
      throw codedError('LoadFailed', `the playground's registry could not be loaded (${error.message})`);
    });
  const api = {
    variant: choice.variant,
    reason: choice.reason,
    /** Resolves once the registry is loaded and the worker started; rejects with code LoadFailed if not. */
    ready: Promise.all([registry, bridge.ready]).then(([loaded]) => {
      ({ labs, demos } = loaded);
      return api;
    }),
    /** Every demo: {id, lab, title, summary, needs, params: [{name, type, label, default, min, max, choices}]}. */
    list: () => structuredClone(demos),
    /** Every lab, in the page's order: {id, title, variants: the builds its module exists in ('st', 'mt')}. */
    labs: () => structuredClone(labs),
    /** Starts loading a lab's module now, before its first run; resolves with {ms} once loaded. */
    load: (labId) => api.ready.then(() => bridge.call('load', { module: moduleOf(labId) })),
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
        if (!demo) throw codedError('UnknownDemo', `no demo has the id '${id}'`);
        const module = moduleOf(demo.lab);
        if (demo.needs !== 'workers' && demo.needs !== 'sqljs')
          return bridge.call('run', { demo: id, module, params: text }, { onProgress, signal });
        // Demos that need workers of their own (isolated workers, sql.js) are run by their lab's host
        // module, after C++ has validated the params.
        const host = await import(`./labs/${demo.lab}/host.js`);
        const checked = await bridge.call('check', { demo: id, module, params: text }, { signal });
        return host.run(id, checked, {
          ...hostTools,
          spawnWorker: () => hostTools.spawnWorker(demo.lab),
          onProgress,
          signal,
        });
      });
    },
    /** How many times a crashed or cancelled worker was replaced (for the tests and the badge). */
    get restarts() {
      return bridge.restarts;
    },
  };
  return api;
}
