// "The code that ran" (C++, and the page's JavaScript where a demo runs partly there) and "the same in
// Python": source shown with highlight.js, loaded on first use.
import { h, fill } from './dom.js';

let sources = null;     // Promise of sources.json: {demoId: [{file, line, code}]}, made by the build
let highlighter = null; // Promise of a highlight.js instance with C++, JavaScript and Python

function hljs() {
  highlighter ??= Promise.all([
    import('./vendor/highlight/core.min.js'),
    import('./vendor/highlight/languages/cpp.min.js'),
    import('./vendor/highlight/languages/python.min.js'),
    import('./vendor/highlight/languages/javascript.min.js'),
  ]).then(([core, cpp, python, javascript]) => {
    core.default.registerLanguage('cpp', cpp.default);
    core.default.registerLanguage('python', python.default);
    core.default.registerLanguage('javascript', javascript.default);
    return core.default;
  });
  return highlighter;
}

/** A <pre><code> with `code` highlighted as `language`. */
async function block(code, language) {
  const el = h('code', { class: `hljs language-${language}` }, code);
  const pre = h('pre', { tabindex: 0 }, el);
  const lib = await hljs();
  // highlight.js escapes the code it is given; the code is ours (from the build), never user input.
  el.innerHTML = lib.highlight(code, { language }).value;
  return pre;
}

/** Fills `el` with the demo's source regions (C++ from core/, JavaScript from web/labs/), as extracted at build time. */
export async function showCpp(el, demoId) {
  sources ??= fetch(new URL('sources.json', import.meta.url)).then((r) => r.json());
  const parts = (await sources)[demoId] ?? [];
  if (parts.length === 0) return fill(el, h('p', {}, 'No source region is marked for this demo.'));
  const blocks = await Promise.all(parts.map(async (part) => [
    h('p', { class: 'source-file' }, `${part.file}, line ${part.line}`),
    await block(part.code, part.file.endsWith('.js') ? 'javascript' : 'cpp'),
  ]));
  return fill(el, blocks);
}

export async function showPython(el, code) {
  if (!code) return fill(el, h('p', {}, 'The series has no Python snippet for this demo.'));
  return fill(el, await block(code, 'python'));
}
