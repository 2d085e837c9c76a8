// Which build the page loads, and the reason it gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickVariant } from '../../web/llplay.js';

const all = { isolated: true, sharedArrayBuffer: true, sharedMemory: true };

test('isolated with shared wasm memory runs mt', () => {
  assert.equal(pickVariant(all).variant, 'mt');
});

test('not isolated runs st and says why', () => {
  const choice = pickVariant({ ...all, isolated: false });
  assert.equal(choice.variant, 'st');
  assert.match(choice.reason, /not cross-origin isolated/);
});

test('isolated without shared memory runs st', () => {
  assert.equal(pickVariant({ ...all, sharedMemory: false }).variant, 'st');
  assert.equal(pickVariant({ ...all, sharedArrayBuffer: false }).variant, 'st');
});

test('build=st forces st; mt cannot be forced', () => {
  assert.equal(pickVariant({ ...all, requested: 'st' }).variant, 'st');
  assert.equal(pickVariant({ ...all, isolated: false, requested: 'mt' }).variant, 'st');
});
