// The web demo's colour pairs meet WCAG 2.1 contrast minimums, in the light and the dark
// scheme: text 4.5:1 (AA), bars and focus rings 3:1 (non-text contrast). Reads the custom
// properties of web-demo/style.css; no browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../../web-demo/style.css', import.meta.url), 'utf8');
const DARK = '@media (prefers-color-scheme: dark)';

function vars(block) {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1], m[2]]));
}
const light = vars(css.slice(css.indexOf(':root {'), css.indexOf(DARK)));
const dark = { ...light, ...vars(css.slice(css.indexOf(DARK), css.indexOf('}\n}', css.indexOf(DARK)))) };

function luminance(hex) {
  const [r, g, b] = hex.slice(1).match(/../g).map((x) => parseInt(x, 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background, minimum]
const PAIRS = [
  ['text', 'panel', 4.5], ['text', 'bg', 4.5], ['muted', 'panel', 4.5], ['muted', 'bg', 4.5],
  ['accent', 'panel', 4.5], ['accent-text', 'accent', 4.5], ['error-text', 'error-bg', 4.5],
  ['ok-text', 'bg', 4.5],
  ['fill-predicted', 'track', 3], ['fill', 'track', 3], ['tick', 'track', 3], ['focus', 'panel', 3],
  ...[1, 2, 3, 4].flatMap((i) => [['tok-text', `support-${i}`, 4.5], ['tok-text', `against-${i}`, 4.5]]),
];

for (const [name, scheme] of [['light', light], ['dark', dark]]) {
  test(`colour contrast, ${name} scheme`, () => {
    const low = [];
    for (const [fg, bg, min] of PAIRS) {
      assert.ok(scheme[fg] && scheme[bg], `--${fg} and --${bg} are defined`);
      const r = contrast(scheme[fg], scheme[bg]);
      if (r < min) low.push(`--${fg} on --${bg}: ${r.toFixed(2)} < ${min}`);
    }
    assert.deepEqual(low, []);
  });
}
