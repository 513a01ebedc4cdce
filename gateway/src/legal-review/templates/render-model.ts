/**
 * A document model as its two files, in the calling thread. The gateway calls this only through
 * the render worker (render-pool.ts), never on its event loop; tests call it to compare.
 */
import { renderDocx } from './docx-writer.js';
import type { DocModel } from './model.js';
import { renderPdf } from './pdf-writer.js';

export interface RenderedDocument {
  pdf: Buffer;
  docx: Buffer;
}

export async function renderModel(model: DocModel): Promise<RenderedDocument> {
  const [pdf, docx] = await Promise.all([renderPdf(model), renderDocx(model)]);
  return { pdf, docx };
}
