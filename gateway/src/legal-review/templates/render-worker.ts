/**
 * The render worker (see render-pool.ts): takes a document model, answers with its PDF and DOCX
 * bytes or with the error that stopped it. One job at a time; the pool sends the next one only
 * after the answer.
 */
import { parentPort } from 'node:worker_threads';
import { CJK_FONT_ENV } from './font.js';
import type { DocModel } from './model.js';
import { renderModel } from './render-model.js';

/** What the pool sends: the model, and the font setting of the gateway's environment at the time. */
export interface RenderRequest {
  id: number;
  model: DocModel;
  font: string | undefined;
}

/** What a worker answers. The errors' own fields, since a thread boundary keeps no classes. */
export type RenderReply =
  | { id: number; ok: true; pdf: Uint8Array; docx: Uint8Array }
  | {
      id: number;
      ok: false;
      error: { name: string; message: string; kind?: string; code?: string; details?: Record<string, unknown> };
    };

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs as a worker thread (render-pool.ts starts it)');

port.on('message', (req: RenderRequest) => {
  // The worker's environment is a copy taken when it started: take the font setting as it is now.
  if (req.font === undefined) delete process.env[CJK_FONT_ENV];
  else process.env[CJK_FONT_ENV] = req.font;
  renderModel(req.model).then(
    ({ pdf, docx }) => port.postMessage({ id: req.id, ok: true, pdf, docx } satisfies RenderReply),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const { kind, code, details } = e as { kind?: string; code?: string; details?: Record<string, unknown> };
      port.postMessage({
        id: req.id,
        ok: false,
        error: {
          name: e.name,
          message: e.message,
          ...(typeof kind === 'string' ? { kind } : {}),
          ...(typeof code === 'string' ? { code } : {}),
          ...(details ? { details } : {}),
        },
      } satisfies RenderReply);
    },
  );
});
