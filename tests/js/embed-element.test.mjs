// The <byok-sandbox> element's pure parts (www/embed.js): attributes to the frame's address, the
// height's forms and bounds, what the click placeholder says. The module defines the element only
// where `customElements` exists, so Node imports it as it is. The element itself is tested in
// headless Chromium: tests/e2e/element.e2e.mjs.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampHeight, commandsOf, describe, describeDifferences, frameSrc, luminance, parseHeight, settings, PAGES } from '../../www/embed.js';

const BASE = 'https://sandbox.example.com/docs/index.html';
const src = (attrs) => new URL(frameSrc(BASE, attrs));
const params = (attrs) => Object.fromEntries(src(attrs).searchParams);

test('no attributes: an embed of the default sandbox, compact controls, the reader\'s scheme, the overview', () => {
  const url = src({});
  assert.equal(url.origin + url.pathname, BASE);
  assert.deepEqual(params({}), { embed: '1', theme: 'auto', controls: 'compact' });
  assert.equal(url.hash, '');
});

test('sandbox, seed and page', () => {
  const url = src({ sandbox: 'byok guide', seed: '7', page: 'keys' });
  assert.deepEqual(params({ sandbox: 'byok guide', seed: '7', page: 'keys' }),
    { embed: '1', sandbox: 'byok guide', seed: '7', theme: 'auto', controls: 'compact' });
  assert.equal(url.hash, '#/keys');
  assert.match(url.search, /sandbox=byok\+guide/);
  for (const page of PAGES) assert.equal(src({ page }).hash, `#/${page}`);
  assert.equal(src({ page: '#/timeline' }).hash, '#/timeline');
  assert.equal(src({ page: 'keys/abc-123' }).hash, '#/keys/abc-123');
  // Not a section: the overview.
  assert.equal(src({ page: 'nowhere' }).hash, '');
  assert.equal(src({ page: 'keys/<script>' }).hash, '');
});

test('tour and step open a guided tour; the tour picks its own page', () => {
  assert.deepEqual(params({ tour: 'byok-seed', step: '3', page: 'keys' }),
    { embed: '1', scenario: 'byok-seed', step: '3', theme: 'auto', controls: 'compact' });
  assert.equal(src({ tour: 'byok-seed', page: 'keys' }).hash, '');
  assert.equal(params({ tour: 'byok-seed', step: '0' }).step, undefined);
  assert.equal(params({ tour: 'byok-seed', step: 'two' }).step, undefined);
  // A step without a tour means nothing.
  assert.equal(params({ step: '2' }).step, undefined);
});

test('theme and controls: known values pass, others fall back to the defaults', () => {
  for (const theme of ['auto', 'light', 'dark', 'host']) assert.equal(params({ theme }).theme, theme);
  assert.equal(params({ theme: 'DARK ' }).theme, 'dark');
  assert.equal(params({ theme: 'purple' }).theme, 'auto');
  for (const controls of ['full', 'compact', 'none']) assert.equal(params({ controls }).controls, controls);
  assert.equal(params({ controls: 'some' }).controls, 'compact');
  assert.equal(settings({ loading: 'click' }).loading, 'click');
  assert.equal(settings({ loading: 'later' }).loading, 'lazy');
  assert.equal(settings({}).loading, 'lazy');
});

test('the app\'s own query and hash in the base are replaced, not kept', () => {
  const url = new URL(frameSrc(`${BASE}?sandbox=old#/settings`, { page: 'iam' }));
  assert.equal(url.searchParams.get('sandbox'), null);
  assert.equal(url.hash, '#/iam');
});

test('height: auto by default, a CSS length fixed, a bare number in px', () => {
  assert.deepEqual(parseHeight(null), { auto: true });
  assert.deepEqual(parseHeight('auto'), { auto: true });
  assert.deepEqual(parseHeight('600'), { css: '600px' });
  assert.deepEqual(parseHeight('600px'), { css: '600px' });
  assert.deepEqual(parseHeight('40em'), { css: '40em' });
  assert.deepEqual(parseHeight('70vh'), { css: '70vh' });
  assert.deepEqual(parseHeight('tall'), { auto: true });
});

test('the content height is kept between min-height and max-height', () => {
  assert.equal(clampHeight(100, 240, 900), 240);
  assert.equal(clampHeight(500.2, 240, 900), 501);
  assert.equal(clampHeight(2000, 240, 900), 900);
  assert.equal(clampHeight(2000, 240, Infinity), 2000);
});

test('the click placeholder says what will open', () => {
  assert.match(describe({ tour: 'byok-seed', step: '2', sandbox: 'guide' }), /guided tour “byok-seed” at step 2 of the sandbox “guide”/);
  assert.match(describe({ page: 'keys' }), /Key Protect keys page/);
  assert.match(describe({}), /the overview/);
  assert.match(describe({}), /sends nothing anywhere/);
});

test('luminance tells a dark background from a light one', () => {
  assert.ok(luminance('rgb(255, 255, 255)') > 0.9);
  assert.ok(luminance('rgb(22, 22, 22)') < 0.05);
  assert.equal(luminance('rgba(0, 0, 0, 0)'), null);
  assert.equal(luminance('oklch(0.2 0 0)'), null);
});

test('a runnable block\'s commands lose their prompts and keep their continuations', () => {
  assert.equal(commandsOf('$ ibmcloud kp keys\n$ ibmcloud kp key create k \\\n  -s  \n'), 'ibmcloud kp keys\nibmcloud kp key create k \\\n  -s');
  assert.equal(commandsOf('  $ export A=1\necho $A'), 'export A=1\necho $A');
});

test('a difference names the documented line and the printed one', () => {
  assert.deepEqual(describeDifferences([
    { expected: { number: 2, text: 'OK' }, actual: { number: 2, text: 'FAILED' } },
    { expected: null, actual: { number: 3, text: 'extra' } },
  ]), ['documented line 2: OK\n   printed line 2: FAILED', 'documented (nothing)\n   printed line 3: extra']);
});
