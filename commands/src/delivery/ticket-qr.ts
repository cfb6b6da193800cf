import QRCode from 'qrcode';

/**
 * QR codes of ticket tokens. Error correction M (15 % of the code may be damaged) suits paper and
 * screens alike and keeps a ≈ 280-character token at version 12 (65 × 65 modules).
 */
const ERROR_CORRECTION = 'M';

export function ticketQrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: 4 });
}

/**
 * 8-bit grey PNG, no alpha: PDF embeds such an image's compressed data as it is, so the PDF stays
 * small and the code inside it is exactly this image.
 */
export function ticketQrPng(token: string, pixelsPerModule = 4): Promise<Buffer> {
  return QRCode.toBuffer(token, {
    type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: 4, scale: pixelsPerModule,
    // pngjs packer options: grey output from qrcode's RGBA pixels.
    rendererOpts: { colorType: 0 } as object,
  });
}
