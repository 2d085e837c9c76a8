// One demo, compact, for an <iframe> in a blog post: embed.html?demo=<id>&<params>&theme=light|dark|auto;
// or one post's claims of the series' errata with their verdicts: embed.html?errata=<post slug>.
// It runs the st build unless the page is cross-origin isolated (which a blog page normally is not; with
// Document-Isolation-Policy, Chrome 137+ isolates this page on its own, and then it runs mt).
// It tells its parent its height, {type: 'llplay:resize', height}, on load and on every change. It
// listens to no messages from the parent.
import { createLLPlay } from './llplay.js';
import { renderDemo } from './demo.js';
import { h, fill, errorBox, whenReady } from './dom.js';

const search = new URLSearchParams(location.search);
const llplay = createLLPlay({ requested: search.get('build') });
window.llplay = llplay;
const theme = search.get('theme');
document.documentElement.dataset.theme = ['light', 'dark', 'auto'].includes(theme) ? theme : 'auto';

const badge = document.getElementById('badge');
badge.dataset.variant = llplay.variant;
badge.textContent = llplay.variant === 'mt' ? 'mt · threads on' : 'st · single thread';
badge.title = llplay.reason;

const open = document.getElementById('open');
/** The playground at this demo, with the same inputs (and theme). */
function openIn(state) {
  const target = new URLSearchParams(state);
  if (search.has('theme')) target.set('theme', search.get('theme'));
  open.href = `./?${target}`;
}
openIn(search);

// The height, whenever it changes: the parent's embed.js (or any script of the host's) sizes the frame.
let last = 0;
const report = () => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === last || window.parent === window) return;
  last = height;
  window.parent.postMessage({ type: 'llplay:resize', height }, '*'); // a height is no secret
};
new ResizeObserver(report).observe(document.documentElement);
window.addEventListener('load', report);

start().catch((error) => {
  fill(document.getElementById('main'), errorBox('LoadFailed', `this demo could not be loaded: ${error.message}`));
});

async function start() {
  const main = document.getElementById('main');
  if (!(await whenReady(llplay, main))) return;
  if (search.has('errata')) {
    // One post's claims of the series' errata (embed.html?errata=<post slug>): the table, its verdicts per version.
    const post = search.get('errata');
    open.href = `errata.html?post=${encodeURIComponent(post)}`;
    main.classList.add('wide'); // the errata's table layout (a card per claim on a phone)
    fill(main, h('p', { class: 'loading' }, 'Recomputing the claims…'));
    const { renderErrata, postTitle } = await import('./errata.js');
    document.title = `${postTitle(post) ?? post}: the series' errata · Logic & Legacy Playground`;
    await renderErrata(main, llplay, { post, embedded: true });
    document.body.dataset.state = 'done';
    return;
  }
  const demos = llplay.list();
  const demo = demos.find((d) => d.id === search.get('demo'));
  if (!demo) {
    fill(
      main,
      errorBox(
        'UnknownDemo',
        search.get('demo') ? `no demo has the id '${search.get('demo')}'` : 'this embed names no demo (?demo=<id>)',
        '. ',
        h('a', { href: './', target: '_blank', rel: 'noopener' }, 'See every demo in the playground'),
        '.',
      ),
    );
    return;
  }
  llplay.load(demo.lab).catch(() => {}); // the wasm module loads while the page module does
  const lab = (await import(`./labs/${demo.lab}/lab.js`)).default;
  document.title = `${demo.title} · Logic & Legacy Playground`;
  const container = h('article', { class: 'demo', 'aria-labelledby': 'demo-title', dataset: { demo: demo.id } });
  fill(main, container);
  renderDemo(container, {
    demo,
    view: { ...lab.demos?.[demo.id], sourceOpen: false },
    llplay,
    search,
    autorun: true,
    onState: (state) => {
      const kept = new URLSearchParams(state);
      for (const key of ['theme', 'build']) if (search.has(key)) kept.set(key, search.get(key));
      history.replaceState(null, '', `?${kept}`);
      openIn(state);
    },
  });
}
