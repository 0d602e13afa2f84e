#!/usr/bin/env node
/**
 * Renders the Slack app icon, assets/pipeops-icon.png (1024×1024; Slack takes 512 to 2000 px squares), from the SVG
 * below with @resvg/resvg-wasm, the renderer the charts use. The PNG is committed; run this only after editing the
 * drawing:  node scripts/make-icon.mjs
 *
 * The drawing: three pipeline stages joined by a pipe, the last one ticked (a change applied after approval). No
 * text, so no font is needed and the icon reads the same at 32 px in Slack's sidebar.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const SIZE = 1024;
const output = fileURLToPath(new URL('../assets/pipeops-icon.png', import.meta.url));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 1024 1024">
  <rect width="1024" height="1024" rx="200" fill="#1d3557"/>
  <path d="M212 512 H812" stroke="#a8dadc" stroke-width="64" stroke-linecap="round"/>
  <circle cx="212" cy="512" r="112" fill="#457b9d" stroke="#f1faee" stroke-width="28"/>
  <circle cx="512" cy="512" r="112" fill="#457b9d" stroke="#f1faee" stroke-width="28"/>
  <circle cx="812" cy="512" r="112" fill="#2a9d8f" stroke="#f1faee" stroke-width="28"/>
  <path d="M757 514 L797 556 L870 470" fill="none" stroke="#f1faee" stroke-width="40" stroke-linecap="round"
        stroke-linejoin="round"/>
</svg>`;

const require = createRequire(import.meta.url);
await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
const png = new Resvg(svg, { fitTo: { mode: 'width', value: SIZE } }).render().asPng();
await writeFile(output, png);
process.stdout.write(`wrote ${output} (${png.length} bytes)\n`);
