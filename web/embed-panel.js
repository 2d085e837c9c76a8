// "Embed this" under a demo or a post's errata: the <iframe> snippet and the plain link, with copy buttons.
import { h } from './dom.js';

const escapeAttribute = (text) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * "Embed this": an <iframe> snippet for blogs, and a plain link for platforms without iframes (dev.to).
 * `shows` says what the frame shows. `target()` gives {embed, page, title}: the embed page's address, the playground's, and the frame's title;
 * it is asked again whenever the panel opens or copies, so it may read the page's current inputs.
 */
export function embedPanel(target, shows) {
  const snippet = h('textarea', { readonly: true, rows: 4, 'aria-label': 'the iframe snippet', spellcheck: 'false' });
  const link = h('input', { type: 'text', readonly: true, 'aria-label': 'the link' });
  const status = h('span', { class: 'status', role: 'status' });
  const update = () => {
    const { embed, page, title } = target();
    snippet.value =
      `<iframe src="${escapeAttribute(embed)}" title="${escapeAttribute(title)}" ` +
      'width="100%" height="560" loading="lazy" style="border:0;max-width:100%"></iframe>\n' +
      `<script src="${escapeAttribute(new URL('embed.js', location.href).href)}" async></script>`;
    link.value = page;
  };
  const copy = (field, what) => async () => {
    update();
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = `${what} copied.`;
    } catch {
      field.select(); // no clipboard permission: selected, for Ctrl+C
      status.textContent = `${what} selected: press Ctrl+C (⌘C) to copy.`;
    }
  };
  const panel = h(
    'details',
    { class: 'embed' },
    h('summary', {}, 'Embed this'),
    h(
      'div',
      {},
      h(
        'p',
        { class: 'note' },
        `Paste into a blog post (HTML view). It shows ${shows}; the script sizes the frame to fit (optional). For platforms without iframes, such as dev.to, paste the link instead.`,
      ),
      snippet,
      h(
        'div',
        { class: 'stepper' },
        h('button', { type: 'button', onclick: copy(snippet, 'The iframe snippet') }, 'Copy the iframe'),
        h('button', { type: 'button', onclick: copy(link, 'The link') }, 'Copy the link'),
        status,
      ),
      link,
    ),
  );
  panel.addEventListener('toggle', update);
  update();
  return panel;
}
