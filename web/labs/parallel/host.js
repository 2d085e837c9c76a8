// The parallel lab's isolated model in the browser: separate Web Workers, each with its own wasm
// instance (the st build) and its own memory, exchanging messages, which is what multiprocessing is.
// window.llplay hands the `Needs::workers` demos here after C++ has validated their params.
// Shared-memory runs go straight to C++ in the page's own worker (pthreads in the mt build).
import { codedError } from '../../bridge.js';

const now = () => performance.timeOrigin + performance.now(); // comparable across workers

/** Isolated workers kept between runs, as a multiprocessing.Pool is. */
let pool = [];
/** Every isolated worker not yet stopped: the pool's and the one-task ones. */
const alive = new Set();

function start(spawnWorker) {
  const worker = spawnWorker();
  alive.add(worker);
  return worker;
}

function stop(worker) {
  worker.terminate();
  alive.delete(worker);
}

/** Stops every isolated worker: after a cancel nothing is left running. */
function shutDown() {
  for (const worker of alive) stop(worker);
  pool = [];
}

/** An untimed kernel run: wasm is recompiled optimised only once it is hot. */
const warmUp = (worker) =>
  worker.call('run', { demo: 'parallel.kernel', params: JSON.stringify({ from: 0, to: 1 << 24 }) });

/**
 * Makes sure `size` pooled workers are ready (and warmed up); resolves with the ms it took to start
 * the missing ones.
 */
async function ensurePool(size, spawnWorker) {
  const t0 = performance.now();
  const fresh = [];
  while (pool.length < size) {
    const worker = start(spawnWorker);
    pool.push(worker);
    fresh.push(worker);
  }
  await Promise.all(fresh.map((w) => w.ready.then(() => warmUp(w))));
  return fresh.length ? performance.now() - t0 : 0;
}

/** Rejects as soon as `signal` aborts, after stopping every worker. */
function cancellable(signal, work) {
  if (signal?.aborted) return Promise.reject(codedError('Cancelled', 'cancelled before it started'));
  return new Promise((resolve, reject) => {
    const abort = () => {
      shutDown();
      reject(codedError('Cancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal?.removeEventListener('abort', abort));
  });
}

/** The same contiguous shares as the C++ threads take. */
function shares(n, parts) {
  const base = Math.floor(n / parts),
    extra = n % parts;
  return Array.from({ length: parts }, (_, k) => {
    const from = base * k + Math.min(k, extra);
    return [from, from + base + (k < extra ? 1 : 0)];
  });
}

const formula = (n) => (n === 0n ? 0n : ((n - 1n) * n * (2n * n - 1n)) / 6n);

// llplay:source parallel.sum parallel.speedup
/** parallel.sum on `threads` isolated workers: each sums its share; the page adds the partial sums. */
async function sumIsolated({ n, threads }, { spawnWorker, onProgress }) {
  const startMs = await ensurePool(threads, spawnWorker);
  const progress = new Array(threads).fill(0);
  const t0 = performance.now();
  const results = await Promise.all(
    shares(n, threads).map(([from, to], k) =>
      pool[k].call(
        'run',
        { demo: 'parallel.kernel', params: JSON.stringify({ from, to }) },
        {
          onProgress: (f) => {
            progress[k] = f;
            onProgress?.(progress.reduce((a, b) => a + b, 0) / threads);
          },
        },
      ),
    ),
  );
  const ms = performance.now() - t0;
  const sum = results.reduce((total, r) => total + BigInt(r.sum), 0n);
  const expected = formula(BigInt(n));
  return {
    n,
    threads,
    model: 'isolated',
    gil: false,
    ms,
    startMs,
    threadMs: results.map((r) => r.ms),
    sum: String(sum),
    expected: String(expected),
    exact: sum === expected,
  };
}
// llplay:end

// llplay:source parallel.transfer
/** One array to a worker and back, `how`: copied, its buffer transferred, or a SharedArrayBuffer view. */
async function roundTrip(worker, bytes, how) {
  const data = how === 'shared' ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes);
  data[0] = 1;
  data[bytes - 1] = 2;
  const sent = now();
  const echoed = await worker.call(
    'echo',
    { payload: data, transferBack: how === 'transfer' },
    { transfer: how === 'transfer' ? [data.buffer] : [] },
  );
  const back = now();
  if (echoed.payload[0] !== 1 || echoed.payload[bytes - 1] !== 2)
    throw codedError('Internal', `${how}: the data came back wrong`);
  return { toMs: echoed.receivedAt - sent, backMs: back - echoed.receivedAt };
}
// llplay:end

async function transfer({ sizeMB }, { spawnWorker, onProgress }) {
  const bytes = sizeMB * 1048576;
  await ensurePool(1, spawnWorker);
  const ways = ['copy', 'transfer', 'shared'];
  const rows = [];
  for (const [i, how] of ways.entries()) {
    if (how === 'shared' && !self.crossOriginIsolated) {
      rows.push({ how, toMs: null, backMs: null, note: 'SharedArrayBuffer needs a cross-origin isolated page' });
      continue;
    }
    let best = null;
    for (let run = 0; run < 3; run++) {
      const r = await roundTrip(pool[0], bytes, how);
      if (!best || r.toMs + r.backMs < best.toMs + best.backMs) best = r;
    }
    rows.push({ how, ...best });
    onProgress?.((i + 1) / ways.length);
  }
  return { bytes, rows };
}

/** Runs `tasks` kernel tasks on `workers`, `parallel` at a time, in order. */
async function runTasks(workers, tasks, size) {
  let next = 0;
  await Promise.all(
    workers.map(async (worker) => {
      while (next < tasks) {
        next += 1;
        await worker.call('run', { demo: 'parallel.kernel', params: JSON.stringify({ from: 0, to: size }) });
      }
    }),
  );
}

// llplay:source parallel.spawn
async function spawnOrPool({ tasks, workers, maxTaskSize }, { spawnWorker, runHere, onProgress, signal }) {
  const sizes = [];
  for (let size = 1000; size <= maxTaskSize; size *= 10) sizes.push(size);
  // The same budget as the C++ demo (core/parallel/demos.cpp, max_spawn_numbers): numbers summed per way.
  const numbers = sizes.reduce((sum, size) => sum + size * tasks, 0);
  if (numbers > 2e9) {
    throw codedError(
      'LimitExceeded',
      `parallel.spawn: ${tasks} tasks of up to ${maxTaskSize} numbers sum ${(numbers / 1e9).toFixed(1)} billion numbers three times; ` +
        'the budget is 2 billion (tens of seconds past it): fewer tasks or a smaller largest task',
    );
  }
  await ensurePool(workers, spawnWorker);
  const rows = [];
  const crossover = { pool: null, spawn: null };
  for (const [step, size] of sizes.entries()) {
    let t0 = performance.now();
    await runHere('parallel.kernel', { from: 0, to: size * tasks }, { signal }); // the same work, one after another
    const serialMs = performance.now() - t0;
    t0 = performance.now();
    await runTasks(pool.slice(0, workers), tasks, size);
    const poolMs = performance.now() - t0;
    t0 = performance.now();
    for (let done = 0; done < tasks; done += workers) {
      // a new worker (and wasm instance) per task
      const fresh = Array.from({ length: Math.min(workers, tasks - done) }, () => start(spawnWorker));
      try {
        await Promise.all(fresh.map((w) => w.ready));
        await Promise.all(
          fresh.map((w) => w.call('run', { demo: 'parallel.kernel', params: JSON.stringify({ from: 0, to: size }) })),
        );
      } finally {
        for (const w of fresh) stop(w);
      }
    }
    const spawnMs = performance.now() - t0;
    rows.push({ size, serialMs, poolMs, spawnMs });
    if (crossover.pool === null && poolMs < serialMs) crossover.pool = size;
    if (crossover.spawn === null && spawnMs < serialMs) crossover.spawn = size;
    onProgress?.((step + 1) / sizes.length);
  }
  return { rows, crossover };
}
// llplay:end

async function speedup(p, tools) {
  const rows = [];
  await ensurePool(p.maxThreads, tools.spawnWorker); // started before the clock runs
  let one = 0;
  for (let t = 1; t <= p.maxThreads; t++) {
    let best = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      // the better of two runs
      const r = await sumIsolated(
        { n: p.n, threads: t },
        { ...tools, onProgress: (f) => tools.onProgress?.((t - 1 + (attempt + f) / 2) / p.maxThreads) },
      );
      if (!best || r.ms < best.ms) best = r;
    }
    if (t === 1) one = best.ms;
    rows.push({ threads: t, ms: best.ms, speedup: one / best.ms, efficiency: one / best.ms / t, exact: best.exact });
  }
  return { n: p.n, model: 'isolated', gil: p.gil, cores: navigator.hardwareConcurrency, rows };
}

/** window.llplay calls this for the lab's `Needs::workers` demos, with params C++ has checked. */
export function run(id, params, tools) {
  const { signal } = tools;
  if (params.model === 'shared') return tools.runHere(id, params, { signal, onProgress: tools.onProgress });
  const runners = {
    'parallel.sum': sumIsolated,
    'parallel.speedup': speedup,
    'parallel.transfer': transfer,
    'parallel.spawn': spawnOrPool,
  };
  if (!runners[id]) return Promise.reject(codedError('UnknownDemo', `the parallel lab's page cannot run ${id}`));
  return cancellable(signal, () => runners[id](params, tools));
}

/** Isolated workers alive now (for the tests: none after a cancel). */
export function workersAlive() {
  return alive.size;
}
