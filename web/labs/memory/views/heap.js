// The memory lab's heap view (memory.heap): the real allocator's blocks on a strip, event by event,
// opened at the most fragmented moment.
import { h, fill } from '../../../dom.js';
import { fmt, bytes } from '../../../format.js';
import { stepper } from '../stepper.js';

export function renderHeap(r, el) {
  const events = r.events.map(([kind, address, size, pages]) => ({ kind, address, size, pages }));
  const lo = Math.min(...events.map((e) => e.address)),
    hi = Math.max(...events.map((e) => e.address + e.size));
  // Open at the most fragmented moment: the most bytes in holes between live blocks.
  const liveAt = (i) => {
    const live = new Map();
    for (const e of events.slice(0, i + 1)) e.kind === 'alloc' ? live.set(e.address, e) : live.delete(e.address);
    return [...live.values()].sort((a, b) => a.address - b.address);
  };
  const holesIn = (blocks) => {
    let holes = 0,
      largest = 0;
    for (let k = 1; k < blocks.length; k++) {
      const gap = blocks[k].address - (blocks[k - 1].address + blocks[k - 1].size);
      if (gap > 32) ((holes += gap), (largest = Math.max(largest, gap))); // smaller gaps are the allocator's headers
    }
    return { holes, largest };
  };
  let at = events.length - 1,
    most = -1;
  for (let i = 0; i < events.length; i += Math.max(1, Math.floor(events.length / 200))) {
    const { holes } = holesIn(liveAt(i));
    if (holes > most) ((most = holes), (at = i));
  }
  const strip = h('div', { class: 'heap-strip', role: 'img' });
  const facts = h('p', { class: 'status', 'aria-live': 'polite' });
  const show = (i) => {
    at = i;
    const blocks = liveAt(at);
    const span = hi - lo || 1;
    const { holes, largest: largestHole } = holesIn(blocks);
    const inUse = blocks.reduce((sum, b) => sum + b.size, 0);
    const e = events[at];
    fill(
      strip,
      blocks.map((b) =>
        h('span', {
          class: `block${b === e ? ' newest' : ''}`,
          style: `left:${(100 * (b.address - lo)) / span}%;width:max(1px,${(100 * b.size) / span}%)`,
        }),
      ),
    );
    const words =
      `Event ${at + 1} of ${events.length}: ${e.kind} ${fmt(e.size)} bytes at 0x${e.address.toString(16)}. ${blocks.length} blocks live, ${bytes(inUse)} in use; ` +
      `${bytes(holes)} in holes between them (largest ${bytes(largestHole)}).` +
      (r.wasm ? ` Wasm memory: ${fmt(e.pages)} pages of 64 KiB (${bytes(e.pages * r.pageBytes)}).` : '');
    facts.textContent = words;
    strip.setAttribute('aria-label', `The heap from 0x${lo.toString(16)} to 0x${hi.toString(16)}. ${words}`);
  };
  const { el: controls, go } = stepper(events.length, at, show, 'event');
  const grew = r.pagesAfter - r.pagesBefore;
  fill(
    el,
    controls,
    strip,
    facts,
    h(
      'p',
      { class: 'note' },
      r.wasm
        ? `The wasm memory went from ${fmt(r.pagesBefore)} to ${fmt(r.pagesAfter)} pages of 64 KiB${grew > 0 ? `: it grew by ${fmt(grew)} (${bytes(grew * r.pageBytes)}) during this run` : ''}. Linear memory only grows; freed blocks go back to the allocator (dlmalloc), not to the browser.`
        : "Natively the addresses come from glibc's malloc; pages are the operating system's business.",
    ),
    h(
      'p',
      { class: 'note' },
      'CPython does the same one level up: pymalloc carves 256 KiB arenas into 16 KiB pools of same-size blocks, so small objects rarely reach malloc at all.',
    ),
  );
  go(at);
}
