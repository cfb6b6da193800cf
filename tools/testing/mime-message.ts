export interface MimePart {
  readonly headers: Readonly<Record<string, string>>;
  /** Decoded (base64 and quoted-printable undone). */
  readonly body: Buffer;
  readonly parts: readonly MimePart[];
}

/**
 * A raw e-mail (RFC 5322 + MIME) as a tree of parts, for tests that receive real mail over SMTP:
 * enough to find the attachments nodemailer writes, not a general mail parser.
 */
export function parseMime(raw: Buffer | string): MimePart {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const split = /\r?\n\r?\n/.exec(text);
  const head = split ? text.slice(0, split.index) : text;
  const bodyText = split ? text.slice(split.index + split[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (/^multipart\//i.test(headers['content-type'] ?? '') && boundary) {
    const sections = bodyText.split(`--${boundary}`).slice(1);
    const parts = sections.filter((section) => !section.startsWith('--')).map((section) => parseMime(section.replace(/^\r?\n/, '')));
    return { headers, body: Buffer.alloc(0), parts };
  }
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const body = encoding === 'base64' ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
    : encoding === 'quoted-printable' ? Buffer.from(bodyText.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
      : Buffer.from(bodyText, 'latin1');
  return { headers, body, parts: [] };
}

/** Every leaf part, depth first. */
export function mimeLeaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(mimeLeaves);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as mail programs show them. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=(\s+(?==\?))?/gi, (_word, _charset: string, encoding: string, text: string) => (encoding.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')).toString('utf8'));
}
