/**
 * Table shapes for Kysely. Times are ISO 8601 UTC strings ("...Z"): they sort
 * correctly as text in SQLite and in PostgreSQL alike, so queries need no
 * dialect-specific date handling.
 */
import type { Generated } from 'kysely';

export interface DevicesTable {
  id: string;
  profile: string;
  officer_id: string | null;
  state: 'standby' | 'recording';
  recording_id: string | null;
  recording_since: string | null;
  battery_percent: number | null;
  storage_free_bytes: number | null;
  firmware_version: string | null;
  device_time: string | null;
  /** Device minus station clock from the device's last sync, ms. */
  clock_offset_ms: number | null;
  online: number;
  last_seen: string | null;
  /** Ed25519 public key (SPKI PEM) that signs the device's evidence chain; first registration wins. */
  public_key_pem?: string | null;
  key_fingerprint?: string | null;
  created_at: string;
  /** Inventory: maker's serial number, service status, free notes. */
  serial?: string | null;
  status?: DeviceStatus;
  notes?: string | null;
  enrolled_at?: string | null;
}

export type DeviceStatus = 'in_service' | 'in_repair' | 'retired';

export interface EnrollmentsTable {
  /** SHA-256 of the one-time code: the code itself is shown once and never stored. */
  code_hash: string;
  device_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DeviceCredentialsTable {
  device_id: string;
  mqtt_username: string;
  /** scrypt hash (salt$hash) of the MQTT password. */
  mqtt_password_hash: string;
  /** Key for the device's signed, expiring RTMP publish keys (HMAC): the station must be able to recompute them. */
  rtmp_secret: string;
  issued_at: string;
}

export type LedgerKind = 'enroll' | 'hand-out' | 'check-in' | 'override' | 'repair' | 'repair-done' | 'retire';

/** 台账: every hand-out, check-in, repair and override. */
export interface LedgerTable {
  id: string;
  ts: string;
  kind: LedgerKind;
  device_id: string;
  officer_id: string | null;
  assignment_id: string | null;
  actor: string;
  reason: string | null;
  /** JSON: self-test figures, offload state at check-in, … */
  detail: string;
}

export type AlertStatus = 'active' | 'acknowledged' | 'cleared';

export interface AlertsTable {
  id: string;
  rule: string;
  device_id: string;
  officer_id: string | null;
  severity: 'warning' | 'critical';
  status: AlertStatus;
  message: string;
  detail: string;
  since: string;
  updated_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  ack_note: string | null;
  cleared_at: string | null;
}

export interface DeviceEventsTable {
  device_id: string;
  seq: number;
  type: string;
  recording_id: string | null;
  officer_id: string | null;
  ts: string;
  received_at: string;
}

export interface RecordingsTable {
  id: string;
  device_id: string;
  officer_id: string | null;
  session_id: string;
  /** Relative to the footage store root. */
  path: string;
  started_at: string;
  ended_at: string;
  duration_seconds: number;
  bytes: number;
  sha256: string;
  source: 'live' | 'device';
  /** 1 when the file was found unindexed after a crash and indexed on restart. */
  recovered: number;
  created_at: string;
  /** Where the segment was taken, when known (GPS); narrows sorting. */
  lat?: number | null;
  lon?: number | null;
  /** 1 = never deleted by retention (legal hold on this footage). */
  hold?: number;
  /** Set when retention deleted the file; the row stays as the record of what existed. */
  deleted_at?: string | null;
  deleted_reason?: string | null;
}

export interface UnitsTable {
  id: string;
  name: string;
  parent_id: string | null;
  created_at: string;
}

export interface OfficersTable {
  /** Badge number (警号): what recorders report as officerId. */
  id: string;
  name: string;
  /** Enforcement licence number (执法证号). */
  licence_no: string | null;
  unit_id: string | null;
  role: string;
  active: number;
  /** Last day (YYYY-MM-DD) the enforcement licence is valid; null if not recorded. */
  licence_expires: string | null;
  created_at: string;
}

/** A device in an officer's hands over a time interval (ended_at null = still out). */
export interface AssignmentsTable {
  id: string;
  device_id: string;
  officer_id: string;
  started_at: string;
  ended_at: string | null;
  created_by: string;
  created_at: string;
}

export type CaseKind = 'penalty' | 'compulsion' | 'inspection' | 'reward';
export type CaseStatus = 'open' | 'in_review' | 'decided' | 'closed';

export interface CasesTable {
  id: string;
  number: string;
  kind: CaseKind;
  title: string;
  party: string | null;
  unit_id: string | null;
  status: CaseStatus;
  /** 重大执法决定: goes to legal review (marked by hand or by the catalogue). */
  major: number;
  /** The hand-set part of `major`. */
  marked_major: number;
  /** JSON MajorReasonView[]: why the catalogue classified the case major (null: not evaluated). */
  major_reasons: string | null;
  /** Legal hold: nothing linked is deleted while set. */
  hold: number;
  closed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type StepRequirement = 'full-process' | 'required' | 'optional';

export interface StepsTable {
  id: string;
  case_id: string;
  kind: string;
  title: string | null;
  starts_at: string;
  /** null while the act is still going on. */
  ends_at: string | null;
  location: string | null;
  lat: number | null;
  lon: number | null;
  requirement: StepRequirement;
  created_at: string;
  updated_at: string;
}

export interface StepOfficersTable {
  step_id: string;
  officer_id: string;
}

/** auto = by the sorter; manual = by a reviewer (with reason); excluded = a reviewer removed an auto link. */
export type LinkOrigin = 'auto' | 'manual' | 'excluded';

export interface LinksTable {
  step_id: string;
  recording_id: string;
  origin: LinkOrigin;
  linked_by: string | null;
  reason: string | null;
  created_at: string;
}

export interface StepCoverageTable {
  step_id: string;
  window_seconds: number;
  covered_seconds: number;
  ratio: number;
  passing: number;
  /** 1 once the window had ended when this was computed. */
  final: number;
  /** JSON array of {start,end,seconds}. */
  gaps: string;
  computed_at: string;
  /** Seconds of the window under recorded footage (inside a press–stop), and under buffer footage only. */
  recorded_seconds?: number;
  buffer_seconds?: number;
  /** JSON array of {start,end,seconds,kind,deviceId,recordingId,resumed}: stops inside the window. */
  interruptions?: string;
}

/**
 * A recording of a recorder as its MQTT events tell it (press to stop), on the
 * device clock like its footage. `ended_at` is the stop, or for a recording
 * that ended without one (`cut`: power, crash) the last sign that it was
 * still recording; null while open.
 */
export interface DeviceRecordingsTable {
  device_id: string;
  recording_id: string;
  started_at: string;
  ended_at: string | null;
  end_kind: 'open' | 'stopped' | 'cut';
  /** The recording.stopped event's time, when one came. */
  stopped_at: string | null;
  /** Latest state or telemetry that said it was recording. */
  alive_at: string | null;
  /** The profile's pre- and post-record when it started: the buffer footage it may claim. */
  pre_record_ms: number;
  post_record_ms: number;
  officer_id: string | null;
  start_seq: number | null;
  stop_seq: number | null;
  updated_at: string;
}

export interface SortPendingTable {
  /**
   * recording: a segment id; step: a step id; device-span: `<deviceId>|<fromIso>|<toIso>` after an assignment
   * changed; device-recording: the same key after a recording's events changed (coverage only, links stay).
   */
  kind: 'recording' | 'step' | 'device-span' | 'device-recording';
  id: string;
  queued_at: string;
}

export type ReviewKind =
  'unsorted' | 'coverage-gap' | 'marked' | 'legal-review' | 'interruption' | 'quarantine' | 'discard-overlap';
export type ReviewState = 'open' | 'in_review' | 'done';

export interface ReviewItemsTable {
  id: string;
  kind: ReviewKind;
  /** What the item is about: a recording session, a step, a mark; unique per kind. */
  subject_id: string;
  title: string;
  case_id: string | null;
  step_id: string | null;
  device_id: string | null;
  officer_id: string | null;
  unit_id: string | null;
  subject_start: string | null;
  subject_end: string | null;
  state: ReviewState;
  assignee: string | null;
  explanation: string | null;
  explanation_reason: string | null;
  explained_by: string | null;
  decision: 'accepted' | 'rejected' | null;
  decision_note: string | null;
  decided_by: string | null;
  resolution: string | null;
  /** JSON with kind-specific facts (gaps, mark time, segment ids). */
  detail: string | null;
  due_at: string;
  created_at: string;
  updated_at: string;
}

/** A recorder segment the station refused (its chain does not verify), kept as uploaded. */
export interface QuarantineTable {
  id: string;
  device_id: string;
  segment: string;
  /** 1 for the first refused upload of the name, 2… for other bytes or another chain under it. */
  copy: number;
  /** The kept file, relative to the data directory; its chain and reason sit next to it. */
  path: string;
  bytes: number;
  sha256: string;
  /** SHA-256 of the offered chain text. */
  chain_sha256: string;
  reason: string;
  officer_id: string | null;
  unit_id: string | null;
  started_at: string | null;
  ended_at: string | null;
  /** JSON array, as the recorder sent it. */
  recording_ids: string;
  created_at: string;
}

/** Pre-record buffer a recorder deleted by policy: the chain it sent for it, verified and stored. */
export interface DiscardsTable {
  device_id: string;
  segment: string;
  /** The signed reason of the discard entry. */
  reason: string;
  /** The discarded span on the device clock (the discard entry's start and end). */
  started_at: string;
  ended_at: string;
  /** Device minus station clock on the discard entry (null: never synced). */
  clock_offset_ms: number | null;
  officer_id: string | null;
  seq_first: number;
  seq_last: number;
  entries: number;
  /** SHA-256 of the stored chain text (a different text for the same name is refused). */
  chain_sha256: string;
  /** The chain file, relative to the footage store (where the segment would have been). */
  path: string;
  /** A recording of the device it overlaps (a discard the station does not believe), if any. */
  overlap_recording_id: string | null;
  received_at: string;
}

/**
 * What the station holds of a device's evidence chain, one row per chain file: the seq runs it
 * covers, to show gaps across segments, discards and quarantined copies without re-reading them.
 */
export interface ChainFilesTable {
  device_id: string;
  /** The chain file, relative to the data directory. */
  file: string;
  source: 'segment' | 'discard' | 'quarantine';
  segment: string;
  /** JSON array of [fromSeq, toSeq, prevOfFirst, hashOfLast]: runs of consecutive, linked entries. */
  runs: string;
  entries: number;
  recorded_at: string;
}

export interface AuditLogTable {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  case_id: string | null;
  /** Canonical JSON. */
  detail: string;
  prev_hash: string;
  /** SHA-256 over prev_hash and the canonical entry: the chain. */
  hash: string;
}

/**
 * Telemetry the embedded store keeps (a bounded window; see
 * telemetry/embedded-store.ts). Times are ms since the epoch, not ISO text:
 * the store buckets them arithmetically. A column per series field, null when
 * the device did not report it.
 */
export interface TelemetryTable {
  device_id: string;
  ts: number;
  officer_id: string | null;
  unit_id: string | null;
  battery_percent: number | null;
  battery_voltage_mv: number | null;
  battery_charging: number | null;
  storage_free_bytes: number | null;
  storage_recordable_seconds: number | null;
  temperature_celsius: number | null;
  signal_rssi_dbm: number | null;
  clock_offset_ms: number | null;
  position_lat: number | null;
  position_lon: number | null;
  position_accuracy_m: number | null;
  recording: number | null;
  offload_pending_segments: number | null;
  offload_pending_bytes: number | null;
}

/** A person who signs in to the dashboard or API. */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** officer | equipment-manager | supervisor | legal-reviewer | auditor | admin */
  role: string;
  /** An officer's badge number (警号): what "own footage" means. */
  officer_id: string | null;
  /** A supervisor's (or officer's) unit: what "unit footage" means; null = every unit. */
  unit_id: string | null;
  /** scrypt$N$r$p$salt$hash (base64url), see auth/passwords.ts. */
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  /** Seeded by demo mode with the printed demo password: the gateway refuses to start outside demo mode while one is enabled. */
  demo: number;
  created_at: string;
  password_changed_at: string;
  last_login_at: string | null;
}

/** A signed-in browser: the cookie holds the token, the database only its SHA-256. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string;
  user_agent: string | null;
}

/** A bearer token for another system (integration), with one role. Only the SHA-256 is kept. */
export interface ApiTokensTable {
  id: string;
  token_hash: string;
  name: string;
  role: string;
  officer_id: string | null;
  unit_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** A signed checkpoint of the audit trail (audit/checkpoints.ts). */
export interface AuditCheckpointsTable {
  id: Generated<number>;
  seq: number;
  head_hash: string;
  ts: string;
  /** entries, interval, start, stop or export. */
  reason: string;
  /** The case whose excerpt an export checkpoint states. */
  case_id: string | null;
  key_id: string;
  /** The signed checkpoint as JSON (sig included), exactly as signed. */
  statement: string;
}

/** One version of a case-file document (documents/documents-repo.ts). */
export interface DocumentsTable {
  id: string;
  document_key: string;
  version: number;
  case_id: string;
  step_id: string | null;
  kind: string;
  title: string;
  file_name: string;
  media_type: string;
  bytes: number;
  sha256: string;
  /** Relative to the footage root: documents/<case>/<sha256>. */
  path: string;
  source: 'upload' | 'scan' | 'generated';
  uploaded_by: string;
  uploaded_at: string;
}

export interface CaseDecisionsTable {
  case_id: string;
  /** JSON ProposedDecision. */
  facts: string;
  updated_by: string;
  updated_at: string;
}

/** A round of legal review (legal-review/legal-reviews-repo.ts). */
export interface LegalReviewsTable {
  id: string;
  case_id: string;
  round: number;
  state: string;
  submitted_by: string;
  submitted_at: string;
  note: string;
  /** JSON ReviewedContentView: exactly what was submitted (and so what an approval approves). */
  content: string;
  content_sha256: string;
  catalogue_version: string;
  accepted_at: string | null;
  due_at: string | null;
  reviewer: string | null;
  outcome: string | null;
  opinion: string | null;
  opinion_at: string | null;
  opinion_number: string | null;
  /** The generated 法制审核意见书 (PDF) in `documents`: the bytes the signature signs. */
  opinion_document_id: string | null;
  /** JSON DocumentSignatureRecord (SM2 over the opinion's PDF). */
  signature: string | null;
  void_reason: string | null;
  /** JSON { minutes, outcome, by, at }. */
  discussion: string | null;
}

export interface LegalReviewersTable {
  username: string;
  name: string;
  qualification_no: string | null;
  certificate_no: string | null;
  certificate_expires: string | null;
  active: number;
  public_key_pem: string;
  private_key_pem: string;
  created_at: string;
}

/** A result for publication (publicity/publications-repo.ts); see migration 0014. */
export interface PublicationsTable {
  id: string;
  /** Permanent public id (tag: URI). */
  item_id: string;
  case_id: string | null;
  kind: string;
  /** draft | published | withdrawn | expired */
  state: string;
  /** Redacted title (public). */
  title: string;
  /** JSON PublicationFields, unredacted: never leaves the station. */
  original: string;
  /** JSON PublicationFields, redacted. */
  redacted: string;
  /** JSON RedactionFindingView[]. */
  findings: string;
  /** JSON string[]: reasons not to publish as it is. */
  withhold: string;
  party_type: string;
  decided_at: string;
  /** End of the publication deadline (working days from the decision). */
  due_at: string;
  signed_off_by: string | null;
  published_at: string | null;
  /** The exact JSON of the PublicItem as signed (what the portal serves). */
  public_json: string | null;
  /** Station signature over public_json (base64 Ed25519). */
  signature: string | null;
  withdrawn_at: string | null;
  withdraw_kind: string | null;
  /** Public reason of a withdrawal. */
  withdraw_reason: string | null;
  expires_at: string | null;
  /** Redacted text for the portal's search (title and fields). */
  search_text: string | null;
  created_at: string;
  updated_at: string;
}

/** One version of a page published before enforcement (事前公开). Every change is a new row. */
export interface DisclosurePagesTable {
  id: string;
  /** subject | officers | duties | basis | procedure-<case kind> | remedies | guide-<name> | inspection-list */
  slug: string;
  /** The page kind the slug names (procedure, guide, …). */
  kind: string;
  /** 1, 2, …: unique with the slug. */
  version: number;
  title: string;
  /** JSON: the page content, structured (what `public_json.content` holds). */
  body_json: string;
  /** The exact JSON of the public page version as signed (what the portal serves). */
  public_json: string;
  /** JSON ManifestSignature of the station key over public_json. */
  signature: string;
  /** Day (YYYY-MM-DD, China time) from which this version applies; never before the previous one's. */
  effective_from: string;
  published_by: string;
  published_at: string;
}

/** The random-inspection list (随机抽查事项清单): one row per item. */
export interface InspectionItemsTable {
  id: string;
  /** Order in the list (序号). */
  position: number;
  /** 检查项目 */
  name: string;
  /** 检查子项 */
  sub_item: string | null;
  /** 检查主体 */
  subject: string | null;
  /** 检查依据 */
  basis: string | null;
  /** 检查方式 */
  method: string | null;
  /** 检查内容 */
  content: string | null;
  /** 备注 */
  note: string | null;
  active: number;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** A random draw (双随机): its lists, the commitment published before it, the reveal and the result. */
export interface InspectionPlansTable {
  id: string;
  /** The draw's public id (drawId of the record). */
  draw_id: string;
  item_id: string;
  title: string;
  /** Announced time of the draw (ISO). */
  draw_at: string;
  party_count: number;
  inspectors_per_party: number;
  /** JSON ExclusionRules. */
  rules: string;
  beacon_source: string | null;
  /** JSON InspectableParty[]: the parties list (检查对象名录). */
  parties: string;
  /** JSON [{ officerId, id (执法证号), name, unit, region? }]: the roster, from the officer registry. */
  roster: string;
  /** JSON [{ officerId, partyId, reason }]: declared conflicts (回避); the reasons stay internal. */
  conflicts: string;
  /** draft | committed | drawn | cancelled */
  state: string;
  /** The seed, sealed with a key derived from the station key (AES-256-GCM); never public before the draw. */
  seed_sealed: string | null;
  commitment: string | null;
  /** The exact JSON of the PublicDrawRecord published before the draw, and its signature. */
  commitment_json: string | null;
  commitment_signature: string | null;
  committed_at: string | null;
  committed_by: string | null;
  beacon: string | null;
  /** The exact JSON of the DrawPublication ({ record, seed, result }) published after the draw, and its signature. */
  draw_json: string | null;
  draw_signature: string | null;
  drawn_at: string | null;
  drawn_by: string | null;
  /** A draw called off: the public reason, and the signed notice (with the seed once committed). */
  cancel_reason: string | null;
  cancel_json: string | null;
  cancel_signature: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A party drawn and its inspectors; the inspection's result once recorded and published. */
export interface InspectionAssignmentsTable {
  id: string;
  plan_id: string;
  /** Order drawn, from 1. */
  position: number;
  party_id: string;
  party_name: string | null;
  /** JSON [{ officerId, licenceNo, name }] in the order drawn. */
  inspectors: string;
  /** assigned | inspected */
  state: string;
  /** JSON InspectionResultInput as recorded (internal). */
  result: string | null;
  result_by: string | null;
  result_at: string | null;
  /** The publications row of the published result (kind random-inspection). */
  publication_id: string | null;
  created_at: string;
}

/** One row (id 1): moved by triggers whenever a table the public portal reads changes (migration 0019). */
export interface PortalChangesTable {
  id: number;
  n: number;
}

export interface Database {
  devices: DevicesTable;
  device_events: DeviceEventsTable;
  recordings: RecordingsTable;
  units: UnitsTable;
  officers: OfficersTable;
  assignments: AssignmentsTable;
  cases: CasesTable;
  steps: StepsTable;
  step_officers: StepOfficersTable;
  links: LinksTable;
  step_coverage: StepCoverageTable;
  device_recordings: DeviceRecordingsTable;
  quarantine: QuarantineTable;
  discards: DiscardsTable;
  chain_files: ChainFilesTable;
  sort_pending: SortPendingTable;
  review_items: ReviewItemsTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  enrollments: EnrollmentsTable;
  device_credentials: DeviceCredentialsTable;
  ledger: LedgerTable;
  alerts: AlertsTable;
  telemetry: TelemetryTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  documents: DocumentsTable;
  case_decisions: CaseDecisionsTable;
  legal_reviews: LegalReviewsTable;
  legal_reviewers: LegalReviewersTable;
  publications: PublicationsTable;
  disclosure_pages: DisclosurePagesTable;
  inspection_items: InspectionItemsTable;
  inspection_plans: InspectionPlansTable;
  inspection_assignments: InspectionAssignmentsTable;
  portal_changes: PortalChangesTable;
}
