// A tiny DOM builder. Text always goes in as text: nothing passed here is parsed as HTML.

/**
 * h('p', {class: 'note'}, 'text', child) -> <p class="note">text…</p>
 * Attributes starting with "on" are listeners; `null`/`false` attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An error as the page shows one: its code in bold, then what went wrong (and any further children). */
export function errorBox(code, ...message) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, code), ' ', ...message);
}

/** Waits until `llplay` is ready: true, or false with the reason shown in `main`. */
export async function whenReady(llplay, main) {
  try {
    await llplay.ready;
    return true;
  } catch (error) {
    fill(main, errorBox(error.code ?? 'Error', error.message));
    return false;
  }
}

/** A table from rows of objects; `columns` is [[key, heading], ...]. */
export function table(rows, columns, caption) {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map(([, heading]) => h('th', { scope: 'col' }, heading)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          columns.map(([key, heading]) =>
            h(
              'td',
              { 'data-label': heading }, // a narrow page may show each row as a card, labelled (see style.css)
              typeof Node !== 'undefined' && row[key] instanceof Node ? row[key] : format(row[key]),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A value as text: objects as JSON, everything else as String(). */
export function format(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
