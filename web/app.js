// The playground shell: theme, build badge, the labs nav, and the selected demo. State lives in the URL:
//   ?demo=<id>&<param>=<value>…   one demo with its inputs (list parameters repeat their key)
//   ?lab=<lab>                    a lab's first demo
//   &build=st                     force the single-threaded build; &theme=light|dark|auto
import { createLLPlay } from './llplay.js';
import { renderDemo } from './demo.js';
import { h, fill, errorBox, whenReady } from './dom.js';
import { embedPanel } from './embed-panel.js';

const KEPT = ['build', 'theme']; // page options that links carry along
const RELOADED = 'llplay-isolation-reload'; // sessionStorage: the service worker's one reload happened

const initial = new URLSearchParams(location.search);
const llplay = createLLPlay({ requested: initial.get('build') });
window.llplay = llplay;
setupTheme(initial.get('theme'));
showBadge();
const labModules = {}; // lab id -> its page module (web/labs/<id>/lab.js), loaded once, when first shown
const loadLab = (id) => (labModules[id] ??= import(`./labs/${id}/lab.js`).then((m) => m.default));
start();
llplay.ready.then(
  () => registerServiceWorker(),
  () => {},
);

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
  const bySw = self.crossOriginIsolated && sessionStorage.getItem(RELOADED) && navigator.serviceWorker?.controller;
  document.getElementById('badge-reason').textContent =
    `Build ${llplay.variant}: ${llplay.reason}` +
    (bySw ? " (the host sends no isolation headers, so the site's service worker adds them)." : '.');
}

/**
 * The service worker (sw.js): the site works offline after one visit, and on hosts that cannot send
 * COOP/COEP (GitHub Pages) it adds them, which takes effect after one reload. The visitor is told.
 */
/** Whether the reader has typed or clicked on this page yet: after that, the page never reloads on its own. */
let touched = false;
for (const type of ['input', 'keydown', 'pointerdown'])
  addEventListener(
    type,
    () => {
      touched = true;
    },
    { capture: true, once: true },
  );

function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker
    .register('sw.js')
    .then(async () => {
      if (self.crossOriginIsolated || initial.get('build') === 'st') return;
      await navigator.serviceWorker.ready;
      if (sessionStorage.getItem(RELOADED)) return; // reloaded once already: this browser stays not isolated
      const reload = () => {
        sessionStorage.setItem(RELOADED, '1');
        location.reload();
      };
      if (!touched) {
        // nothing typed or clicked yet: nothing to lose
        document.body.prepend(
          h(
            'p',
            { class: 'notice', role: 'status' },
            "This host sends no cross-origin isolation headers. The site's service worker adds them: reloading once to turn threads on…",
          ),
        );
        setTimeout(reload, 800);
        return;
      }
      // The reader is busy: never reload under them; offer the switch instead.
      document.body.prepend(
        h(
          'p',
          { class: 'notice', role: 'status' },
          "Threads can be turned on here: the site's service worker adds the isolation headers this host does not send, after one reload. ",
          h('button', { type: 'button', onclick: reload }, 'Reload with threads'),
        ),
      );
    })
    .catch((error) => console.warn(`service worker not registered: ${error.message}`));
}

function href(search) {
  for (const key of KEPT) if (initial.has(key) && !search.has(key)) search.set(key, initial.get(key));
  return `?${search}`;
}

async function start() {
  const main = document.getElementById('main');
  if (!(await whenReady(llplay, main))) return;
  const demos = llplay.list();
  const labs = llplay.labs(); // in the registry's order, each with its title
  const nav = document.getElementById('labs');
  fill(
    nav,
    labs.map((lab) =>
      h('li', {}, h('a', { href: href(new URLSearchParams({ lab: lab.id })), dataset: { lab: lab.id } }, lab.title)),
    ),
  );
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href^="?"]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.pushState(null, '', link.getAttribute('href'));
    route(labs, demos, { focus: true });
  });
  window.addEventListener('popstate', () => route(labs, demos));
  route(labs, demos);
}

let routing = 0;
/** Shows the demo (or lab) the address names; `focus`: a link was followed, so focus moves to the demo. */
async function route(labs, demos, { focus = false } = {}) {
  const search = new URLSearchParams(location.search);
  let demo = demos.find((d) => d.id === search.get('demo'));
  const lab = labs.find((l) => l.id === (demo?.lab ?? search.get('lab'))) ?? labs[0];
  const mine = ++routing;
  // The lab's wasm module and its page module load together; the demo's first run waits for both.
  llplay.load(lab.id).catch(() => {}); // a failure shows when the demo runs
  let intro, views;
  try {
    ({ intro, demos: views } = await loadLab(lab.id));
  } catch (error) {
    delete labModules[lab.id]; // the next visit tries again
    if (mine === routing) {
      fill(
        document.getElementById('main'),
        errorBox(
          'LoadFailed',
          `the ${lab.title} lab could not be loaded (${error.message}). Check the connection and follow the link again.`,
        ),
      );
    }
    return;
  }
  if (mine !== routing) return; // another link was followed meanwhile
  const labDemos = demos.filter((d) => d.lab === lab.id);
  demo ??= labDemos[0];
  for (const link of document.querySelectorAll('#labs a')) {
    if (link.dataset.lab === lab.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${demo.title} · ${lab.title} · Logic & Legacy Playground`;
  const container = h('article', { class: 'demo', 'aria-labelledby': 'demo-title', dataset: { demo: demo.id } });
  fill(
    document.getElementById('main'),
    h(
      'header',
      { class: 'lab-header' },
      h('h1', {}, lab.title),
      (intro ?? []).map((p) => h('p', { class: 'intro' }, p)),
    ),
    h(
      'nav',
      { class: 'tabs', 'aria-label': `${lab.title} demos` },
      h(
        'ul',
        {},
        labDemos.map((d) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: href(new URLSearchParams({ demo: d.id })), 'aria-current': d.id === demo.id ? 'page' : null },
              d.title,
            ),
          ),
        ),
      ),
    ),
    container,
  );
  renderDemo(container, {
    demo,
    view: views?.[demo.id],
    llplay,
    search,
    autorun: true,
    onState: (state) => history.replaceState(null, '', href(state)),
  });
  container.append(embedPanel(demoTarget(demo), 'this demo with its current inputs'));
  // Keyboard and screen-reader users land on the demo they chose, not back at the top of the page.
  if (focus) container.querySelector('#demo-title')?.focus({ preventScroll: false });
}

/** The demo's embed and page addresses, with its current inputs (read when the panel opens or copies). */
function demoTarget(demo) {
  return () => {
    const state = new URLSearchParams(location.search);
    state.delete('build');
    state.set('demo', demo.id);
    return {
      embed: new URL(`embed.html?${state}`, location.href).href,
      page: new URL(`./?${state}`, location.href).href,
      title: `${demo.title}: a Logic & Legacy Playground demo`,
    };
  };
}
