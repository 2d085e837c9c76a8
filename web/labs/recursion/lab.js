// The recursion lab on the page: Day 20's call stack, measured, pushed past its limit, and survived.
import { h, fill, table } from '../../dom.js';
import { fmt, kib } from '../../format.js';
import { chart } from '../../chart.js';

/** Why this stack ran out first, in words. */
function whyFirst(r) {
  if (r.limitedBy === 'JavaScript engine stack') {
    return r.bytesPerFrame === 0
      ? `Frames this small keep their locals in wasm locals, not in memory: they cost nothing on the ${r.stackName}. The browser's own stack, which every wasm call also uses, runs out first.`
      : `Each frame takes ${r.bytesPerFrame} bytes on the ${r.stackName}, which could hold ${fmt(r.stackDepth)} of them, but the browser's own stack runs out at ${fmt(r.engineDepth)}.`;
  }
  if (r.engineDepth === 0) {
    return `At ${r.bytesPerFrame} bytes a frame, the ${kib(r.stackBytes)} ${r.stackName} runs out before the browser's own stack does.`;
  }
  return `At ${r.bytesPerFrame} bytes a frame, the ${kib(r.stackBytes)} ${r.stackName} holds ${fmt(r.maxDepth)} frames (with 32 KiB kept free).`;
}

function renderProbe(r, el) {
  fill(
    el,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'ran on'),
      h('dd', {}, r.thread),
      h('dt', {}, 'deepest recursion'),
      h('dd', { class: 'big' }, `${fmt(r.maxDepth)} frames`),
      h('dt', {}, 'ran out first'),
      h('dd', {}, r.limitedBy),
      h('dt', {}, 'bytes per frame'),
      h('dd', {}, `${r.bytesPerFrame} on the ${r.stackName} (${r.frameBytes} of them locals)`),
      h('dt', {}, 'the stack'),
      h('dd', {}, `${kib(r.stackBytes)} (${kib(r.freeBytes)} free when the probe started)`),
      r.engineDepth !== null
        ? [
            h('dt', {}, "the browser's stack"),
            h(
              'dd',
              {},
              r.engineDepth
                ? `${fmt(r.engineDepth)} frames, found by catching its RangeError`
                : 'not reached: the shadow stack ran out first',
            ),
          ]
        : null,
    ),
    h('p', {}, whyFirst(r)),
    h(
      'p',
      { class: 'note' },
      `The series says Python's default limit is about 1,000 frames: that is sys.getrecursionlimit(), a soft limit CPython sets far below what a stack holds. `,
      r.bytesPerFrame > 0
        ? `Here the stack itself holds ${fmt(r.maxDepth)} of these frames, and they cost real memory: ${fmt(r.maxDepth)} × ${r.bytesPerFrame} bytes = ${kib(r.maxDepth * r.bytesPerFrame)}.`
        : `Here the stack itself holds ${fmt(r.maxDepth)} of these frames. They put nothing on the ${r.stackName}: WebAssembly keeps such small locals on the browser's own stack, whose size the browser fixes and does not report, so what runs out is its depth. Add bytes of locals to see them land on the ${r.stackName}.`,
    ),
  );
}

function sweepChart(r, figure) {
  const rows = r.rows;
  const sizes = rows.map((row) => String(row.frameBytes));
  const series = [{ label: 'deepest recursion', values: rows.map((row) => row.maxDepth) }];
  if (rows.some((row) => row.engineDepth))
    series.push({ label: "browser's stack limit", values: rows.map((row) => row.engineDepth || null) });
  series.push({ label: `${rows[0].stackName} limit`, values: rows.map((row) => row.stackDepth ?? null) });
  const fitted = rows.filter((row) => row.limitedBy !== 'JavaScript engine stack' && row.bytesPerFrame > 0);
  const derived = fitted.map((row) => row.maxDepth * row.bytesPerFrame);
  const overhead = fitted.map((row) => row.bytesPerFrame - row.frameBytes);
  return chart(figure, {
    title: 'Frames that fit, by bytes of locals per frame',
    x: rows.map((_, i) => i),
    categories: sizes,
    series,
    xLabel: 'bytes of locals per frame',
    yLabel: 'frames',
    logY: true,
    summary:
      rows.map((row) => `${row.frameBytes} bytes: ${fmt(row.maxDepth)} frames (${row.limitedBy})`).join('; ') +
      '. ' +
      (fitted.length
        ? `Where the ${rows[0].stackName} is the limit, frames × bytes per frame gives ${kib(Math.min(...derived))} to ${kib(Math.max(...derived))} of stack, ` +
          `against ${kib(rows[0].stackBytes)} configured (32 KiB kept free); each frame costs its locals plus ${Math.min(...overhead)} to ${Math.max(...overhead)} bytes.`
        : ''),
  });
}

function renderSweep(r, el) {
  fill(
    el,
    table(
      r.rows.map((row) => ({
        size: row.frameBytes,
        depth: fmt(row.maxDepth),
        per: row.bytesPerFrame,
        first: row.limitedBy,
        engine: row.engineDepth === null ? 'none (native)' : row.engineDepth ? fmt(row.engineDepth) : 'beyond',
      })),
      [
        ['size', 'locals (bytes)'],
        ['depth', 'deepest'],
        ['per', 'bytes/frame'],
        ['first', 'ran out first'],
        ['engine', "browser's stack limit"],
      ],
      `on ${r.thread}`,
    ),
  );
}

function renderRun(r, el) {
  fill(
    el,
    h('p', { class: 'big' }, `Reached depth ${fmt(r.reached)}.`),
    h(
      'p',
      {},
      `${kib(r.stackBytesUsed)} of stack for ${fmt(r.reached)} frames (${r.bytesPerFrame} bytes each)` +
        (r.engineBudget
          ? `; the guard would have stopped at ${fmt(r.engineBudget)}, 90% of the browser stack's measured depth.`
          : '.'),
    ),
  );
}

/** The stack at step i of the trace: replay push, match and pop. */
function stackAt(steps, i) {
  const stack = [];
  for (const step of steps.slice(0, i + 1)) {
    if (step.event === 'call') stack.push({ path: step.path, data: step.data, found: [] });
    else if (step.event === 'match') stack[stack.length - 1]?.found.push(step.value);
    else if (step.event === 'return') stack.pop();
  }
  return stack;
}

function renderTrace(r, el) {
  const steps = r.steps;
  let at = 0;
  const slider = h('input', { type: 'range', min: 0, max: steps.length - 1, value: 0, 'aria-label': 'step' });
  const where = h('p', { class: 'status', 'aria-live': 'polite' });
  const frames = h('ol', { class: 'frames', reversed: true });
  const show = (i) => {
    at = Math.max(0, Math.min(steps.length - 1, i));
    slider.value = at;
    const step = steps[at];
    const word = { call: 'calls', match: 'finds a match at', return: 'returns from' }[step.event];
    where.textContent =
      `Step ${at + 1} of ${steps.length}: extract_emails ${word} ${step.path}` +
      (step.event === 'return' ? ` with ${step.found.length} found` : step.event === 'match' ? `: ${step.value}` : '');
    const stack = stackAt(steps, at);
    fill(
      frames,
      stack
        .slice()
        .reverse()
        .map((frame, k) =>
          h(
            'li',
            { class: `frame${k === 0 ? ' top' : ''}` },
            h('code', {}, `extract_emails(data=${frame.data}, key=...)`),
            h('div', { class: 'locals' }, `path ${frame.path} · found = [${frame.found.join(', ')}]`),
          ),
        ),
    );
    if (stack.length === 0) fill(frames, h('li', { class: 'frame' }, 'empty: every frame has returned'));
  };
  slider.addEventListener('input', () => show(Number(slider.value)));
  const button = (label, move) => h('button', { type: 'button', onclick: () => show(move()) }, label);
  fill(
    el,
    h(
      'div',
      { class: 'stepper' },
      button('first', () => 0),
      button('◀ back', () => at - 1),
      button('next ▶', () => at + 1),
      button('last', () => steps.length - 1),
      slider,
    ),
    where,
    r.loads &&
      h(
        'p',
        { class: 'note' },
        r.loads.parses
          ? `CPython ${r.loads.python}'s json.loads parses this payload first (${r.loads.depth} levels deep; from a script's top level it parses up to ${r.loads.largestDepth}).`
          : `CPython ${r.loads.python}'s json.loads raises RecursionError on this payload (${r.loads.depth} levels deep; it parses up to ${r.loads.largestDepth}): extract_emails never sees it. 3.12 raised the parser's limit to about 1,500 levels and 3.13 to 10,000 (its C recursion limit grew).`,
      ),
    h(
      'p',
      { class: 'note' },
      `The newest frame is on top. ${r.truncated ? 'Stopped at the step cap, as Python Tutor does.' : `Found ${r.found.length}: ${r.found.join(', ')}.`}`,
    ),
    frames,
  );
  show(0);
}

function renderExplicit(r, el) {
  const rec = r.recursive,
    ex = r.explicit;
  fill(
    el,
    table(
      [
        {
          how: 'recursion (a frame per level)',
          done: rec.completed
            ? `yes, ${fmt(rec.leaves)} leaves`
            : `no: stopped at depth ${fmt(rec.reached)} by the ${rec.stoppedBy}`,
          ms: rec.ms.toFixed(1),
          memory: `${kib(rec.stackBytes)} of stack`,
        },
        {
          how: 'explicit stack (a list on the heap)',
          done: `yes, ${fmt(ex.leaves)} leaves`,
          ms: ex.ms.toFixed(1),
          memory: `${kib(ex.heapBytes)} of heap (peak, counted)`,
        },
      ],
      [
        ['how', `walking lists nested ${fmt(r.depth)} deep`],
        ['done', 'finished?'],
        ['ms', 'ms'],
        ['memory', 'memory'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      'The explicit stack holds the same pending work as the frames would, but on the heap, which is as big as memory; the call stack is a few megabytes at most.',
    ),
  );
}

function renderTail(r, el) {
  fill(
    el,
    table(
      [
        {
          how: 'tail call: return sum_to(n - 1, acc + n)',
          result: `sum = ${fmt(r.tail.sum)}`,
          stack: `${r.tail.stackBytes} bytes in all`,
        },
        {
          how: 'a frame per call',
          result: r.plain.completed
            ? `all ${fmt(r.n)} frames`
            : `stopped at ${fmt(r.plain.reached)} by the ${r.plain.stoppedBy}`,
          stack: `${r.plain.bytesPerFrame} bytes per frame`,
        },
      ],
      [
        ['how', `n = ${fmt(r.n)}`],
        ['result', 'result'],
        ['stack', 'stack'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      'The optimizer (this build is -O3) turned the tail call into a jump back to the top of the function: a loop, with one frame for all n calls. Unoptimized (-O0) it would keep a frame per call, like the second row. CPython never does this, so a tail-recursive Python function still stops at sys.getrecursionlimit().',
    ),
  );
}

function fibChart(r, figure) {
  return chart(figure, {
    title: 'Calls to compute fib(k)',
    x: r.series.map((s) => s.k),
    series: [
      { label: 'naive', values: r.series.map((s) => s.naiveCalls) },
      { label: 'memoized', values: r.series.map((s) => s.memoCalls) },
    ],
    xLabel: 'k',
    yLabel: 'calls',
    logY: true,
    summary: `fib(${r.n}): ${fmt(r.naive.calls)} calls naive (${r.naive.ms.toFixed(1)} ms), ${fmt(r.memo.calls)} memoized (${r.memo.hits} cache hits, ${r.memo.misses} misses). Naive calls grow about 1.6 times per step of k; memoized calls grow by 2.`,
  });
}

export default {
  intro: [
    'Day 20 says that pushing the limit artificially high makes the interpreter segfault. Every call pushes a frame onto a stack of fixed size; ' +
      'CPython stops you at a soft limit (1,000 by default) long before the real stack fills. ' +
      'The segfault is true up to CPython 3.10, where every Python call nests a C call; since 3.11 a call between Python functions does not use the C stack, so a pure-Python recursion a million deep finishes (pick the version in "Two limits").',
    'Here you can measure that stack, raise the limit past it, and watch a guard stop the recursion before it crashes: the page keeps working.',
  ],
  demos: {
    'recursion.probe': {
      render: renderProbe,
      python: `import sys
print(sys.getrecursionlimit())   # 1000: a soft limit, not the stack's size

def depth(n=1):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
print(depth())                   # about 1000, whatever the stack could hold`,
    },
    'recursion.sweep': {
      render: renderSweep,
      chart: sweepChart,
      notes: [
        "WebAssembly has two stacks: one in the module's own memory (5 MiB here), which holds locals whose address is taken, and the browser's own stack, which every call uses. Small frames hit the browser's limit first; large ones the module's stack. A new thread (where the page runs threads) has stacks of its own, smaller ones.",
      ],
      python: `import sys, threading
threading.stack_size(64 * 1024 * 1024)   # CPython's own frames live on the C stack too
sys.setrecursionlimit(100_000)`,
    },
    'recursion.run': {
      render: renderRun,
      notes: [
        'Try limit 100000 and depth 100000: past the physical stack. The guard stops with StackExhausted and room to spare; run again and it works.',
      ],
      python: `import sys
sys.setrecursionlimit(1000)

def dive(n, depth):
    if depth == n:
        return depth
    return dive(n, depth + 1)

dive(5000, 1)          # RecursionError: maximum recursion depth exceeded
sys.setrecursionlimit(10**6 + 100)
dive(10**6, 1)         # 3.10: segmentation fault (the C stack overflows); 3.11+: 1000000`,
    },
    'recursion.trace': {
      render: renderTrace,
      python: `def extract_emails(data, key="user_email"):
    found = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                found.append(v)
            found.extend(extract_emails(v, key))   # a new frame for every level
    elif isinstance(data, list):
        for item in data:
            found.extend(extract_emails(item, key))
    return found`,
    },
    'recursion.explicit': {
      render: renderExplicit,
      python: `def count_leaves(node):                  # recursion: one frame per level
    if not isinstance(node, list):
        return 1
    return sum(count_leaves(child) for child in node)

def count_leaves_explicit(root):         # the same walk with a list as the stack
    leaves, stack = 0, [root]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        else:
            leaves += 1
    return leaves`,
    },
    'recursion.tail': {
      render: renderTail,
      python: `def sum_to(n, acc=0):
    if n == 0:
        return acc
    return sum_to(n - 1, acc + n)    # a tail call, but CPython still pushes a frame

sum_to(10_000)                        # RecursionError`,
    },
    'recursion.fib': {
      chart: fibChart,
      render(r, el) {
        fill(
          el,
          table(
            [
              { how: 'naive', value: r.naive.value, calls: fmt(r.naive.calls), ms: r.naive.ms.toFixed(2) },
              { how: '@lru_cache', value: r.memo.value, calls: fmt(r.memo.calls), ms: r.memo.ms.toFixed(3) },
            ],
            [
              ['how', `fib(${r.n})`],
              ['value', 'value'],
              ['calls', 'calls'],
              ['ms', 'ms'],
            ],
          ),
        );
      },
      python: `from functools import lru_cache

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

@lru_cache(maxsize=None)
def fib_memo(n):
    return n if n < 2 else fib_memo(n - 1) + fib_memo(n - 2)

fib_memo(25); print(fib_memo.cache_info())   # hits=23, misses=26`,
    },
  },
};
