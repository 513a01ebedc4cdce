/**
 * Legal-review documents generated from typed data, each as PDF (what the station hashes and
 * signs) and DOCX (for Word/WPS), byte-identical for the same input.
 */
export {
  renderReviewOpinion,
  opinionModel,
  OUTCOME_LABELS,
  CHECK_STATE_LABELS,
  type OpinionData,
  type OpinionOutcome,
  type CheckState,
} from './opinion.js';
export {
  renderDraftDecision,
  draftDecisionModel,
  penaltyItems,
  DEFAULT_REMEDIES,
  FINE_PAYMENT,
  type DraftDecisionData,
} from './draft-decision.js';
export { formatFen, yuanText } from './money.js';
export { zhDate } from './dates.js';
export {
  resolveCjkFont,
  CjkFontMissing,
  CJK_FONT_ENV,
  CJK_FONT_PACKAGE,
  DEFAULT_CJK_FONT,
  type CjkFont,
} from './font.js';
export type { DocModel, Block } from './model.js';
export { renderPdf } from './pdf-writer.js';
export { renderDocx } from './docx-writer.js';
export { renderModel, type RenderedDocument } from './render-model.js';
export {
  createRenderPool,
  renderInWorker,
  stopRenderPool,
  DEFAULT_MAX_WAITING,
  DEFAULT_TIMEOUT_MS,
  type RenderPool,
  type RenderPoolOptions,
} from './render-pool.js';
