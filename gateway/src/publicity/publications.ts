/**
 * Results published from the case record (行政执法公示, 事后公开): when a case is decided a
 * publication draft is made from it (decision number, party as the masking policy allows,
 * violation, basis, outcome, agency, date), redacted at once, and put on a working-day clock
 * (penalty and licensing decisions 7 working days, other results 20; Chinese holidays and make-up
 * working days counted). A reviewer signs off the redacted text, which publishes it: the public
 * item is frozen as JSON and signed by the station key, so mirrors can verify it. A decision
 * revoked, confirmed illegal or changed is withdrawn with a published reason; items expire after
 * their stay (2 years for natural persons, 5 otherwise, configurable).
 *
 * The unredacted original stays in this service and the internal API; the portal reads only the
 * signed public JSON. Whatever a person types into the redacted text is redacted again before it
 * is stored, so an identifier cannot be put back by hand.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type PublicationFields, type PublicationView, type PublicItem, type ProposedDecision } from '@liuhen/contract';
import { signManifest, type ManifestSignature, type SigningKey } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import { deadlineClock, shanghaiDayOf, type WorkingCalendar } from '../calendar/index.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { PublicationsTable } from '../db/schema.js';
import { Conflict, Invalid, NotFound, Unacceptable } from '../errors.js';
import { MEASURES } from '../legal-review/catalogue.js';
import { usernameOf } from '../legal-review/reviewers.js';
import { yuan } from '../legal-review/legal-review.js';
import { slugOf } from '../portal/items.js';
import { baseAddress, paths as portalPaths } from '../portal/site.js';
import { parseRedactionPolicy, redact, type RedactionPolicy } from './redaction.js';
import {
  caseForPublication,
  dueToExpire,
  findPublication,
  insertPublication,
  listPublications,
  officerNamesOfCase,
  publicationOfCase,
  updatePublication,
} from './publications-repo.js';

const FIELD_NAMES = ['decisionNumber', 'party', 'violation', 'basis', 'outcome', 'agency', 'decisionDate'] as const;
/**
 * Fields a masking pass never touches: the date only. The decision number and the agency are
 * checked too (someone may type a phone number into either); real case numbers (某市监罚〔2026〕
 * 7号) are decoys the detectors leave as they are.
 */
const NOT_REDACTED = new Set(['decisionDate']);
const YEAR_MS = 365.25 * 24 * 3600_000;

export interface PublicationsDeps {
  db: Db;
  audit: AuditLog;
  config: GatewayConfig;
  calendar: WorkingCalendar;
  stationKey: SigningKey;
  /** The agency named on results (the catalogue's unless configured). */
  agency(): string;
  now?: () => Date;
}

/** "罚款人民币 15,000.00 元、责令停产停业" from a proposed decision. */
export function outcomeOf(d: ProposedDecision | null): string {
  if (!d) return '';
  const parts: string[] = [];
  if (d.fineFen > 0) parts.push(`罚款人民币 ${yuan(d.fineFen)} 元`);
  if (d.confiscationFen > 0) parts.push(`没收违法所得及非法财物价值人民币 ${yuan(d.confiscationFen)} 元`);
  for (const m of d.measures) parts.push(MEASURES[m]);
  return parts.join('、');
}

/** The name at the head of a party field: up to the first separator, at most 64 characters. */
export function partyName(party: string): string {
  return (party.trim().split(/[，,（(；;：:\s]/)[0] ?? '').slice(0, 64);
}

export function loadRedactionPolicy(file: string): RedactionPolicy {
  return parseRedactionPolicy(file ? parseYaml(readFileSync(file, 'utf8')) : {});
}

export function createPublications(deps: PublicationsDeps) {
  const { db, audit, config, calendar, stationKey } = deps;
  const cfg = config.publicity;
  const now = deps.now ?? (() => new Date());
  const policy = loadRedactionPolicy(cfg.redactionPolicyFile);
  const tagAuthority = (() => {
    try {
      return config.portal.baseUrl ? new URL(config.portal.baseUrl).hostname : 'liuhen.station';
    } catch {
      return 'liuhen.station';
    }
  })();

  /** Redacts each field; findings say which field, kind and replacement (never the identifier). */
  function redactFields(
    original: PublicationFields,
    party: { kind: 'person' | 'organisation'; name: string },
    officers: string[],
  ) {
    const people = officers
      .filter((n) => n.length >= 2 && n.length <= 64)
      .map((name) => ({ name, role: 'officer' as const }));
    // The party field may carry more than the name (王小明，身份证号…): the name is what comes
    // before the first separator; the rest is redacted as text like any other field.
    const name = partyName(party.name);
    const partyInput =
      party.kind === 'organisation'
        ? { kind: 'organisation' as const, name: name || '（单位）' }
        : { kind: 'person' as const, name: name.length >= 2 ? name : '当事人' };
    const redacted = { ...original };
    const findings: PublicationView['findings'] = [];
    const withhold = new Set<string>();
    for (const field of FIELD_NAMES) {
      if (NOT_REDACTED.has(field) || !original[field]) continue;
      const r = redact(original[field], {
        party: partyInput,
        people,
        decisionDate: original.decisionDate,
        policy,
      });
      redacted[field] = r.text;
      for (const f of r.findings)
        findings.push({ field, kind: f.kind, replacement: f.replacement, start: f.start, end: f.end });
      for (const w of r.withhold) withhold.add(w.message);
    }
    return { redacted, findings, withhold: [...withhold] };
  }

  /**
   * A reason published with a withdrawal (of the result, or of a video released with it), redacted
   * like the result itself: its party per policy, the case's officers, every identifier.
   */
  async function publicReason(r: PublicationsTable, text: string): Promise<string> {
    const fields = JSON.parse(r.original) as PublicationFields;
    const officers = r.case_id ? await officerNamesOfCase(db, r.case_id) : [];
    return redactFields(
      { ...fields, violation: text.trim() },
      { kind: r.party_type as 'person' | 'organisation', name: fields.party },
      officers,
    ).redacted.violation;
  }

  /** The portal's public address when the operator set one (portal.baseUrl), else null. */
  const portalBase = (() => {
    try {
      return deps.config.portal.baseUrl.trim() ? baseAddress(deps.config.portal.baseUrl, '') : null;
    } catch {
      return null; // refused where the portal starts; no address to name here
    }
  })();

  const titleOf = (f: PublicationFields) => `${f.agency}行政处罚决定信息公开（${f.decisionNumber}）`;

  function view(r: PublicationsTable, at: Date): PublicationView {
    const draft = r.state === 'draft';
    const clock = deadlineClock({
      calendar,
      startedAt: new Date(r.decided_at),
      workingDays: workingDaysFor(r.kind),
      now: at,
    });
    return {
      id: r.id,
      itemId: r.item_id,
      caseId: r.case_id,
      kind: r.kind as PublicationView['kind'],
      state: r.state as PublicationView['state'],
      title: r.title,
      original: JSON.parse(r.original) as PublicationFields,
      redacted: JSON.parse(r.redacted) as PublicationFields,
      findings: JSON.parse(r.findings) as PublicationView['findings'],
      withhold: JSON.parse(r.withhold) as string[],
      decidedAt: r.decided_at,
      deadline: draft
        ? {
            code: 'publication',
            days: workingDaysFor(r.kind),
            unit: 'working-day',
            from: 'decision',
            label: `公示期限（决定之日起 ${workingDaysFor(r.kind)} 个工作日）`,
            dueAt: clock.dueAt.toISOString(),
            workingDaysLeft: clock.remainingWorkingDays,
            state: clock.state,
          }
        : null,
      signedOffBy: r.signed_off_by,
      publishedAt: r.published_at,
      signature: r.signature ? (JSON.parse(r.signature) as ManifestSignature).signature : null,
      portalUrl: portalBase && r.published_at !== null ? `${portalBase}${portalPaths.page(slugOf(r.item_id))}` : null,
      late: r.published_at !== null && r.published_at > r.due_at,
      withdrawnAt: r.withdrawn_at,
      withdrawReason: r.withdraw_reason,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  const workingDaysFor = (kind: string) =>
    kind === 'penalty' || kind === 'licensing' ? cfg.penaltyWorkingDays : cfg.otherWorkingDays;

  async function existing(id: string): Promise<PublicationsTable> {
    const r = await findPublication(db, id);
    if (!r) throw new NotFound(`publication ${id} does not exist`);
    return r;
  }

  return {
    /** Makes the draft of a decided case's result (once; a withdrawn one may be followed by a new draft). */
    async draftFromCase(caseId: string, actor: string): Promise<PublicationView> {
      const c = await caseForPublication(db, caseId);
      if (!c) throw new NotFound(`case ${caseId} does not exist`);
      if (c.status !== 'decided' && c.status !== 'closed')
        throw new Conflict(`case ${c.number} is ${c.status}: its result is published once the decision is made`, {
          code: 'not-decided',
        });
      const already = await publicationOfCase(db, caseId);
      if (already) return view(already, now());
      const d = c.facts ? (JSON.parse(c.facts) as ProposedDecision) : null;
      const at = now();
      const decidedAt = c.updated_at;
      const original: PublicationFields = {
        decisionNumber: c.number,
        party: c.party ?? '',
        violation: d?.summary || c.title,
        basis: d?.basis ?? '',
        outcome: outcomeOf(d),
        agency: deps.agency(),
        decisionDate: shanghaiDayOf(new Date(decidedAt)),
      };
      const partyType = d?.partyType ?? 'person';
      const { redacted, findings, withhold } = redactFields(
        original,
        { kind: partyType, name: c.party ?? '' },
        await officerNamesOfCase(db, caseId),
      );
      const id = randomUUID();
      const row: PublicationsTable = {
        id,
        item_id: `tag:${tagAuthority},${original.decisionDate.slice(0, 4)}:${c.kind}/${id}`,
        case_id: caseId,
        kind: c.kind,
        state: 'draft',
        title: titleOf(redacted),
        original: JSON.stringify(original),
        redacted: JSON.stringify(redacted),
        findings: JSON.stringify(findings),
        withhold: JSON.stringify(withhold),
        party_type: partyType,
        decided_at: decidedAt,
        due_at: deadlineClock({
          calendar,
          startedAt: new Date(decidedAt),
          workingDays: workingDaysFor(c.kind),
          now: at,
        }).dueAt.toISOString(),
        signed_off_by: null,
        published_at: null,
        public_json: null,
        signature: null,
        withdrawn_at: null,
        withdraw_kind: null,
        withdraw_reason: null,
        expires_at: null,
        search_text: null,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
      };
      const inserted = await db.transaction().execute(async (trx) => {
        try {
          await insertPublication(trx, row);
        } catch (err) {
          if (/UNIQUE/i.test((err as Error).message)) return false; // made meanwhile by another caller
          throw err;
        }
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'publication',
            subjectId: id,
            caseId,
            detail: { itemId: row.item_id, findings: findings.length, dueAt: row.due_at },
          },
          trx,
        );
        return true;
      });
      if (!inserted) return view((await publicationOfCase(db, caseId))!, at);
      return view(row, at);
    },

    /**
     * Corrects a draft: the original facts (re-redacted) or the redacted text itself (redacted
     * again, so nothing identifying can be typed back in).
     */
    async editDraft(
      id: string,
      patch: { original?: Partial<PublicationFields>; redacted?: Partial<PublicationFields> },
      actor: string,
    ): Promise<PublicationView> {
      const r = await existing(id);
      if (r.state !== 'draft')
        throw new Conflict(`publication ${id} is ${r.state}: only a draft is edited; withdraw and correct`);
      const original = { ...(JSON.parse(r.original) as PublicationFields), ...patch.original };
      const party = { kind: r.party_type as 'person' | 'organisation', name: original.party };
      const officers = r.case_id ? await officerNamesOfCase(db, r.case_id) : [];
      const base = redactFields(original, party, officers);
      let redacted = base.redacted;
      let findings = base.findings;
      let withhold = base.withhold;
      if (patch.redacted) {
        // The reviewer's wording, passed through the detectors again. A field the reviewer
        // rewrote is described by what the detectors found in that wording (the original's
        // findings point into text that is no longer there); the other fields keep theirs.
        const again = redactFields({ ...redacted, ...patch.redacted }, party, officers);
        const rewritten = new Set(Object.keys(patch.redacted));
        redacted = again.redacted;
        findings = [
          ...findings.filter((f) => !rewritten.has(f.field)),
          ...again.findings.filter((f) => rewritten.has(f.field)),
        ];
        // What the reviewer typed may itself be a reason not to publish (a minor named in it).
        withhold = [...new Set([...withhold, ...again.withhold])];
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await updatePublication(trx, id, {
          original: JSON.stringify(original),
          redacted: JSON.stringify(redacted),
          findings: JSON.stringify(findings),
          withhold: JSON.stringify(withhold),
          title: titleOf(redacted),
          updated_at: at,
        });
        await audit.append(
          {
            actor,
            action: 'update',
            subjectType: 'publication',
            subjectId: id,
            caseId: r.case_id,
            detail: { fields: [...Object.keys(patch.original ?? {}), ...Object.keys(patch.redacted ?? {})] },
          },
          trx,
        );
      });
      return view((await findPublication(db, id))!, now());
    },

    /** The reviewer signs off the redacted text: it is frozen, signed by the station and published. */
    async publish(id: string, actor: string): Promise<PublicationView> {
      const r = await existing(id);
      if (r.state !== 'draft') throw new Conflict(`publication ${id} is already ${r.state}`);
      const withhold = JSON.parse(r.withhold) as string[];
      if (withhold.length)
        throw new Unacceptable(`not published: ${withhold.join('; ')}`, { code: 'publication-withheld' });
      const fields = JSON.parse(r.redacted) as PublicationFields;
      if (!fields.violation.trim() || !fields.outcome.trim())
        throw new Invalid('fill in the violation and the outcome before publishing', {
          code: 'publication-incomplete',
        });
      const at = now();
      const stayYears = r.party_type === 'person' ? cfg.personStayYears : cfg.otherStayYears;
      const item: PublicItem = {
        id: r.item_id,
        kind: r.kind as PublicItem['kind'],
        title: r.title,
        fields,
        publishedAt: at.toISOString(),
        updatedAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + stayYears * YEAR_MS).toISOString(),
      };
      const json = JSON.stringify(item);
      const signature = signManifest(Buffer.from(json), stationKey, r.item_id);
      await db.transaction().execute(async (trx) => {
        const fresh = await findPublication(trx, id);
        if (fresh?.state !== 'draft') throw new Conflict(`publication ${id} changed meanwhile: reload it`);
        await updatePublication(trx, id, {
          state: 'published',
          signed_off_by: usernameOf(actor),
          published_at: item.publishedAt,
          public_json: json,
          signature: JSON.stringify(signature),
          expires_at: item.expiresAt,
          search_text: [r.title, ...Object.values(fields)].join(' '),
          updated_at: item.updatedAt,
        });
        await audit.append(
          {
            actor,
            action: 'publish',
            subjectType: 'publication',
            subjectId: id,
            caseId: r.case_id,
            detail: { itemId: r.item_id, sha256: signature.sha256, late: item.publishedAt > r.due_at },
          },
          trx,
        );
      });
      return view((await findPublication(db, id))!, now());
    },

    /** Takes a published result down with a public reason (art. 48: revoked, confirmed illegal, changed). */
    async withdraw(
      id: string,
      input: { kind: 'revoked' | 'confirmed-illegal' | 'changed' | 'void' | 'other'; reason: string },
      actor: string,
    ): Promise<PublicationView> {
      const r = await existing(id);
      if (r.state !== 'published')
        throw new Conflict(`publication ${id} is ${r.state}: only a published result is withdrawn`);
      if (input.reason.trim().length < 4)
        throw new Invalid('give the reason to publish with the withdrawal (撤下理由)');
      // The reason is public too: redacted like the result it withdraws.
      const reason = await publicReason(r, input.reason);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await updatePublication(trx, id, {
          state: 'withdrawn',
          withdrawn_at: at,
          withdraw_kind: input.kind,
          withdraw_reason: reason,
          updated_at: at,
        });
        await audit.append(
          {
            actor,
            action: 'withdraw',
            subjectType: 'publication',
            subjectId: id,
            caseId: r.case_id,
            detail: { itemId: r.item_id, kind: input.kind, reason },
          },
          trx,
        );
      });
      return view((await findPublication(db, id))!, now());
    },

    /** `text` redacted as the public reason of a withdrawal of something published with `id` (a video). */
    async publicReason(id: string, text: string): Promise<string> {
      return publicReason(await existing(id), text);
    },

    async get(id: string): Promise<PublicationView> {
      return view(await existing(id), now());
    },

    async list(q: { state?: string; unitId?: string; caseId?: string; limit?: number }): Promise<PublicationView[]> {
      const at = now();
      return (await listPublications(db, { ...q, limit: q.limit ?? 500 })).map((r) => view(r, at));
    },

    /** Drafts past their deadline and results published late: the breach report (超期公示). */
    async breaches(): Promise<PublicationView[]> {
      const at = now();
      const all = (await listPublications(db, { limit: 100_000 })).map((r) => view(r, at));
      return all.filter((p) => p.late || p.deadline?.state === 'breached');
    },

    /** Marks results whose stay has ended as expired (the portal answers 410 for them). */
    async expire(): Promise<number> {
      const at = now().toISOString();
      const due = await dueToExpire(db, at);
      for (const r of due)
        await db.transaction().execute(async (trx) => {
          await updatePublication(trx, r.id, { state: 'expired', updated_at: at });
          await audit.append(
            {
              actor: 'station',
              action: 'update',
              subjectType: 'publication',
              subjectId: r.id,
              caseId: r.case_id,
              detail: { expired: true },
            },
            trx,
          );
        });
      return due.length;
    },

    /** After a case changed: a decided case gets its publication draft. */
    async onCaseChanged(caseId: string): Promise<void> {
      const c = await caseForPublication(db, caseId);
      // Automatic on the decision itself; a case closed without one gets its draft on request.
      if (c?.status === 'decided' && !(await publicationOfCase(db, caseId)))
        await this.draftFromCase(caseId, 'station');
    },
  };
}
export type Publications = ReturnType<typeof createPublications>;
