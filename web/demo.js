// One demo on the page: controls made from the registry's parameter specs, run/cancel with progress,
// results, a chart, and the code. Its state lives in the URL (see readState/writeState).
import { h, fill, table, format, errorBox } from './dom.js';
import { showCpp, showPython } from './code.js';
import { fmt } from './format.js';

/**
 * The form value of each parameter from the URL, falling back to `defaults` (a lab's, fitted to this
 * browser, such as its core count) and then to the registry's default.
 */
export function readState(demo, search, defaults = {}) {
  const state = {};
  for (const p of demo.params) {
    if (p.type === 'string_list') {
      const values = search.getAll(p.name);
      state[p.name] = values.length ? values : p.default;
    } else if (search.has(p.name)) {
      state[p.name] = p.type === 'boolean' ? search.get(p.name) === 'true' : search.get(p.name);
    } else {
      state[p.name] = p.name in defaults ? defaults[p.name] : p.default;
    }
  }
  return state;
}

/** Longest parameter value kept in a link; longer ones (a pasted document) stay out of the URL. */
export const URL_VALUE_LIMIT = 4000;

/**
 * URL query for a demo's state: `demo=<id>` plus every parameter that differs from its default.
 * `search.omitted` lists the parameters too long for a link.
 */
export function writeState(demo, state) {
  const search = new URLSearchParams({ demo: demo.id });
  search.omitted = [];
  for (const p of demo.params) {
    const value = state[p.name];
    if (sameValue(p, value)) continue;
    if ((Array.isArray(value) ? value.join('') : String(value)).length > URL_VALUE_LIMIT) {
      search.omitted.push(p.name);
    } else if (p.type === 'string_list') {
      for (const item of value) search.append(p.name, item);
    } else {
      search.set(p.name, String(value));
    }
  }
  return search;
}

/** Whether a form value equals the parameter's default (a `value` parameter's box holds JSON text). */
function sameValue(p, value) {
  if (JSON.stringify(value) === JSON.stringify(p.default) || String(value) === String(p.default)) return true;
  if (p.type !== 'value' || typeof value !== 'string') return false;
  try {
    return JSON.stringify(JSON.parse(value)) === JSON.stringify(p.default);
  } catch {
    return false;
  }
}

/** Largest file a text box takes: bigger documents make the page slow to edit. */
export const FILE_LIMIT = 16 * 1024 * 1024;

/**
 * Reads a file into a text parameter's box. UTF-8 text goes in as it is; other bytes go in as base64
 * when the demo has a `<name>Encoding` parameter (so C++ sees the exact bytes), and are refused otherwise.
 */
export async function loadFile(file, form, name) {
  if (file.size > FILE_LIMIT)
    throw new Error(
      `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; files up to 16 MB go in the box (the CLI takes any size: --${name}-file)`,
    );
  const bytes = new Uint8Array(await file.arrayBuffer());
  const encoding = form.elements[`${name}Encoding`];
  try {
    form.elements[name].value = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (encoding) encoding.value = 'text';
    return 'text';
  } catch {
    if (!encoding) throw new Error(`${file.name} is not UTF-8 text`);
    form.elements[name].value = base64(bytes);
    encoding.value = 'base64';
    return 'base64';
  }
}

/** Bytes as standard base64. */
export function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** One parameter's control; `limit` ({min, max}) narrows the range shown where this page allows less. */
function control(p, value, limit = {}) {
  const id = `param-${p.name}`;
  const label = h('label', { for: id }, p.label || p.name);
  let input;
  if (p.type === 'boolean') {
    input = h('input', { id, name: p.name, type: 'checkbox', checked: value === true || value === 'true' });
  } else if (p.type === 'choice') {
    input = h(
      'select',
      { id, name: p.name },
      p.choices.map((c) => h('option', { value: c, selected: c === value }, c)),
    );
  } else if (p.type === 'value') {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    input = h(
      'textarea',
      { id, name: p.name, rows: Math.min(8, Math.max(2, Math.ceil(text.length / 60))), spellcheck: 'false' },
      text,
    );
  } else if (p.type === 'string_list' || (p.type === 'string' && p.max > 200)) {
    const text = p.type === 'string_list' ? (value ?? []).join('\n') : (value ?? '');
    input = h(
      'textarea',
      {
        id,
        name: p.name,
        rows: p.type === 'string_list' ? Math.min(8, Math.max(3, (value ?? []).length)) : 6,
        spellcheck: 'false',
      },
      text,
    );
  } else {
    const numeric = p.type === 'integer' || p.type === 'number';
    input = h('input', {
      id,
      name: p.name,
      type: 'text',
      value: format(value),
      spellcheck: 'false',
      inputmode: numeric ? 'decimal' : null,
      autocomplete: 'off',
    });
  }
  let hint =
    p.type === 'integer' || p.type === 'number'
      ? h('span', { class: 'hint' }, `${fmt(limit.min ?? p.min, 20)} to ${fmt(limit.max ?? p.max, 20)}`)
      : null;
  if (input.tagName === 'TEXTAREA' && p.type === 'string') {
    const picker = h('input', {
      type: 'file',
      class: 'file',
      'aria-label': `load ${p.label || p.name} from a file`,
      dataset: { for: p.name },
    });
    hint = h('span', { class: 'hint' }, 'or load a file: ', picker);
  }
  return h('div', { class: `field field-${p.type}` }, label, input, hint);
}

/** What the form holds, as params for llplay.run. Numbers stay text: C++ validates what was typed. */
function collect(form, demo) {
  const state = {};
  for (const p of demo.params) {
    const input = form.elements[p.name];
    if (p.type === 'boolean') state[p.name] = input.checked;
    else if (p.type === 'string_list') state[p.name] = input.value.split('\n').filter((line) => line.trim() !== '');
    else state[p.name] = input.value;
  }
  return state;
}

/**
 * What to do about a demo that needs threads on a page without them. In the playground: the same address without
 * build=st. In an embed (a blog page is not cross-origin isolated): the full playground, in a new tab, so the
 * reader's page stays where it is.
 */
function isolatedLink() {
  const search = new URLSearchParams(location.search);
  const requested = search.get('build') === 'st';
  search.delete('build');
  search.delete('theme');
  const embedded = location.pathname.endsWith('embed.html') || location.pathname.endsWith('/embed');
  if (embedded) {
    return h(
      'p',
      {},
      'This demo runs threads that share memory, and browsers allow that only on pages that opt in to isolation; this page has not. ',
      h('a', { href: `./?${search}`, target: '_blank', rel: 'noopener' }, 'Open it in the playground (new tab)'),
      ', which can.',
    );
  }
  return h(
    'p',
    {},
    requested
      ? 'This page asked for the single-threaded build (build=st in its address). '
      : 'This page is not cross-origin isolated, so it runs single-threaded: threads that share memory need isolation. ',
    h('a', { href: `${location.pathname}?${search}`, target: '_top' }, 'Open this demo with threads'),
    '.',
  );
}

/** How many times its default a number in a link may be before the demo waits for a click (see whyWait). */
export const AUTORUN_FACTOR = 10;

/**
 * Why a demo opened from a link or an embed should wait for the reader's Run instead of running on load,
 * or null to run at once. A link's params could ask for minutes of work or gigabytes (a crafted link is
 * anyone's to write), so: the lab view's own estimate when it has one (`view.cost(params)`: a reason, or
 * null), and any number more than AUTORUN_FACTOR times its positive default (seeds aside). Defaults
 * always run.
 */
export function whyWait(demo, params, view = {}) {
  const own = view.cost?.(params);
  if (own) return own;
  for (const p of demo.params) {
    if (p.type !== 'integer' && p.type !== 'number') continue;
    if (/seed/i.test(p.name) || !(Number(p.default) > 0)) continue;
    const value = Number(String(params[p.name]).replace(/_/g, ''));
    if (Number.isFinite(value) && Math.abs(value) > AUTORUN_FACTOR * Number(p.default)) {
      return `${p.label || p.name} = ${fmt(value, 20)}, more than ${AUTORUN_FACTOR} times its default (${fmt(Number(p.default), 20)})`;
    }
  }
  return null;
}

/** The default result view: scalars as a list, arrays of objects as tables. */
export function renderGeneric(result, el) {
  const items = [];
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value) && value.length && typeof value[0] === 'object') {
      items.push(
        table(
          value,
          Object.keys(value[0]).map((k) => [k, k]),
          key,
        ),
      );
    } else {
      items.push(
        h(
          'div',
          { class: 'kv' },
          h('span', { class: 'k' }, key),
          h('span', { class: 'v' }, Array.isArray(value) ? value.map(format).join(', ') : format(value)),
        ),
      );
    }
  }
  fill(el, items);
}

/**
 * Renders a demo into `root`. `view` is the lab module's entry for this demo (python, render, chart),
 * `onState(search)` is called with the URL query whenever a run starts.
 */
export function renderDemo(root, { demo, view = {}, llplay, search, onState, autorun }) {
  const state = readState(demo, search, view.defaults?.() ?? {});
  const form = h(
    'form',
    { class: 'controls', novalidate: true },
    demo.params.map((p) => control(p, state[p.name], view.limits?.()[p.name])),
  );
  const runButton = h('button', { type: 'submit', class: 'run' }, 'Run');
  const cancelButton = h('button', { type: 'button', class: 'cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'progress' });
  const status = h('span', { class: 'status', role: 'status' });
  form.append(h('div', { class: 'actions' }, runButton, cancelButton, progress, status));
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const figure = h('figure', { class: 'chart', hidden: true });
  const cpp = h('div', { class: 'code' }, h('p', {}, 'Loading the source…'));
  const python = h('div', { class: 'code' });
  const notes = view.notes
    ? h(
        'div',
        { class: 'notes' },
        view.notes.map((n) => h('p', {}, n)),
      )
    : null;
  const section = view.section ? h('section', { class: 'lab-section' }) : null;

  fill(
    root,
    h('h2', { id: 'demo-title', tabindex: '-1' }, demo.title),
    h('p', { class: 'summary' }, demo.summary),
    notes,
    form,
    h('section', { class: 'output', 'aria-label': 'results' }, result, figure),
    section,
    h('details', { class: 'source', open: view.sourceOpen ?? true }, h('summary', {}, 'The code that ran'), cpp),
    h('details', { class: 'source' }, h('summary', {}, 'The same in Python'), python),
  );
  showCpp(cpp, demo.id).catch((e) => fill(cpp, h('p', {}, `Could not load the source: ${e.message}`)));
  // view.python is the snippet, or a function of the result: the Python the C++ returned with it (one copy).
  const pythonOf = typeof view.python === 'function' ? view.python : null;
  if (pythonOf) fill(python, h('p', {}, 'The program appears here after a run.'));
  else showPython(python, view.python).catch(() => {});
  if (section) view.section(section, { llplay, demo });

  // Fields that only matter for some choices (view.showWhen: {param: {choiceParam: [values]}}) hide otherwise.
  const showFields = () => {
    for (const [name, when] of Object.entries(view.showWhen ?? {})) {
      const field = form.elements[name]?.closest('.field');
      if (field)
        field.hidden = !Object.entries(when).every(([other, values]) => values.includes(form.elements[other]?.value));
    }
  };
  form.addEventListener('input', showFields);
  showFields();

  /** Puts values in the form (as a person would type them) and runs: how result views re-run. */
  function rerun(values) {
    for (const [name, value] of Object.entries(values)) {
      const input = form.elements[name];
      if (!input) continue;
      if (input.type === 'checkbox') input.checked = value === true;
      else input.value = Array.isArray(value) ? value.join('\n') : String(value);
    }
    showFields();
    return run();
  }

  let controller = null;
  async function run() {
    const params = collect(form, demo);
    const state = writeState(demo, params);
    onState?.(state);
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    runButton.disabled = true;
    cancelButton.disabled = false;
    progress.hidden = false;
    progress.value = 0;
    const started = performance.now();
    status.textContent = 'running…';
    root.dataset.state = 'running';
    try {
      const value = await llplay.run(demo.id, params, {
        signal: mine.signal,
        onProgress: (f) => {
          progress.value = f;
          status.textContent = `${Math.round(f * 100)}%`;
        },
      });
      const ms = performance.now() - started;
      status.textContent =
        `done in ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms (round trip, ${llplay.variant} build)` +
        (state.omitted.length ? `; ${state.omitted.join(', ')} too long for the link, left out of it` : '');
      (view.render ?? renderGeneric)(value, result, { params, demo, rerun });
      if (pythonOf) showPython(python, pythonOf(value)).catch(() => {});
      if (view.chart) {
        figure.hidden = false;
        await view.chart(value, figure, { params, demo, rerun });
      }
      root.dataset.state = 'done';
      performance.mark('llplay:result', { detail: demo.id });
    } catch (error) {
      status.textContent = '';
      fill(
        result,
        errorBox(error.code ?? 'Error', error.message, error.code === 'NeedsIsolation' ? isolatedLink() : null),
      );
      figure.hidden = true;
      root.dataset.state = error.code === 'Cancelled' ? 'cancelled' : 'error';
    } finally {
      if (controller === mine) {
        runButton.disabled = false;
        cancelButton.disabled = true;
        progress.hidden = true;
      }
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  cancelButton.addEventListener('click', () => controller?.abort());
  form.addEventListener('change', async (event) => {
    const picker = event.target;
    if (!picker.matches?.('input[type=file]') || !picker.files.length) return;
    try {
      const how = await loadFile(picker.files[0], form, picker.dataset.for);
      status.textContent = `loaded ${picker.files[0].name}${how === 'base64' ? ' (not UTF-8: sent as its exact bytes, in base64)' : ''}`;
    } catch (error) {
      status.textContent = '';
      fill(result, errorBox('File', error.message));
    }
    picker.value = '';
  });
  if (autorun) {
    const reason = whyWait(demo, collect(form, demo), view);
    if (reason) {
      // The link's inputs stay in the form, for the reader to read, change or run.
      root.dataset.state = 'waiting';
      status.textContent = 'waiting for Run';
      fill(
        result,
        h(
          'p',
          { class: 'note wait' },
          `This link asks for ${reason}, which could take long or use a lot of memory. `,
          'It runs when you press Run.',
        ),
      );
    } else {
      run();
    }
  }
  return { run, cancel: () => controller?.abort() };
}
