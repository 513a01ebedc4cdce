/**
 * Random inspections (双随机、一公开): a draw of parties and inspectors that anyone can verify
 * afterwards (commit-reveal, 回避 by declared conflicts and optional region/unit rules). See
 * random-draw.ts for the flow and the exact algorithm, and verify-draw.mjs for the stand-alone
 * verifier the public can run.
 */
export {
  type Assignment,
  type Commitment,
  type VerifyOutcome,
  DRAW_ALGORITHM,
  DeclaredConflict,
  DrawInputs,
  DrawPublication,
  DrawResult,
  ExclusionRules,
  InspectableParty,
  InspectionItem,
  Inspector,
  PublicDrawRecord,
  commitDraw,
  runDraw,
  sha256Hex,
  verifyDraw,
} from './random-draw.js';
