import { PDFDocument } from 'pdf-lib';

export interface PageSize {
  widthMm: number;
  heightMm: number;
}

const PT_TO_MM = 25.4 / 72;
const A4: PageSize = { widthMm: 210, heightMm: 297 };

export const hasPdfHeader = (bytes: Buffer) => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

/**
 * Page sizes of a PDF, used to check manual signature positions. A file that starts with `%PDF-`
 * but that pdf-lib cannot parse (the examples' fake PDFs) counts as one A4 page [ASSUMED].
 */
export async function inspectPdfPages(bytes: Buffer): Promise<PageSize[]> {
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    const pages = doc.getPages().map((page) => {
      const { width, height } = page.getSize();
      return { widthMm: width * PT_TO_MM, heightMm: height * PT_TO_MM };
    });
    return pages.length ? pages : [A4];
  } catch {
    return [A4];
  }
}
