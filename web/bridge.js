// The one worker bridge: a queue of calls to a dedicated worker, with ids, progress, cancel and restart.
//
// Protocol (both directions are plain objects):
//   page -> worker  {id, action: 'init', ...init}      worker -> page  {id, type: 'ready', ...info}
//                                                      (the SQL worker's info: startMs)
//   page -> worker  {id, action, ...payload}           worker -> page  {id, type: 'running', cancel}
//   (the wasm worker: 'load', 'run', 'check', 'echo')                  {id, type: 'progress', fraction}
//                                                                      {id, type: 'result', result}
//                                                                      {id, type: 'error', code, message, details}
//                                                      worker -> page  {type: 'crashed', code, message}
// `cancel` in 'running' is {buffer: SharedArrayBuffer, address} when the memory of the module running the
// call is shared (an mt module): then the call is cancelled by storing its id there with Atomics, and the
// worker answers 'Cancelled'. Otherwise (st modules, or no answer within the grace period) the worker is
// terminated and a fresh one started.

/** An Error with the contract's `code`; `details` (an object, optional) adds members such as the async lab's `output`. */
export function codedError(code, message, details) {
  const error = new Error(message);
  if (details && typeof details === 'object') {
    for (const [key, value] of Object.entries(details)) if (!(key in error)) error[key] = value;
  }
  error.code = code;
  return error;
}

export class Bridge {
  /**
   * @param {object} options
   * @param {() => Worker} options.spawn     makes a new worker (a fake one in tests)
   * @param {object} [options.init]          sent with the 'init' action
   * @param {number} [options.graceMs]       how long a cooperative cancel may take before terminate
   * @param {number} [options.startTimeoutMs] how long a worker may take to become ready
   */
  constructor({ spawn, init = {}, graceMs = 500, startTimeoutMs = 30000 }) {
    this.spawn = spawn;
    this.init = init;
    this.graceMs = graceMs;
    this.startTimeoutMs = startTimeoutMs;
    this.nextId = 1;
    this.queue = []; // calls waiting for the worker
    this.current = null; // the call the worker is running
    this.worker = null;
    this.info = null; // the last 'ready' message
    this.restarts = 0;
    this.boot = null; // {worker, resolve, reject, timer} while a worker starts
    this.ready = this.#start();
  }

  /** Queues a call; resolves with the worker's result, rejects with a coded Error. `transfer` lists buffers to move, not copy. */
  call(action, payload = {}, { onProgress, signal, transfer } = {}) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(codedError('Cancelled', 'cancelled before it started'));
      const call = { id: this.nextId++, action, payload, onProgress, resolve, reject, signal, transfer };
      if (signal) {
        call.onAbort = () => this.#cancel(call);
        signal.addEventListener('abort', call.onAbort, { once: true });
      }
      this.queue.push(call);
      if (!this.worker) this.#restart(); // the last worker failed to start: try a fresh one
      this.#pump();
    });
  }

  /** Stops the worker for good; pending calls are rejected. */
  terminate() {
    this.worker?.terminate();
    this.worker = null;
    const error = codedError('Cancelled', 'the bridge was shut down');
    for (const call of [this.current, ...this.queue]) if (call) this.#settle(call, error);
    this.queue = [];
  }

  #start() {
    const worker = this.spawn();
    this.worker = worker;
    worker.onmessage = (event) => this.#onMessage(worker, event.data);
    worker.onerror = (event) => {
      event?.preventDefault?.();
      this.#crash(worker, 'WorkerCrashed', `the worker failed: ${event?.message || 'unknown error'}`);
    };
    worker.onmessageerror = () => this.#crash(worker, 'WorkerCrashed', 'a message from the worker could not be read');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#crash(worker, 'LoadFailed', `the worker did not start within ${this.startTimeoutMs} ms`),
        this.startTimeoutMs,
      );
      this.boot = { worker, resolve, reject, timer };
      worker.postMessage({ id: 0, action: 'init', ...this.init });
    });
  }

  #restart() {
    this.worker?.terminate();
    this.restarts += 1;
    this.ready = this.#start();
    this.ready.catch(() => {});
  }

  #pump() {
    if (this.current || this.boot || !this.worker || this.queue.length === 0) return;
    const call = this.queue.shift();
    this.current = call;
    this.worker.postMessage({ id: call.id, action: call.action, ...call.payload }, call.transfer ?? []);
  }

  #onMessage(worker, message) {
    if (worker !== this.worker || !message || typeof message !== 'object') return;
    this.#messages[message.type]?.(worker, message);
  }

  /** What the worker says, by message type: a handler each. */
  #messages = {
    ready: (worker, message) => {
      if (message.id !== 0 || this.boot?.worker !== worker) return;
      clearTimeout(this.boot.timer);
      this.info = message;
      this.boot.resolve(message);
      this.boot = null;
      this.#pump();
    },
    crashed: (worker, message) =>
      this.#crash(worker, message.code || 'WorkerCrashed', message.message || 'the worker crashed'),
    running: (worker, message) => {
      const call = this.#callOf(message);
      if (call)
        call.cancelView = message.cancel ? new Int32Array(message.cancel.buffer, message.cancel.address, 1) : null;
    },
    progress: (worker, message) => this.#callOf(message)?.onProgress?.(message.fraction),
    result: (worker, message) => this.#finish(message, null, message.result),
    error: (worker, message) => this.#finish(message, codedError(message.code, message.message, message.details)),
  };

  /** The running call a message is about, if it is about the running one. */
  #callOf(message) {
    const call = this.current;
    return call && message.id === call.id ? call : null;
  }

  /** The running call ended with `error` or `result`; the next one starts. */
  #finish(message, error, result) {
    const call = this.#callOf(message);
    if (!call) return;
    this.current = null;
    if (call.cancelling) this.#settle(call, codedError('Cancelled', 'cancelled'));
    else this.#settle(call, error, result);
    this.#pump();
  }

  /** The worker died or misbehaved: fail the running call, start a fresh worker, keep the queue. */
  #crash(worker, code, message) {
    if (worker !== this.worker) return;
    const error = codedError(code, message);
    if (this.boot?.worker === worker) {
      clearTimeout(this.boot.timer);
      this.boot.reject(error);
      this.boot = null;
      // A worker that cannot even start would fail again: reject what waits instead of looping.
      this.worker.terminate();
      this.worker = null;
      for (const call of this.queue) this.#settle(call, error);
      this.queue = [];
      return;
    }
    const call = this.current;
    this.current = null;
    if (call) this.#settle(call, call.cancelling ? codedError('Cancelled', 'cancelled') : error);
    this.#restart();
  }

  #cancel(call) {
    const queued = this.queue.indexOf(call);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.#settle(call, codedError('Cancelled', 'cancelled before it started'));
      return;
    }
    if (call !== this.current || call.cancelling) return;
    call.cancelling = true;
    if (call.cancelView) {
      Atomics.store(call.cancelView, 0, call.id);
      call.graceTimer = setTimeout(() => {
        if (this.current === call) this.#crash(this.worker, 'Cancelled', 'cancelled');
      }, this.graceMs);
    } else {
      this.#crash(this.worker, 'Cancelled', 'cancelled');
    }
  }

  #settle(call, error, result) {
    clearTimeout(call.graceTimer);
    call.signal?.removeEventListener('abort', call.onAbort);
    if (error) call.reject(error);
    else call.resolve(result);
  }
}
