import { crc32 } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export interface PdfImage {
  readonly width: number;
  readonly height: number;
  /** The image as a PNG file, rebuilt from the PDF's image stream. */
  readonly png: Buffer;
}

/**
 * The raster images of a PDF, as PNG files. A PNG embedded in a PDF keeps its compressed pixel
 * data (FlateDecode with PNG predictors, `/Predictor 15`), so wrapping that stream in PNG chunks
 * again gives back the very image that was embedded. Handles grey and RGB 8-bit images, which is
 * what pdfkit writes for QR codes; enough to read what the product printed, not a PDF library.
 */
export function pdfImages(pdf: Buffer): PdfImage[] {
  const text = pdf.toString('latin1');
  const images: PdfImage[] = [];
  const objectPattern = /(\d+) 0 obj\s*<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let match = objectPattern.exec(text); match; match = objectPattern.exec(text)) {
    const dictionary = match[2] ?? '';
    if (!/\/Subtype\s*\/Image/.test(dictionary)) continue;
    const width = numberIn(dictionary, 'Width');
    const height = numberIn(dictionary, 'Height');
    const length = lengthOf(text, dictionary);
    const colorSpace = /\/ColorSpace\s*\/(\w+)/.exec(dictionary)?.[1];
    if (!/\/Filter\s*\/FlateDecode/.test(dictionary)) throw new Error('only FlateDecode images are supported');
    const parameters = decodeParameters(text, dictionary);
    if (parameters.predictor < 10) throw new Error('only images with PNG predictors are supported');
    const start = match.index + match[0].length;
    const data = pdf.subarray(start, start + length);
    const colorType = colorSpace === 'DeviceGray' ? 0 : colorSpace === 'DeviceRGB' ? 2 : null;
    if (colorType === null) throw new Error(`colour space ${colorSpace ?? 'unknown'} is not supported`);
    images.push({ width, height, png: pngOf(width, height, colorType, data) });
  }
  return images;
}

/** The text of the first QR code in a PNG, or null. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

function numberIn(dictionary: string, name: string): number {
  const value = new RegExp(`/${name}\\s+(\\d+)`).exec(dictionary)?.[1];
  if (value === undefined) throw new Error(`image without /${name}`);
  return Number(value);
}

function lengthOf(text: string, dictionary: string): number {
  const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
  if (direct?.[1]) return Number(direct[1]);
  const reference = /\/Length\s+(\d+)\s+0\s+R/.exec(dictionary)?.[1];
  const resolved = reference ? new RegExp(`\\n${reference} 0 obj\\s*(\\d+)`).exec(text)?.[1] : undefined;
  if (resolved === undefined) throw new Error('image without a /Length');
  return Number(resolved);
}

function decodeParameters(text: string, dictionary: string): { predictor: number } {
  let parameters = /\/DecodeParms\s*<<([\s\S]*?)>>/.exec(dictionary)?.[1];
  const reference = /\/DecodeParms\s+(\d+)\s+0\s+R/.exec(dictionary)?.[1];
  if (parameters === undefined && reference) parameters = new RegExp(`\\n${reference} 0 obj\\s*<<([\\s\\S]*?)>>`).exec(text)?.[1];
  return { predictor: Number(/\/Predictor\s+(\d+)/.exec(parameters ?? '')?.[1] ?? 1) };
}

function pngOf(width: number, height: number, colorType: number, compressed: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colorType, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, checksum]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', Buffer.alloc(0))]);
}
