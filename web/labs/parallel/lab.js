// The parallel lab on the page: Day 14's claims about threads, processes, the GIL and races,
// measured on this machine's cores.
import { h, fill, table } from '../../dom.js';
import { fmt, ms } from '../../format.js';
import { chart } from '../../chart.js';

const cores = () => navigator.hardwareConcurrency || 2;

/**
 * Amdahl's law fitted to measured speedups: S(T) = 1 / (s + (1 - s) / T). With x = 1/T and y = 1/S,
 * y - x = s (1 - x): least squares through the origin gives the serial fraction s.
 */
export function amdahl(rows) {
  let num = 0,
    den = 0;
  for (const { threads, speedup } of rows) {
    if (threads < 2 || !(speedup > 0)) continue;
    const x = 1 / threads,
      y = 1 / speedup;
    num += (1 - x) * (y - x);
    den += (1 - x) * (1 - x);
  }
  if (den === 0) return null;
  const s = Math.min(1, Math.max(0, num / den));
  return { serial: s, predict: (t) => 1 / (s + (1 - s) / t), limit: s > 0 ? 1 / s : Infinity };
}

/** The serial fraction the series' "8 cores give about 5.5x" implies. */
const SERIES_SERIAL = (8 / 5.5 - 1) / (8 - 1);

function renderSpeedup(r, el) {
  const fit = amdahl(r.rows);
  const atCores = r.rows.find((row) => row.threads === Math.min(r.cores, r.rows.length)) ?? r.rows.at(-1);
  fill(
    el,
    table(
      r.rows.map((row) => ({
        threads: row.threads + (row.threads > r.cores ? ' (more than the cores)' : ''),
        ms: ms(row.ms),
        speedup: `${row.speedup.toFixed(2)}×`,
        efficiency: `${(row.efficiency * 100).toFixed(0)}%`,
        amdahl: fit ? `${fit.predict(row.threads).toFixed(2)}×` : '',
        exact: row.exact ? 'exact' : 'WRONG',
      })),
      [
        ['threads', 'workers'],
        ['ms', 'ms'],
        ['speedup', 'speedup'],
        ['efficiency', 'efficiency'],
        ['amdahl', "Amdahl's fit"],
        ['exact', 'sum'],
      ],
      `${r.model === 'shared' ? 'Threads on shared memory' : 'Isolated workers'}${r.gil ? ', with a GIL' : ''}, ${r.cores} cores here`,
    ),
    fit
      ? h(
          'p',
          {},
          `Amdahl's law fitted to these times: a serial fraction of ${(fit.serial * 100).toFixed(1)}%, so no number of workers would go past ${fit.limit === Infinity ? 'the core count' : `${fit.limit.toFixed(1)}×`}.`,
        )
      : null,
    h(
      'p',
      { class: 'note' },
      `The series says 8 cores give about 5.5×, not 8×: that is ${((5.5 / 8) * 100).toFixed(0)}% efficiency, a serial fraction of ${(SERIES_SERIAL * 100).toFixed(1)}%. `,
      `Its rule of thumb keeps 20% headroom, i.e. plans for 80% efficiency. Measured here at ${atCores.threads} workers: ${(atCores.efficiency * 100).toFixed(0)}%. `,
      'Past the core count, more workers only take turns on the same cores.',
    ),
  );
}

function speedupChart(r, figure) {
  const fit = amdahl(r.rows);
  const threads = r.rows.map((row) => row.threads);
  const series = [
    { label: 'measured speedup', values: r.rows.map((row) => row.speedup) },
    { label: 'ideal (T×, up to the cores)', values: threads.map((t) => Math.min(t, r.cores)) },
  ];
  if (fit) series.push({ label: "Amdahl's fit", values: threads.map((t) => fit.predict(t)) });
  return chart(figure, {
    title: 'Speedup against workers',
    x: threads,
    series,
    xLabel: 'workers',
    yLabel: 'speedup (×)',
    summary: r.rows.map((row) => `${row.threads}: ${row.speedup.toFixed(2)}× (${ms(row.ms)} ms)`).join('; ') + '.',
  });
}

function renderSum(r, el) {
  fill(
    el,
    h('p', { class: 'big' }, `sum = ${r.sum}`),
    h(
      'p',
      {},
      r.exact
        ? `Exact: the formula (n-1)·n·(2n-1)/6 gives the same ${r.expected.length} digits.`
        : `WRONG: the formula gives ${r.expected}.`,
    ),
    table(
      r.threadMs.map((t, k) => ({ worker: k + 1, ms: ms(t) })),
      [
        ['worker', r.model === 'shared' ? 'thread' : 'isolated worker'],
        ['ms', 'its own ms'],
      ],
      `${fmt(r.n)} numbers on ${r.threads} ${r.model === 'shared' ? 'threads (shared memory)' : 'isolated workers (messages)'}: ${ms(r.ms)} ms` +
        (r.startMs ? `, plus ${ms(r.startMs)} ms to start the workers` : ''),
    ),
    r.gil ? h('p', {}, `The GIL changed hands ${fmt(r.handoffs)} times (switch interval ${r.switchMs} ms).`) : null,
  );
}

/** Who held the GIL over time: one row per thread, a bar per slice. */
function timeline(slices, threads, total) {
  const shown = slices.filter((s) => s[1] < total);
  return h(
    'div',
    {
      class: 'timeline',
      role: 'img',
      'aria-label': `${slices.length} GIL slices across ${threads} threads over ${ms(total)} ms`,
    },
    Array.from({ length: threads }, (_, k) =>
      h(
        'div',
        { class: 'lane' },
        h('span', { class: 'lane-label' }, `thread ${k + 1}`),
        h(
          'div',
          { class: 'lane-track' },
          shown
            .filter((s) => s[0] === k)
            .map((s) => {
              const bar = h('span', { class: `slice t${k % 4}`, title: `${ms(s[1])}–${ms(s[2])} ms` });
              bar.style.left = `${(s[1] / total) * 100}%`;
              bar.style.width = `${Math.max(0.2, ((s[2] - s[1]) / total) * 100)}%`;
              return bar;
            }),
        ),
      ),
    ),
  );
}

function renderGil(r, el) {
  const t = r.threaded;
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${t.threads} threads ${t.gil ? 'with the GIL' : 'free-threaded'}: ${r.speedup.toFixed(2)}× the speed of one thread`,
    ),
    h(
      'p',
      { class: r.speedupLow <= 1 && r.speedupHigh >= 1 ? 'note warn' : 'note' },
      `Median of ${r.rounds} rounds, each timing one thread and then the team, after a warm-up; the rounds' spread allows ${r.speedupLow.toFixed(2)}× to ${r.speedupHigh.toFixed(2)}×` +
        (r.speedupLow <= 1 && r.speedupHigh >= 1
          ? ': too close to call whether the threads helped at all on this machine right now. Run it again.'
          : '.'),
    ),
    table(
      [
        { how: 'one thread', ms: ms(r.single.ms), handoffs: '' },
        {
          how: `${t.threads} threads${t.gil ? ', one GIL' : ', no GIL'}`,
          ms: ms(t.ms),
          handoffs: t.gil ? fmt(t.handoffs) : '',
        },
      ],
      [
        ['how', ''],
        ['ms', 'ms'],
        ['handoffs', 'GIL handoffs'],
      ],
    ),
    t.gil
      ? [
          h('p', {}, `Who held the GIL (first ${fmt(t.timeline.length)} slices):`),
          timeline(t.timeline, t.threads, t.ms),
        ]
      : null,
    h(
      'p',
      { class: 'note' },
      t.gil
        ? `Only the holder computes; the others wait: with the lock, threads add handoffs and nothing else, as the series' Day 14 measured. Here ${r.speedupLow <= 1 && r.speedupHigh >= 1 ? 'the same: no measurable gain' : r.speedup < 1 ? 'slower' : `${r.speedup.toFixed(2)}×`}.`
        : 'Without the lock (free-threaded Python 3.13t, or C++), the threads really run at once.',
    ),
  );
}

/** The threads a demo can start on this page: the pthread pool the mt module starts (see CMakeLists.txt). */
const threadLimit = () => (window.llplay?.variant === 'mt' ? { max: Math.min(16, Math.max(4, 2 + cores())) } : {});

/** The model that runs on this page: threads on shared memory where the page is isolated, separate workers elsewhere. */
const sharedModel = () => (window.llplay?.variant === 'mt' ? 'shared' : 'isolated');

/** Runs of the race so far, newest first, so the lost count can be seen to vary. */
const raceHistory = [];

function renderRace(r, el, { rerun, params }) {
  raceHistory.unshift({ ...r, at: raceHistory.length + 1 });
  if (raceHistory.length > 20) raceHistory.pop();
  const more = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        for (let i = 0; i < 5; i++) await rerun(params);
      },
    },
    'Run 5 more times',
  );
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      r.lost > 0
        ? `${fmt(r.lost)} updates lost of ${fmt(r.expected)}`
        : `No update lost: ${fmt(r.actual)} of ${fmt(r.expected)}`,
    ),
    h(
      'div',
      { class: 'actions' },
      more,
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            raceHistory.length = 0;
            fill(el);
          },
        },
        'Clear',
      ),
    ),
    table(
      raceHistory.map((x) => ({
        run: x.at,
        sync: x.sync,
        threads: x.threads,
        actual: fmt(x.actual),
        lost: fmt(x.lost),
        ms: ms(x.ms),
      })),
      [
        ['run', 'run'],
        ['sync', 'sync'],
        ['threads', 'threads'],
        ['actual', 'counter'],
        ['lost', 'lost'],
        ['ms', 'ms'],
      ],
      'Every run so far',
    ),
    r.sync === 'none' && r.lost === 0
      ? h(
          'p',
          { class: 'note warn' },
          'No update lost this time, and the code is still wrong: an update is lost only when two threads are between their read and their write at the same instant. ' +
            'When the machine is busy, the system runs the threads in turns instead of at once, and a run can end clean. Run it again, or with more increments.',
        )
      : null,
    h(
      'p',
      { class: 'note' },
      '"counter += 1" is a read, an add and a write. Two threads that read the same value both write value + 1: one update is gone. ' +
        'An atomic add makes the three one indivisible step; a mutex lets one thread at a time do all three. Both lose nothing, and cost time. ' +
        "In CPython 3.10 to 3.13 the GIL switches threads only between bytecodes at points where += is not split, so the series' snippet prints 4000000 in practice; 3.9 and earlier, and free-threaded builds, lose updates.",
    ),
  );
}

function renderTransfer(r, el) {
  const mb = r.bytes / 1048576;
  fill(
    el,
    table(
      r.rows.map((row) => ({
        how:
          {
            copy: 'copied (structured clone, like pickling)',
            transfer: 'transferred (the buffer moves, no copy)',
            shared: 'shared (both see the same memory)',
          }[row.how] ?? row.how,
        to: row.toMs === null ? row.note : `${ms(row.toMs)} ms`,
        back: row.backMs === null ? '' : `${ms(row.backMs)} ms`,
        // A shared view moves no data: no rate. Below a tenth of a millisecond the clock cannot time a copy.
        rate:
          row.how === 'shared' || !row.toMs
            ? ''
            : row.toMs < 0.1
              ? 'too quick to time'
              : `${fmt(Math.round(mb / (row.toMs / 1000)))} MB/s`,
      })),
      [
        ['how', `${fmt(mb)} MB`],
        ['to', 'to the worker'],
        ['back', 'and back'],
        ['rate', 'rate there'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      'multiprocessing pays the copy both ways for every argument and result; a shared view costs a message, whatever the size.',
    ),
  );
}

function renderSpawn(r, el) {
  const { pool, spawn } = r.crossover;
  fill(
    el,
    table(
      r.rows.map((row) => ({
        size: fmt(row.size),
        serial: ms(row.serialMs),
        pool: ms(row.poolMs),
        spawn: ms(row.spawnMs),
      })),
      [
        ['size', 'numbers per task'],
        ['serial', 'one after another, ms'],
        ['pool', 'pool of workers, ms'],
        ['spawn', 'a new worker per task, ms'],
      ],
    ),
    h(
      'p',
      {},
      pool ? `A pool starts to pay at ${fmt(pool)} numbers per task. ` : 'A pool never paid at these sizes. ',
      spawn
        ? `A new worker per task pays only from ${fmt(spawn)}.`
        : 'A new worker per task never paid: starting one costs more than these tasks.',
    ),
    h(
      'p',
      { class: 'note' },
      "The series' FAQ: for small tasks the cost of starting workers and moving data is larger than the work. Keep a pool, and give each task enough to do.",
    ),
  );
}

function spawnChart(r, figure) {
  return chart(figure, {
    title: 'Time for the same tasks, by task size',
    x: r.rows.map((row) => row.size),
    series: [
      { label: 'one after another', values: r.rows.map((row) => Math.max(row.serialMs, 1e-3)) },
      { label: 'pool', values: r.rows.map((row) => Math.max(row.poolMs, 1e-3)) },
      { label: 'new worker per task', values: r.rows.map((row) => Math.max(row.spawnMs, 1e-3)) },
    ],
    xLabel: 'numbers per task',
    yLabel: 'ms',
    logX: true,
    logY: true,
    summary:
      r.rows
        .map((row) => `${fmt(row.size)}: ${ms(row.serialMs)} / ${ms(row.poolMs)} / ${ms(row.spawnMs)} ms`)
        .join('; ') + ' (serial / pool / new worker).',
  });
}

const KERNEL = `def work(n):
    return sum(i * i for i in range(n))       # the series' CPU-bound kernel`;

export default {
  intro: [
    'Day 14 claims that threads cannot speed up CPU work under the GIL ("Threaded Time: 0.83s <-- SLOWER!"), that processes can but pay to copy data, ' +
      'that 8 cores give about 5.5×, and that unsynchronised counters lose updates.',
    "Each claim is measured here on this machine's cores: threads on one shared memory (the mt build), isolated workers that exchange messages (like multiprocessing), a GIL you can switch off, and a race you can catch.",
  ],
  demos: {
    'parallel.speedup': {
      render: renderSpeedup,
      chart: speedupChart,
      defaults: () => ({ maxThreads: Math.min(16, cores() + 2), model: sharedModel() }),
      limits: () => ({ maxThreads: threadLimit() }),
      notes: [
        'Model "isolated" runs on any page; "shared" needs the mt build. The default goes two workers past the core count, to show oversubscription.',
      ],
      python: `${KERNEL}

from concurrent.futures import ProcessPoolExecutor
import time
for workers in range(1, 9):
    t = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(work, [N // workers] * workers))
    print(workers, time.perf_counter() - t)`,
    },
    'parallel.sum': {
      render: renderSum,
      defaults: () => ({ model: sharedModel() }),
      limits: () => ({ threads: threadLimit() }),
      python: `${KERNEL}

from multiprocessing import Pool
with Pool(2) as pool:                       # "isolated": separate processes
    parts = pool.starmap(sum_range, [(0, n // 2), (n // 2, n)])
print(sum(parts))`,
    },
    'parallel.gil': {
      limits: () => ({ threads: threadLimit() }),
      render: renderGil,
      python: `import sys, threading, time
sys.setswitchinterval(0.005)                 # the GIL's switch interval: 5 ms
${KERNEL}
threads = [threading.Thread(target=work, args=(N // 2,)) for _ in range(2)]
t = time.perf_counter()
for th in threads: th.start()
for th in threads: th.join()
print("Threaded Time:", time.perf_counter() - t)   # no faster than one thread`,
    },
    'parallel.race': {
      limits: () => ({ threads: threadLimit() }),
      render: renderRace,
      python: `import threading
counter = 0
def add(m):
    global counter
    for _ in range(m):
        counter += 1          # read, add, write: not one step

threads = [threading.Thread(target=add, args=(1_000_000,)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(counter)                # 3.10-3.13 (GIL): 4000000 in practice; 3.9, or a free-threaded build: less
# fix: with a threading.Lock() around counter += 1`,
    },
    'parallel.transfer': {
      render: renderTransfer,
      python: `from multiprocessing import Process, shared_memory
import numpy as np
a = np.ones(16 * 2**20, dtype=np.uint8)
shm = shared_memory.SharedMemory(create=True, size=a.nbytes)   # shared: no copy
view = np.ndarray(a.shape, a.dtype, buffer=shm.buf)
# Process(target=f, args=(a,)) would pickle a copy of all 16 MB instead`,
    },
    'parallel.spawn': {
      render: renderSpawn,
      chart: spawnChart,
      python: `from multiprocessing import Pool, Process
with Pool(2) as pool:                        # started once, reused
    pool.map(work, [size] * tasks)
for _ in range(tasks):                       # a process per task: pays the start every time
    p = Process(target=work, args=(size,)); p.start(); p.join()`,
    },
  },
};
