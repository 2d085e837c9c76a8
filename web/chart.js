// Charts with uPlot (loaded on first use), each with its figures in words beside the plot.
import { h, fill } from './dom.js';

let uplot = null;
function load() {
  if (!uplot) {
    document.head.append(
      h('link', { rel: 'stylesheet', href: new URL('vendor/uplot/uPlot.min.css', import.meta.url) }),
    );
    uplot = import('./vendor/uplot/uPlot.esm.js').then((m) => m.default);
  }
  return uplot;
}

function isPowerOfTen(v) {
  const p = Math.log10(v);
  return v > 0 && Math.abs(p - Math.round(p)) < 1e-9;
}
function powerLabel(v) {
  if (v == null || !(v > 0)) return '';
  return v >= 1e-3 && v < 1e6
    ? v.toLocaleString('en', { maximumSignificantDigits: 3 })
    : `1e${Math.round(Math.log10(v))}`;
}

const palette = ['#2f7bd8', '#d8572f', '#2fa86a', '#a64dd1', '#c9a227', '#d12f7a', '#5b6b7a'];

/** The theme's colours, resolved (custom properties hold light-dark() pairs, canvas needs one colour). */
function themed() {
  const probe = h('span', { hidden: true });
  document.body.append(probe);
  const resolve = (name) => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  const colours = { text: resolve('--text'), grid: resolve('--rule') };
  probe.remove();
  return colours;
}

/**
 * Draws a chart in `figure` and writes `summary` (the figures in words) as its caption.
 * series: [{label, values}] over shared x values; `bars` draws categories (x labels in `categories`).
 */
export async function chart(
  figure,
  { title, x, series, xLabel, yLabel, logX = false, logY = false, bars = false, categories, summary },
) {
  const uPlot = await load();
  const colours = themed();
  // The figures in words: the plot's accessible name, and one click away for everyone else.
  const plot = h('div', { class: 'plot', role: 'img', 'aria-label': `${title}. ${summary}` });
  fill(
    figure,
    h('p', { class: 'chart-title' }, title),
    plot,
    h('figcaption', {}, h('details', {}, h('summary', {}, 'The chart in words'), h('p', {}, summary))),
  );
  const width = Math.max(280, Math.min(720, figure.clientWidth || 640));
  const axis = (label, log, vertical = false) => ({
    label,
    // The y axis is as wide as its longest tick label needs, so its title never sits on the numbers.
    ...(vertical
      ? { size: (u, values) => (values ? 24 + 7.5 * Math.max(2, ...values.map((v) => String(v ?? '').length)) : 50) }
      : {}),
    stroke: colours.text,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { stroke: colours.grid },
    // Log axes: uPlot places 1-9 × 10^k; keep only the powers of ten, labelled 1, 10, 1e-8.
    ...(log
      ? {
          filter: (u, splits) => splits.map((v) => (isPowerOfTen(v) ? v : null)),
          values: (u, splits) => splits.map(powerLabel),
        }
      : {}),
  });
  const xAxis = axis(xLabel, logX);
  // Whole-number x (workers, rows, k): ticks on whole numbers only.
  if (!logX && !categories && x.every(Number.isInteger))
    xAxis.incrs = [1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  if (categories) {
    xAxis.values = (u, ticks) => ticks.map((t) => categories[t] ?? '');
    xAxis.splits = () => categories.map((_, i) => i);
  }
  const opts = {
    width,
    height: 260,
    legend: { show: series.length > 1, live: false },
    scales: {
      x: { time: false, distr: logX ? 3 : 1, ...(bars ? { range: [-0.5, x.length - 0.5] } : {}) },
      y: { distr: logY ? 3 : 1, ...(bars && !logY ? { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } : {}) },
    },
    axes: [xAxis, axis(yLabel, logY, true)],
    series: [
      { label: xLabel },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: palette[i % palette.length],
        fill: bars ? palette[i % palette.length] + 'aa' : undefined,
        width: 2,
        points: { show: !bars },
        paths: bars ? uPlot.paths.bars({ size: [0.6, 80] }) : undefined,
      })),
    ],
  };
  return new uPlot(opts, [x, ...series.map((s) => s.values)], plot);
}
