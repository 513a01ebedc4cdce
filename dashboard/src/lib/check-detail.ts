// The legal-review checks' details and the decision gate's reason in the dashboard's language. The
// station answers each detail line and the gate as a stable code and its parameters beside its own
// Chinese text (for API clients and the opinion PDF); the dashboard words the codes itself, with
// the messages under legal.checks.line, legal.gate.code and legal.changes.
import type { _ } from 'svelte-i18n';
import type { Readable } from 'svelte/store';
import type { DecisionGate, LegalReview, ReviewCheck } from './api/types';
import { deadlinePeriod } from './deadline';
import { GAP_REASONS } from './lists';

type Format = typeof _ extends Readable<infer F> ? F : never;
export type CheckLine = ReviewCheck['lines'][number];
type Param = CheckLine['params'][string];
type Change = NonNullable<LegalReview['voidChanges']>[number];

const text = (v: Param | undefined): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join('、') : String(v);

/** A list in the language's way: 事先告知书、情况说明 / advance notice, situation report. */
const list = (t: Format, v: Param | undefined) =>
  (Array.isArray(v) ? v : v ? [String(v)] : []).join(t('legal.checks.listSeparator'));

const KNOWN_REASONS: readonly string[] = GAP_REASONS;

/** One line of a check's detail, e.g. 王执法：执法证 … 未登记有效期 / 王执法: licence … has no expiry on record. */
export function checkLine(t: Format, l: CheckLine): string {
  const p = l.params;
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p)) values[k] = typeof v === 'number' ? v : text(v);
  if (l.code.startsWith('coverage.') && 'kind' in p) {
    // A step named by its title, else by its kind in words, with its day.
    const name = text(p.step) || t(`stepKind.${text(p.kind)}`);
    values.step = p.day ? `${name} ${text(p.day)}` : name;
  }
  if (l.code === 'stops.explained') {
    const reason = text(p.reason);
    values.reason = KNOWN_REASONS.includes(reason) ? t(`gapReason.${reason}`) : reason;
  }
  if (l.code === 'stops.explained' || l.code === 'stops.unexplained')
    values.decision = p.decision ? t(`legal.checks.supervisor.${text(p.decision)}`) : '';
  if (l.code === 'materials.missing') values.materials = list(t, p.materials);
  if (l.code === 'deadline.left' || l.code === 'deadline.overdue')
    values.period = deadlinePeriod(t, { code: 'decision', days: Number(p.days) });
  return t(`legal.checks.line.${l.code}`, { values });
}

/** A check's detail, one line per coded line; the station's text for a check it sends without lines. */
export const checkDetail = (t: Format, c: Pick<ReviewCheck, 'detail' | 'lines'>): string =>
  c.lines?.length ? c.lines.map((l) => checkLine(t, l)).join('\n') : c.detail;

/** What changed since an approval, e.g. 决定书代拟稿已修改；证据材料已变化 / the draft decision changed; the evidence changed. */
export const changesText = (t: Format, changes: readonly Change[]): string =>
  changes.map((c) => t(`legal.changes.${c}`)).join(t('legal.changes.separator'));

/** Why the gate lets the decision be made or not. */
export function gateReason(t: Format, g: DecisionGate): string {
  if (!g.code) return g.reason;
  const p = g.params;
  return t(`legal.gate.code.${g.code}`, {
    values: {
      round: p.round ?? 0,
      state: p.state ? t(`legalState.${p.state}`) : '',
      changes: changesText(t, p.changes ?? []),
    },
  });
}

/** Why a round's approval no longer applies: from its codes, else the station's text. */
export const voidReason = (t: Format, r: Pick<LegalReview, 'voidReason' | 'voidChanges'>): string =>
  r.voidChanges?.length ? changesText(t, r.voidChanges) : (r.voidReason ?? '');
