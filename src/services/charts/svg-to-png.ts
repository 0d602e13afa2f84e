import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const require = createRequire(import.meta.url);

/** The font every chart is drawn with (the `dejavu-fonts-ttf` package), so a PNG looks the same on every machine. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

let ready: Promise<Uint8Array[]> | null = null;

/** Loads the wasm renderer and the fonts once per process; a failed load is retried on the next call. */
function load(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const [wasm, regular, bold] = await Promise.all([
      readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')),
      readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    ]);
    await initWasm(wasm);
    return [new Uint8Array(regular), new Uint8Array(bold)];
  })().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}

/** SVG text → PNG bytes, at the SVG's own size, on a white background, with no system fonts. */
export async function svgToPng(svg: string): Promise<{ png: Uint8Array; width: number; height: number }> {
  const fontBuffers = await load();
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'original' },
    font: { fontBuffers, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
  });
  try {
    const image = resvg.render();
    try {
      return { png: image.asPng(), width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
