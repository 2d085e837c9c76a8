// The worker all wasm runs in: loads one build (mt or st) and answers the bridge's messages.
// A classic worker, so one build of the module serves the browser and Node's tests alike.
'use strict';

let M = null;
const codeNames = new Map();  // Embind enum value -> contract code name

self.onmessage = (event) => {
  const message = event.data;
  if (!message || typeof message !== 'object' || !Number.isInteger(message.id)) return;
  if (message.action === 'init') init(message);
  else if (message.action === 'run') run(message);
  else if (message.action === 'check') check(message);
  else if (message.action === 'echo') echo(message);
  else self.postMessage({ id: message.id, type: 'error', code: 'BadParams', message: `unknown action ${message.action}` });
};

async function init({ id, variant }) {
  try {
    if (variant !== 'mt' && variant !== 'st') throw new Error(`unknown build variant ${variant}`);
    const url = new URL(`wasm/llplay-${variant}.js`, self.location.href).href;
    importScripts(url);
    M = await self.createLLPlay({
      mainScriptUrlOrBlob: url,  // pthread workers import the module from here (mt)
      locateFile: (file) => new URL(`wasm/${file}`, self.location.href).href,
      onAbort: (what) => self.postMessage({ type: 'crashed', code: 'WorkerCrashed', message: `the wasm module aborted: ${what}` }),
    });
    for (const [name, value] of Object.entries(M.ErrorCode)) if (value?.value !== undefined) codeNames.set(value, name);
    const shared = typeof SharedArrayBuffer === 'function' && M.HEAP8.buffer instanceof SharedArrayBuffer;
    self.postMessage({
      id,
      type: 'ready',
      variant: M.variant(),
      demos: listDemos(),
      cancel: shared ? { buffer: M.HEAP8.buffer, address: M.cancelWordAddress() } : null,
    });
  } catch (error) {
    self.postMessage({ type: 'crashed', code: 'LoadFailed', message: `could not load the ${variant} build: ${error.message || error}` });
  }
}

/** The registry as plain objects. Embind vectors are copied out and deleted here. */
function listDemos() {
  const toArray = (vector) => {
    const items = [];
    for (let i = 0; i < vector.size(); i++) items.push(vector.get(i));
    vector.delete();
    return items;
  };
  const enumName = (enumType, value) => Object.keys(enumType).find((key) => enumType[key] === value);
  return toArray(M.list()).map((demo) => ({
    id: demo.id,
    lab: demo.lab,
    title: demo.title,
    summary: demo.summary,
    needs: enumName(M.Needs, demo.needs),
    params: toArray(demo.params).map((p) => ({
      name: p.name,
      type: enumName(M.ParamType, p.type),
      label: p.label,
      default: JSON.parse(p.defaultJson),
      min: p.min,
      max: p.max,
      choices: toArray(p.choices),
    })),
  }));
}

function run({ id, demo, params }) {
  if (!M) {
    self.postMessage({ id, type: 'error', code: 'LoadFailed', message: 'the module is not loaded' });
    return;
  }
  const stack = M.stackSave();
  let outcome;
  try {
    outcome = M.run(String(demo), String(params ?? ''), id, (fraction) => self.postMessage({ id, type: 'progress', fraction }));
  } catch (error) {
    // Only a JS-level failure gets here: the engine's own stack overflowed (RangeError), or the
    // module aborted. Destructors were skipped, so this worker is retired and the bridge starts a fresh one.
    if (error instanceof RangeError) {
      M.stackRestore(stack);
      self.postMessage({ type: 'crashed', code: 'StackExhausted', message: `${demo}: the JavaScript engine's stack ran out (${error.message}); the module was restarted` });
    } else {
      self.postMessage({ type: 'crashed', code: 'WorkerCrashed', message: `${demo}: ${error.message || error}` });
    }
    return;
  }
  if (outcome.ok) {
    self.postMessage({ id, type: 'result', result: JSON.parse(outcome.resultJson) });
  } else {
    self.postMessage({ id, type: 'error', code: codeNames.get(outcome.code) || 'Internal', message: outcome.message });
  }
}

/** Validates params in C++ without running: the page does this before it runs a demo with workers of its own. */
function check({ id, demo, params }) {
  if (!M) {
    self.postMessage({ id, type: 'error', code: 'LoadFailed', message: 'the module is not loaded' });
    return;
  }
  const outcome = M.check(String(demo), String(params ?? ''));
  if (outcome.ok) self.postMessage({ id, type: 'result', result: JSON.parse(outcome.resultJson) });
  else self.postMessage({ id, type: 'error', code: codeNames.get(outcome.code) || 'Internal', message: outcome.message });
}

/**
 * Sends `payload` straight back, with the time it arrived (ms since the epoch, comparable across
 * workers): how the parallel lab measures moving data. `transferBack` moves its buffer instead of copying.
 */
function echo({ id, payload, transferBack }) {
  const receivedAt = performance.timeOrigin + performance.now();
  self.postMessage({ id, type: 'result', result: { receivedAt, payload } }, transferBack ? [payload.buffer] : []);
}
