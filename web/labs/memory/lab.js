// The memory lab on the page: names stuck on objects, reference counts and the collector, eager vs lazy,
// dict vs slots, and the wasm heap itself.
import { h, fill, table } from '../../dom.js';
import { fmt, bytes, percent } from '../../format.js';
import { chart } from '../../chart.js';


// ---------------------------------------------------------------------------------------------------
// Sticky notes and the collector: the heap as a graph, one step at a time.

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

const BOX_W = 190, BOX_H = 54, NOTE_W = 64, NOTE_H = 26, GAP_X = 56, GAP_Y = 12, PER_COLUMN = 8;

/** Columns by distance from the names; objects no name reaches go in a last column of their own. */
function layoutGraph(state) {
  const byId = new Map(state.objects.map((o) => [o.id, o]));
  const column = new Map();
  let frontier = [...new Set(state.names.map((n) => n.id))].filter((id) => byId.has(id));
  for (let depth = 0; frontier.length; depth++) {
    const next = [];
    for (const id of frontier) {
      if (column.has(id)) continue;
      column.set(id, depth);
      for (const r of byId.get(id).refs) if (!column.has(r) && byId.has(r)) next.push(r);
    }
    frontier = next;
  }
  const deepest = Math.max(-1, ...column.values());
  for (const o of state.objects) if (!column.has(o.id)) column.set(o.id, deepest + 1);
  // Cached small ints and interned strings that only the interpreter holds are noise: leave them out.
  const shown = state.objects.filter((o) => !(o.cached && column.get(o.id) > deepest && !state.names.some((n) => n.id === o.id)));
  const rows = [];
  const place = new Map();
  const drawn = [];
  for (const o of shown) {  // at most PER_COLUMN boxes a column: the table below lists them all
    const c = column.get(o.id);
    if ((rows[c] ?? 0) >= PER_COLUMN) continue;
    rows[c] = (rows[c] ?? 0) + 1;
    drawn.push(o);
    place.set(o.id, { x: NOTE_W + GAP_X + c * (BOX_W + GAP_X), y: (rows[c] - 1) * (BOX_H + GAP_Y) });
  }
  return { byId, place, drawn, hidden: shown.length - drawn.length + state.hiddenObjects };
}

/** What a box shows as its value: the repr, without the address the box already shows. */
function shortValue(o) {
  if (o.type === 'weakref') return o.weakTo ? `weak → ${o.weakTo}` : 'dead';
  if (o.repr.startsWith('<__main__.')) return `${o.type}() with ${o.refs.length} attribute(s)`;
  return o.repr;
}

function heapGraph(state) {
  const { byId, place, drawn, hidden } = layoutGraph(state);
  const noteY = new Map();
  state.names.forEach((n, i) => noteY.set(n.name, i * (NOTE_H + GAP_Y) + 14));
  const width = Math.max(...[...place.values()].map((p) => p.x + BOX_W), NOTE_W) + 8;
  const height = Math.max(...[...place.values()].map((p) => p.y + BOX_H), ...[...noteY.values()].map((y) => y + NOTE_H), 40) + 8;
  const arrows = [];
  const edge = (x1, y1, x2, y2, cls) => arrows.push(s('path', { d: `M${x1},${y1} C${x1 + 30},${y1} ${x2 - 30},${y2} ${x2},${y2}`, class: cls, 'marker-end': 'url(#arrow)' }));
  for (const n of state.names) {
    const to = place.get(n.id);
    if (to) edge(NOTE_W, noteY.get(n.name) + NOTE_H / 2, to.x, to.y + BOX_H / 2, 'ref name-ref');
  }
  for (const o of drawn) {
    const from = place.get(o.id);
    for (const r of o.refs) {
      const to = place.get(r);
      if (!to) continue;
      if (r === o.id) arrows.push(s('path', { d: `M${from.x + BOX_W - 20},${from.y} c0,-14 30,-14 20,${BOX_H / 2}`, class: 'ref', 'marker-end': 'url(#arrow)' }));
      else edge(from.x + BOX_W, from.y + BOX_H / 2, to.x, to.y + BOX_H / 2, 'ref');
    }
    if (o.weakTo && place.get(o.weakTo)) {
      const to = place.get(o.weakTo);
      edge(from.x + BOX_W, from.y + BOX_H / 2, to.x, to.y + BOX_H / 2, 'ref weak');
    }
  }
  const boxes = drawn.map((o) => {
    const p = place.get(o.id);
    const cls = ['obj', o.reachable ? '' : 'leaked', o.cached ? 'cached' : ''].join(' ');
    return s('g', { class: cls, transform: `translate(${p.x},${p.y})` },
      s('rect', { width: BOX_W, height: BOX_H, rx: 6 }),
      s('text', { x: 8, y: 17, class: 'head' }, `${o.type} · refcount ${o.refcount}${o.generation !== undefined ? ` · gen ${o.generation}` : ''}`),
      s('text', { x: 8, y: 34, class: 'value' }, clip(shortValue(o), 26)),
      s('text', { x: 8, y: 48, class: 'addr' }, `${o.id}${o.cached ? ` · ${o.cached}` : ''}${o.reachable ? '' : ' · unreachable'}`));
  });
  const notes = state.names.map((n) => s('g', { class: 'note-tag', transform: `translate(0,${noteY.get(n.name)})` },
    s('rect', { width: NOTE_W - 8, height: NOTE_H, rx: 3 }), s('text', { x: 8, y: 18 }, clip(n.name, 7))));
  const svg = s('svg', { class: 'heap-graph', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z' }))),
    arrows, boxes, notes);
  return { svg, hidden, byId };
}

/** The same heap in words and numbers: the graph's text alternative. */
function heapTable(state, byId) {
  const holders = new Map();
  for (const n of state.names) (holders.get(n.id) ?? holders.set(n.id, []).get(n.id)).push(`name ${n.name}`);
  for (const o of state.objects) for (const r of o.refs) (holders.get(r) ?? holders.set(r, []).get(r)).push(r === o.id ? 'itself' : `${byId.get(o.id).type} ${o.id}`);
  return table(state.objects.filter((o) => !o.cached || holders.has(o.id)).map((o) => ({
    id: o.id, type: o.type, value: clip(o.repr, 60), refcount: o.refcount,
    from: (holders.get(o.id) ?? []).join(', ') || (o.reachable ? '' : 'nothing a name reaches'),
    gen: o.generation ?? 'untracked', bytes: o.bytes,
  })), [['id', 'id (simulated address)'], ['type', 'type'], ['value', 'value'], ['refcount', 'refcount'], ['from', 'referenced by'], ['gen', 'gc generation'], ['bytes', 'bytes (sys.getsizeof)']]);
}

function gcPanel(gc) {
  return table([0, 1, 2].map((g) => ({ g, count: gc.count[g], threshold: gc.threshold[g], runs: gc.collections[g], freed: gc.collected[g] })),
    [['g', 'generation'], ['count', 'count'], ['threshold', 'threshold'], ['runs', 'collections'], ['freed', 'objects freed']],
    `the cycle collector: ${gc.enabled ? 'enabled' : 'disabled (gc.disable())'}`);
}

const EXAMPLES = {
  'memory.sandbox': ['b = a', 'a is b', 'sys.getrefcount(b)', 'del b', 'x = 257; y = 257; x is y', "s = 'hi'; t = 'hi'; s is t", 'b.append(b)', 'id(b)'],
  'memory.cycles': ['a = Node(); a.me = a', 'del a', 'gc.collect()', 'gc.get_count()', 'w = weakref.ref(b)', 'w()', 'gc.disable()', 'gc.enable()'],
};

function renderSandbox(r, el, { params, demo, rerun }) {
  const steps = r.steps;
  let at = steps.length - 1;
  const transcript = h('ol', { class: 'transcript', tabindex: 0, 'aria-label': 'the session, line by line' });
  const where = h('p', { class: 'status', 'aria-live': 'polite' });
  const graph = h('div', { class: 'graph-wrap', role: 'region', tabindex: 0, 'aria-label': 'the heap as a graph (the table below has the same)' });
  const words = h('details', { class: 'heap-words' });
  const gc = h('div', { class: 'gc' });
  const events = h('ul', { class: 'events' });
  const slider = h('input', { type: 'range', min: 0, max: steps.length - 1, value: at, 'aria-label': 'step' });
  const show = (i) => {
    at = Math.max(0, Math.min(steps.length - 1, i));
    slider.value = at;
    const step = steps[at];
    for (const [k, li] of [...transcript.children].entries()) li.classList.toggle('current', k === at);
    where.textContent = `After line ${at + 1} of ${steps.length}: ${step.statement}`;
    const { svg, hidden, byId } = heapGraph(step.state);
    fill(graph, svg, hidden > 0 ? h('p', { class: 'note' }, `${fmt(hidden)} more objects not drawn (see the table).`) : null);
    fill(words, h('summary', {}, `The heap as a table (${step.state.objects.length} objects, ${step.state.names.length} names)`), heapTable(step.state, byId));
    fill(gc, gcPanel(step.state.gc));
    fill(events, step.events.length ? step.events.map((e) => h('li', {}, e)) : h('li', {}, 'nothing was freed or collected on this line'));
  };
  fill(transcript, steps.map((step, i) => h('li', { onclick: () => show(i) },
    h('code', {}, `>>> ${step.statement}`),
    step.output ? h('pre', { class: 'out' }, step.output) : null,
    step.error ? h('pre', { class: 'out error-text' }, `${step.error}\n(the state is as it was before this line)`) : null)));
  slider.addEventListener('input', () => show(Number(slider.value)));
  const button = (label, move) => h('button', { type: 'button', onclick: () => show(move()) }, label);

  // Add a line by typing it or by clicking an example; C++ parses it first, so a bad line changes nothing.
  const typed = h('input', { type: 'text', 'aria-label': 'a statement to add', placeholder: 'a statement, e.g. c = [a, a]', spellcheck: 'false', autocomplete: 'off' });
  const complaint = h('p', { class: 'error-text', role: 'alert' });
  let script = params.script;  // what the next run will hold: quick adds build on each other
  const add = async (line) => {
    complaint.textContent = '';
    try {
      await window.llplay.run(demo.id, { script: [line] });  // parses and runs it alone: refuses what it cannot parse
    } catch (error) {
      if (error.code === 'BadParams') {
        complaint.textContent = `${error.message.replace(/^line 1, /, '')}. Nothing was added; the sandbox is as it was.`;
        return;
      }
    }
    script = [...script, line];
    rerun({ script });
  };
  const form = h('form', { class: 'add-line', onsubmit: (e) => { e.preventDefault(); if (typed.value.trim()) add(typed.value.trim()); } },
    typed, h('button', { type: 'submit' }, 'Add and run'));
  fill(el,
    h('div', { class: 'sandbox' },
      h('div', {}, h('h3', {}, 'The session'), transcript, form, complaint,
        h('div', { class: 'examples' }, 'Try: ', EXAMPLES[demo.id].map((line) => h('button', { type: 'button', class: 'example', onclick: () => add(line) }, line)))),
      h('div', {},
        h('div', { class: 'stepper' }, button('first', () => 0), button('◀ back', () => at - 1), button('next ▶', () => at + 1), button('last', () => steps.length - 1), slider),
        where, graph, words, gc, h('h3', {}, 'What happened on this line'), events)),
    h('p', { class: 'note' }, `Modelled on ${r.python}: names (left) are notes stuck on objects; arrows are references. Each object shows its reference count; an object whose count reaches zero is freed at once. ` +
      'Objects in red are unreachable: no name leads to them, but a cycle keeps their counts above zero, so only the collector can free them. ' +
      'Dashed boxes are shared objects (small ints, interned strings): their counts here are this session\'s references only; CPython\'s also include the interpreter\'s own. ' +
      'The ids are simulated addresses in CPython\'s style (in CPython, id() is where the object lives in memory); the sandbox makes them up, so they are not addresses in this page\'s memory.'));
  show(at);
}

// ---------------------------------------------------------------------------------------------------
// Eager vs lazy.

/** The series' figures, and what they are. */
const SERIES_LIST = 8e6, SERIES_GEN = 104;

/** What CPython's ints cost for these squares, from the largest one, (n - 1)², as the C++ sizes it. */
function squaresInWords(eager) {
  if (eager.intBytes === 0) return 'every square here is at most 256, one of the cached small ints, so only the list\'s slots count.';
  const top = eager.largestSquareBytes;
  return top === 28
    ? 'every square above 256 is an int object of its own, 28 bytes each (one 30-bit digit: all squares here are below 2³⁰).'
    : `every square above 256 is an int object of its own: 28 bytes below 2³⁰, ${top} from there (the largest, ${BigInt(eager.largestSquare).toLocaleString('en')}, has ${(top - 24) / 4} 30-bit digits).`;
}

function renderLazy(r, el) {
  const cp = r.cpython;
  fill(el,
    table([
      { how: 'eager: sum([x * x for x in range(n)])', here: bytes(r.eager.peakBytes), cpython: `${bytes(cp.eager.totalBytes)} (list ${bytes(cp.eager.listBytes)} + ints ${bytes(cp.eager.intBytes)})`, sum: r.eager.sum, ms: r.eager.ms.toFixed(2) },
      { how: 'lazy: sum(x * x for x in range(n))', here: bytes(r.lazy.peakBytes), cpython: `${bytes(cp.lazy.totalBytes)} (generator ${cp.lazy.generatorBytes} + range iterator ${cp.lazy.rangeIteratorBytes})`, sum: r.lazy.sum, ms: r.lazy.ms.toFixed(2) },
    ], [['how', `n = ${fmt(r.n)}`], ['here', 'peak heap here (measured)'], ['cpython', `${cp.version} (computed)`], ['sum', 'sum'], ['ms', 'ms here']]),
    h('p', {}, `Here the eager list of 8-byte squares peaks at ${bytes(r.eager.peakBytes)}: a std::vector doubles as it grows, and while it moves, the old and the new buffer both exist. ` +
      `The generator (a C++20 coroutine) peaks at ${bytes(r.lazy.peakBytes)}, its frame, whatever n is. ` +
      `CPython needs more for the list: besides its 8-byte slots, ${squaresInWords(cp.eager)}`),
    h('p', { class: 'note' }, r.n === 1000000
      ? `The series says the list "eats 8 MB": that is sys.getsizeof(list), ${bytes(cp.eager.listBytes)}, which counts the slots but not the ${bytes(cp.eager.intBytes)} of ints they point to. ` +
        `It says the generator takes 104 bytes: CPython 3.11 reports ${cp.lazy.generatorBytes}, because since 3.11 a generator carries its frame inside it; older CPythons kept the frame separate and did not count it.`
      : 'Set n to 1000000 to compare with the series\' "8 MB" and "104 bytes".'),
    h('p', { class: r.lazy.secondPass === '0' ? 'note warn' : 'note' },
      `The depleted-generator trap: looping over the same generator a second time gave ${r.lazy.secondPass}. A generator runs once; the second loop finds it finished and yields nothing, without an error.`));
}

function sweepChart(r, figure) {
  const rows = r.rows;
  return chart(figure, {
    title: 'Peak memory of the two pipelines, by n',
    x: rows.map((row) => row.n),
    series: [
      { label: 'eager, here', values: rows.map((row) => row.eager.peakBytes) },
      { label: 'lazy, here', values: rows.map((row) => Math.max(1, row.lazy.peakBytes)) },
      { label: 'eager, CPython 3.11', values: rows.map((row) => row.cpython.eager.totalBytes) },
      { label: 'lazy, CPython 3.11', values: rows.map((row) => row.cpython.lazy.totalBytes) },
    ],
    xLabel: 'n', yLabel: 'bytes', logX: true, logY: true,
    summary: rows.map((row) => `n = ${fmt(row.n)}: eager ${bytes(row.eager.peakBytes)} here, ${bytes(row.cpython.eager.totalBytes)} in CPython; lazy ${bytes(row.lazy.peakBytes)} here, ${bytes(row.cpython.lazy.totalBytes)} in CPython`).join('. ') +
      `. The series' figures for n = 1,000,000: ${bytes(SERIES_LIST)} eager, ${SERIES_GEN} bytes lazy.`,
  });
}

function renderSweep(r, el) {
  const million = r.rows.find((row) => row.n === 1000000);
  fill(el, table(r.rows.map((row) => ({
    n: fmt(row.n), eager: bytes(row.eager.peakBytes), lazy: bytes(row.lazy.peakBytes), ce: bytes(row.cpython.eager.totalBytes), cl: bytes(row.cpython.lazy.totalBytes),
  })), [['n', 'n'], ['eager', 'eager here'], ['lazy', 'lazy here'], ['ce', 'eager CPython 3.11'], ['cl', 'lazy CPython 3.11']]),
  million ? h('p', { class: 'note' }, `At n = 1,000,000 the series says 8 MB and 104 bytes. CPython 3.11: the list object alone is ${bytes(million.cpython.eager.listBytes)}, with its ints ${bytes(million.cpython.eager.totalBytes)}; the generator and its range iterator ${million.cpython.lazy.totalBytes} bytes.`) : null);
}

// ---------------------------------------------------------------------------------------------------
// Dict vs slots.

function renderLayout(r, el) {
  fill(el, h('dl', { class: 'facts' },
    h('dt', {}, 'layout'), h('dd', {}, r.layout === 'dict' ? 'a hash map per object (__dict__)' : 'a fixed array per object (__slots__)'),
    h('dt', {}, 'bytes per object here'), h('dd', { class: 'big' }, `${r.bytesPerObject.toFixed(1)} (measured over ${fmt(r.n)} objects with ${r.attrs} attributes)`),
    h('dt', {}, 'attribute read'), h('dd', {}, `${r.accessNs.toFixed(2)} ns`),
    h('dt', {}, r.cpython.version), h('dd', {}, `${r.cpython.bytesPerObject} bytes per object (computed from its layout${r.layout === 'dict' && r.attrs >= r.cpython.ownDictFrom ? `; from ${r.cpython.ownDictFrom} attributes each object has a dict of its own` : ''})`)));
}

/** The series' claims for __slots__. */
const SERIES_SAVED_BYTES = 100, SERIES_SAVED_PCT = [40, 50];

/** The series' "40-50%" and "~100 bytes" held against one saving: computed, whatever k is. */
function verdict(saved, whole, k, ownDictFrom) {
  const percent = (100 * saved) / whole;
  const [lo, hi] = SERIES_SAVED_PCT;
  const pctWords = percent < lo ? `below the series' "${lo}-${hi}%"` : percent > hi ? `above the series' "${lo}-${hi}%"` : `within the series' "${lo}-${hi}%"`;
  const near = Math.abs(saved - SERIES_SAVED_BYTES) <= 0.2 * SERIES_SAVED_BYTES;
  const bytesWords = near ? 'close to its "~100 bytes"' : saved < SERIES_SAVED_BYTES ? `well short of its "~100 bytes"` : `far beyond its "~100 bytes"`;
  const why = k >= ownDictFrom
    ? `From ${ownDictFrom} attributes CPython 3.11 stops sharing keys (SHARED_KEYS_MAX_SIZE): each object gets a dict of its own, so __slots__ saves far more than at small k.`
    : `3.11 keeps up to ${ownDictFrom - 1} attributes in a compact values array (the names are shared by the class) and builds a dict only if you ask for __dict__, ` +
      'so __slots__ saves the array\'s overhead and the object\'s dict pointers, not a dict. "~100 bytes" fits older CPythons, where every instance had a real dict (over 100 bytes by itself).';
  return `CPython 3.11 saves ${fmt(saved)} bytes (${Math.round(percent)}%) per object with ${k} attribute${k === 1 ? '' : 's'}: ${pctWords}, and ${bytesWords}. ${why}`;
}

function renderLayouts(r, el) {
  const d = r.dict, sl = r.slots;
  const cpSaved = d.cpython.bytesPerObject - sl.cpython.bytesPerObject;
  const hereSaved = d.bytesPerObject - sl.bytesPerObject;
  const heavier = d.bytesPerObject / d.cpython.bytesPerObject;
  fill(el,
    table([
      { where: 'here (measured)', dict: d.bytesPerObject.toFixed(1), slots: sl.bytesPerObject.toFixed(1), saved: `${hereSaved.toFixed(1)} bytes (${percent(hereSaved, d.bytesPerObject)})`, read: `${d.accessNs.toFixed(2)} ns vs ${sl.accessNs.toFixed(2)} ns` },
      { where: `${d.cpython.version} (computed)`, dict: d.cpython.bytesPerObject, slots: sl.cpython.bytesPerObject, saved: `${cpSaved} bytes (${percent(cpSaved, d.cpython.bytesPerObject)})`, read: '' },
      { where: 'the series', dict: '', slots: '', saved: '"~100 bytes", "40-50%"', read: '' },
    ], [['where', `${fmt(d.n)} objects, ${d.attrs} attributes`], ['dict', '__dict__ bytes/object'], ['slots', '__slots__ bytes/object'], ['saved', 'saved per object'], ['read', 'attribute read (dict vs slots)']]),
    h('p', { class: 'note' }, verdict(cpSaved, d.cpython.bytesPerObject, d.attrs, d.cpython.ownDictFrom) + ' ' +
      `Here the fixed array saves ${fmt(Math.round(hereSaved))} bytes (${percent(hereSaved, d.bytesPerObject)}): a C++ unordered_map per object, with a heap node for every attribute, takes ${fmt(Math.round(d.bytesPerObject))} bytes, ` +
      `${heavier >= 1 ? `${heavier.toFixed(1)} times` : `${percent(d.bytesPerObject, d.cpython.bytesPerObject)} of`} CPython's ${fmt(d.cpython.bytesPerObject)}.`),
    table(r.cpythonByAttrs.map((row) => ({ k: row.attrs, dict: row.dict, slots: row.slots, saved: `${row.dict - row.slots} (${percent(row.dict - row.slots, row.dict)})` })),
      [['k', 'attributes'], ['dict', 'CPython __dict__'], ['slots', 'CPython __slots__'], ['saved', 'saved']],
      `CPython 3.11 bytes per instance, by attribute count (from ${d.cpython.ownDictFrom}, each instance has a dict of its own)`));
}

// ---------------------------------------------------------------------------------------------------
// The heap itself.

function renderHeap(r, el) {
  const events = r.events.map(([kind, address, size, pages]) => ({ kind, address, size, pages }));
  const lo = Math.min(...events.map((e) => e.address)), hi = Math.max(...events.map((e) => e.address + e.size));
  // Open at the most fragmented moment: the most bytes in holes between live blocks.
  const liveAt = (i) => {
    const live = new Map();
    for (const e of events.slice(0, i + 1)) e.kind === 'alloc' ? live.set(e.address, e) : live.delete(e.address);
    return [...live.values()].sort((a, b) => a.address - b.address);
  };
  const holesIn = (blocks) => {
    let holes = 0, largest = 0;
    for (let k = 1; k < blocks.length; k++) {
      const gap = blocks[k].address - (blocks[k - 1].address + blocks[k - 1].size);
      if (gap > 32) holes += gap, largest = Math.max(largest, gap);  // smaller gaps are the allocator's headers
    }
    return { holes, largest };
  };
  let at = events.length - 1, most = -1;
  for (let i = 0; i < events.length; i += Math.max(1, Math.floor(events.length / 200))) {
    const { holes } = holesIn(liveAt(i));
    if (holes > most) most = holes, at = i;
  }
  const strip = h('div', { class: 'heap-strip', role: 'img' });
  const facts = h('p', { class: 'status', 'aria-live': 'polite' });
  const slider = h('input', { type: 'range', min: 0, max: events.length - 1, value: at, 'aria-label': 'event' });
  const show = (i) => {
    at = Math.max(0, Math.min(events.length - 1, i));
    slider.value = at;
    const blocks = liveAt(at);
    const span = hi - lo || 1;
    const { holes, largest: largestHole } = holesIn(blocks);
    const inUse = blocks.reduce((sum, b) => sum + b.size, 0);
    const e = events[at];
    fill(strip, blocks.map((b) => h('span', { class: `block${b === e ? ' newest' : ''}`, style: `left:${(100 * (b.address - lo)) / span}%;width:max(1px,${(100 * b.size) / span}%)` })));
    const words = `Event ${at + 1} of ${events.length}: ${e.kind} ${fmt(e.size)} bytes at 0x${e.address.toString(16)}. ${blocks.length} blocks live, ${bytes(inUse)} in use; ` +
      `${bytes(holes)} in holes between them (largest ${bytes(largestHole)}).` + (r.wasm ? ` Wasm memory: ${fmt(e.pages)} pages of 64 KiB (${bytes(e.pages * r.pageBytes)}).` : '');
    facts.textContent = words;
    strip.setAttribute('aria-label', `The heap from 0x${lo.toString(16)} to 0x${hi.toString(16)}. ${words}`);
  };
  slider.addEventListener('input', () => show(Number(slider.value)));
  const button = (label, move) => h('button', { type: 'button', onclick: () => show(move()) }, label);
  const grew = r.pagesAfter - r.pagesBefore;
  fill(el,
    h('div', { class: 'stepper' }, button('first', () => 0), button('◀ back', () => at - 1), button('next ▶', () => at + 1), button('last', () => events.length - 1), slider),
    strip, facts,
    h('p', { class: 'note' }, r.wasm
      ? `The wasm memory went from ${fmt(r.pagesBefore)} to ${fmt(r.pagesAfter)} pages of 64 KiB${grew > 0 ? `: it grew by ${fmt(grew)} (${bytes(grew * r.pageBytes)}) during this run` : ''}. Linear memory only grows; freed blocks go back to the allocator (dlmalloc), not to the browser.`
      : 'Natively the addresses come from glibc\'s malloc; pages are the operating system\'s business.'),
    h('p', { class: 'note' }, 'CPython does the same one level up: pymalloc carves 256 KiB arenas into 16 KiB pools of same-size blocks, so small objects rarely reach malloc at all.'));
  show(at);
}

export default {
  intro: [
    'Day 1 says variables are "sticky notes pointing to objects in memory". Here the notes, the objects and their reference counts are on screen, step by step, ' +
      'with CPython\'s cycle collector, and then the claims about lists, generators and __slots__, measured.',
  ],
  demos: {
    'memory.sandbox': {
      render: renderSandbox,
      notes: ['Type a line or click an example: it is added to the script and the whole session runs again from the start. Step back and forth to see each line\'s effect.'],
      python: `a = [1, 2, 3]
b = a                  # a second note on the same list
c = list(a)            # a new list with the same items
a is b, a == c, a is c # (True, True, False)
import sys
sys.getrefcount(a)     # 3: a, b, and getrefcount's own argument
x = 257; y = 257; x is y   # True: one line, one constant
x = 257
y = 257
x is y                 # False at the >>> prompt: two lines, two objects`,
    },
    'memory.cycles': {
      render: renderSandbox,
      python: `import gc, weakref
class Node: pass
gc.disable()
a, b = Node(), Node()
a.partner, b.partner = b, a   # a cycle: each keeps the other's count at 1
w = weakref.ref(a)
del a, b                       # no names left, but nothing is freed
w()                            # still alive
gc.collect()                   # 2: the collector finds the cycle
w()                            # None`,
    },
    'memory.lazy': {
      render: renderLazy,
      python: `import sys, tracemalloc
n = 1_000_000
squares = [x * x for x in range(n)]
sys.getsizeof(squares)            # 8,448,728: the list only
gen = (x * x for x in range(n))
sys.getsizeof(gen)                # 208 in 3.11
sum(gen); sum(gen)                # the second sum is 0: the generator is used up`,
    },
    'memory.lazy-sweep': { render: renderSweep, chart: sweepChart, python: `import tracemalloc
for n in (10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000):
    tracemalloc.start(); sum([x * x for x in range(n)]); print(n, tracemalloc.get_traced_memory()[1]); tracemalloc.stop()` },
    'memory.layout': { render: renderLayout, python: `class Point:
    __slots__ = ("x", "y", "z")   # remove this line for a __dict__ per object
import sys; sys.getsizeof(Point())` },
    'memory.layouts': { render: renderLayouts, python: `import sys, tracemalloc
class WithDict:  pass
class WithSlots: __slots__ = ("a", "b", "c")
sys.getsizeof(WithSlots())    # 56
tracemalloc.start()
objs = [WithDict() for _ in range(10_000)]
for o in objs: o.a = o.b = o.c = None
tracemalloc.get_traced_memory()[0] / 10_000   # about 96 (+8 for the list slot)` },
    'memory.heap': {
      render: renderHeap,
      showWhen: { bigMB: { pattern: ['big'] } },
      notes: ['Try "big" with 8192 MB: more than a wasm heap can ever hold (4 GB). The allocation fails with a clear error, and the next run works.'],
      python: `import tracemalloc
tracemalloc.start()
blocks = [bytearray(64) for _ in range(200)]
del blocks[::2]              # holes: freed blocks between live ones
print(tracemalloc.get_traced_memory())`,
    },
  },
};
