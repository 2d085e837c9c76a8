// The memory lab's heap graph: names as notes on the left, objects as boxes in columns by their
// distance from the names, references as arrows; and the same heap as a table, and the collector's
// counters.
import { table } from '../../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat())
    if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
export const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

const BOX_W = 190,
  BOX_H = 54,
  NOTE_W = 64,
  NOTE_H = 26,
  GAP_X = 56,
  GAP_Y = 12,
  PER_COLUMN = 8;

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
  const shown = state.objects.filter(
    (o) => !(o.cached && column.get(o.id) > deepest && !state.names.some((n) => n.id === o.id)),
  );
  const rows = [];
  const place = new Map();
  const drawn = [];
  for (const o of shown) {
    // at most PER_COLUMN boxes a column: the table below lists them all
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

export function heapGraph(state) {
  const { byId, place, drawn, hidden } = layoutGraph(state);
  const noteY = new Map();
  state.names.forEach((n, i) => noteY.set(n.name, i * (NOTE_H + GAP_Y) + 14));
  const width = Math.max(...[...place.values()].map((p) => p.x + BOX_W), NOTE_W) + 8;
  const height =
    Math.max(...[...place.values()].map((p) => p.y + BOX_H), ...[...noteY.values()].map((y) => y + NOTE_H), 40) + 8;
  const arrows = [];
  const edge = (x1, y1, x2, y2, cls) =>
    arrows.push(
      s('path', {
        d: `M${x1},${y1} C${x1 + 30},${y1} ${x2 - 30},${y2} ${x2},${y2}`,
        class: cls,
        'marker-end': 'url(#arrow)',
      }),
    );
  for (const n of state.names) {
    const to = place.get(n.id);
    if (to) edge(NOTE_W, noteY.get(n.name) + NOTE_H / 2, to.x, to.y + BOX_H / 2, 'ref name-ref');
  }
  for (const o of drawn) {
    const from = place.get(o.id);
    for (const r of o.refs) {
      const to = place.get(r);
      if (!to) continue;
      if (r === o.id)
        arrows.push(
          s('path', {
            d: `M${from.x + BOX_W - 20},${from.y} c0,-14 30,-14 20,${BOX_H / 2}`,
            class: 'ref',
            'marker-end': 'url(#arrow)',
          }),
        );
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
    return s(
      'g',
      { class: cls, transform: `translate(${p.x},${p.y})` },
      s('rect', { width: BOX_W, height: BOX_H, rx: 6 }),
      s(
        'text',
        { x: 8, y: 17, class: 'head' },
        `${o.type} · ${o.immortal ? 'immortal' : `refcount ${o.refcount}`}${o.generation !== undefined ? ` · gen ${o.generation}` : ''}`,
      ),
      s('text', { x: 8, y: 34, class: 'value' }, clip(shortValue(o), 26)),
      s(
        'text',
        { x: 8, y: 48, class: 'addr' },
        `${o.id}${o.cached ? ` · ${o.cached}` : ''}${o.reachable ? '' : ' · unreachable'}`,
      ),
    );
  });
  const notes = state.names.map((n) =>
    s(
      'g',
      { class: 'note-tag', transform: `translate(0,${noteY.get(n.name)})` },
      s('rect', { width: NOTE_W - 8, height: NOTE_H, rx: 3 }),
      s('text', { x: 8, y: 18 }, clip(n.name, 7)),
    ),
  );
  const svg = s(
    'svg',
    { class: 'heap-graph', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' },
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M0,0 L10,5 L0,10 z' }),
      ),
    ),
    arrows,
    boxes,
    notes,
  );
  return { svg, hidden, byId };
}

/** The same heap in words and numbers: the graph's text alternative. */
export function heapTable(state, byId) {
  const holders = new Map();
  for (const n of state.names) (holders.get(n.id) ?? holders.set(n.id, []).get(n.id)).push(`name ${n.name}`);
  for (const o of state.objects)
    for (const r of o.refs)
      (holders.get(r) ?? holders.set(r, []).get(r)).push(r === o.id ? 'itself' : `${byId.get(o.id).type} ${o.id}`);
  return table(
    state.objects
      .filter((o) => !o.cached || holders.has(o.id))
      .map((o) => ({
        id: o.id,
        type: o.type,
        value: clip(o.repr, 60),
        refcount: o.immortal ? 'immortal' : o.refcount,
        from: (holders.get(o.id) ?? []).join(', ') || (o.reachable ? '' : 'nothing a name reaches'),
        gen: o.generation ?? 'untracked',
        bytes: o.bytes,
      })),
    [
      ['id', 'id (simulated address)'],
      ['type', 'type'],
      ['value', 'value'],
      ['refcount', 'refcount'],
      ['from', 'referenced by'],
      ['gen', 'gc generation'],
      ['bytes', 'bytes (sys.getsizeof)'],
    ],
  );
}

export function gcPanel(gc) {
  return table(
    [0, 1, 2].map((g) => ({
      g,
      count: gc.count[g],
      threshold: gc.threshold[g],
      runs: gc.collections[g],
      freed: gc.collected[g],
    })),
    [
      ['g', 'generation'],
      ['count', 'count'],
      ['threshold', 'threshold'],
      ['runs', 'collections'],
      ['freed', 'objects freed'],
    ],
    `the cycle collector: ${gc.enabled ? 'enabled' : 'disabled (gc.disable())'}`,
  );
}
