import { inflateSync } from 'node:zlib';

/** A run of text drawn with one font, e.g. `{ font: 'Helvetica-Bold', text: 'Total' }`. */
export interface TextRun {
  font: string;
  text: string;
}

export interface PdfPage {
  runs: TextRun[];
  /** The page's runs, one a line, in drawing order. */
  text: string;
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** The objects of a PDF written without cross-reference streams (as pdfkit writes them), by number. */
function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const source = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(source))) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endobj', start);
    const streamAt = source.indexOf('stream', start);
    if (streamAt !== -1 && streamAt < end) {
      const dict = source.slice(start, streamAt);
      const dataStart = streamAt + 'stream'.length + (source[streamAt + 6] === '\r' ? 2 : 1);
      const dataEnd = source.indexOf('endstream', dataStart);
      const raw = pdf.subarray(dataStart, dataEnd);
      objects.set(Number(match[1]), { dict, stream: /FlateDecode/.test(dict) ? inflateSync(raw) : raw });
      header.lastIndex = source.indexOf('endobj', dataEnd);
    } else {
      objects.set(Number(match[1]), { dict: source.slice(start, end) });
      header.lastIndex = end;
    }
  }
  return objects;
}

const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);

/**
 * The text drawn on each page of a PDF made with the standard fonts, in drawing order, with the font of every run:
 * each page's content stream is inflated, its Tf operators followed and its TJ strings decoded from WinAnsi. Enough to
 * check what a printed letter says, where and in which weight.
 */
export function pdfPages(pdf: Buffer): PdfPage[] {
  const objects = pdfObjects(pdf);
  const tree = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict));
  const kids = [...(tree?.dict.match(/\/Kids \[([^\]]*)\]/)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) =>
    Number(m[1]),
  );
  return kids.map((id) => {
    const page = objects.get(id)!.dict;
    const resources = objects.get(ref(page, 'Resources'))?.dict ?? page;
    const fontDict = resources.match(/\/Font\s*<<([^>]*)>>/)?.[1] ?? '';
    const fonts = new Map(
      [...fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [
        m[1]!,
        objects.get(Number(m[2]))?.dict.match(/\/BaseFont \/([\w-]+)/)?.[1] ?? m[1]!,
      ]),
    );
    const content = objects.get(ref(page, 'Contents'))?.stream?.toString('latin1') ?? '';
    const runs: TextRun[] = [];
    let font = '';
    for (const token of content.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ/g)) {
      if (token[1] !== undefined) {
        font = fonts.get(token[1]) ?? token[1];
        continue;
      }
      // Justified lines space their words with offsets between strings rather than with space characters.
      const text = [...token[2]!.matchAll(/<([0-9a-fA-F]*)>|(-?\d+(?:\.\d+)?)/g)]
        .map((part) =>
          part[1] !== undefined ? decodeWinAnsi(Buffer.from(part[1], 'hex')) : Number(part[2]) < -100 ? ' ' : '',
        )
        .join('');
      runs.push({ font, text });
    }
    return { runs, text: runs.map((r) => r.text).join('\n') };
  });
}

/** The text of every page, one run a line. */
export function pdfText(pdf: Buffer): string {
  return pdfPages(pdf)
    .map((page) => page.text)
    .join('\n');
}

const WIN_ANSI_EXTRA: Record<number, string> = {
  0x80: '€',
  0x92: '’',
  0x96: '–',
  0x97: '—',
  0x9c: 'œ',
  0x8c: 'Œ',
  0xa0: '\u00a0',
};

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((b) => WIN_ANSI_EXTRA[b] ?? String.fromCharCode(b)).join('');
}
