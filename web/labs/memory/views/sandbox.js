// The memory lab's sandbox view (memory.sandbox, memory.cycles): the session line by line, the heap
// after each line as a graph and a table, the collector's counters, and what each line freed.
import { h, fill } from '../../../dom.js';
import { fmt } from '../../../format.js';
import { heapGraph, heapTable, gcPanel } from '../graph.js';
import { stepper } from '../stepper.js';

const EXAMPLES = {
  'memory.sandbox': [
    'b = a',
    'a is b',
    'sys.getrefcount(b)',
    'del b',
    'x = 257; y = 257; x is y',
    "s = 'hi'; t = 'hi'; s is t",
    'b.append(b)',
    'id(b)',
  ],
  'memory.cycles': [
    'a = Node(); a.me = a',
    'del a',
    'gc.collect()',
    'gc.get_count()',
    'w = weakref.ref(b)',
    'w()',
    'gc.disable()',
    'gc.enable()',
  ],
};

export function renderSandbox(r, el, { params, demo, rerun }) {
  const steps = r.steps;
  let at = steps.length - 1;
  const transcript = h('ol', { class: 'transcript', tabindex: 0, 'aria-label': 'the session, line by line' });
  const where = h('p', { class: 'status', 'aria-live': 'polite' });
  const graph = h('div', {
    class: 'graph-wrap',
    role: 'region',
    tabindex: 0,
    'aria-label': 'the heap as a graph (the table below has the same)',
  });
  const words = h('details', { class: 'heap-words' });
  const gc = h('div', { class: 'gc' });
  const events = h('ul', { class: 'events' });
  const show = (i) => {
    at = i;
    const step = steps[at];
    for (const [k, li] of [...transcript.children].entries()) li.classList.toggle('current', k === at);
    where.textContent = `After line ${at + 1} of ${steps.length}: ${step.statement}`;
    const { svg, hidden, byId } = heapGraph(step.state);
    const refsHidden = step.state.objects.reduce((n, o) => n + (o.refsHidden ?? 0), 0);
    const namesHidden = step.state.hiddenNames ?? 0;
    fill(
      graph,
      svg,
      hidden > 0 ? h('p', { class: 'note' }, `${fmt(hidden)} more objects not drawn (see the table).`) : null,
      refsHidden + namesHidden > 0
        ? h(
            'p',
            { class: 'note' },
            `Summarised: ${fmt(namesHidden)} names and ${fmt(refsHidden)} references are counted but not listed here (every line's state together stays under about 20 MB).`,
          )
        : null,
    );
    fill(
      words,
      h('summary', {}, `The heap as a table (${step.state.objects.length} objects, ${step.state.names.length} names)`),
      heapTable(step.state, byId),
    );
    fill(gc, gcPanel(step.state.gc));
    fill(
      events,
      step.events.length
        ? step.events.map((e) => h('li', {}, e))
        : h('li', {}, 'nothing was freed or collected on this line'),
    );
  };
  const { el: controls, go } = stepper(steps.length, at, show);
  fill(
    transcript,
    steps.map((step, i) =>
      h(
        'li',
        { onclick: () => go(i) },
        h('code', {}, `>>> ${step.statement}`),
        step.output ? h('pre', { class: 'out' }, step.output) : null,
        step.error
          ? h('pre', { class: 'out error-text' }, `${step.error}\n(the state is as it was before this line)`)
          : null,
      ),
    ),
  );

  // Add a line by typing it or by clicking an example; C++ parses it first, so a bad line changes nothing.
  const typed = h('input', {
    type: 'text',
    'aria-label': 'a statement to add',
    placeholder: 'a statement, e.g. c = [a, a]',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const complaint = h('p', { class: 'error-text', role: 'alert' });
  let script = params.script; // what the next run will hold: quick adds build on each other
  const add = async (line) => {
    complaint.textContent = '';
    try {
      await window.llplay.run(demo.id, { script: [line] }); // parses and runs it alone: refuses what it cannot parse
    } catch (error) {
      if (error.code === 'BadParams') {
        complaint.textContent = `${error.message.replace(/^line 1, /, '')}. Nothing was added; the sandbox is as it was.`;
        return;
      }
    }
    script = [...script, line];
    rerun({ script });
  };
  const form = h(
    'form',
    {
      class: 'add-line',
      onsubmit: (e) => {
        e.preventDefault();
        if (typed.value.trim()) add(typed.value.trim());
      },
    },
    typed,
    h('button', { type: 'submit' }, 'Add and run'),
  );
  fill(
    el,
    h(
      'div',
      { class: 'sandbox' },
      h(
        'div',
        {},
        h('h3', {}, 'The session'),
        transcript,
        form,
        complaint,
        h(
          'div',
          { class: 'examples' },
          'Try: ',
          EXAMPLES[demo.id].map((line) =>
            h('button', { type: 'button', class: 'example', onclick: () => add(line) }, line),
          ),
        ),
      ),
      h('div', {}, controls, where, graph, words, gc, h('h3', {}, 'What happened on this line'), events),
    ),
    h(
      'p',
      { class: 'note' },
      `Modelled on ${r.version}: names (left) are notes stuck on objects; arrows are references. Each object shows its reference count; an object whose count reaches zero is freed at once. ` +
        'Objects in red are unreachable: no name leads to them, but a cycle keeps their counts above zero, so only the collector can free them. ' +
        (r.python >= '3.12'
          ? `Dashed boxes are shared objects (small ints, interned strings). In CPython ${r.python} None, True, False and the small ints are immortal (PEP 683, since 3.12): their count never changes and sys.getrefcount reports 4294967295, so they show "immortal"${r.python === '3.12' ? ', as do interned strings (3.13 made those mortal again)' : ''}. `
          : `Dashed boxes are shared objects (small ints, interned strings): their counts here are this session's references only; CPython ${r.python}'s also include the interpreter's own (from 3.12 such objects are immortal and their count stays fixed). `) +
        "The ids are simulated addresses in CPython's style (in CPython, id() is where the object lives in memory); the sandbox makes them up, so they are not addresses in this page's memory.",
    ),
  );
  go(at);
}
