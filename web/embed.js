// Optional, for pages that embed playground demos: sizes each playground <iframe> to the height it
// reports. A <script> whose src is https://<playground>/embed.js (async), once per page; it works the same
// as a module (type="module") and pasted inline in a <script> of the host's own.
// A message is used only if it comes from one of those iframes (its window and its origin), that frame
// shows a playground embed page (…/embed.html or …/embed, under the folder embed.js came from when that
// is known), and it has the expected shape: {type: 'llplay:resize', height: a number of pixels}.
(() => {
  if (window.llplayEmbeds) return;
  window.llplayEmbeds = true;
  // The playground's folder: this script's own address, when it has one. A module has no currentScript, so
  // look for the <script> that loaded it; inlined, there is none, and the embed-page check below stands alone.
  const script = document.currentScript?.src
    ? document.currentScript
    : [...document.querySelectorAll('script[src]')].find((s) =>
        /(^|\/)embed\.js([?#]|$)/.test(new URL(s.src, location.href).pathname),
      );
  let playground = null;
  try {
    if (script) playground = new URL('.', new URL(script.src, location.href)).href;
  } catch {
    playground = null;
  }
  const isEmbedPage = (url) => /\/embed(\.html)?$/.test(url.pathname);
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'llplay:resize') return;
    const height = data.height;
    if (typeof height !== 'number' || !Number.isFinite(height) || height < 40 || height > 20000) return;
    for (const frame of document.getElementsByTagName('iframe')) {
      if (frame.contentWindow !== event.source) continue;
      let src;
      try {
        src = new URL(frame.src, location.href);
      } catch {
        return;
      }
      if (src.origin !== event.origin || !isEmbedPage(src) || (playground && !src.href.startsWith(playground))) return;
      frame.style.height = `${Math.ceil(height)}px`;
      frame.dataset.llplayHeight = String(Math.ceil(height));
      return;
    }
  });
})();
