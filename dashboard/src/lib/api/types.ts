// The station API's types as the dashboard names them: every one an alias of
// the generated schema (./schema.d.ts, from gateway/openapi.json; `npm run docs`).
// Declare no shapes here: when the gateway changes a payload, the type check
// of the dashboard follows it.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Responses<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R } ? R : never;

/** The JSON body of a path's success answer (200, 201 or 202). */
export type ApiResult<P extends keyof paths, M extends Method = 'get'> = JsonOf<
  Responses<P, M>[keyof Responses<P, M> & (200 | 201 | 202)]
>;
/** The JSON body a path takes. */
export type ApiBody<P extends keyof paths, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** The query parameters a path takes. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** What the gateway answers when it refuses a request: `{ statusCode, error, message, code?, details? }`. */
export type ApiErrorBody = JsonOf<Responses<'/api/devices/{id}', 'get'>[404]>;

// ---- session and accounts ----

/** Who is signed in, as the dashboard keeps it (GET /api/session less how they signed in). */
export type Session = Pick<ApiResult<'/api/session'>, 'user' | 'csrfToken'>;
export type SessionUser = Session['user'];
export type Role = SessionUser['role'];
export type UserRow = ApiResult<'/api/users'>[number];
export type NewUser = ApiBody<'/api/users'>;
export type UserPatch = ApiBody<'/api/users/{id}', 'patch'>;

// ---- recorders ----

export type Device = Schemas['Device'];
/** The live channel's events (GET /api/events): event name → data. */
export type LiveEvents = Schemas['LiveEvents'];
export type CoverageReport = Schemas['CoverageReport'];
export type DeviceState = Device['state'];
export type DeviceStatus = Device['status'];
/** Who holds the recorder now (an open assignment from the desk). */
export type Holder = NonNullable<Device['holder']>;
/** The recorder's latest telemetry as the station keeps it. */
export type Telemetry = NonNullable<Device['telemetry']>;
export type Position = NonNullable<Telemetry['position']>;
export type NewDevice = ApiBody<'/api/devices'>;
export type Recording = Schemas['Recording'];
export type RecordingQuery = ApiQuery<'/api/recordings'>;
export type CommandAction = ApiBody<'/api/devices/{id}/commands'>['action'];
export type CommandAccepted = ApiResult<'/api/devices/{id}/commands', 'post'>;
/** The step behind a refused stop: the recorder's officer is on an open full-process step. */
export type StopReasonRequired = Schemas['StopReasonRequiredError']['details'];
export type TelemetryHistory = ApiResult<'/api/devices/{id}/telemetry'>;
export type TelemetryQuery = ApiQuery<'/api/devices/{id}/telemetry'>;
export type SeriesPoint = NonNullable<TelemetryHistory['series'][string]>[number];

// ---- alerts ----

export type Alert = Schemas['Alert'];
export type AlertSeverity = Alert['severity'];
export type AlertStatus = Alert['status'];
export type AlertQuery = ApiQuery<'/api/alerts'>;

// ---- the desk and the ledger ----

export type SelfTest = ApiResult<'/api/devices/{id}/self-test'>;
export type SelfTestCheck = SelfTest['checks'][number];
export type SelfTestName = SelfTestCheck['name'];
export type Assignment = Schemas['Assignment'];
export type HandOutInput = ApiBody<'/api/desk/hand-out'>;
export type HandOutResult = ApiResult<'/api/desk/hand-out', 'post'>;
export type CheckInResult = ApiResult<'/api/desk/check-in', 'post'>;
export type EnrollmentCode = ApiResult<'/api/devices/{id}/enrollment', 'post'>;
export type LedgerEntry = Schemas['LedgerEntry'];
export type LedgerQuery = ApiQuery<'/api/ledger'>;
/** The kinds the ledger filters by (an entry's kind is typed as any string). */
export type LedgerKind = NonNullable<LedgerQuery['kind']>;

// ---- units, officers, cases and steps ----

export type Unit = Schemas['Unit'];
export type Officer = Schemas['Officer'];
export type Case = Schemas['Case'];
export type CaseKind = Case['kind'];
export type CaseStatus = Case['status'];
export type CaseSummary = NonNullable<Case['summary']>;
export type CaseQuery = ApiQuery<'/api/cases'>;
export type CaseWithSteps = ApiResult<'/api/cases/{id}'>;
export type CaseInput = ApiBody<'/api/cases'>;
export type CasePatch = ApiBody<'/api/cases/{id}', 'patch'>;
export type ImportResult = ApiResult<'/api/cases/import', 'post'>;
export type Step = Schemas['Step'];
export type StepKind = Step['kind'];
export type Requirement = Step['requirement'];
export type StepInput = ApiBody<'/api/cases/{id}/steps'>;
export type StepPatch = ApiBody<'/api/steps/{id}', 'patch'>;
export type StepCoverage = Schemas['StepCoverage'];
export type CoverageGap = StepCoverage['gaps'][number];
/** A stop (or a recording cut without one) inside a full-process or required step, until the next press. */
export type Interruption = StepCoverage['interruptions'][number];
export type CaseCoverage = ApiResult<'/api/cases/{id}/coverage'>;
export type CaseTimeline = ApiResult<'/api/cases/{id}/timeline'>;
export type TimelineStep = CaseTimeline['steps'][number];
export type LinkView = ApiResult<'/api/steps/{id}/links'>['links'][number];
export type LinkOrigin = LinkView['origin'];
export type FootageSource = LinkView['source'];

// ---- coverage report ----

export type ReportQuery = ApiQuery<'/api/coverage/report'>;
export type GroupBy = NonNullable<ReportQuery['groupBy']>;
export type Period = NonNullable<ReportQuery['period']>;

// ---- review queues ----

export type ReviewItem = Schemas['ReviewItem'];
export type ReviewKind = ReviewItem['kind'];
export type ReviewState = ReviewItem['state'];
export type ReviewQuery = ApiQuery<'/api/reviews'>;
/** Counts per queue kind; the API answers a map, a kind without items may be missing. */
export type ReviewCounts = ApiResult<'/api/reviews/counts'>['counts'];
export type ReviewCount = ReviewCounts[string];
/** Why footage is missing, as an officer explains a coverage gap. */
export type GapReason = ApiBody<'/api/reviews/{id}/explain'>['reason'];
export type ReviewDecision = ApiBody<'/api/reviews/{id}/decide'>['decision'];

// ---- playback ----

export type Playback = ApiResult<'/api/playback'>;
export type PlaybackPiece = Playback['pieces'][number];

// ---- exports ----

export type ExportJob = Schemas['ExportJob'];
export type ExportFormat = ExportJob['format'];
export type ExportState = ExportJob['state'];

// ---- audit trail ----

export type AuditEntry = Schemas['AuditEntry'];
export type AuditQuery = ApiQuery<'/api/audit'>;
export type AuditVerify = ApiResult<'/api/audit/verify'>;

// ---- legal review of major decisions (法制审核) and case-file documents ----

/** Everything the review page shows for a case: classification, rounds, checks, gate, deadlines. */
export type CaseLegal = Schemas['CaseLegal'];
export type Classification = CaseLegal['classification'];
export type MajorReason = Classification['reasons'][number];
export type MaterialCheck = Classification['materials'][number];
export type LegalReview = CaseLegal['reviews'][number];
export type LegalReviewState = LegalReview['state'];
export type RoundDiff = NonNullable<LegalReview['diff']>;
export type DecisionChange = RoundDiff['decisionChanges'][number];
export type Discussion = NonNullable<LegalReview['discussion']>;
export type ReviewCheck = CaseLegal['checks'][number];
export type CheckState = ReviewCheck['state'];
export type CheckLink = ReviewCheck['links'][number];
export type DecisionGate = CaseLegal['gate'];
export type Deadline = CaseLegal['decisionDeadline'];
export type DeadlineState = Deadline['state'];
/** The proposed decision (拟处理意见) as it is filed; money in whole fen. */
export type ProposedDecision = ApiBody<'/api/cases/{id}/legal/decision', 'put'>;
export type PartyType = ProposedDecision['partyType'];
export type MeasureKey = ProposedDecision['measures'][number];
export type HearingState = ProposedDecision['hearing'];
export type OpinionInput = ApiBody<'/api/legal-reviews/{id}/opinion'>;
export type OpinionOutcome = OpinionInput['outcome'];
export type DiscussionInput = ApiBody<'/api/legal-reviews/{id}/discussion'>;
export type DiscussionOutcome = DiscussionInput['outcome'];
/** One version of a document in a case file (named so as not to shadow the DOM's Document). */
export type CaseDocument = Schemas['Document'];
export type DocumentKind = CaseDocument['kind'];
export type DocumentSource = CaseDocument['source'];
/** The query of an upload: what the document is; the file itself is the body. */
export type DocumentUpload = ApiQuery<'/api/cases/{id}/documents', 'post'>;
/** The catalogue of major decisions in force (its YAML text and version). */
export type Catalogue = ApiResult<'/api/legal-review/catalogue'>;
export type Reviewer = Schemas['Reviewer'];
