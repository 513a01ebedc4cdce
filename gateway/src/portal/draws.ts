/**
 * The random draws (双随机、一公开) as the portal serves them, from their signed public records
 * only (inspections/inspections.ts): the commitment published before the draw (the
 * PublicDrawRecord), the draw published after it ({ record, seed, result }, what verify-draw.mjs
 * reads) or the notice of a draw called off (with its seed). Each record is served only when the
 * station's signature over its exact bytes verifies, it is the kind of record its column says,
 * and it names the draw it is stored for; a draw published after the commitment must carry the
 * very record committed to. A draw failing any check is not served (its page answers 503).
 *
 * The parties and inspectors shown are those of the signed record (the inspectors by 执法证号,
 * name and unit, as the roster published them); the assignments are the signed result's.
 */
import { canonicalJson, type ManifestSignature } from '@liuhen/evidence';
import { check } from '@liuhen/device-profiles';
import {
  DRAW_ALGORITHM,
  DrawPublication,
  DrawResult,
  PublicDrawRecord,
  type DrawPublication as DrawPublicationT,
  type DrawResult as DrawResultT,
  type PublicDrawRecord as PublicDrawRecordT,
} from '../inspections/random-draw.js';
import { publicDraw, publicDraws, type DrawListRow, type DrawRow } from './portal-repo.js';
import { parseJson } from './signed.js';
import type { PortalContext } from './site.js';

export type DrawState = 'committed' | 'drawn' | 'cancelled';

export const DRAW_STATE_LABELS: Record<DrawState, string> = {
  committed: '已公布承诺，待抽取',
  drawn: '已抽取',
  cancelled: '已取消',
};

/** The most draws the list shows. */
export const DRAW_LIST_SIZE = 500;

export interface DrawSummary {
  drawId: string;
  title: string;
  state: DrawState;
  drawAt: string;
  commitment: string | null;
  committedAt: string | null;
  drawnAt: string | null;
  cancelledAt: string | null;
}

/** A signed record as served: the exact bytes, the signature, and what they say. */
export interface Signed<T> {
  json: string;
  signature: ManifestSignature;
  signatureText: string;
  value: T;
}

/** The notice of a committed draw called off (format liuhen-draw-cancellation/1). */
export interface CancellationNotice {
  format: 'liuhen-draw-cancellation/1';
  drawId: string;
  commitment: string;
  reason: string;
  cancelledAt: string;
  record: PublicDrawRecordT;
  seed: string;
  /** What the draw would have given (absent when it waited for a beacon). */
  wouldHaveDrawn?: DrawResultT;
}

export interface ServedDraw extends DrawSummary {
  commitmentRecord: Signed<PublicDrawRecordT>;
  drawRecord?: Signed<DrawPublicationT>;
  cancelRecord?: Signed<CancellationNotice>;
}

/** One drawn party with its inspectors, as the signed result and record name them. */
export interface PublicAssignment {
  position: number;
  partyId: string;
  partyName: string | null;
  inspectors: { licenceNo: string; name: string | null; unit: string | null }[];
}

function stateOf(row: {
  has_draw?: number;
  has_cancel?: number;
  draw_json?: string | null;
  cancel_json?: string | null;
}) {
  if (row.has_cancel === 1 || (row.cancel_json ?? null) !== null) return 'cancelled';
  if (row.has_draw === 1 || (row.draw_json ?? null) !== null) return 'drawn';
  return 'committed';
}

const summaryOf = (r: DrawListRow | DrawRow, state: DrawState): DrawSummary => ({
  drawId: r.draw_id,
  title: r.title,
  state,
  drawAt: r.draw_at,
  commitment: r.commitment,
  committedAt: r.committed_at,
  drawnAt: state === 'drawn' ? r.drawn_at : null,
  cancelledAt: state === 'cancelled' ? r.cancelled_at : null,
});

/** The draws that have published a record, latest announced first. */
export async function drawList(ctx: PortalContext): Promise<DrawSummary[]> {
  return (await publicDraws(ctx.db, DRAW_LIST_SIZE)).map((r) => summaryOf(r, stateOf(r)));
}

type Read<T> = { ok: true; signed: Signed<T> } | { ok: false; problem: string };

function readRecord<T>(
  ctx: PortalContext,
  json: string | null,
  signatureText: string | null,
  what: string,
  test: (value: unknown) => value is T,
): Read<T> {
  const checked = ctx.signed.check(json, signatureText, (name) => name.endsWith(`/${what}`));
  if (!checked.ok) return { ok: false, problem: `${what}: ${checked.problem}` };
  const value = parseJson(json!);
  if (!test(value)) return { ok: false, problem: `${what}: not the expected record` };
  return { ok: true, signed: { json: json!, signature: checked.signature, signatureText: signatureText!, value } };
}

const isRecord = (v: unknown): v is PublicDrawRecordT => check(PublicDrawRecord, v).ok;
const isPublication = (v: unknown): v is DrawPublicationT => check(DrawPublication, v).ok;
function isNotice(v: unknown): v is CancellationNotice {
  if (!v || typeof v !== 'object') return false;
  const n = v as Partial<CancellationNotice>;
  return (
    n.format === 'liuhen-draw-cancellation/1' &&
    typeof n.drawId === 'string' &&
    typeof n.reason === 'string' &&
    typeof n.cancelledAt === 'string' &&
    typeof n.seed === 'string' &&
    /^[0-9a-f]{64}$/.test(n.seed) &&
    isRecord(n.record) &&
    (n.wouldHaveDrawn === undefined || check(DrawResult, n.wouldHaveDrawn).ok)
  );
}

export type OneDraw = { live: ServedDraw } | { unavailable: true } | { missing: true };

/** A draw by its public id, with its signed records checked. */
export async function oneDraw(ctx: PortalContext, drawId: string): Promise<OneDraw> {
  if (drawId.length < 1 || drawId.length > 128) return { missing: true };
  const row = await publicDraw(ctx.db, drawId);
  if (!row) return { missing: true };
  const problem = (p: string): OneDraw => {
    ctx.log.error({ drawId, problem: p }, 'portal: draw not served');
    return { unavailable: true };
  };
  const commitment = readRecord(ctx, row.commitment_json, row.commitment_signature, 'commitment', isRecord);
  if (!commitment.ok) return problem(commitment.problem);
  const record = commitment.signed.value;
  if (record.drawId !== row.draw_id || record.algorithm !== DRAW_ALGORITHM)
    return problem('the commitment names another draw');
  const committed = canonicalJson(record);
  const state = stateOf(row);
  const served: ServedDraw = { ...summaryOf(row, state), commitmentRecord: commitment.signed };
  if (row.draw_json !== null || row.draw_signature !== null) {
    const drawn = readRecord(ctx, row.draw_json, row.draw_signature, 'draw', isPublication);
    if (!drawn.ok) return problem(drawn.problem);
    // The draw must be made from the very record published before it.
    if (canonicalJson(drawn.signed.value.record) !== committed || drawn.signed.value.result.drawId !== row.draw_id)
      return problem('the draw was not made from the record committed to');
    served.drawRecord = drawn.signed;
  }
  if (row.cancel_json !== null || row.cancel_signature !== null) {
    const cancelled = readRecord(ctx, row.cancel_json, row.cancel_signature, 'cancellation', isNotice);
    if (!cancelled.ok) return problem(cancelled.problem);
    if (canonicalJson(cancelled.signed.value.record) !== committed || cancelled.signed.value.drawId !== row.draw_id)
      return problem('the cancellation names another record');
    served.cancelRecord = cancelled.signed;
  }
  return { live: served };
}

/** The assignments of a result, with the names the signed record gives the parties and inspectors. */
export function assignmentsOf(record: PublicDrawRecordT, result: DrawResultT): PublicAssignment[] {
  const parties = new Map(record.parties.map((p) => [p.id, p]));
  const inspectors = new Map(record.inspectors.map((i) => [i.id, i]));
  return result.assignments.map((a, i) => ({
    position: i + 1,
    partyId: a.partyId,
    partyName: parties.get(a.partyId)?.name ?? null,
    inspectors: a.inspectorIds.map((id) => ({
      licenceNo: id,
      name: inspectors.get(id)?.name ?? null,
      unit: inspectors.get(id)?.unit ?? null,
    })),
  }));
}

/** The bytes of one of a draw's signed files, when the draw has it. */
export function drawFile(d: ServedDraw, file: string): string | undefined {
  const [what, ext] = file.split('.') as [string, string];
  const rec =
    what === 'commitment'
      ? d.commitmentRecord
      : what === 'draw'
        ? d.drawRecord
        : what === 'cancellation'
          ? d.cancelRecord
          : undefined;
  if (!rec) return undefined;
  return ext === 'json' ? rec.json : ext === 'sig' ? rec.signatureText : undefined;
}
