// Optional, for pages that embed playground demos: sizes each playground <iframe> to the height it
// reports. <script src="https://<playground>/embed.js" async></script>, once per page.
// A message is used only if it comes from one of those iframes (its window and its origin) and has
// the expected shape: {type: 'llplay:resize', height: a number of pixels}.
(() => {
  if (window.llplayEmbeds) return;
  window.llplayEmbeds = true;
  const script = document.currentScript;
  const playground = script ? new URL('.', script.src).href : null;
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'llplay:resize') return;
    const height = data.height;
    if (typeof height !== 'number' || !Number.isFinite(height) || height < 40 || height > 20000) return;
    for (const frame of document.getElementsByTagName('iframe')) {
      if (frame.contentWindow !== event.source) continue;
      const src = new URL(frame.src, location.href);
      if (src.origin !== event.origin || (playground && !src.href.startsWith(playground))) return;
      frame.style.height = `${Math.ceil(height)}px`;
      frame.dataset.llplayHeight = String(Math.ceil(height));
      return;
    }
  });
})();
