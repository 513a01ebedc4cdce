/**
 * Legal review of major decisions (重大执法决定法制审核), the station's second system.
 *
 *   proposed decision ──▶ catalogue ──▶ major? (reasons, materials)
 *   submit (round n) ──▶ accept (materials complete; the working-day clock starts)
 *     ──▶ opinion: agree │ revise (returned; the unit submits round n+1) │ disagree ──▶ collective discussion
 *   decision gate: a major case becomes `decided` only with a current approval (gate.ts)
 *
 * Every act is audited in its own transaction; the opinion is generated as a PDF (and an editable
 * DOCX), filed in the case file and signed by the reviewer's SM2 key over the PDF's exact bytes.
 * The classification is re-evaluated on every change to the case's proposed decision, documents
 * or flags, and when the catalogue changes.
 */
import { randomUUID } from 'node:crypto';
import {
  type CaseLegalView,
  type ClassificationView,
  type DeadlineView,
  type LegalReviewView,
  type ProposedDecision,
  type ReviewedContentView,
  type ReviewCheckView,
} from '@liuhen/contract';
import { signDocument, type DocumentSignatureRecord } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import { endOfShanghaiDay, shanghaiDayOf, type WorkingCalendar, deadlineClock } from '../calendar/index.js';
import { addCalendarDays } from '../calendar/shanghai-day.js';
import { existingCase } from '../cases/existing.js';
import { stepsOf } from '../cases/steps.js';
import { updateCase } from '../cases/cases-repo.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { CasesTable, LegalReviewsTable } from '../db/schema.js';
import type { Documents } from '../documents/documents.js';
import { documentsOfCase } from '../documents/documents-repo.js';
import { Conflict, Forbidden, Invalid, NotFound, Unacceptable } from '../errors.js';
import { MEASURES, type CaseFacts } from './catalogue.js';
import type { CatalogueSource } from './catalogue-source.js';
import { reviewChecks } from './checks.js';
import { changedSince, contentHash, reviewedContent, roundDiff } from './content.js';
import { approves, decisionGate } from './gate.js';
import {
  findDecision,
  findRound,
  insertRound,
  opinionsNumberedIn,
  roundsInStates,
  roundsOf,
  saveDecision,
  setClassification,
  updateRound,
  footageOfCase,
  undecidedCaseIds,
  caseIdsOfUnit,
} from './legal-review-repo.js';
import { usernameOf, type Reviewers } from './reviewers.js';
import { changesOf } from './wording.js';
import { renderDraftDecision, renderReviewOpinion } from './templates/index.js';

export const OPEN_STATES = ['submitted', 'accepted'] as const;
/** Rounds a reviewer's inbox shows: waiting to be accepted, under review, or disagreed awaiting discussion. */
export const INBOX_STATES = ['submitted', 'accepted', 'disagreed'] as const;

export interface LegalReviewDeps {
  db: Db;
  audit: AuditLog;
  config: GatewayConfig;
  footageRoot: string;
  documents: Documents;
  catalogue: CatalogueSource;
  calendar: WorkingCalendar;
  reviewers: Reviewers;
  now?: () => Date;
}

export const NO_DECISION: ProposedDecision = {
  partyType: 'person',
  fineFen: 0,
  confiscationFen: 0,
  measures: [],
  hearing: 'none',
  complex: false,
  discretionDeparture: false,
  summary: '',
  basis: '',
};

/** 5000000 fen → "50,000.00" (from integers: no float ever touches money). */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** 审核事项 in one sentence: 拟对当事人作出罚款人民币 50,000.00 元、责令停产停业的行政处罚决定. */
export function matterOf(c: Pick<CasesTable, 'kind'>, d: ProposedDecision): string {
  const parts: string[] = [];
  if (d.fineFen > 0) parts.push(`罚款人民币 ${yuan(d.fineFen)} 元`);
  if (d.confiscationFen > 0) parts.push(`没收违法所得及非法财物价值人民币 ${yuan(d.confiscationFen)} 元`);
  for (const m of d.measures) parts.push(MEASURES[m]);
  const kind = { penalty: '行政处罚', compulsion: '行政强制', inspection: '行政检查', reward: '行政奖励' }[c.kind];
  return `拟对当事人作出${parts.length ? parts.join('、') : ''}的${kind}决定`;
}

const EVIDENCE_KINDS = new Set(['evidence', 'record', 'photo', 'audio', 'expert-opinion']);

export function createLegalReview(deps: LegalReviewDeps) {
  const { db, audit, config, footageRoot, documents, catalogue, calendar, reviewers } = deps;
  const cfg = config.legalReview;
  const now = deps.now ?? (() => new Date());
  const agency = () => cfg.agency || catalogue.current().evaluator.catalogue.agency;

  async function decisionOf(caseId: string): Promise<ProposedDecision | null> {
    const d = await findDecision(db, caseId);
    return d ? (JSON.parse(d.facts) as ProposedDecision) : null;
  }

  /** What the catalogue reads of a case (see catalogue.ts for where each fact comes from). */
  async function factsOf(c: CasesTable, d: ProposedDecision): Promise<CaseFacts> {
    const docs = (await documentsOfCase(db, c.id)).map((x) => x.kind);
    const footage = await footageOfCase(db, c.id);
    const materials = new Set(docs);
    if (footage.length || docs.some((k) => EVIDENCE_KINDS.has(k))) materials.add('evidence');
    const { steps } = await stepsOf(db, config.cases, [c.id]);
    const hearingHeld = steps.some((s) => s.kind === 'hearing' && s.ends_at !== null);
    return {
      kind: c.kind,
      party: d.partyType,
      fineFen: d.fineFen,
      confiscationFen: d.confiscationFen,
      measures: d.measures,
      hearing: hearingHeld ? 'held' : d.hearing,
      complex: d.complex,
      discretionDeparture: d.discretionDeparture,
      materials: [...materials],
    };
  }

  /** Evaluates the catalogue for a case and stores the result on it when it changed. */
  async function classify(caseId: string, actor: string): Promise<ClassificationView> {
    const c = await existingCase(db, caseId);
    const loaded = catalogue.current();
    const d = (await decisionOf(caseId)) ?? NO_DECISION;
    const m = loaded.evaluator.evaluate(await factsOf(c, d));
    const reasons = m.reasons.map((r) => ({ rowId: r.rowId, title: r.title, reason: r.because }));
    const major = c.marked_major === 1 || m.major;
    const stored = JSON.stringify(reasons);
    if ((c.major === 1) !== major || c.major_reasons !== stored) {
      await db.transaction().execute(async (trx) => {
        await setClassification(trx, caseId, { major: major ? 1 : 0, major_reasons: stored });
        if ((c.major === 1) !== major)
          await audit.append(
            {
              actor,
              action: 'update',
              subjectType: 'case',
              subjectId: caseId,
              caseId,
              detail: {
                major,
                by: `catalogue ${loaded.evaluator.catalogue.agency} ${loaded.evaluator.catalogue.version}`,
                reasons: reasons.map((r) => r.reason),
              },
            },
            trx,
          );
      });
    }
    const byKey = new Map<string, { key: string; title: string; present: boolean; rows: string[] }>();
    for (const x of m.materials) {
      const e = byKey.get(x.key) ?? { key: x.key, title: x.title, present: x.present, rows: [] };
      e.rows.push(x.rowId);
      byKey.set(x.key, e);
    }
    return {
      catalogue: {
        agency: loaded.evaluator.catalogue.agency,
        version: loaded.evaluator.catalogue.version,
        sha256: loaded.sha256,
      },
      major,
      markedMajor: c.marked_major === 1,
      reasons,
      materials: [...byKey.values()],
      missing: [...new Set(m.missing.map((x) => x.title))],
      focus: [...new Set(m.reasons.flatMap((r) => r.focus))],
    };
  }

  /** Records (and audits) that the latest approval no longer applies, once, when the content changed. */
  async function voidIfChanged(caseId: string, actor: string): Promise<void> {
    const last = (await roundsOf(db, caseId)).at(-1);
    if (!last || !approves(last) || last.void_reason) return;
    const c = await existingCase(db, caseId);
    if (c.status === 'decided' || c.status === 'closed') return;
    const current = await reviewedContent(db, caseId, (await decisionOf(caseId)) ?? NO_DECISION);
    const why = changedSince(JSON.parse(last.content) as ReviewedContentView, current);
    if (!why) return;
    await db.transaction().execute(async (trx) => {
      await updateRound(trx, last.id, { void_reason: why });
      await audit.append(
        {
          actor,
          action: 'void',
          subjectType: 'legal-review',
          subjectId: last.id,
          caseId,
          detail: { round: last.round, why },
        },
        trx,
      );
    });
  }

  /** After any change to what a review sees. */
  async function changed(caseId: string, actor: string): Promise<void> {
    await classify(caseId, actor);
    await voidIfChanged(caseId, actor);
  }

  function reviewDeadline(r: LegalReviewsTable, at: Date): DeadlineView | null {
    if (!r.accepted_at) return null;
    const clock = deadlineClock({
      calendar,
      startedAt: new Date(r.accepted_at),
      workingDays: cfg.reviewWorkingDays,
      now: at,
      amberAtRemaining: cfg.amberWorkingDays,
    });
    return {
      code: 'legal-review',
      days: cfg.reviewWorkingDays,
      unit: 'working-day',
      from: 'acceptance',
      label: `法制审核期限（受理之日起 ${cfg.reviewWorkingDays} 个工作日）`,
      dueAt: clock.dueAt.toISOString(),
      workingDaysLeft: clock.remainingWorkingDays,
      state: clock.state,
    };
  }

  /** Art. 60: decided within `decisionDays` (calendar) days of filing; amber in its last 10 working days. */
  function decisionDeadline(c: CasesTable, at: Date): DeadlineView {
    const dueDay = addCalendarDays(shanghaiDayOf(new Date(c.created_at)), cfg.decisionDays);
    const dueAt = endOfShanghaiDay(dueDay);
    const left = calendar.workingDaysBetween(shanghaiDayOf(at), dueDay);
    const state =
      at > dueAt ? 'breached' : left === 0 ? 'red' : left <= Math.max(cfg.amberWorkingDays, 10) ? 'amber' : 'ok';
    return {
      code: 'decision',
      days: cfg.decisionDays,
      unit: 'calendar-day',
      from: 'filing',
      label: `办案期限（立案之日起 ${cfg.decisionDays} 日，《行政处罚法》第六十条）`,
      dueAt: dueAt.toISOString(),
      workingDaysLeft: left,
      state,
    };
  }

  function roundView(
    r: LegalReviewsTable,
    c: Pick<CasesTable, 'number' | 'title'>,
    prev: LegalReviewsTable | undefined,
    at: Date,
    current: ReviewedContentView | null,
  ): LegalReviewView {
    const content = JSON.parse(r.content) as ReviewedContentView;
    const open = r.state === 'submitted' || r.state === 'accepted';
    const stillCurrent = current ? changedSince(content, current) === null : r.void_reason === null;
    const voidReason = r.void_reason ?? (stillCurrent || !approves(r) ? null : changedSince(content, current!));
    return {
      id: r.id,
      caseId: r.case_id,
      caseNumber: c.number,
      caseTitle: c.title,
      round: r.round,
      state: r.state as LegalReviewView['state'],
      submittedBy: r.submitted_by,
      submittedAt: r.submitted_at,
      note: r.note,
      acceptedAt: r.accepted_at,
      reviewer: r.reviewer,
      outcome: r.outcome as LegalReviewView['outcome'],
      opinion: r.opinion,
      opinionAt: r.opinion_at,
      opinionNumber: r.opinion_number,
      signed: r.signature !== null,
      current: stillCurrent,
      voidReason,
      voidChanges: voidReason === null ? null : changesOf(voidReason),
      content,
      diff: prev ? roundDiff(JSON.parse(prev.content) as ReviewedContentView, content) : null,
      deadline: open ? reviewDeadline(r, at) : null,
      discussion: r.discussion ? (JSON.parse(r.discussion) as LegalReviewView['discussion']) : null,
    };
  }

  async function roundOrThrow(id: string): Promise<LegalReviewsTable> {
    const r = await findRound(db, id);
    if (!r) throw new NotFound(`legal review ${id} does not exist`);
    return r;
  }

  async function setCaseStatus(trx: Db, caseId: string, status: CasesTable['status']): Promise<void> {
    await updateCase(trx, caseId, { status, updated_at: now().toISOString(), closed_at: null });
  }

  async function checksFor(c: CasesTable, classification: ClassificationView, at: Date): Promise<ReviewCheckView[]> {
    const { steps, cov } = await stepsOf(db, config.cases, [c.id]);
    return reviewChecks({
      db,
      footageRoot,
      caseId: c.id,
      steps,
      coverage: cov,
      classification,
      decisionDeadline: decisionDeadline(c, at),
    });
  }

  return {
    /** The agency named on documents and results: the configured one, else the catalogue's. */
    agency,
    classify,
    changed,
    checks: async (caseId: string) => {
      const c = await existingCase(db, caseId);
      return checksFor(c, await classify(caseId, 'system'), now());
    },

    /** Files the proposed decision (拟处理意见) and re-classifies the case. */
    async putDecision(caseId: string, d: ProposedDecision, actor: string): Promise<CaseLegalView> {
      const c = await existingCase(db, caseId);
      if (c.status === 'decided' || c.status === 'closed')
        throw new Conflict(`case ${c.number} is ${c.status}: its proposed decision can no longer change`);
      await db.transaction().execute(async (trx) => {
        await saveDecision(trx, {
          case_id: caseId,
          facts: JSON.stringify(d),
          updated_by: actor,
          updated_at: now().toISOString(),
        });
        await audit.append(
          { actor, action: 'update', subjectType: 'decision', subjectId: caseId, caseId, detail: d },
          trx,
        );
      });
      await changed(caseId, actor);
      return this.caseView(caseId);
    },

    /** Generates the draft decision (决定书代拟稿) from the proposed decision and files it (a new version if one exists). */
    async generateDraft(caseId: string, actor: string) {
      const c = await existingCase(db, caseId);
      const d = await decisionOf(caseId);
      if (!d) throw new Invalid(`case ${c.number} has no proposed decision: file it first (PUT …/legal/decision)`);
      const { pdf } = await renderDraftDecision({
        agency: agency(),
        caseNumber: c.number,
        caseTitle: c.title,
        party: c.party ?? '',
        partyType: d.partyType,
        facts: d.summary,
        basis: d.basis,
        fineFen: d.fineFen,
        confiscationFen: d.confiscationFen,
        measures: d.measures.map((m) => MEASURES[m]),
        date: shanghaiDayOf(now()),
      });
      const prev = (await documentsOfCase(db, caseId)).filter((x) => x.kind === 'draft-decision').at(-1);
      return documents.upload(
        {
          caseId,
          kind: 'draft-decision',
          title: '行政处罚决定书（代拟稿）',
          fileName: `${c.number}-决定书代拟稿.pdf`,
          bytes: pdf,
          source: 'generated',
          ...(prev ? { supersedes: prev.id } : {}),
        },
        actor,
      );
    },

    async submit(caseId: string, note: string, actor: string): Promise<LegalReviewView> {
      const c = await existingCase(db, caseId);
      const classification = await classify(caseId, actor);
      if (!classification.major)
        throw new Conflict(`case ${c.number} is not a major decision: it needs no legal review`, { code: 'not-major' });
      if (c.status === 'decided' || c.status === 'closed')
        throw new Conflict(`case ${c.number} is already ${c.status}`);
      const d = await decisionOf(caseId);
      if (!d)
        throw new Unacceptable(`file the proposed decision (拟处理意见) of case ${c.number} before submitting it`, {
          code: 'decision-missing',
        });
      const content = await reviewedContent(db, caseId, d);
      if (!content.draftDocumentId)
        throw new Unacceptable('the submission has no draft decision (决定书代拟稿): upload or generate it first', {
          code: 'draft-missing',
        });
      const rounds = await roundsOf(db, caseId);
      const last = rounds.at(-1);
      if (last && (OPEN_STATES as readonly string[]).includes(last.state))
        throw new Conflict(`round ${last.round} is still ${last.state}: wait for its opinion or withdraw it`, {
          code: 'review-open',
        });
      if (last && approves(last) && changedSince(JSON.parse(last.content) as ReviewedContentView, content) === null)
        throw new Conflict(`round ${last.round} approved exactly this content: the decision may be made`, {
          code: 'already-approved',
        });
      if (last?.state === 'disagreed' && !last.discussion)
        throw new Conflict(`round ${last.round} was disagreed: it goes to collective discussion (集体讨论) first`, {
          code: 'discussion-pending',
        });
      const row: LegalReviewsTable = {
        id: randomUUID(),
        case_id: caseId,
        round: (last?.round ?? 0) + 1,
        state: 'submitted',
        submitted_by: actor,
        submitted_at: now().toISOString(),
        note,
        content: JSON.stringify(content),
        content_sha256: contentHash(content),
        catalogue_version: `${classification.catalogue.version} ${classification.catalogue.sha256}`,
        accepted_at: null,
        due_at: null,
        reviewer: null,
        outcome: null,
        opinion: null,
        opinion_at: null,
        opinion_number: null,
        opinion_document_id: null,
        signature: null,
        void_reason: null,
        discussion: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertRound(trx, row);
        await setCaseStatus(trx, caseId, 'in_review');
        await audit.append(
          {
            actor,
            action: 'submit',
            subjectType: 'legal-review',
            subjectId: row.id,
            caseId,
            detail: { round: row.round, contentSha256: row.content_sha256, draftSha256: content.draftSha256 },
          },
          trx,
        );
      });
      return roundView(row, c, last, now(), content);
    },

    /** The reviewer takes the round: materials must be complete; the review's clock starts today. */
    async accept(id: string, actor: string): Promise<LegalReviewView> {
      const r = await roundOrThrow(id);
      if (r.state !== 'submitted') throw new Conflict(`round ${r.round} is ${r.state}, not waiting to be accepted`);
      const at = now();
      const username = usernameOf(actor);
      await reviewers.mayReview(username, r.case_id, shanghaiDayOf(at));
      const classification = await classify(r.case_id, actor);
      if (classification.missing.length)
        throw new Unacceptable(
          `materials incomplete (材料不齐全): ${classification.missing.join('、')}; return the submission so the unit adds them`,
          { code: 'materials-incomplete', details: { missing: classification.missing } },
        );
      const set = { state: 'accepted', accepted_at: at.toISOString(), reviewer: username } as const;
      const dueAt = reviewDeadline({ ...r, ...set }, at)!.dueAt;
      await db.transaction().execute(async (trx) => {
        await updateRound(trx, id, { ...set, due_at: dueAt });
        await audit.append(
          {
            actor,
            action: 'accept',
            subjectType: 'legal-review',
            subjectId: id,
            caseId: r.case_id,
            detail: { round: r.round, dueAt },
          },
          trx,
        );
      });
      return this.round(id);
    },

    /** The reviewer's written opinion: generated, filed and signed with their SM2 key. */
    async opinion(
      id: string,
      input: { outcome: 'agree' | 'disagree' | 'revise'; opinion: string },
      actor: string,
    ): Promise<LegalReviewView> {
      const r = await roundOrThrow(id);
      if (r.state !== 'accepted')
        throw new Conflict(`round ${r.round} is ${r.state}: an opinion is given on an accepted round`);
      const username = usernameOf(actor);
      if (r.reviewer !== username)
        throw new Forbidden(`round ${r.round} is reviewed by ${r.reviewer}: only they give its opinion`, {
          code: 'not-the-reviewer',
        });
      const text = input.opinion.trim();
      if (text.length < 10)
        throw new Invalid('write the opinion with its reasons (审核意见及理由, at least 10 characters)', {
          code: 'opinion-too-short',
        });
      const at = now();
      const reviewer = await reviewers.mayReview(username, r.case_id, shanghaiDayOf(at));
      const c = await existingCase(db, r.case_id);
      const decision = (await decisionOf(r.case_id)) ?? NO_DECISION;
      const submitted = JSON.parse(r.content) as ReviewedContentView;
      const why = changedSince(submitted, await reviewedContent(db, r.case_id, decision));
      if (why && input.outcome !== 'revise')
        throw new Conflict(
          `the case file changed since it was submitted (${why}): return it (revise) so the unit submits the new content`,
          {
            code: 'content-changed',
          },
        );
      const year = shanghaiDayOf(at).slice(0, 4);
      const number = `法审〔${year}〕${(await opinionsNumberedIn(db, year)) + 1}号`;
      const classification = await classify(r.case_id, actor);
      const checks = await checksFor(c, classification, at);
      const { pdf, docx } = await renderReviewOpinion({
        agency: agency(),
        number,
        date: shanghaiDayOf(at),
        caseNumber: c.number,
        caseTitle: c.title,
        party: c.party ?? '',
        matter: matterOf(c, submitted.decision),
        basis: submitted.decision.basis,
        facts: submitted.decision.summary,
        round: r.round,
        outcome: input.outcome,
        opinion: text,
        reviewer: { name: reviewer.name, certificateNo: reviewer.qualification_no },
        draftSha256: submitted.draftSha256,
        evidenceSha256: submitted.evidenceSha256,
        checks: checks.map((x) => ({ title: x.title, state: x.state, detail: x.detail })),
      });
      const signature = signDocument({
        signer: {
          id: username,
          name: reviewer.name,
          role: '法制审核人员',
          ...(reviewer.qualification_no ? { certificateNo: reviewer.qualification_no } : {}),
        },
        signedAt: at,
        privateKeyPem: reviewer.private_key_pem,
        bytes: pdf,
      });
      const title = `法制审核意见书（第${r.round}轮）`;
      const pdfRow = await documents.stage(
        {
          caseId: r.case_id,
          kind: 'review-opinion',
          title,
          fileName: `${number}.pdf`,
          bytes: pdf,
          source: 'generated',
        },
        actor,
      );
      const docxRow = await documents.stage(
        {
          caseId: r.case_id,
          kind: 'review-opinion',
          title: `${title}（可编辑）`,
          fileName: `${number}.docx`,
          bytes: docx,
          source: 'generated',
        },
        actor,
      );
      const state = { agree: 'approved', disagree: 'disagreed', revise: 'returned' }[input.outcome];
      await db.transaction().execute(async (trx) => {
        // The round may have been withdrawn meanwhile: only the accepted round takes the opinion.
        const fresh = await findRound(trx, id);
        if (fresh?.state !== 'accepted')
          throw new Conflict(`round ${r.round} changed meanwhile (${fresh?.state}): reload it`);
        await documents.file(trx, pdfRow, actor);
        await documents.file(trx, docxRow, actor);
        await updateRound(trx, id, {
          state,
          outcome: input.outcome,
          opinion: text,
          opinion_at: at.toISOString(),
          opinion_number: number,
          opinion_document_id: pdfRow.id,
          signature: JSON.stringify(signature),
        });
        if (input.outcome === 'revise') await setCaseStatus(trx, r.case_id, 'open');
        await audit.append(
          {
            actor,
            action: 'opinion',
            subjectType: 'legal-review',
            subjectId: id,
            caseId: r.case_id,
            detail: {
              round: r.round,
              outcome: input.outcome,
              number,
              pdfSha256: pdfRow.sha256,
              keyFingerprint: signature.fingerprint,
              contentSha256: r.content_sha256,
            },
          },
          trx,
        );
      });
      return this.round(id);
    },

    /** Collective discussion (集体讨论, art. 57) after a disagreement: its minutes and outcome. */
    async discuss(
      id: string,
      input: { minutes: string; outcome: 'agree' | 'disagree' },
      actor: string,
    ): Promise<LegalReviewView> {
      const r = await roundOrThrow(id);
      if (r.state !== 'disagreed' || r.discussion)
        throw new Conflict(
          `round ${r.round} is ${r.state}${r.discussion ? ' and was discussed' : ''}: discussion follows a disagreement, once`,
        );
      if (input.minutes.trim().length < 10)
        throw new Invalid('record the minutes of the discussion (at least 10 characters)');
      const at = now();
      const row = await documents.stage(
        {
          caseId: r.case_id,
          kind: 'discussion-minutes',
          title: `集体讨论记录（第${r.round}轮）`,
          fileName: `集体讨论记录-第${r.round}轮.txt`,
          bytes: Buffer.from(input.minutes.trim() + '\n', 'utf8'),
          source: 'upload',
        },
        actor,
      );
      await db.transaction().execute(async (trx) => {
        await documents.file(trx, row, actor);
        await updateRound(trx, id, {
          discussion: JSON.stringify({
            minutes: input.minutes.trim(),
            outcome: input.outcome,
            by: actor,
            at: at.toISOString(),
          }),
        });
        if (input.outcome === 'disagree') await setCaseStatus(trx, r.case_id, 'open');
        await audit.append(
          {
            actor,
            action: 'discuss',
            subjectType: 'legal-review',
            subjectId: id,
            caseId: r.case_id,
            detail: { round: r.round, outcome: input.outcome, minutesSha256: row.sha256 },
          },
          trx,
        );
      });
      return this.round(id);
    },

    async withdraw(id: string, actor: string): Promise<LegalReviewView> {
      const r = await roundOrThrow(id);
      if (!(OPEN_STATES as readonly string[]).includes(r.state))
        throw new Conflict(`round ${r.round} is ${r.state}: only a round waiting for its opinion can be withdrawn`);
      await db.transaction().execute(async (trx) => {
        await updateRound(trx, id, { state: 'withdrawn' });
        await setCaseStatus(trx, r.case_id, 'open');
        await audit.append(
          {
            actor,
            action: 'withdraw',
            subjectType: 'legal-review',
            subjectId: id,
            caseId: r.case_id,
            detail: { round: r.round },
          },
          trx,
        );
      });
      return this.round(id);
    },

    /** The SM2 signature record of a round's opinion and the document it signs. */
    async signature(id: string): Promise<{ documentId: string; record: DocumentSignatureRecord }> {
      const r = await roundOrThrow(id);
      if (!r.signature || !r.opinion_document_id)
        throw new NotFound(`round ${r.round} has no signed opinion yet`, { code: 'not-signed' });
      return { documentId: r.opinion_document_id, record: JSON.parse(r.signature) as DocumentSignatureRecord };
    },

    async round(id: string): Promise<LegalReviewView> {
      const r = await roundOrThrow(id);
      const c = await existingCase(db, r.case_id);
      const rounds = await roundsOf(db, r.case_id);
      const prev = rounds.filter((x) => x.round < r.round).at(-1);
      const current = await reviewedContent(db, r.case_id, (await decisionOf(r.case_id)) ?? NO_DECISION);
      return roundView(r, c, prev, now(), current);
    },

    /** Everything the review page shows for a case. */
    async caseView(caseId: string): Promise<CaseLegalView> {
      const classification = await classify(caseId, 'system');
      const c = await existingCase(db, caseId);
      const at = now();
      const decision = await decisionOf(caseId);
      const rounds = await roundsOf(db, caseId);
      const current = await reviewedContent(db, caseId, decision ?? NO_DECISION);
      return {
        caseId,
        decision,
        classification,
        reviews: rounds.map((r, i) => roundView(r, c, rounds[i - 1], at, current)),
        checks: await checksFor(c, classification, at),
        gate: await decisionGate(db, caseId),
        decisionDeadline: decisionDeadline(c, at),
      };
    },

    /** The reviewers' inbox: rounds waiting, under review, or awaiting discussion, with their clocks. */
    async inbox(states: readonly string[] = INBOX_STATES, limit = 500): Promise<LegalReviewView[]> {
      const at = now();
      // A disagreement whose collective discussion is recorded needs no one in the inbox any more.
      const rows = (await roundsInStates(db, states, limit)).filter((r) => !(r.state === 'disagreed' && r.discussion));
      return rows.map((r) => roundView(r, r, undefined, at, null));
    },

    gate: (caseId: string) => decisionGate(db, caseId),
    casesOfUnit: async (unitId: string) => new Set(await caseIdsOfUnit(db, unitId)),

    catalogue() {
      const l = catalogue.current();
      return {
        text: l.text,
        sha256: l.sha256,
        source: l.source,
        agency: l.evaluator.catalogue.agency,
        version: l.evaluator.catalogue.version,
        effectiveFrom: l.evaluator.catalogue.effectiveFrom,
        rows: l.evaluator.rowCount,
      };
    },

    /** Installs a new catalogue (checked first; a wrong file changes nothing) and re-classifies open cases. */
    async replaceCatalogue(text: string, actor: string) {
      const l = await catalogue.replace(text);
      await audit.append({
        actor,
        action: 'configure',
        subjectType: 'legal-review-catalogue',
        subjectId: l.evaluator.catalogue.version,
        detail: { agency: l.evaluator.catalogue.agency, version: l.evaluator.catalogue.version, sha256: l.sha256 },
      });
      for (const id of await undecidedCaseIds(db)) await classify(id, actor);
      return this.catalogue();
    },
  };
}
export type LegalReview = ReturnType<typeof createLegalReview>;
