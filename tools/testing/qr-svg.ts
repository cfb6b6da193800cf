import jsQR from 'jsqr';

/**
 * The text of a QR code drawn as SVG the way the `qrcode` package draws it (one path of horizontal
 * runs: `M x y.5 h n m dx dy h n …`), rasterised and read back with jsQR. Null when unreadable.
 */
export function decodeQrSvg(svg: string, pixelsPerModule = 4): string | null {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path stroke="[^"]*" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) return null;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, first, second] of path.matchAll(/([MmHhVv])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const a = Number(first);
    const b = Number(second);
    if (command === 'M') [x, y] = [a, b];
    else if (command === 'm') [x, y] = [x + a, y + b];
    else if (command === 'h') {
      for (let i = 0; i < a; i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += a;
    } else return null;
  }
  const width = size * pixelsPerModule;
  const pixels = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const value = dark.has(`${Math.floor(px / pixelsPerModule)},${Math.floor(py / pixelsPerModule)}`) ? 0 : 255;
      pixels.set([value, value, value, 255], (py * width + px) * 4);
    }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}
