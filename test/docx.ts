import {
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

/** A red 2×2 PNG, small enough to read in a test. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAwMAAAA8AAf9gkiwAAAAASUVORK5CYII=',
  'base64',
);

/**
 * A real Word document, written by the docx library: a heading, a paragraph with bold text, a web
 * link and a javascript: link, a table and an embedded image.
 */
export async function sampleDocx(title = 'Quarterly supplier review'): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Deliveries were on time in '),
              new TextRun({ text: 'eleven of twelve', bold: true }),
              new TextRun(' weeks.'),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('Terms: '),
              new ExternalHyperlink({ link: 'https://example.com/terms', children: [new TextRun('supplier terms')] }),
              new TextRun(' and '),
              new ExternalHyperlink({ link: 'javascript:alert(1)', children: [new TextRun('a trap')] }),
            ],
          }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('Supplier')] }),
                  new TableCell({ children: [new Paragraph('Score')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('Acme Ceramics')] }),
                  new TableCell({ children: [new Paragraph('92')] }),
                ],
              }),
            ],
          }),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: TINY_PNG, transformation: { width: 24, height: 24 } })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
