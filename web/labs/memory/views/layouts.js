// The memory lab's dict-vs-slots views (memory.layout, memory.layouts): bytes per object and attribute
// reads measured here, CPython's (the version asked for) computed from its layout, and the series' claims held against both.
import { h, fill, table } from '../../../dom.js';
import { fmt, percent } from '../../../format.js';

/** "from its first attribute" or "from 30 attributes": where instances get a dict of their own. */
const fromWords = (n) => (n === 1 ? 'from its first attribute' : `from ${n} attributes`);

export function renderLayout(r, el) {
  fill(
    el,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'layout'),
      h('dd', {}, r.layout === 'dict' ? 'a hash map per object (__dict__)' : 'a fixed array per object (__slots__)'),
      h('dt', {}, 'bytes per object here'),
      h(
        'dd',
        { class: 'big' },
        `${fmt(r.bytesPerObject, 1)} (measured over ${fmt(r.n)} objects with ${r.attrs} attributes)`,
      ),
      h('dt', {}, 'attribute read'),
      h('dd', {}, `${fmt(r.accessNs, 2)} ns`),
      h('dt', {}, r.cpython.version),
      h(
        'dd',
        {},
        `${r.cpython.bytesPerObject} bytes per object (computed from its layout${r.layout === 'dict' && r.attrs >= r.cpython.ownDictFrom ? `; ${fromWords(r.cpython.ownDictFrom)} each object has a dict of its own` : ''})`,
      ),
    ),
  );
}

/** The series' claims for __slots__. */
const SERIES_SAVED_BYTES = 100,
  SERIES_SAVED_PCT = [40, 50];

/** The series' "40-50%" and "~100 bytes" held against one saving: computed, whatever k is. */
function verdict(saved, whole, k, ownDictFrom, python) {
  const share = (100 * saved) / whole;
  const [lo, hi] = SERIES_SAVED_PCT;
  const pctWords =
    share < lo
      ? `below the series' "${lo}-${hi}%"`
      : share > hi
        ? `above the series' "${lo}-${hi}%"`
        : `within the series' "${lo}-${hi}%"`;
  const near = Math.abs(saved - SERIES_SAVED_BYTES) <= 0.2 * SERIES_SAVED_BYTES;
  const bytesWords = near
    ? 'close to its "~100 bytes"'
    : saved < SERIES_SAVED_BYTES
      ? `well short of its "~100 bytes"`
      : `far beyond its "~100 bytes"`;
  const why =
    python === '3.10'
      ? k === 0
        ? "CPython 3.10 makes an instance's dict only when its first attribute is set."
        : 'CPython 3.10 gives every instance a dict of its own (its keys shared with the class, its values array sized by them: over 100 bytes by itself), so "~100 bytes" fits it; from 3.11 small instances keep their values without a dict.'
      : k >= ownDictFrom
        ? `From ${ownDictFrom} attributes CPython ${python} stops sharing keys (SHARED_KEYS_MAX_SIZE): each object gets a dict of its own, so __slots__ saves far more than at small k.`
        : `CPython ${python} keeps up to ${ownDictFrom - 1} attributes in a compact values array (the names are shared by the class${python === '3.13' ? '; since 3.13 the array is inside the object' : ''}) and builds a dict only if you ask for __dict__, ` +
          'so __slots__ saves the array\'s overhead and the object\'s dict pointers, not a dict. "~100 bytes" fits 3.10 and older, where every instance had a real dict (over 100 bytes by itself).';
  return `CPython ${python} saves ${fmt(saved)} bytes (${percent(saved, whole)}) per object with ${k} attribute${k === 1 ? '' : 's'}: ${pctWords}, and ${bytesWords}. ${why}`;
}

export function renderLayouts(r, el) {
  const d = r.dict,
    sl = r.slots;
  const cpSaved = d.cpython.bytesPerObject - sl.cpython.bytesPerObject;
  const hereSaved = d.bytesPerObject - sl.bytesPerObject;
  const heavier = d.bytesPerObject / d.cpython.bytesPerObject;
  fill(
    el,
    table(
      [
        {
          where: 'here (measured)',
          dict: fmt(d.bytesPerObject, 1),
          slots: fmt(sl.bytesPerObject, 1),
          saved: `${fmt(hereSaved, 1)} bytes (${percent(hereSaved, d.bytesPerObject)})`,
          read: `${fmt(d.accessNs, 2)} ns vs ${fmt(sl.accessNs, 2)} ns`,
        },
        {
          where: `${d.cpython.version} (computed)`,
          dict: d.cpython.bytesPerObject,
          slots: sl.cpython.bytesPerObject,
          saved: `${cpSaved} bytes (${percent(cpSaved, d.cpython.bytesPerObject)})`,
          read: '',
        },
        { where: 'the series', dict: '', slots: '', saved: '"~100 bytes", "40-50%"', read: '' },
      ],
      [
        ['where', `${fmt(d.n)} objects, ${d.attrs} attributes`],
        ['dict', '__dict__ bytes/object'],
        ['slots', '__slots__ bytes/object'],
        ['saved', 'saved per object'],
        ['read', 'attribute read (dict vs slots)'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      verdict(cpSaved, d.cpython.bytesPerObject, d.attrs, d.cpython.ownDictFrom, d.cpython.python) +
        ' ' +
        `Here the fixed array saves ${fmt(hereSaved, 0)} bytes (${percent(hereSaved, d.bytesPerObject)}): a C++ unordered_map per object, with a heap node for every attribute, takes ${fmt(d.bytesPerObject, 0)} bytes, ` +
        `${heavier >= 1 ? `${fmt(heavier, 1)} times` : `${percent(d.bytesPerObject, d.cpython.bytesPerObject)} of`} CPython's ${fmt(d.cpython.bytesPerObject)}.`,
    ),
    table(
      r.cpythonByAttrs.map((row) => ({
        k: row.attrs,
        dict: row.dict,
        slots: row.slots,
        saved: `${row.dict - row.slots} (${percent(row.dict - row.slots, row.dict)})`,
      })),
      [
        ['k', 'attributes'],
        ['dict', 'CPython __dict__'],
        ['slots', 'CPython __slots__'],
        ['saved', 'saved'],
      ],
      `CPython ${d.cpython.python} bytes per instance, by attribute count (${fromWords(d.cpython.ownDictFrom)}, each instance has a dict of its own)`,
    ),
  );
}
