import { BOLD, bottomOf, Doc, INK, keepTogether, LEFT, MUTED, pdfText, REGULAR, RULE } from './letter-pdf';

/** One column of a grid: its share of the table's width and how its cells align; `bold` for the figure that matters. */
export interface GridColumn {
  share: number;
  align: 'left' | 'right';
  bold?: boolean;
}

const GRID_SIZE = 8.5;
/** Small enough for the largest amount Relance accepts (10^13 minor units) in the narrowest figure column. */
const MIN_FIGURE_SIZE = 5.5;
const PAD = 4;

/**
 * A table with a ruled header row, repeated on each page it runs onto; a row that would not fit starts the next page
 * whole. Text wraps within its column, pushing its row down; a figure right-aligned stays on one line.
 */
export function drawGrid(doc: Doc, width: number, columns: GridColumn[], header: string[], rows: string[][]): void {
  // A text column right after a right-aligned amount starts a little further in, so the two never read as one.
  const gaps = columns.map((c, i) => (c.align === 'left' && columns[i - 1]?.align === 'right' ? 3 * PAD : 0));
  const widths = columns.map((c, i) => c.share * width - gaps[i]!);
  const lefts = columns.map(
    (_, i) => LEFT + gaps[i]! + columns.slice(0, i).reduce((sum, c) => sum + c.share * width, 0),
  );
  const fontOf = (i: number, isHeader: boolean) => (isHeader || columns[i]!.bold ? BOLD : REGULAR);
  const inner = (i: number) => widths[i]! - 2 * PAD;
  // A figure is never split across lines: one too wide for its column is set smaller until it fits.
  const sizeOf = (cell: string, i: number, isHeader: boolean) => {
    if (isHeader || columns[i]!.align === 'left') return GRID_SIZE;
    doc.font(fontOf(i, isHeader));
    let size = GRID_SIZE;
    while (size > MIN_FIGURE_SIZE && doc.fontSize(size).widthOfString(pdfText(cell)) > inner(i)) size -= 0.5;
    return size;
  };
  const cellHeight = (cells: string[], isHeader = false) =>
    Math.max(
      ...cells.map((cell, i) =>
        doc
          .font(fontOf(i, isHeader))
          .fontSize(sizeOf(cell, i, isHeader))
          .heightOfString(pdfText(cell), { width: inner(i) }),
      ),
    );
  const rule = (y: number, color = RULE) => {
    doc
      .strokeColor(color)
      .lineWidth(0.6)
      .moveTo(LEFT, y)
      .lineTo(LEFT + width, y)
      .stroke();
  };
  const line = (cells: string[], isHeader: boolean) => {
    const y = doc.y;
    const height = cellHeight(cells, isHeader);
    cells.forEach((cell, i) => {
      doc
        .font(fontOf(i, isHeader))
        .fontSize(sizeOf(cell, i, isHeader))
        .fillColor(isHeader ? MUTED : INK);
      doc.text(pdfText(cell), lefts[i]! + PAD, y + 3, { width: inner(i), align: columns[i]!.align });
    });
    doc.y = y + height + 6;
  };
  const drawHeader = () => {
    line(header, true);
    rule(doc.y - 1, INK);
  };
  keepTogether(doc, cellHeight(header, true) + cellHeight(rows[0] ?? header) + 14);
  drawHeader();
  for (const cells of rows) {
    if (doc.y + cellHeight(cells) + 6 > bottomOf(doc)) {
      doc.addPage();
      drawHeader();
    }
    line(cells, false);
    rule(doc.y - 1);
  }
  doc.x = LEFT;
}
