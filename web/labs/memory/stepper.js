// The memory lab's stepper: first, back, next, last and a slider over the positions of a run (a
// sandbox's lines, a heap's events).
import { h } from '../../dom.js';

/**
 * A stepper over positions 0 .. count - 1, at `start`. `show(i)` draws position i; the stepper's
 * `go(i)` moves there (clamped) and draws it. `el` holds the buttons and the slider.
 */
export function stepper(count, start, show, label = 'step') {
  let at = start;
  const slider = h('input', { type: 'range', min: 0, max: count - 1, value: at, 'aria-label': label });
  const go = (i) => {
    at = Math.max(0, Math.min(count - 1, i));
    slider.value = at;
    show(at);
  };
  slider.addEventListener('input', () => go(Number(slider.value)));
  const button = (text, move) => h('button', { type: 'button', onclick: () => go(move()) }, text);
  const el = h(
    'div',
    { class: 'stepper' },
    button('first', () => 0),
    button('◀ back', () => at - 1),
    button('next ▶', () => at + 1),
    button('last', () => count - 1),
    slider,
  );
  return { el, go };
}
