// The memory lab on the page: names stuck on objects, reference counts and the collector, eager vs lazy,
// dict vs slots, and the wasm heap itself. The views live in views/, the heap graph in graph.js, the
// stepper in stepper.js and each demo's Python in python.js; this file is the lab's export.
import { renderSandbox } from './views/sandbox.js';
import { renderLazy, sweepChart, renderSweep } from './views/lazy.js';
import { renderLayout, renderLayouts } from './views/layouts.js';
import { renderHeap } from './views/heap.js';
import { PYTHON } from './python.js';

export default {
  intro: [
    'Day 1 says variables are "sticky notes pointing to objects in memory". Here the notes, the objects and their reference counts are on screen, step by step, ' +
      "with CPython's cycle collector, and then the claims about lists, generators and __slots__, measured.",
  ],
  demos: {
    'memory.sandbox': {
      render: renderSandbox,
      notes: [
        "Type a line or click an example: it is added to the script and the whole session runs again from the start. Step back and forth to see each line's effect.",
        "Lists nested too deep raise RecursionError here at the same depth as at the chosen CPython's >>> prompt (== and repr alike: about 1,000 levels in 3.10 and 3.11, 1,500 in 3.12, 10,000 in 3.13, whose C recursion limit grew); a script past the sandbox's budgets (steps, objects, output) stops with LimitExceeded.",
      ],
      python: PYTHON['memory.sandbox'],
    },
    'memory.cycles': {
      render: renderSandbox,
      notes: [
        "The collector's first threshold is 700 new containers up to 3.12 and 2,000 in 3.13: with 3.13 the 800 nodes set off no automatic collection (make it range(2100), or pick 3.12).",
      ],
      python: PYTHON['memory.cycles'],
    },
    'memory.lazy': {
      render: renderLazy,
      python: PYTHON['memory.lazy'],
    },
    'memory.lazy-sweep': { render: renderSweep, chart: sweepChart, python: PYTHON['memory.lazy-sweep'] },
    'memory.layout': { render: renderLayout, python: PYTHON['memory.layout'] },
    'memory.layouts': { render: renderLayouts, python: PYTHON['memory.layouts'] },
    'memory.heap': {
      render: renderHeap,
      showWhen: { bigMB: { pattern: ['big'] } },
      notes: [
        'Try "big" with 8192 MB: more than a wasm heap can ever hold (4 GB). The allocation fails with a clear error, and the next run works.',
      ],
      python: PYTHON['memory.heap'],
    },
  },
};
