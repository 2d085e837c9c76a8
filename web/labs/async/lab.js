// The async lab on the page: a Python program on an event loop built like CPython's, with the loop made
// visible: each callback it ran, the ready queue and the timer heap after it, every task's state, and a
// timeline of virtual time in which a blocking time.sleep is the gap where nothing else ran.
import { h, fill, table, errorBox } from '../../dom.js';
import { fmt, ms } from '../../format.js';

/** The preset programs (the same file the CPython tests run). */
const presets = fetch(new URL('./presets.json', import.meta.url)).then(
  (r) => (r.ok ? r.json() : []),
  () => [],
);

const TASK_COLORS = ['#2f7bd8', '#d8572f', '#2fa86a', '#a64dd1', '#c9a227', '#1f9fb0', '#d14d8b', '#6b7f2f'];
const color = (task) => (task > 0 ? TASK_COLORS[(task - 1) % TASK_COLORS.length] : 'var(--muted)');

/** The preset bar: a button per preset; the one matching the program is marked. Filled once presets.json is in. */
function presetBar(params, rerun) {
  const bar = h('div', { class: 'aio-presets' });
  presets.then((list) => {
    const current = list.find((p) => p.program.trim() === String(params.program ?? '').trim());
    fill(
      bar,
      h(
        'div',
        { class: 'examples' },
        'Presets: ',
        list.map((p) =>
          h(
            'button',
            {
              type: 'button',
              class: 'example',
              'aria-pressed': String(p === current),
              onclick: () => rerun({ program: p.program }),
            },
            p.name,
          ),
        ),
      ),
      current ? h('p', { class: 'note' }, current.note) : null,
    );
  });
  return bar;
}

function outputBlock(r, upTo = r.output.length) {
  const shown = r.output.slice(0, upTo);
  return h(
    'div',
    { class: 'aio-output' },
    h(
      'pre',
      { class: 'out', 'aria-label': 'what the program printed' },
      shown.length ? shown.join('\n') : '(nothing printed yet)',
    ),
    r.error && upTo === r.output.length ? h('p', { class: 'error-text' }, `${r.error.code}: ${r.error.message}`) : null,
  );
}

function figures(r) {
  return h(
    'p',
    { class: 'note' },
    `Python ${r.python}: ${fmt(r.tasks)} tasks, ${fmt(r.loopIterations)} loop iterations, ${fmt(r.callbacks)} callbacks, ` +
      `${fmt(r.steps)} interpreter steps; the virtual clock ends at ${r.virtualTime} s. Run here in ${ms(r.ms)} ms of real time.`,
  );
}

/** Virtual time on x, one lane per task: a tick where it ran, a bar where it blocked the loop. */
function timeline(r) {
  const runs = r.timeline.map(([time, task, blocked]) => ({ time, task, blocked }));
  const end = Math.max(Number(r.virtualTime), ...runs.map((e) => e.time + e.blocked), 1e-9);
  const all = [...new Set(runs.map((e) => e.task).filter((t) => t > 0))];
  const ids = all.slice(0, 12);
  const x = (t) => `${(100 * t) / end}%`;
  const blocks = runs.filter((e) => e.blocked > 0);
  const names = new Map();
  for (const e of r.events) for (const t of e.tasks) names.set(t.id, `${t.name} ${t.coro}`);
  const name = (id) => names.get(id) ?? `Task ${id}`;
  const lane = (id) =>
    h(
      'div',
      { class: 'lane' },
      h('span', { class: 'lane-label', title: name(id) }, name(id)),
      h(
        'div',
        { class: 'lane-track' },
        blocks.map((b) => h('span', { class: 'aio-frozen', style: `left:${x(b.time)};width:${x(b.blocked)}` })),
        runs
          .filter((e) => e.task === id)
          .map((e) =>
            e.blocked > 0
              ? h('span', {
                  class: 'slice',
                  style: `left:${x(e.time)};width:${x(e.blocked)};background:${color(id)}`,
                  title: `time.sleep: ${fmt(e.blocked, 3)} s from ${fmt(e.time, 3)}`,
                })
              : h('span', { class: 'aio-tick', style: `left:${x(e.time)};background:${color(id)}` }),
          ),
      ),
    );
  const words = blocks.length
    ? blocks
        .slice(0, 5)
        .map(
          (b) =>
            `${name(b.task).split(' ')[0]} blocked the loop for ${fmt(b.blocked, 3)} s from t = ${fmt(b.time, 3)}: no other task ran`,
        )
        .join('; ') + (blocks.length > 5 ? `; and ${blocks.length - 5} more blocking calls.` : '.')
    : 'No callback blocked the loop: every wait was an await.';
  return h(
    'div',
    {},
    h(
      'div',
      {
        class: 'timeline aio-lanes',
        role: 'img',
        'aria-label': `Which task ran when, over ${r.virtualTime} virtual seconds. ${words}`,
      },
      ids.map(lane),
      h(
        'div',
        { class: 'lane' },
        h('span', { class: 'lane-label' }, 'virtual s'),
        h(
          'div',
          { class: 'aio-axis' },
          [0, 0.25, 0.5, 0.75, 1].map((f) => h('span', { style: `left:${f * 100}%` }, fmt(f * end, 3))),
        ),
      ),
    ),
    h(
      'p',
      { class: 'note' },
      words,
      ids.length < all.length ? ` The first ${ids.length} of ${fmt(all.length)} tasks are drawn.` : '',
      r.timelineComplete ? '' : ` The timeline holds the first ${fmt(runs.length)} of ${fmt(r.callbacks)} callbacks.`,
    ),
  );
}

function queueList(items, size, empty) {
  if (!size) return h('p', { class: 'note' }, empty);
  return h(
    'ol',
    { class: 'aio-queue' },
    items.map((q) =>
      h('li', { style: `border-left-color:${color(q.task)}` }, q.when ? `${q.when} s: ${q.what}` : q.what),
    ),
    size > items.length ? h('li', { class: 'note' }, `… ${fmt(size - items.length)} more`) : null,
  );
}

/** The stepper: one callback of the loop at a time, with the loop's state after it. */
function stepper(r) {
  const events = r.events;
  let at = 0;
  const where = h('p', { class: 'status', 'aria-live': 'polite' });
  const slider = h('input', {
    type: 'range',
    min: 0,
    max: Math.max(0, events.length - 1),
    value: 0,
    'aria-label': 'callback',
  });
  const printed = h('div');
  const ready = h('div');
  const timers = h('div');
  const tasks = h('div');
  const show = (i) => {
    at = Math.max(0, Math.min(events.length - 1, i));
    slider.value = at;
    const e = events[at];
    where.textContent =
      `Callback ${at + 1} of ${events.length}${r.eventsDropped ? ` (and ${fmt(r.eventsDropped)} more not recorded)` : ''}: ` +
      `loop iteration ${e.iteration}, t = ${e.time} s: ${e.what}` +
      (Number(e.blocked) > 0 ? `, blocked in time.sleep for ${e.blocked} s` : '');
    fill(
      printed,
      e.outputTo > e.outputFrom
        ? h('pre', { class: 'out' }, r.output.slice(e.outputFrom, e.outputTo).join('\n'))
        : h('p', { class: 'note' }, 'printed nothing'),
    );
    fill(ready, queueList(e.ready, e.readySize, 'empty: the loop will wait for the next timer'));
    fill(timers, queueList(e.timers, e.timersSize, 'empty'));
    fill(
      tasks,
      h(
        'div',
        { class: 'aio-scroll' },
        table(
          e.tasks.map((t) => ({ ...t, name: `${t.name} ${t.coro}` })),
          [
            ['name', 'task'],
            ['state', 'state'],
            ['where', 'at (function:line)'],
            ['waits', 'waits for'],
          ],
        ),
      ),
    );
  };
  slider.addEventListener('input', () => show(Number(slider.value)));
  const button = (label, move) => h('button', { type: 'button', onclick: () => show(move()) }, label);
  if (!events.length)
    return h('p', { class: 'note' }, 'The loop ran no callbacks (the program never called asyncio.run).');
  show(0);
  const blocking = events.findIndex((e) => Number(e.blocked) > 0);
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'stepper' },
      button('first', () => 0),
      button('◀ back', () => at - 1),
      button('next ▶', () => at + 1),
      button('last', () => events.length - 1),
      blocking >= 0 ? button('the blocking call', () => blocking) : null,
      slider,
    ),
    where,
    h(
      'div',
      { class: 'aio-state' },
      h('div', {}, h('h4', {}, 'It printed'), printed),
      h('div', {}, h('h4', {}, 'Ready queue (FIFO), after it'), ready),
      h('div', {}, h('h4', {}, 'Timer heap (heapq order), after it'), timers),
    ),
    h('h4', {}, 'Tasks'),
    tasks,
  );
}

function renderLoop(r, el, { params, rerun }) {
  fill(
    el,
    presetBar(params, rerun),
    h('h3', {}, 'Output'),
    outputBlock(r),
    figures(r),
    h('h3', {}, 'Timeline'),
    timeline(r),
    h('h3', {}, 'Step through the loop'),
    stepper(r),
  );
}

function renderRun(r, el, { params, rerun }) {
  fill(el, presetBar(params, rerun), h('h3', {}, 'Output'), outputBlock(r), figures(r));
}

/** What the subset holds (the C++ parser refuses the rest with a SyntaxError naming the line). */
const SUBSET = [
  [
    'statements',
    'import asyncio / import time; def and async def (positional parameters, defaults); class (methods and plain assignments, no bases); = and += -= *= //= %= /= on names, attributes, list items; if/elif/else; while; for x in …; try/except (… as e)/else/finally; raise (… from …); return; pass, break, continue; async with (several, with as); async for',
  ],
  [
    'values',
    'int (64-bit), float, str (\\n \\t \\\\ \\\' \\" escapes; f-strings with {expression}), list, tuple, True/False/None; + - * / // %; == != < <= > >= in, not in, is; and/or/not; x if c else y; list comprehensions with one for and an optional if; a[i]',
  ],
  [
    'builtins',
    'print (sep, end), now() (virtual seconds since the start, 3 decimals), range, len, str, repr, type(x).__name__, isinstance, min, max, sum, abs, list, int, float, bool; ValueError, TypeError, RuntimeError, NameError, AttributeError, ZeroDivisionError, KeyError, IndexError, TimeoutError, StopAsyncIteration, Exception, BaseException (and ExceptionGroup from 3.11)',
  ],
  [
    'asyncio',
    'run, sleep(x[, result]), create_task, gather(*aws, return_exceptions=), wait_for(aw, timeout), timeout(x) and TaskGroup (3.11+), CancelledError, TimeoutError; task.cancel(msg), done(), cancelled(), result(), exception(), cancelling()/uncancel() (3.11+)',
  ],
  ['time', 'time.sleep(x): blocks the loop; on the virtual clock it moves time forward with nothing else running'],
  [
    'budgets',
    '20,000 bytes of program, 40 levels of nesting, 5,000,000 steps, 200,000 tasks, 100 nested calls per task, 10,000 output lines (1 MB), 10⁶ virtual seconds; past one: LimitExceeded, and the next run works',
  ],
  [
    'not exact',
    "Tasks still pending when main returns are cancelled in creation order (CPython iterates a set), and so are a TaskGroup's tasks when it aborts; printing a task, coroutine or object is outside the subset (CPython prints an address)",
  ],
];

function subsetSection(el) {
  fill(
    el,
    h('h3', {}, 'The subset'),
    table(
      SUBSET.map(([what, holds]) => ({ what, holds })),
      [
        ['what', ''],
        ['holds', 'in the subset'],
      ],
    ),
    h('h3', {}, 'What the series says, checked'),
    h(
      'ul',
      {},
      h(
        'li',
        {},
        'Day 17 calls __aexit__ "mathematically guaranteed to run". Not when the task is cancelled while __aenter__ is still awaiting: ' +
          'the preset "__aexit__ is not guaranteed" times out inside __aenter__, and CPython (every version) never calls __aexit__. It is guaranteed only once __aenter__ has returned.',
      ),
      h(
        'li',
        {},
        'The GIL/asyncio notes: three gathered one-second fetches finish in 1 s, not 3: confirmed on every version (preset "three sleeps, one second").',
      ),
      h(
        'li',
        {},
        'Day 14: CPU work (or any blocking call) inside async code freezes everything: confirmed (preset "time.sleep freezes every task": no tick happens during the 2 s).',
      ),
    ),
  );
}

export default {
  intro: [
    "Four of the series' posts lean on asyncio: the event loop, await, gather, timeouts, async with, and the blocking call that freezes everything. " +
      "Here a Python program runs on an event loop built like CPython's (a FIFO ready queue, a heap of timers ordered as CPython's heapq orders them, tasks, futures, cancellation), compiled to WebAssembly.",
    'The clock is virtual: asyncio.sleep and time.sleep move it forward at once, so a program that would take minutes runs in milliseconds and prints exactly what CPython prints on the same virtual clock ' +
      '(the tests compare every preset and hundreds of random programs with CPython 3.10 to 3.13, line by line).',
  ],
  demos: {
    'async.loop': {
      render: renderLoop,
      section: subsetSection,
      sourceOpen: false,
      notes: [
        "Pick a preset, or edit the program and press Run. Then step through the loop: each step is one callback the loop ran (a task's step, a wakeup, a timer firing).",
      ],
      python: `# The same program runs in CPython with a loop whose clock is virtual (tests/async/virtual_clock.py):
import asyncio, selectors

clock = [0.0]

class VirtualSelector(selectors.DefaultSelector):
    def select(self, timeout=None):
        if timeout:
            clock[0] += timeout          # waiting is moving the clock
        return super().select(0)

class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(VirtualSelector())
    def time(self):
        return clock[0]

def now():
    return round(clock[0] - 0.0, 3)

# asyncio.set_event_loop_policy(...) makes asyncio.run use VirtualLoop; time.sleep adds to clock[0].`,
    },
    'async.run': {
      render: renderRun,
      sourceOpen: false,
      notes: [
        "The contract's id: just the output, for programs (or embeds) that do not need the loop drawn. An uncaught exception answers with its class name as the error code.",
      ],
      python: `import asyncio

async def fetch_data(id):
    print(f"Fetching {id}...")
    await asyncio.sleep(1)  # Simulates Network Request (Non-blocking)
    print(f"Done {id}")
    return {"id": id}

async def main():
    results = await asyncio.gather(fetch_data(1), fetch_data(2), fetch_data(3))
    print(results)

asyncio.run(main())   # the series' example; the lab's subset has no dicts, so its preset returns id * 10`,
    },
  },
};
