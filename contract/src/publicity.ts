/**
 * Enforcement publicity (行政执法公示): results published from the case record, redacted, on a
 * working-day clock, withdrawable. `PublicationView` is the station's internal view (it holds the
 * unredacted original, which never leaves the station); `PublicItem` is exactly what the public
 * portal, the feeds and the open data carry, signed by the station key.
 */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { DateTime, lit, Nullable } from './builders.js';
import { DeadlineView } from './legal-review.js';

export const PUBLICATION_KINDS = [
  'penalty',
  'compulsion',
  'inspection',
  'reward',
  'licensing',
  'random-inspection',
] as const;
export const PUBLICATION_STATES = ['draft', 'published', 'withdrawn', 'expired'] as const;
export const WITHDRAW_KINDS = ['revoked', 'confirmed-illegal', 'changed', 'void', 'other'] as const;

/** The fields of a result as published (公示内容); each is plain text. */
export const PublicationFields = Type.Object(
  {
    decisionNumber: Type.String({ maxLength: 100, description: '决定书文号' }),
    party: Type.String({ maxLength: 200, description: '当事人 (as the masking policy allows)' }),
    violation: Type.String({ maxLength: 5000, description: '主要违法事实' }),
    basis: Type.String({ maxLength: 2000, description: '处罚依据' }),
    outcome: Type.String({ maxLength: 2000, description: '处罚结果' }),
    agency: Type.String({ maxLength: 200, description: '作出决定的机关' }),
    decisionDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '决定日期' }),
  },
  { additionalProperties: false },
);
export type PublicationFields = Static<typeof PublicationFields>;

export const RedactionFindingView = Type.Object({
  field: Type.String(),
  kind: Type.String(),
  /** The replacement shown to the reviewer; the original identifier is not repeated here. */
  replacement: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
});

/** What the station keeps about a publication (internal API only). */
export const PublicationView = Type.Object(
  {
    id: Type.String(),
    itemId: Type.String(),
    caseId: Nullable(Type.String()),
    kind: lit(PUBLICATION_KINDS),
    state: lit(PUBLICATION_STATES),
    title: Type.String(),
    original: PublicationFields,
    redacted: PublicationFields,
    findings: Type.Array(RedactionFindingView),
    /** Reasons not to publish as it is (a minor among the people): publishing is refused while set. */
    withhold: Type.Array(Type.String()),
    decidedAt: DateTime(),
    deadline: Nullable(DeadlineView),
    signedOffBy: Nullable(Type.String()),
    publishedAt: Nullable(DateTime()),
    /**
     * The station's detached Ed25519 signature over the item's public JSON, base64: the `signature`
     * of the portal's `…/signature.json` (null until published).
     */
    signature: Nullable(Type.String()),
    /** The item's page on the portal, absolute, under `portal.baseUrl`: null until published or without it. */
    portalUrl: Nullable(Type.String()),
    /** Published after its deadline (a breach stays on record). */
    late: Type.Boolean(),
    withdrawnAt: Nullable(DateTime()),
    withdrawReason: Nullable(Type.String()),
    expiresAt: Nullable(DateTime()),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { $id: 'Publication' },
);
export type PublicationView = Static<typeof PublicationView>;

/** One published result as the public sees it (portal, JSON API, feeds), signed by the station. */
export const PublicItem = Type.Object({
  id: Type.String({ description: 'Permanent id (tag: URI)' }),
  kind: lit(PUBLICATION_KINDS),
  title: Type.String(),
  fields: PublicationFields,
  publishedAt: DateTime(),
  updatedAt: DateTime(),
  expiresAt: Nullable(DateTime()),
});
export type PublicItem = Static<typeof PublicItem>;

/** A withdrawn item: its id, when and the published reason; never its old text. */
export const PublicWithdrawal = Type.Object({
  id: Type.String(),
  withdrawnAt: DateTime(),
  reason: Type.String(),
});
export type PublicWithdrawal = Static<typeof PublicWithdrawal>;

const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));

/** The annual statistics report (行政执法统计年报), counted from the case record. */
export const AnnualReport = Type.Object(
  {
    year: Type.Integer(),
    generatedAt: DateTime(),
    cases: Type.Object({
      total: Type.Integer({ minimum: 0 }),
      major: Type.Integer({ minimum: 0 }),
      byKind: Counts,
      byStatus: Counts,
    }),
    units: Type.Array(
      Type.Object({
        unitId: Nullable(Type.String()),
        unit: Type.String(),
        cases: Type.Integer({ minimum: 0 }),
        decided: Type.Integer({ minimum: 0 }),
      }),
    ),
    /** Mandatory recording (全过程记录) per requirement: steps, steps checked, steps passing, share covered. */
    recording: Type.Array(
      Type.Object({
        requirement: Type.String(),
        steps: Type.Integer({ minimum: 0 }),
        checked: Type.Integer({ minimum: 0 }),
        passing: Type.Integer({ minimum: 0 }),
        coveredShare: Nullable(Type.Number()),
      }),
    ),
    legalReview: Type.Object({ rounds: Type.Integer({ minimum: 0 }), byOutcome: Counts }),
    publicity: Type.Object({ byState: Counts, late: Type.Integer({ minimum: 0 }) }),
  },
  { $id: 'AnnualReport' },
);
export type AnnualReport = Static<typeof AnnualReport>;
