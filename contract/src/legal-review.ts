/**
 * Legal review of major decisions (重大执法决定法制审核) and the documents of a case file (案卷), as
 * the API answers them: documents, the proposed decision a catalogue classifies, review rounds with
 * their content-bound approval, the automatic checks a reviewer sees, and the reviewer registry.
 */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { DateTime, lit, Nullable } from './builders.js';

/**
 * What a document is (its place in the case file's catalogue, 卷内目录). The keys with a
 * catalogue material of the same name (situation-report, draft-decision, …) count towards a
 * review submission's completeness.
 */
export const DOCUMENT_KINDS = [
  'filing-form', // 立案审批表
  'record', // 笔录 (询问、现场检查、勘验)
  'photo', // 照片
  'audio', // 录音
  'evidence', // 其他证据材料
  'expert-opinion', // 鉴定意见、检测报告
  'advance-notice', // 事先告知书及送达回证
  'hearing-record', // 听证笔录
  'situation-report', // 情况说明
  'discretion-statement', // 裁量说明
  'draft-decision', // 决定书代拟稿
  'review-opinion', // 法制审核意见书
  'discussion-minutes', // 集体讨论记录
  'decision', // 决定书
  'service-receipt', // 送达回证
  'other',
] as const;
export const DocumentKind = lit(DOCUMENT_KINDS);
export type DocumentKind = Static<typeof DocumentKind>;

/** One version of a document in a case file; a new version supersedes the previous one, never replaces it. */
export const DocumentView = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    stepId: Nullable(Type.String()),
    kind: DocumentKind,
    title: Type.String(),
    fileName: Type.String(),
    mediaType: Type.String(),
    bytes: Type.Integer(),
    sha256: Type.String(),
    /** 1 for a new document; each upload over it adds one. All versions share `documentKey`. */
    version: Type.Integer(),
    documentKey: Type.String(),
    /** False once a later version exists. */
    current: Type.Boolean(),
    /** `upload`, `scan` or `generated` (from a template). */
    source: lit(['upload', 'scan', 'generated'] as const),
    uploadedBy: Type.String(),
    uploadedAt: DateTime(),
  },
  { $id: 'Document' },
);
export type DocumentView = Static<typeof DocumentView>;

export const MEASURE_KEYS = [
  'revoke-licence',
  'suspend-business',
  'close-down',
  'lower-qualification',
  'restrict-practice',
] as const;
export const HEARING_STATES = ['none', 'requested', 'held'] as const;
export const PARTY_TYPES = ['person', 'organisation'] as const;

/** The proposed decision (拟处理意见) the catalogue reads; money in whole fen (分). */
export const ProposedDecision = Type.Object(
  {
    partyType: lit(PARTY_TYPES),
    fineFen: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    confiscationFen: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    measures: Type.Array(lit(MEASURE_KEYS), { maxItems: 5, uniqueItems: true }),
    hearing: lit(HEARING_STATES),
    complex: Type.Boolean(),
    discretionDeparture: Type.Boolean(),
    /** The facts and basis in a sentence or two, for the opinion and the publication. */
    summary: Type.String({ maxLength: 2000 }),
    basis: Type.String({ maxLength: 2000, description: 'Legal basis (法律依据)' }),
  },
  { additionalProperties: false },
);
export type ProposedDecision = Static<typeof ProposedDecision>;

export const MajorReasonView = Type.Object({ rowId: Type.String(), title: Type.String(), reason: Type.String() });
export const MaterialCheckView = Type.Object({
  key: Type.String(),
  title: Type.String(),
  present: Type.Boolean(),
  rows: Type.Array(Type.String()),
});

/** How the agency's catalogue classifies a case now. */
export const ClassificationView = Type.Object(
  {
    catalogue: Type.Object({ agency: Type.String(), version: Type.String(), sha256: Type.String() }),
    major: Type.Boolean(),
    /** Set by hand on the case (a manual mark may add "major", never take away what the catalogue says). */
    markedMajor: Type.Boolean(),
    reasons: Type.Array(MajorReasonView),
    materials: Type.Array(MaterialCheckView),
    missing: Type.Array(Type.String()),
    focus: Type.Array(Type.String()),
  },
  {},
);
export type ClassificationView = Static<typeof ClassificationView>;

export const LEGAL_REVIEW_STATES = [
  'submitted', // waiting to be accepted
  'accepted', // materials complete; the clock runs from the acceptance date
  'returned', // 建议修改后提交: the unit revises and submits a new round
  'approved', // 同意
  'disagreed', // 不同意: goes to collective discussion
  'withdrawn',
] as const;
export const LegalReviewState = lit(LEGAL_REVIEW_STATES);
export const OPINION_OUTCOMES = ['agree', 'disagree', 'revise'] as const;
export const DEADLINE_STATES = ['ok', 'amber', 'red', 'breached'] as const;

/**
 * Which legal deadline a DeadlineView is, for a client to word it in its own language (the
 * dashboard does): legal-review = 法制审核期限, working days from acceptance; decision = 办案期限
 * (Administrative Penalty Law art. 60), calendar days from filing; publication = 公示期限, working
 * days from the decision.
 */
export const DEADLINE_CODES = ['legal-review', 'decision', 'publication'] as const;

export const DeadlineView = Type.Object({
  /** Stable machine code of the deadline. */
  code: lit(DEADLINE_CODES),
  /** The period's length, in `unit`s. */
  days: Type.Integer({ minimum: 1 }),
  unit: lit(['working-day', 'calendar-day'] as const),
  /** What the period runs from. */
  from: lit(['acceptance', 'filing', 'decision'] as const),
  /** The deadline in words, in Chinese (e.g. 公示期限（决定之日起 7 个工作日）), for API clients and CSV. */
  label: Type.String(),
  dueAt: DateTime(),
  workingDaysLeft: Type.Integer(),
  state: lit(DEADLINE_STATES),
});
export type DeadlineView = Static<typeof DeadlineView>;

/** The exact content an approval was given for. */
export const ReviewedContentView = Type.Object({
  draftDocumentId: Nullable(Type.String()),
  draftSha256: Nullable(Type.String()),
  /** SHA-256 of the sorted evidence list (document hashes and footage hashes) at submission. */
  evidenceSha256: Type.String(),
  documents: Type.Array(
    Type.Object({ id: Type.String(), kind: Type.String(), title: Type.String(), sha256: Type.String() }),
  ),
  recordings: Type.Array(Type.Object({ id: Type.String(), sha256: Type.String() })),
  decision: ProposedDecision,
});
export type ReviewedContentView = Static<typeof ReviewedContentView>;

/** What changed in a case file since an approval was given: the draft, the evidence, the proposed decision. */
export const CONTENT_CHANGES = ['draft', 'evidence', 'decision'] as const;
export type ContentChange = (typeof CONTENT_CHANGES)[number];

/** What changed between the previous round and this one. */
export const RoundDiffView = Type.Object({
  addedDocuments: Type.Array(Type.String()),
  removedDocuments: Type.Array(Type.String()),
  changedDocuments: Type.Array(Type.String()),
  decisionChanges: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});
export type RoundDiffView = Static<typeof RoundDiffView>;

export const LegalReviewView = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    caseTitle: Type.String(),
    round: Type.Integer(),
    state: LegalReviewState,
    submittedBy: Type.String(),
    submittedAt: DateTime(),
    note: Type.String(),
    acceptedAt: Nullable(DateTime()),
    reviewer: Nullable(Type.String()),
    outcome: Nullable(lit(OPINION_OUTCOMES)),
    opinion: Nullable(Type.String()),
    opinionAt: Nullable(DateTime()),
    /** The 法制审核意见书's number, e.g. 法审〔2026〕12号. */
    opinionNumber: Nullable(Type.String()),
    signed: Type.Boolean(),
    /** False once the draft or the evidence list changed after this round's approval. */
    current: Type.Boolean(),
    /** Why the approval no longer applies, in Chinese (决定书代拟稿已修改；…). */
    voidReason: Nullable(Type.String()),
    /** The same as codes, for a client to word: what changed since the approval. */
    voidChanges: Nullable(Type.Array(lit(CONTENT_CHANGES))),
    content: ReviewedContentView,
    diff: Nullable(RoundDiffView),
    deadline: Nullable(DeadlineView),
    discussion: Nullable(
      Type.Object({
        minutes: Type.String(),
        outcome: lit(['agree', 'disagree'] as const),
        by: Type.String(),
        at: DateTime(),
      }),
    ),
  },
  {},
);
export type LegalReviewView = Static<typeof LegalReviewView>;

export const CHECK_STATES = ['pass', 'warn', 'fail'] as const;

/** The automatic checks, in the order the station answers them (stable ids). */
export const CHECK_IDS = ['coverage', 'stops', 'certificates', 'deadline', 'materials', 'integrity'] as const;

/**
 * What one line of a check's detail says, as a stable code for a client to word in its own language
 * (the dashboard does); the parameters each code takes are listed in docs/legal-review.md.
 */
export const CHECK_LINE_CODES = [
  'coverage.ok', // {count}: every required step on video
  'coverage.pending', // {step, kind, day}: coverage not computed yet
  'coverage.short', // {step, kind, day, percent, required}: less on video than the step needs
  'coverage.gap', // {start, end, seconds}: one gap of the step above (HH:MM:SS, Shanghai)
  'stops.none', // {}: no recording stopped inside a full-process step
  'stops.count', // {count, unexplained}
  'stops.explained', // {item, reason, explanation, decision}
  'stops.unexplained', // {item, decision}
  'certificates.none', // {}: no officer named on any step
  'certificates.ok', // {count}
  'certificates.no-licence', // {officer, officerId}
  'certificates.no-expiry', // {officer, licence}
  'certificates.expired', // {officer, licence, expired, day}
  'deadline.left', // {days, due, count}: the art. 60 period of `days` days, due YYYY-MM-DD, working days left
  'deadline.overdue', // {days, due, count}: … working days overdue
  'materials.not-major', // {}
  'materials.ok', // {count}
  'materials.missing', // {materials: string[]}
  'integrity.none', // {}: no footage linked to the case
  'integrity.ok', // {count, chained}
  'integrity.missing', // {file}
  'integrity.size', // {file, onDisk, recorded}
  'integrity.unchained', // {file}
] as const;
export type CheckLineCode = (typeof CHECK_LINE_CODES)[number];

/** One line of a check's detail: its code and the values it words. */
export const CheckLineView = Type.Object({
  code: lit(CHECK_LINE_CODES),
  params: Type.Record(
    Type.String(),
    Type.Union([Type.String(), Type.Number(), Type.Null(), Type.Array(Type.String())]),
  ),
});
export type CheckLineView = Static<typeof CheckLineView>;

/** One automatic check a reviewer sees before reading, with links to what it is about. */
export const ReviewCheckView = Type.Object({
  /** One of CHECK_IDS. */
  id: Type.String(),
  /** The check's name in Chinese (全过程记录覆盖, …); a client words it by `id`. */
  title: Type.String(),
  state: lit(CHECK_STATES),
  /** The detail in Chinese, one line per entry of `lines` (for API clients and the opinion PDF). */
  detail: Type.String(),
  /** The detail as codes and parameters, for a client to word in its own language. */
  lines: Type.Array(CheckLineView),
  links: Type.Array(
    Type.Object({
      kind: lit(['step', 'recording', 'document', 'officer', 'review-item'] as const),
      id: Type.String(),
      label: Type.String(),
    }),
  ),
});
export type ReviewCheckView = Static<typeof ReviewCheckView>;

/**
 * Why the gate lets the decision be made or not, as a stable code: not-major {}, not-submitted {},
 * round-pending {round, state}, content-changed {round, changes}, approved {round}.
 */
export const GATE_CODES = ['not-major', 'not-submitted', 'round-pending', 'content-changed', 'approved'] as const;
export type GateCode = (typeof GATE_CODES)[number];

/** Whether a case may move to decided/closed now, and why not. */
export const DecisionGateView = Type.Object({
  major: Type.Boolean(),
  allowed: Type.Boolean(),
  /** Why, in Chinese (for API clients and error messages); a client words `code` and `params`. */
  reason: Type.String(),
  code: lit(GATE_CODES),
  params: Type.Object({
    round: Type.Optional(Type.Integer()),
    state: Type.Optional(LegalReviewState),
    changes: Type.Optional(Type.Array(lit(CONTENT_CHANGES))),
  }),
  approvalId: Nullable(Type.String()),
});
export type DecisionGateView = Static<typeof DecisionGateView>;

/** A case's legal-review page: classification, rounds, checks, gate and the art. 60 clock. */
export const CaseLegalView = Type.Object(
  {
    caseId: Type.String(),
    decision: Nullable(ProposedDecision),
    classification: ClassificationView,
    reviews: Type.Array(LegalReviewView),
    checks: Type.Array(ReviewCheckView),
    gate: DecisionGateView,
    decisionDeadline: DeadlineView,
  },
  { $id: 'CaseLegal' },
);
export type CaseLegalView = Static<typeof CaseLegalView>;

/** A legal reviewer in the registry (审核人员): qualification and certificate. */
export const ReviewerView = Type.Object(
  {
    username: Type.String(),
    name: Type.String(),
    /** 法律职业资格证书编号: required of a first-time reviewer (Administrative Penalty Law art. 58). */
    qualificationNo: Nullable(Type.String()),
    certificateNo: Nullable(Type.String()),
    certificateExpires: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
    active: Type.Boolean(),
    /** SM2 public key (PEM) that signs this reviewer's opinions. */
    publicKeyPem: Type.String(),
  },
  { $id: 'Reviewer' },
);
export type ReviewerView = Static<typeof ReviewerView>;
