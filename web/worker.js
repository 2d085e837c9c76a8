// The worker all wasm runs in. It loads a lab's module (wasm/<variant>/llplay-<lab>.js) the first time one
// of that lab's demos runs, keeps it, and answers the bridge's messages (see bridge.js).
// A classic worker, so one build of each module serves the browser and Node's tests alike.
'use strict';

const modules = new Map(); // "<variant>/<lab>" -> Promise of the loaded module
let preset = null; // {lab, variant}: the module 'init' named, used by calls that name none

const actions = {
  /** Starts the worker; with `module`, loads that module first (an isolated worker of one lab). */
  async init({ module }) {
    preset = module ?? null;
    if (preset) await load(preset);
    return {};
  },
  /** Loads a module ahead of its first run: the page does this as soon as it knows which lab it shows. */
  async load({ module }) {
    const t0 = performance.now();
    await load(module);
    return { ms: performance.now() - t0 };
  },
  /** Runs a demo in its lab's module; posts 'running' with the module's cancel word first. */
  async run({ id, demo, params, module }) {
    const M = await load(module ?? preset);
    const shared = typeof SharedArrayBuffer === 'function' && M.HEAP8.buffer instanceof SharedArrayBuffer;
    self.postMessage({
      id,
      type: 'running',
      cancel: shared ? { buffer: M.HEAP8.buffer, address: M.cancelWordAddress() } : null,
    });
    const stack = M.stackSave();
    let outcome;
    try {
      outcome = M.run(String(demo), String(params ?? ''), id, (fraction) =>
        self.postMessage({ id, type: 'progress', fraction }),
      );
    } catch (error) {
      // Only a JS-level failure gets here: the engine's own stack overflowed (RangeError), or the module
      // aborted. Its state cannot be trusted, so this worker is retired and the bridge starts a fresh one.
      if (error instanceof RangeError) M.stackRestore(stack);
      throw crash(
        error instanceof RangeError ? 'StackExhausted' : 'WorkerCrashed',
        error instanceof RangeError
          ? `${demo}: the JavaScript engine's stack ran out (${error.message}); the module was restarted`
          : `${demo}: ${error.message || error}`,
      );
    }
    return answer(outcome);
  },
  /** Validates params in C++ without running: the page does this before it runs a demo with workers of its own. */
  async check({ demo, params, module }) {
    const M = await load(module ?? preset);
    return answer(M.check(String(demo), String(params ?? '')));
  },
  /**
   * Sends `payload` straight back, with the time it arrived (ms since the epoch, comparable across
   * workers): how the parallel lab measures moving data. `transferBack` moves its buffer instead of copying.
   */
  echo({ payload, transferBack }) {
    const receivedAt = performance.timeOrigin + performance.now();
    return { result: { receivedAt, payload }, transfer: transferBack ? [payload.buffer] : [] };
  },
};

self.onmessage = async ({ data }) => {
  const { id, action } = data ?? {};
  if (!Number.isInteger(id)) return;
  try {
    if (!Object.hasOwn(actions, action)) throw coded('BadParams', `unknown action ${action}`);
    const value = await actions[action](data);
    if (action === 'init') self.postMessage({ id, type: 'ready', ...value });
    else if (action === 'echo') self.postMessage({ id, type: 'result', result: value.result }, value.transfer);
    else self.postMessage({ id, type: 'result', result: value });
  } catch (error) {
    if (error.crashed || action === 'init')
      self.postMessage({ type: 'crashed', code: error.code ?? 'LoadFailed', message: error.message });
    else
      self.postMessage({
        id,
        type: 'error',
        code: error.code ?? 'Internal',
        message: error.message,
        details: error.details,
      });
  }
};

/** A module's outcome (Embind's RunOutcome) as the call's result, or a coded error. */
function answer(outcome) {
  if (!outcome.ok)
    throw Object.assign(
      coded(outcome.code, outcome.message),
      outcome.resultJson ? { details: JSON.parse(outcome.resultJson) } : {},
    );
  return JSON.parse(outcome.resultJson);
}

function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

function crash(code, message) {
  return Object.assign(coded(code, message), { crashed: true });
}

/** The module of `lab` in `variant`, loaded once. A module that fails to load fails this call, not the worker. */
function load(module) {
  const { lab, variant } = module ?? {};
  if (!/^[a-z]+$/.test(lab ?? '') || (variant !== 'st' && variant !== 'mt')) {
    return Promise.reject(coded('LoadFailed', `no such module: ${JSON.stringify(module)}`));
  }
  const key = `${variant}/${lab}`;
  if (!modules.has(key)) {
    const loading = (async () => {
      const url = new URL(`wasm/${key.replace('/', '/llplay-')}.js`, self.location.href).href;
      try {
        importScripts(url);
      } catch (error) {
        throw coded('LoadFailed', `could not load the ${lab} lab's ${variant} module: ${error.message || error}`);
      }
      const create = self.createLLPlay; // each module defines it: taken before the next one replaces it
      return create({
        mainScriptUrlOrBlob: url, // pthread workers import the module from here (mt)
        locateFile: (file) => new URL(`wasm/${variant}/${file}`, self.location.href).href,
        onAbort: (what) =>
          self.postMessage({ type: 'crashed', code: 'WorkerCrashed', message: `the ${lab} module aborted: ${what}` }),
      });
    })();
    modules.set(key, loading);
    loading.catch(() => modules.delete(key)); // the next call tries again
  }
  return modules.get(key);
}
