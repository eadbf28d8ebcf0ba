import { inflateSync } from 'node:zlib';

/**
 * The text drawn on a PDF made with the standard fonts, page by page in drawing order: each content stream is
 * inflated and its TJ/Tj strings decoded from WinAnsi. Enough to check what a printed letter says.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  const stream = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = stream.exec(source))) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    const header = source.slice(Math.max(0, match.index - 200), match.index);
    const raw = pdf.subarray(start, end);
    let content: string;
    try {
      content = (/FlateDecode/.test(header) ? inflateSync(raw) : raw).toString('latin1');
    } catch {
      continue;
    }
    for (const array of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ/g)) {
      // Justified lines space their words with offsets between strings rather than with space characters.
      const text = [...array[1]!.matchAll(/<([0-9a-fA-F]*)>|(-?\d+(?:\.\d+)?)/g)]
        .map((token) =>
          token[1] !== undefined ? decodeWinAnsi(Buffer.from(token[1], 'hex')) : Number(token[2]) < -100 ? ' ' : '',
        )
        .join('');
      lines.push(text);
    }
  }
  return lines.join('\n');
}

const WIN_ANSI_EXTRA: Record<number, string> = { 0x80: '€', 0x92: '’', 0x96: '–', 0x97: '—', 0x9c: 'œ', 0x8c: 'Œ' };

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((b) => WIN_ANSI_EXTRA[b] ?? String.fromCharCode(b)).join('');
}
