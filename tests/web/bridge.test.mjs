// The worker bridge against scripted fake workers: queue and ids, progress, errors, cancel (queued,
// cooperative through shared memory, and by terminate), crashes and restarts, a worker that cannot start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bridge } from '../../web/bridge.js';

/** A worker whose replies come from `script(message, reply, worker)`, asynchronously like a real one. */
class FakeWorker {
  constructor(script, log) {
    this.script = script;
    this.log = log;
    this.terminated = false;
    this.cancel = new SharedArrayBuffer(8);
  }
  postMessage(message) {
    this.log.push({ worker: this, ...message });
    setImmediate(
      () =>
        !this.terminated &&
        this.script(message, (reply) => !this.terminated && this.onmessage?.({ data: reply }), this),
    );
  }
  terminate() {
    this.terminated = true;
  }
}

/** A worker that echoes runs; `slow` runs wait for cancel (cooperative if `shared`) or forever. */
function setup({ shared = false, boot = 'ok', graceMs = 50, onRun } = {}) {
  const log = [];
  const workers = [];
  const script = (message, reply, worker) => {
    if (message.action === 'init') {
      if (boot === 'fail') return reply({ type: 'crashed', code: 'LoadFailed', message: 'no module' });
      if (boot === 'silent') return undefined;
      return reply({ id: 0, type: 'ready', startMs: 1 });
    }
    // A module with shared memory (mt) names its cancel word before it runs the call; st modules do not.
    if (shared) reply({ id: message.id, type: 'running', cancel: { buffer: worker.cancel, address: 4 } });
    onRun?.(message, reply, worker);
    return undefined;
  };
  const bridge = new Bridge({
    spawn: () => {
      const worker = new FakeWorker(script, log);
      workers.push(worker);
      return worker;
    },
    graceMs,
    startTimeoutMs: 200,
  });
  return { bridge, log, workers };
}

const echo = (message, reply) => {
  if (message.slow) return;
  reply({ id: message.id, type: 'progress', fraction: 0.5 });
  reply({ id: message.id, type: 'result', result: { echoed: message.value } });
};

test('calls are queued, carry ids, and resolve in order', async () => {
  const { bridge, log } = setup({ onRun: echo });
  const info = await bridge.ready;
  assert.deepEqual(info, { id: 0, type: 'ready', startMs: 1 });
  const progress = [];
  const results = await Promise.all([
    bridge.call('run', { value: 1 }, { onProgress: (f) => progress.push(f) }),
    bridge.call('run', { value: 2 }),
    bridge.call('run', { value: 3 }),
  ]);
  assert.deepEqual(
    results.map((r) => r.echoed),
    [1, 2, 3],
  );
  assert.deepEqual(progress, [0.5]);
  const runs = log.filter((m) => m.action === 'run');
  assert.deepEqual(
    runs.map((m) => m.id),
    [1, 2, 3],
  );
});

test('only one call is in the worker at a time', async () => {
  let inFlight = 0;
  let most = 0;
  const { bridge } = setup({
    onRun: (message, reply) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        reply({ id: message.id, type: 'result', result: {} });
      }, 5);
    },
  });
  await Promise.all([1, 2, 3, 4].map(() => bridge.call('run')));
  assert.equal(most, 1);
});

test('worker errors reject with the contract code and the next call works', async () => {
  const { bridge } = setup({
    onRun: (message, reply) =>
      message.bad
        ? reply({ id: message.id, type: 'error', code: 'BadParams', message: 'n must be positive' })
        : echo(message, reply),
  });
  await assert.rejects(bridge.call('run', { bad: true }), { code: 'BadParams', message: 'n must be positive' });
  assert.deepEqual(await bridge.call('run', { value: 7 }), { echoed: 7 });
});

test('cancelling a queued call rejects it without sending it', async () => {
  const { bridge, log } = setup({ onRun: (message, reply) => setTimeout(() => echo(message, reply), 20) });
  await bridge.ready;
  const first = bridge.call('run', { value: 1 });
  const controller = new AbortController();
  const second = bridge.call('run', { value: 2 }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(second, { code: 'Cancelled' });
  assert.deepEqual(await first, { echoed: 1 });
  assert.equal(log.filter((m) => m.action === 'run').length, 1);
});

test('without shared memory, cancel terminates the worker and a fresh one runs the next call', async () => {
  const { bridge, workers } = setup({ onRun: echo });
  await bridge.ready;
  const controller = new AbortController();
  const slow = bridge.call('run', { slow: true }, { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  await assert.rejects(slow, { code: 'Cancelled' });
  assert.equal(workers[0].terminated, true);
  assert.deepEqual(await bridge.call('run', { value: 4 }), { echoed: 4 });
  assert.equal(workers.length, 2);
  assert.equal(bridge.restarts, 1);
});

test('with shared memory, cancel stores the run id and the worker answers Cancelled', async () => {
  const { bridge, workers } = setup({
    shared: true,
    onRun: (message, reply, worker) => {
      if (!message.slow) return echo(message, reply);
      const word = new Int32Array(worker.cancel, 4, 1);
      const poll = setInterval(() => {
        if (Atomics.load(word, 0) === message.id) {
          clearInterval(poll);
          reply({ id: message.id, type: 'error', code: 'Cancelled', message: 'cancelled' });
        }
      }, 2);
      return undefined;
    },
  });
  await bridge.ready;
  const controller = new AbortController();
  const slow = bridge.call('run', { slow: true }, { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  await assert.rejects(slow, { code: 'Cancelled' });
  assert.equal(workers.length, 1, 'no restart: the worker stopped the run itself');
  assert.deepEqual(await bridge.call('run', { value: 5 }), { echoed: 5 });
});

test('a cooperative cancel that gets no answer falls back to terminate', async () => {
  const { bridge, workers } = setup({ shared: true, graceMs: 30, onRun: echo });
  await bridge.ready;
  const controller = new AbortController();
  const slow = bridge.call('run', { slow: true }, { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 10));
  const started = Date.now();
  controller.abort();
  await assert.rejects(slow, { code: 'Cancelled' });
  assert.ok(Date.now() - started >= 25, 'waited for the grace period');
  assert.equal(workers[0].terminated, true);
  assert.deepEqual(await bridge.call('run', { value: 6 }), { echoed: 6 });
});

test('a crashed worker fails the running call, is replaced, and the queue goes on', async () => {
  let crashes = 0;
  const { bridge, workers } = setup({
    onRun: (message, reply, worker) => {
      if (message.crash === 'message')
        return reply({ type: 'crashed', code: 'WorkerCrashed', message: 'Aborted(OOM)' });
      if (message.crash === 'error')
        return worker.onerror({
          message: 'RuntimeError: unreachable',
          preventDefault() {
            crashes++;
          },
        });
      return echo(message, reply);
    },
  });
  const first = bridge.call('run', { crash: 'message' });
  const queued = bridge.call('run', { value: 8 });
  await assert.rejects(first, { code: 'WorkerCrashed', message: 'Aborted(OOM)' });
  assert.deepEqual(await queued, { echoed: 8 });
  await assert.rejects(bridge.call('run', { crash: 'error' }), {
    code: 'WorkerCrashed',
    message: /RuntimeError: unreachable/,
  });
  assert.equal(crashes, 1, 'the error event is handled, so it does not reach the console');
  assert.deepEqual(await bridge.call('run', { value: 9 }), { echoed: 9 });
  assert.equal(workers.length, 3);
});

test('a worker that cannot start rejects ready and the waiting calls; a later call tries again', async () => {
  const { bridge, workers } = setup({ boot: 'fail' });
  const waiting = bridge.call('run', { value: 1 });
  await assert.rejects(bridge.ready, { code: 'LoadFailed' });
  await assert.rejects(waiting, { code: 'LoadFailed' });
  await assert.rejects(bridge.call('run', { value: 2 }), { code: 'LoadFailed' });
  assert.equal(workers.length, 2, 'one fresh attempt per new call, no retry loop');
});

test('a worker that never answers init times out', async () => {
  const { bridge } = setup({ boot: 'silent' });
  await assert.rejects(bridge.ready, { code: 'LoadFailed', message: /did not start within 200 ms/ });
});

test('an already aborted signal rejects at once', async () => {
  const { bridge, log } = setup({ onRun: echo });
  await assert.rejects(bridge.call('run', {}, { signal: AbortSignal.abort() }), { code: 'Cancelled' });
  await bridge.ready;
  assert.equal(log.filter((m) => m.action === 'run').length, 0);
});
