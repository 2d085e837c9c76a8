// The page's one set of number formatters. Every lab formats counts, times and sizes with these, so the
// same figure reads the same way everywhere.

/** A count or a plain number, grouped: 1,234,567 (at most `digits` decimals). */
export const fmt = (n, digits = 1) => Number(n).toLocaleString('en', { maximumFractionDigits: digits });

/**
 * The runs that timings (core/timing.hpp's Repeated) did not count, as a clause to end a sentence with, or ''.
 * A timing whose median was well above its fastest run took more runs, for a moment, and kept the last ones.
 */
export function dropped(...timings) {
  const n = timings.reduce((sum, t) => sum + (t?.dropped ?? 0), 0);
  return n ? ` (${fmt(n)} earlier run${n === 1 ? '' : 's'}, slowed by something else on the machine, not counted)` : '';
}

/** Milliseconds, without the unit: 3 significant figures below 100, whole numbers above. */
export function ms(t) {
  if (t === null || t === undefined || !Number.isFinite(t)) return '';
  if (t >= 100) return fmt(Math.round(t), 0);
  if (t >= 10) return t.toFixed(1);
  if (t >= 1) return t.toFixed(2);
  return t.toPrecision(2);
}

/** Milliseconds with the unit: "12.3 ms", or in µs below 0.1 ms. */
export const duration = (t) => (t < 0.1 ? `${fmt(t * 1000, t < 0.01 ? 2 : 1)} µs` : `${ms(t)} ms`);

/** Bytes in the unit a reader would use: "512 bytes", "12.3 kB", "4.56 MB" (decimal units). */
export function bytes(b) {
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(2)} MB`;
  if (b >= 1e4) return `${(b / 1e3).toFixed(1)} kB`;
  return `${fmt(b, 0)} bytes`;
}

/** Bytes in binary units, for stacks, pages and files: "10.00 GiB", "1.50 MiB", "64.0 KiB". */
export function kib(b) {
  if (b >= 2 ** 40) return `${(b / 2 ** 40).toFixed(2)} TiB`;
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  return b >= 1048576 ? `${(b / 1048576).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`;
}

/** A ratio: "2.35×". */
export const times = (r, digits = 2) => `${r.toFixed(digits)}×`;

/** A fraction as a percentage: "42%". */
export const percent = (part, whole = 1) => `${Math.round((100 * part) / whole)}%`;

/** Microseconds with the unit: "12.3 µs". */
export const us = (v) => (v >= 1000 ? duration(v / 1000) : `${v < 100 ? v.toFixed(1) : fmt(v, 0)} µs`);
