// errata.html: every claim of the series with its verdict per CPython version, or one post's
// (errata.html?post=<slug>), with the snippet that embeds that post's claims under the post.
import { createLLPlay } from './llplay.js';
import { h, whenReady } from './dom.js';
import { embedPanel } from './embed-panel.js';
import { renderErrata, postTitle } from './errata.js';

const llplay = createLLPlay({});
window.llplay = llplay;

async function start() {
  const main = document.getElementById('main');
  const loading = main.querySelector('.loading');
  const post = new URLSearchParams(location.search).get('post');
  if (!(await whenReady(llplay, loading))) return;
  if (!(await renderErrata(main, llplay, { post }))) return;
  if (post) {
    const title = postTitle(post);
    main.querySelector('h1').textContent = `The series' errata: ${title}`;
    main.querySelector('.intro').after(h('p', {}, h('a', { href: 'errata.html' }, "Every post's claims")));
    main.append(
      embedPanel(
        () => ({
          embed: new URL(`embed.html?errata=${encodeURIComponent(post)}`, location.href).href,
          page: location.href,
          title: `${title}: the series' errata, version by version (Logic & Legacy Playground)`,
        }),
        "this post's claims and their verdicts for CPython 3.10 to 3.13",
      ),
    );
  }
  document.body.dataset.state = 'done';
}

start();
