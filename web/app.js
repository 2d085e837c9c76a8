// The playground shell: theme, build badge, the labs nav, and the selected demo. State lives in the URL:
//   ?demo=<id>&<param>=<value>…   one demo with its inputs (list parameters repeat their key)
//   ?lab=<lab>                    a lab's first demo
//   &build=st                     force the single-threaded build; &theme=light|dark|auto
import { createLLPlay } from './llplay.js';
import { renderDemo } from './demo.js';
import { h, fill } from './dom.js';

const LAB_ORDER = ['floats', 'memory', 'recursion', 'json', 'parallel', 'sql'];
const KEPT = ['build', 'theme'];  // page options that links carry along

const initial = new URLSearchParams(location.search);
const llplay = createLLPlay({ requested: initial.get('build') });
window.llplay = llplay;
setupTheme(initial.get('theme'));
showBadge();
start();

function setupTheme(fromUrl) {
  const order = ['auto', 'light', 'dark'];
  let theme = order.includes(fromUrl) ? fromUrl : localStorage.getItem('llplay-theme') || 'auto';
  const button = document.getElementById('theme');
  const apply = () => {
    document.documentElement.dataset.theme = theme;
    button.textContent = `Theme: ${theme}`;
  };
  button.addEventListener('click', () => {
    theme = order[(order.indexOf(theme) + 1) % order.length];
    localStorage.setItem('llplay-theme', theme);
    apply();
  });
  apply();
}

function showBadge() {
  const badge = document.getElementById('badge');
  badge.dataset.variant = llplay.variant;
  fill(badge, h('strong', {}, llplay.variant), ' ', llplay.variant === 'mt' ? 'threads on' : 'single thread');
  badge.title = llplay.reason;
  document.getElementById('badge-reason').textContent = `Build ${llplay.variant}: ${llplay.reason}.`;
}

function href(search) {
  for (const key of KEPT) if (initial.has(key) && !search.has(key)) search.set(key, initial.get(key));
  return `?${search}`;
}

async function start() {
  const main = document.getElementById('main');
  try {
    await llplay.ready;
  } catch (error) {
    fill(main, h('div', { class: 'error', role: 'alert' }, h('strong', {}, error.code ?? 'Error'), ' ', error.message));
    return;
  }
  const demos = llplay.list();
  const labIds = [...new Set(demos.map((d) => d.lab))].sort(
    (a, b) => (LAB_ORDER.indexOf(a) + 1 || 99) - (LAB_ORDER.indexOf(b) + 1 || 99));
  const labs = await Promise.all(labIds.map(async (id) => ({ id, ...(await import(`./labs/${id}/lab.js`)).default })));
  const nav = document.getElementById('labs');
  fill(nav, labs.map((lab) => h('li', {}, h('a', { href: href(new URLSearchParams({ lab: lab.id })), dataset: { lab: lab.id } }, lab.title))));
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href^="?"]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.pushState(null, '', link.getAttribute('href'));
    route(labs, demos);
  });
  window.addEventListener('popstate', () => route(labs, demos));
  route(labs, demos);
}

function route(labs, demos) {
  const search = new URLSearchParams(location.search);
  let demo = demos.find((d) => d.id === search.get('demo'));
  const lab = labs.find((l) => l.id === (demo?.lab ?? search.get('lab'))) ?? labs[0];
  const labDemos = demos.filter((d) => d.lab === lab.id);
  demo ??= labDemos[0];
  for (const link of document.querySelectorAll('#labs a')) {
    if (link.dataset.lab === lab.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${demo.title} · ${lab.title} · Logic & Legacy Playground`;
  const container = h('article', { class: 'demo', 'aria-labelledby': 'demo-title', dataset: { demo: demo.id } });
  fill(document.getElementById('main'),
    h('header', { class: 'lab-header' },
      h('h1', {}, lab.title),
      (lab.intro ?? []).map((p) => h('p', { class: 'intro' }, p))),
    h('nav', { class: 'tabs', 'aria-label': `${lab.title} demos` },
      h('ul', {}, labDemos.map((d) => h('li', {},
        h('a', { href: href(new URLSearchParams({ demo: d.id })), 'aria-current': d.id === demo.id ? 'page' : null }, d.title))))),
    container);
  renderDemo(container, {
    demo,
    view: lab.demos?.[demo.id],
    llplay,
    search,
    autorun: true,
    onState: (state) => history.replaceState(null, '', href(state)),
  });
}
