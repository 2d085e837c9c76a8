// "The code that ran" (C++, and the page's JavaScript where a demo runs partly there) and "the same in
// Python": source shown with highlight.js, loaded on first use.
import { h, fill } from './dom.js';

let core = null; // Promise of highlight.js's core
const languages = new Map(); // language name -> Promise of it, registered

/** highlight.js with `language` registered: the core and each language load on first use. */
function hljs(language) {
  core ??= import('./vendor/highlight/core.min.js').then((m) => m.default);
  if (!languages.has(language)) {
    languages.set(
      language,
      Promise.all([core, import(`./vendor/highlight/languages/${language}.min.js`)]).then(([lib, grammar]) =>
        lib.registerLanguage(language, grammar.default),
      ),
    );
  }
  return languages.get(language).then(() => core);
}

/** A <pre><code> with `code` highlighted as `language`. */
async function block(code, language) {
  const el = h('code', { class: `hljs language-${language}` }, code);
  const pre = h('pre', { tabindex: 0 }, el);
  const lib = await hljs(language);
  // highlight.js escapes the code it is given; the code is ours (from the build), never user input.
  el.innerHTML = lib.highlight(code, { language }).value;
  return pre;
}

/** Fills `el` with the demo's source regions (C++ from core/, JavaScript from web/labs/), as extracted at build time. */
export async function showCpp(el, demoId) {
  const response = await fetch(new URL(`sources/${encodeURIComponent(demoId)}.json`, import.meta.url));
  const parts = response.ok ? await response.json() : [];
  if (parts.length === 0) return fill(el, h('p', {}, 'No source region is marked for this demo.'));
  const blocks = await Promise.all(
    parts.map(async (part) => [
      h('p', { class: 'source-file' }, `${part.file}, line ${part.line}`),
      await block(part.code, part.file.endsWith('.js') ? 'javascript' : 'cpp'),
    ]),
  );
  return fill(el, blocks);
}

export async function showPython(el, code) {
  if (!code) return fill(el, h('p', {}, 'The series has no Python snippet for this demo.'));
  return fill(el, await block(code, 'python'));
}
