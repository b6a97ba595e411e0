import { PDFDocument } from 'pdf-lib';
import type { PageSize } from '../domain/send-options.rules';

const PT_TO_MM = 25.4 / 72;

/**
 * Page sizes (mm) of each PDF, to check manual signature positions before sending. A PDF we cannot
 * parse has no pages we could check against: its positions are rejected rather than guessed.
 */
export async function pageSizesOf(contents: Buffer[]): Promise<PageSize[][]> {
  const sizes: PageSize[][] = [];
  for (const content of contents) {
    try {
      const doc = await PDFDocument.load(content, { ignoreEncryption: true, updateMetadata: false });
      sizes.push(
        doc.getPages().map((page) => {
          const { width, height } = page.getSize();
          return { widthMm: width * PT_TO_MM, heightMm: height * PT_TO_MM };
        }),
      );
    } catch {
      sizes.push([]);
    }
  }
  return sizes;
}
