/**
 * Random inspections (双随机、一公开) at the station: the random-inspection list (随机抽查事项清单),
 * and for each draw the list of inspectable parties, the roster of inspectors from the officer
 * registry, the declared conflicts (回避), the commitment published before the draw, the draw
 * published with its seed, and the result of each inspection published like every other result.
 *
 * A draw (a "plan") goes draft → committed → drawn, or is cancelled:
 * - draft: the lists and settings can change;
 * - commit (before the announced drawAt): commitDraw fixes every input and a fresh secret seed;
 *   the public record (PublicDrawRecord, with the commitment) is published at once, signed by
 *   the station key; the seed is kept sealed (inspections-seal.ts), never in a view;
 * - draw (at or after drawAt): runDraw on the published record with the seed (and the beacon's
 *   value when the record named a beaconSource); the publication { record, seed, result }
 *   (DrawPublication, what verify-draw.mjs reads) is signed and published, and each drawn party
 *   becomes an assignment with its inspectors;
 * - cancel: a draft quietly; a committed draw only with a public reason, and its seed is published
 *   with the notice (and the result it would have given when it can be computed), so that a
 *   draw cannot be called off because its outcome was disliked and committed again unseen.
 * A drawn plan cannot be cancelled: its results are withdrawn one by one like any publication.
 *
 * The result of an inspection is recorded on its assignment and published as a result of kind
 * random-inspection (a PublicItem in `publications`, signed, redacted like other results), so the
 * portal, its feeds and open data carry it with the others.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { PublicationFields, PublicItem } from '@liuhen/contract';
import { check } from '@liuhen/device-profiles';
import { signManifest, type ManifestSignature, type SigningKey } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import { deadlineClock, isShanghaiDay, shanghaiDayOf, type WorkingCalendar } from '../calendar/index.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { InspectionAssignmentsTable, InspectionItemsTable, InspectionPlansTable } from '../db/schema.js';
import { Conflict, Invalid, NotFound, Unacceptable } from '../errors.js';
import { usernameOf } from '../legal-review/reviewers.js';
import { tagAuthorityOf } from '../publicity/disclosure.js';
import { loadRedactionPolicy } from '../publicity/publications.js';
import { caseForPublication, findPublication, insertPublication } from '../publicity/publications-repo.js';
import { redact } from '../publicity/redaction.js';
import {
  type DrawInputs,
  type DrawPublication,
  type DrawResult,
  type PublicDrawRecord,
  ExclusionRules,
  InspectableParty,
  commitDraw,
  runDraw,
  verifyDraw,
} from './random-draw.js';
import {
  allItems,
  assignmentsOfPlan,
  deactivateItemsExcept,
  findAssignment,
  findItem,
  findPlan,
  insertAssignments,
  insertPlan,
  listPlans,
  officersWithUnits,
  planOfDrawId,
  saveItem,
  updateAssignmentIn,
  updatePlanIn,
} from './inspections-repo.js';
import { openSeed, sealSeed } from './inspections-seal.js';

const YEAR_MS = 365.25 * 24 * 3600_000;

// ---------------------------------------------------------------- inputs

const Id = (description: string, maxLength = 128) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description });
const Short = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });
const Long = (description: string) => Type.String({ minLength: 1, maxLength: 2000, description });

/** One row of the random-inspection list as an editor sets it (序号 is its place in the list). */
export const InspectionItemInput = Type.Object(
  {
    id: Id('The item’s id in the list, e.g. SJ-001', 64),
    name: Short('检查项目'),
    subItem: Type.Optional(Short('检查子项')),
    subject: Type.Optional(Short('检查主体 (default: the agency)')),
    basis: Type.Optional(Short('检查依据')),
    method: Type.Optional(Short('检查方式')),
    content: Type.Optional(Long('检查内容')),
    note: Type.Optional(Long('备注')),
  },
  { additionalProperties: false },
);
export type InspectionItemInput = Static<typeof InspectionItemInput>;

export const PlanInput = Type.Object(
  {
    drawId: Id('The draw’s public id, e.g. 2025-Q3-食品-01', 80),
    title: Type.String({ minLength: 1, maxLength: 200, description: 'What the draw is, as published' }),
    itemId: Id('The item of the random-inspection list', 64),
    drawAt: Type.String({ format: 'date-time', description: 'Announced time of the draw' }),
    partyCount: Type.Integer({ minimum: 1, maximum: 200_000, description: 'Parties to draw' }),
    inspectorsPerParty: Type.Integer({ minimum: 1, maximum: 20, description: 'Inspectors drawn for each party' }),
    rules: Type.Optional(Type.Partial(ExclusionRules)),
    beaconSource: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'A public random value known only after the commitment, mixed into the draw',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PlanInput = Static<typeof PlanInput>;
export const PlanPatch = Type.Partial(Type.Omit(PlanInput, ['drawId']), { additionalProperties: false });
export type PlanPatch = Static<typeof PlanPatch>;

export const PartiesInput = Type.Array(InspectableParty, { minItems: 1, maxItems: 200_000 });

export const RosterEntryInput = Type.Object(
  {
    officerId: Type.String({ minLength: 1, maxLength: 64, description: 'Badge number in the officer registry' }),
    region: Type.Optional(Short('Region or grid the inspector covers (read by rules.excludeSameRegion)')),
  },
  { additionalProperties: false },
);
export type RosterEntryInput = Static<typeof RosterEntryInput>;
export const RosterInput = Type.Array(RosterEntryInput, { minItems: 1, maxItems: 20_000 });

export const ConflictInput = Type.Object(
  {
    officerId: Type.String({ minLength: 1, maxLength: 64, description: 'An officer of the roster' }),
    partyId: Id('A party of the list'),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (kept internal: never published)' }),
  },
  { additionalProperties: false },
);
export type ConflictInput = Static<typeof ConflictInput>;
export const ConflictsInput = Type.Array(ConflictInput, { maxItems: 200_000 });

export const RESULT_OUTCOMES = ['no-problem', 'problem-rectified', 'case-filed', 'not-found', 'other'] as const;
export const RESULT_OUTCOME_LABELS: Record<(typeof RESULT_OUTCOMES)[number], string> = {
  'no-problem': '未发现问题',
  'problem-rectified': '发现问题，已责令整改',
  'case-filed': '发现问题，已立案查处',
  'not-found': '通过登记的住所（经营场所）无法联系',
  other: '其他',
};

export const ResultInput = Type.Object(
  {
    inspectedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Day of the inspection' }),
    outcome: Type.Union(RESULT_OUTCOMES.map((o) => Type.Literal(o))),
    findings: Type.String({ minLength: 1, maxLength: 4500, description: '检查情况' }),
    handling: Type.Optional(Type.String({ minLength: 1, maxLength: 1800, description: '处理情况' })),
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The case opened from it' })),
  },
  { additionalProperties: false },
);
export type ResultInput = Static<typeof ResultInput>;

// ---------------------------------------------------------------- views

export interface InspectionItemView {
  no: number;
  id: string;
  name: string;
  subItem: string | null;
  subject: string | null;
  basis: string | null;
  method: string | null;
  content: string | null;
  note: string | null;
  active: boolean;
  updatedAt: string;
}

interface RosterEntry {
  officerId: string;
  /** 执法证号: the inspector's id in the draw. */
  id: string;
  name: string;
  unit?: string;
  region?: string;
}
interface StoredConflict {
  officerId: string;
  partyId: string;
  reason: string;
}
type Party = Static<typeof InspectableParty>;

export type PlanState = 'draft' | 'committed' | 'drawn' | 'cancelled';

export interface PlanSummary {
  id: string;
  drawId: string;
  title: string;
  itemId: string;
  drawAt: string;
  partyCount: number;
  inspectorsPerParty: number;
  rules: Static<typeof ExclusionRules>;
  beaconSource: string | null;
  state: PlanState;
  parties: number;
  inspectors: number;
  conflicts: number;
  commitment: string | null;
  committedAt: string | null;
  drawnAt: string | null;
  cancelledAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A public record: the exact signed text and its signature. */
export interface SignedRecord {
  json: string;
  signature: ManifestSignature;
}

export interface PlanView extends Omit<PlanSummary, 'parties' | 'inspectors' | 'conflicts'> {
  parties: Party[];
  roster: RosterEntry[];
  /** With their reasons: internal only. */
  conflicts: (StoredConflict & { inspectorId: string | null })[];
  committedBy: string | null;
  /** Published before the draw: the PublicDrawRecord. */
  commitmentRecord: SignedRecord | null;
  beacon: string | null;
  drawnBy: string | null;
  /** Published after the draw: { record, seed, result } (verify-draw.mjs reads it). */
  drawRecord: SignedRecord | null;
  cancelReason: string | null;
  cancelledBy: string | null;
  cancelRecord: SignedRecord | null;
}

export interface AssignmentView {
  id: string;
  planId: string;
  drawId: string;
  position: number;
  partyId: string;
  partyName: string | null;
  inspectors: { officerId: string; licenceNo: string; name: string }[];
  state: 'assigned' | 'inspected';
  result: ResultInput | null;
  resultBy: string | null;
  resultAt: string | null;
  publication: { id: string; itemId: string; state: string; publishedAt: string | null } | null;
}

export interface InspectionsDeps {
  db: Db;
  audit: AuditLog;
  stationKey: SigningKey;
  config: Pick<GatewayConfig, 'portal' | 'publicity'>;
  calendar: WorkingCalendar;
  /** The agency the results are published by. */
  agency(): string;
  now?: () => Date;
}

const parse = <T>(text: string) => JSON.parse(text) as T;
const signed = (json: string | null, sig: string | null): SignedRecord | null =>
  json && sig ? { json, signature: parse<ManifestSignature>(sig) } : null;

function validated<T extends Parameters<typeof check>[0]>(schema: T, value: unknown, what: string) {
  const r = check(schema, value);
  if (!r.ok) throw new Invalid(`${what}: ${r.error}`, { code: 'inspection-invalid' });
  return r.value;
}

export function createInspections(deps: InspectionsDeps) {
  const { db, audit, stationKey, config, calendar } = deps;
  const now = deps.now ?? (() => new Date());
  const authority = tagAuthorityOf(config);
  const policy = loadRedactionPolicy(config.publicity.redactionPolicyFile);

  const itemView = (r: InspectionItemsTable, no: number): InspectionItemView => ({
    no,
    id: r.id,
    name: r.name,
    subItem: r.sub_item,
    subject: r.subject,
    basis: r.basis,
    method: r.method,
    content: r.content,
    note: r.note,
    active: r.active === 1,
    updatedAt: r.updated_at,
  });

  function summary(r: InspectionPlansTable): PlanSummary {
    return {
      id: r.id,
      drawId: r.draw_id,
      title: r.title,
      itemId: r.item_id,
      drawAt: r.draw_at,
      partyCount: r.party_count,
      inspectorsPerParty: r.inspectors_per_party,
      rules: parse(r.rules),
      beaconSource: r.beacon_source,
      state: r.state as PlanState,
      parties: parse<unknown[]>(r.parties).length,
      inspectors: parse<unknown[]>(r.roster).length,
      conflicts: parse<unknown[]>(r.conflicts).length,
      commitment: r.commitment,
      committedAt: r.committed_at,
      drawnAt: r.drawn_at,
      cancelledAt: r.cancelled_at,
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  function planView(r: InspectionPlansTable): PlanView {
    const roster = parse<RosterEntry[]>(r.roster);
    const licenceOf = new Map(roster.map((e) => [e.officerId, e.id]));
    return {
      ...summary(r),
      parties: parse(r.parties),
      roster,
      conflicts: parse<StoredConflict[]>(r.conflicts).map((c) => ({
        ...c,
        inspectorId: licenceOf.get(c.officerId) ?? null,
      })),
      committedBy: r.committed_by,
      commitmentRecord: signed(r.commitment_json, r.commitment_signature),
      beacon: r.beacon,
      drawnBy: r.drawn_by,
      drawRecord: signed(r.draw_json, r.draw_signature),
      cancelReason: r.cancel_reason,
      cancelledBy: r.cancelled_by,
      cancelRecord: signed(r.cancel_json, r.cancel_signature),
    };
  }

  async function assignmentView(a: InspectionAssignmentsTable, drawId: string): Promise<AssignmentView> {
    const p = a.publication_id ? await findPublication(db, a.publication_id) : undefined;
    return {
      id: a.id,
      planId: a.plan_id,
      drawId,
      position: a.position,
      partyId: a.party_id,
      partyName: a.party_name,
      inspectors: parse(a.inspectors),
      state: a.state as AssignmentView['state'],
      result: a.result ? parse<ResultInput>(a.result) : null,
      resultBy: a.result_by,
      resultAt: a.result_at,
      publication: p ? { id: p.id, itemId: p.item_id, state: p.state, publishedAt: p.published_at } : null,
    };
  }

  async function existingPlan(id: string): Promise<InspectionPlansTable> {
    const r = await findPlan(db, id);
    if (!r) throw new NotFound(`inspection plan ${id} does not exist`);
    return r;
  }

  function requireState(r: InspectionPlansTable, state: PlanState, doing: string): void {
    if (r.state !== state)
      throw new Conflict(`draw ${r.draw_id} is ${r.state}: ${doing} needs it ${state}`, {
        code: 'inspection-plan-state',
        details: { state: r.state },
      });
  }

  /** Changes a draft plan and audits it, in one transaction. */
  async function changeDraft(
    id: string,
    set: Partial<InspectionPlansTable>,
    actor: string,
    detail: Record<string, unknown>,
  ): Promise<PlanView> {
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      const ok = await updatePlanIn(trx, id, 'draft', { ...set, updated_at: at });
      if (!ok) throw new Conflict(`inspection plan ${id} is no longer a draft: reload it`);
      await audit.append({ actor, action: 'update', subjectType: 'inspection-plan', subjectId: id, detail }, trx);
    });
    return planView(await existingPlan(id));
  }

  function drawItemOf(item: InspectionItemsTable): DrawInputs['item'] {
    return {
      id: item.id,
      name: item.name,
      ...(item.sub_item ? { subItem: item.sub_item } : {}),
      ...(item.basis ? { basis: item.basis } : {}),
      ...(item.method ? { method: item.method } : {}),
    };
  }

  const tagOf = (r: InspectionPlansTable, what: string) =>
    `tag:${authority},${shanghaiDayOf(new Date(r.draw_at)).slice(0, 4)}:random-draw/${r.id}/${what}`;

  function sign(json: string, name: string): ManifestSignature {
    return signManifest(Buffer.from(json, 'utf8'), stationKey, name);
  }

  /** The inputs of the draw as the plan holds them now (conflicts of people no longer listed dropped). */
  async function drawInputsOf(r: InspectionPlansTable): Promise<DrawInputs> {
    const item = await findItem(db, r.item_id);
    if (!item?.active)
      throw new Invalid(`item ${r.item_id} is not on the random-inspection list: choose another item or restore it`, {
        code: 'inspection-item-unknown',
      });
    const parties = parse<Party[]>(r.parties);
    const roster = parse<RosterEntry[]>(r.roster);
    if (!parties.length) throw new Invalid('set the list of parties before committing the draw');
    if (!roster.length) throw new Invalid('set the roster of inspectors before committing the draw');
    const licenceOf = new Map(roster.map((e) => [e.officerId, e.id]));
    const partyIds = new Set(parties.map((p) => p.id));
    // A conflict with someone taken off a list can no longer be drawn together: nothing to exclude.
    const conflicts = parse<StoredConflict[]>(r.conflicts)
      .filter((c) => licenceOf.has(c.officerId) && partyIds.has(c.partyId))
      .map((c) => ({ inspectorId: licenceOf.get(c.officerId)!, partyId: c.partyId }));
    return {
      drawId: r.draw_id,
      drawAt: r.draw_at,
      item: drawItemOf(item),
      parties,
      inspectors: roster.map(({ id, name, unit, region }) => ({
        id,
        name,
        ...(unit ? { unit } : {}),
        ...(region ? { region } : {}),
      })),
      conflicts,
      rules: parse(r.rules),
      partyCount: r.party_count,
      inspectorsPerParty: r.inspectors_per_party,
      ...(r.beacon_source ? { beaconSource: r.beacon_source } : {}),
    };
  }

  const sealContext = (r: InspectionPlansTable, commitment: string) => `${r.id}\u0000${commitment}`;

  function checkDrawAt(drawAt: string): string {
    const t = Date.parse(drawAt);
    if (!Number.isFinite(t)) throw new Invalid(`drawAt "${drawAt}" is not a time`);
    return new Date(t).toISOString();
  }

  function normalisedRules(rules: PlanInput['rules']) {
    return {
      excludeSameRegion: rules?.excludeSameRegion ?? false,
      excludeSupervisingUnit: rules?.excludeSupervisingUnit ?? false,
    };
  }

  return {
    // ---- the random-inspection list ---------------------------------------------------------

    /** The list in order; items taken off it too when `all`. */
    async items(all = false): Promise<InspectionItemView[]> {
      const rows = await allItems(db, !all);
      let no = 0;
      return rows.map((r) => itemView(r, r.active ? ++no : 0));
    },

    /** Sets the whole list in order (序号 = place); items left out are taken off it, never deleted. */
    async setItems(items: unknown, actor: string): Promise<InspectionItemView[]> {
      const list = validated(Type.Array(InspectionItemInput, { maxItems: 2000 }), items, 'items');
      const ids = list.map((i) => i.id);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (repeated.length) throw new Invalid(`item ids must be unique; repeated: ${[...new Set(repeated)].join(', ')}`);
      const at = now().toISOString();
      const by = usernameOf(actor);
      await db.transaction().execute(async (trx) => {
        for (const [i, it] of list.entries())
          await saveItem(trx, {
            id: it.id,
            position: i + 1,
            name: it.name,
            sub_item: it.subItem ?? null,
            subject: it.subject ?? null,
            basis: it.basis ?? null,
            method: it.method ?? null,
            content: it.content ?? null,
            note: it.note ?? null,
            active: 1,
            updated_by: by,
            created_at: at,
            updated_at: at,
          });
        await deactivateItemsExcept(trx, ids, by, at);
        await audit.append(
          { actor, action: 'update', subjectType: 'inspection-list', subjectId: 'items', detail: { items: ids } },
          trx,
        );
      });
      return this.items();
    },

    // ---- plans ------------------------------------------------------------------------------

    async plans(q: { state?: PlanState; limit?: number } = {}): Promise<PlanSummary[]> {
      return (await listPlans(db, { ...(q.state ? { state: q.state } : {}), limit: q.limit ?? 500 })).map(summary);
    },

    async plan(id: string): Promise<PlanView> {
      return planView(await existingPlan(id));
    },

    async createPlan(input: unknown, actor: string): Promise<PlanView> {
      const p = validated(PlanInput, input, 'plan');
      if (!(await findItem(db, p.itemId))?.active)
        throw new Invalid(`item ${p.itemId} is not on the random-inspection list`, { code: 'inspection-item-unknown' });
      if (await planOfDrawId(db, p.drawId)) throw new Conflict(`draw id ${p.drawId} is already taken`);
      const at = now().toISOString();
      const row: InspectionPlansTable = {
        id: randomUUID(),
        draw_id: p.drawId,
        item_id: p.itemId,
        title: p.title,
        draw_at: checkDrawAt(p.drawAt),
        party_count: p.partyCount,
        inspectors_per_party: p.inspectorsPerParty,
        rules: JSON.stringify(normalisedRules(p.rules)),
        beacon_source: p.beaconSource ?? null,
        parties: '[]',
        roster: '[]',
        conflicts: '[]',
        state: 'draft',
        seed_sealed: null,
        commitment: null,
        commitment_json: null,
        commitment_signature: null,
        committed_at: null,
        committed_by: null,
        beacon: null,
        draw_json: null,
        draw_signature: null,
        drawn_at: null,
        drawn_by: null,
        cancel_reason: null,
        cancel_json: null,
        cancel_signature: null,
        cancelled_at: null,
        cancelled_by: null,
        created_by: usernameOf(actor),
        created_at: at,
        updated_at: at,
      };
      await db.transaction().execute(async (trx) => {
        await insertPlan(trx, row);
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'inspection-plan',
            subjectId: row.id,
            detail: { drawId: p.drawId, itemId: p.itemId, drawAt: row.draw_at },
          },
          trx,
        );
      });
      return planView(row);
    },

    /** Changes the settings of a draft. */
    async updatePlan(id: string, patch: unknown, actor: string): Promise<PlanView> {
      const p = validated(PlanPatch, patch, 'plan');
      const r = await existingPlan(id);
      requireState(r, 'draft', 'changing the plan');
      if (p.itemId && !(await findItem(db, p.itemId))?.active)
        throw new Invalid(`item ${p.itemId} is not on the random-inspection list`, { code: 'inspection-item-unknown' });
      return changeDraft(
        id,
        {
          ...(p.title !== undefined ? { title: p.title } : {}),
          ...(p.itemId !== undefined ? { item_id: p.itemId } : {}),
          ...(p.drawAt !== undefined ? { draw_at: checkDrawAt(p.drawAt) } : {}),
          ...(p.partyCount !== undefined ? { party_count: p.partyCount } : {}),
          ...(p.inspectorsPerParty !== undefined ? { inspectors_per_party: p.inspectorsPerParty } : {}),
          ...(p.rules !== undefined ? { rules: JSON.stringify(normalisedRules(p.rules)) } : {}),
          ...(p.beaconSource !== undefined ? { beacon_source: p.beaconSource } : {}),
        },
        actor,
        { fields: Object.keys(p) },
      );
    },

    /** Sets the list of parties that may be drawn (检查对象名录). */
    async setParties(id: string, parties: unknown, actor: string): Promise<PlanView> {
      const list = validated(PartiesInput, parties, 'parties');
      const ids = list.map((p) => p.id);
      if (new Set(ids).size !== ids.length) throw new Invalid('party ids must be unique');
      requireState(await existingPlan(id), 'draft', 'setting the parties');
      return changeDraft(id, { parties: JSON.stringify(list) }, actor, { parties: list.length });
    },

    /**
     * Sets the roster of inspectors from the officer registry: each officer must be active and
     * hold an enforcement licence valid on the day of the draw; the licence number is their id
     * in the draw, their unit's name their unit.
     */
    async setRoster(id: string, entries: unknown, actor: string): Promise<PlanView> {
      const list = validated(RosterInput, entries, 'roster');
      const r = await existingPlan(id);
      requireState(r, 'draft', 'setting the roster');
      const officerIds = list.map((e) => e.officerId);
      if (new Set(officerIds).size !== officerIds.length) throw new Invalid('an officer is on the roster twice');
      const found = new Map((await officersWithUnits(db, officerIds)).map((o) => [o.id, o]));
      const drawDay = shanghaiDayOf(new Date(r.draw_at));
      const problems: string[] = [];
      const roster: RosterEntry[] = [];
      for (const e of list) {
        const o = found.get(e.officerId);
        if (!o) problems.push(`${e.officerId}: not in the officer registry`);
        else if (!o.active) problems.push(`${e.officerId} (${o.name}): not active`);
        else if (!o.licence_no?.trim()) problems.push(`${e.officerId} (${o.name}): no enforcement licence (执法证号)`);
        else if (o.licence_expires && o.licence_expires < drawDay)
          problems.push(`${e.officerId} (${o.name}): licence expires ${o.licence_expires}, before the draw`);
        else
          roster.push({
            officerId: o.id,
            id: o.licence_no.trim(),
            name: o.name,
            ...(o.unit_name ? { unit: o.unit_name } : {}),
            ...(e.region ? { region: e.region } : {}),
          });
      }
      if (problems.length)
        throw new Unacceptable(`not on the roster: ${problems.slice(0, 20).join('; ')}`, {
          code: 'inspection-roster',
          details: { problems },
        });
      return changeDraft(id, { roster: JSON.stringify(roster) }, actor, { inspectors: roster.length });
    },

    /** Sets the declared conflicts of interest (回避); their reasons are never published. */
    async setConflicts(id: string, conflicts: unknown, actor: string): Promise<PlanView> {
      const list = validated(ConflictsInput, conflicts, 'conflicts');
      const r = await existingPlan(id);
      requireState(r, 'draft', 'declaring conflicts');
      const onRoster = new Set(parse<RosterEntry[]>(r.roster).map((e) => e.officerId));
      const listed = new Set(parse<Party[]>(r.parties).map((p) => p.id));
      // A typo would silently drop a 回避: refuse names not on the lists.
      const unknown = list
        .filter((c) => !onRoster.has(c.officerId) || !listed.has(c.partyId))
        .map((c) => `${c.officerId} ↔ ${c.partyId}`);
      if (unknown.length)
        throw new Invalid(
          `conflicts name an officer not on the roster or a party not on the list: ${unknown.slice(0, 20).join(', ')}; set the lists first`,
          { code: 'inspection-conflict-unknown' },
        );
      return changeDraft(id, { conflicts: JSON.stringify(list) }, actor, {
        conflicts: list.map(({ officerId, partyId }) => ({ officerId, partyId })),
      });
    },

    /**
     * Fixes the draw before it happens and publishes its record with the commitment (the SHA-256
     * that binds the secret seed and every input). Refused at or after the announced time.
     */
    async commit(id: string, actor: string): Promise<PlanView> {
      const r = await existingPlan(id);
      requireState(r, 'draft', 'committing');
      const at = now();
      if (at.getTime() >= Date.parse(r.draw_at))
        throw new Conflict(
          `the draw was announced for ${r.draw_at}: a commitment must be published before it; set a later drawAt`,
          { code: 'inspection-commit-late' },
        );
      const c = commitDraw(await drawInputsOf(r));
      const json = JSON.stringify(c.publicRecord);
      const signature = sign(json, tagOf(r, 'commitment'));
      await db.transaction().execute(async (trx) => {
        const ok = await updatePlanIn(trx, id, 'draft', {
          state: 'committed',
          seed_sealed: sealSeed(c.seed, stationKey, sealContext(r, c.commitment)),
          commitment: c.commitment,
          commitment_json: json,
          commitment_signature: JSON.stringify(signature),
          committed_at: at.toISOString(),
          committed_by: usernameOf(actor),
          updated_at: at.toISOString(),
        });
        if (!ok) throw new Conflict(`inspection plan ${id} changed meanwhile: reload it`);
        await audit.append(
          {
            actor,
            action: 'publish',
            subjectType: 'inspection-plan',
            subjectId: id,
            detail: { drawId: r.draw_id, commitment: c.commitment, sha256: signature.sha256, drawAt: r.draw_at },
          },
          trx,
        );
      });
      return planView(await existingPlan(id));
    },

    /**
     * Runs the committed draw at (or after) its announced time and publishes { record, seed,
     * result }; each drawn party becomes an assignment. `beacon`: the announced value of the
     * record's beaconSource, when it names one.
     */
    async draw(id: string, actor: string, opts: { beacon?: string } = {}): Promise<PlanView> {
      const r = await existingPlan(id);
      requireState(r, 'committed', 'drawing');
      const at = now();
      if (at.getTime() < Date.parse(r.draw_at))
        throw new Conflict(`the draw is announced for ${r.draw_at}: draw it then`, { code: 'inspection-draw-early' });
      const record = parse<PublicDrawRecord>(r.commitment_json!);
      const seed = openSeed(r.seed_sealed!, stationKey, sealContext(r, r.commitment!));
      const result: DrawResult = runDraw(record, seed, opts.beacon);
      // Belt and braces: what is published must verify and honour every 回避.
      const verified = verifyDraw(record, seed, result);
      if (!verified.ok || result.commitment !== r.commitment)
        throw new Error(`draw ${r.draw_id} does not verify against its own commitment: ${verified.reason}`);
      const barred = new Set(record.conflicts.map((c) => `${c.inspectorId}\u0000${c.partyId}`));
      for (const a of result.assignments)
        for (const i of a.inspectorIds)
          if (barred.has(`${i}\u0000${a.partyId}`))
            throw new Error(`draw ${r.draw_id} assigned ${i} to ${a.partyId} despite a declared conflict`);

      const publication: DrawPublication = { record, seed, result };
      const json = JSON.stringify(publication);
      const signature = sign(json, tagOf(r, 'draw'));
      const roster = new Map(parse<RosterEntry[]>(r.roster).map((e) => [e.id, e]));
      const partyName = new Map(record.parties.map((p) => [p.id, p.name ?? null]));
      const rows: InspectionAssignmentsTable[] = result.assignments.map((a, i) => ({
        id: randomUUID(),
        plan_id: id,
        position: i + 1,
        party_id: a.partyId,
        party_name: partyName.get(a.partyId) ?? null,
        inspectors: JSON.stringify(
          a.inspectorIds.map((licenceNo) => ({
            officerId: roster.get(licenceNo)?.officerId ?? '',
            licenceNo,
            name: roster.get(licenceNo)?.name ?? '',
          })),
        ),
        state: 'assigned',
        result: null,
        result_by: null,
        result_at: null,
        publication_id: null,
        created_at: at.toISOString(),
      }));
      await db.transaction().execute(async (trx) => {
        const ok = await updatePlanIn(trx, id, 'committed', {
          state: 'drawn',
          beacon: opts.beacon ?? null,
          draw_json: json,
          draw_signature: JSON.stringify(signature),
          drawn_at: at.toISOString(),
          drawn_by: usernameOf(actor),
          updated_at: at.toISOString(),
        });
        if (!ok) throw new Conflict(`inspection plan ${id} changed meanwhile: reload it`);
        await insertAssignments(trx, rows);
        await audit.append(
          {
            actor,
            action: 'publish',
            subjectType: 'inspection-plan',
            subjectId: id,
            detail: {
              drawId: r.draw_id,
              commitment: r.commitment,
              sha256: signature.sha256,
              assignments: rows.length,
              ...(opts.beacon !== undefined ? { beacon: opts.beacon } : {}),
            },
          },
          trx,
        );
      });
      return planView(await existingPlan(id));
    },

    /**
     * Calls a draw off. A draft is simply cancelled; a committed draw only with a public reason,
     * and its seed is published with the notice (with the result it would have given, unless it
     * waits for a beacon), so the commitment cannot be quietly replaced by a luckier one.
     */
    async cancel(id: string, reason: string, actor: string): Promise<PlanView> {
      const r = await existingPlan(id);
      if (r.state !== 'draft' && r.state !== 'committed')
        throw new Conflict(
          `draw ${r.draw_id} is ${r.state}: only a draft or a committed draw is cancelled (withdraw a published result instead)`,
          { code: 'inspection-plan-state', details: { state: r.state } },
        );
      if (reason.trim().length < 4) throw new Invalid('give the reason the cancellation is published with');
      const at = now().toISOString();
      let json: string | null = null;
      let signature: ManifestSignature | null = null;
      if (r.state === 'committed') {
        const record = parse<PublicDrawRecord>(r.commitment_json!);
        const seed = openSeed(r.seed_sealed!, stationKey, sealContext(r, r.commitment!));
        const notice = {
          format: 'liuhen-draw-cancellation/1',
          drawId: r.draw_id,
          commitment: r.commitment,
          reason: reason.trim(),
          cancelledAt: at,
          record,
          seed,
          ...(record.beaconSource === undefined ? { wouldHaveDrawn: runDraw(record, seed) } : {}),
        };
        json = JSON.stringify(notice);
        signature = sign(json, tagOf(r, 'cancellation'));
      }
      await db.transaction().execute(async (trx) => {
        const ok = await updatePlanIn(trx, id, r.state, {
          state: 'cancelled',
          cancel_reason: reason.trim(),
          cancel_json: json,
          cancel_signature: signature ? JSON.stringify(signature) : null,
          cancelled_at: at,
          cancelled_by: usernameOf(actor),
          updated_at: at,
        });
        if (!ok) throw new Conflict(`inspection plan ${id} changed meanwhile: reload it`);
        await audit.append(
          {
            actor,
            action: r.state === 'committed' ? 'publish' : 'update',
            subjectType: 'inspection-plan',
            subjectId: id,
            detail: {
              drawId: r.draw_id,
              cancelled: true,
              reason: reason.trim(),
              ...(signature ? { sha256: signature.sha256 } : {}),
            },
          },
          trx,
        );
      });
      return planView(await existingPlan(id));
    },

    /**
     * The public files of a draw, by name, exactly as signed: <drawId>.commitment.json (before
     * the draw), <drawId>.draw.json (after it: `node verify-draw.mjs <drawId>.draw.json`),
     * <drawId>.cancellation.json, each with its .sig (the station's signature, liuhen-verify's
     * format).
     */
    async drawFiles(id: string): Promise<{ name: string; text: string }[]> {
      const r = await existingPlan(id);
      const base = r.draw_id.replace(/[^\p{L}\p{N}._-]+/gu, '_');
      const files: { name: string; text: string }[] = [];
      for (const [what, json, sig] of [
        ['commitment', r.commitment_json, r.commitment_signature],
        ['draw', r.draw_json, r.draw_signature],
        ['cancellation', r.cancel_json, r.cancel_signature],
      ] as const)
        if (json && sig)
          files.push({ name: `${base}.${what}.json`, text: json }, { name: `${base}.${what}.sig`, text: sig });
      return files;
    },

    /** Writes the public files of a draw into `dir`; their paths. */
    async writeDrawFiles(id: string, dir: string): Promise<string[]> {
      mkdirSync(dir, { recursive: true });
      return (await this.drawFiles(id)).map((f) => {
        const path = join(dir, f.name);
        writeFileSync(path, f.text);
        return path;
      });
    },

    // ---- assignments and results ------------------------------------------------------------

    async assignments(planId: string): Promise<AssignmentView[]> {
      const r = await existingPlan(planId);
      const rows = await assignmentsOfPlan(db, planId);
      return Promise.all(rows.map((a) => assignmentView(a, r.draw_id)));
    },

    async assignment(id: string): Promise<AssignmentView> {
      const a = await findAssignment(db, id);
      if (!a) throw new NotFound(`inspection assignment ${id} does not exist`);
      return assignmentView(a, (await existingPlan(a.plan_id)).draw_id);
    },

    /**
     * Records the result of an inspection and publishes it at once as a result of kind
     * random-inspection: the findings and handling redacted like other results (the party's
     * name, already public in the draw, stays), frozen as a PublicItem signed by the station.
     */
    async recordResult(assignmentId: string, input: unknown, actor: string): Promise<AssignmentView> {
      const res = validated(ResultInput, input, 'result');
      const a = await findAssignment(db, assignmentId);
      if (!a) throw new NotFound(`inspection assignment ${assignmentId} does not exist`);
      if (a.state !== 'assigned')
        throw new Conflict(`the result of this inspection is already recorded (${a.result_at})`, {
          code: 'inspection-result-recorded',
        });
      const plan = await existingPlan(a.plan_id);
      const at = now();
      const today = shanghaiDayOf(at);
      const drawDay = shanghaiDayOf(new Date(plan.drawn_at!));
      if (!isShanghaiDay(res.inspectedOn) || res.inspectedOn < drawDay || res.inspectedOn > today)
        throw new Invalid(`inspectedOn ${res.inspectedOn} must be a day between the draw (${drawDay}) and today`);
      if (res.caseId && !(await caseForPublication(db, res.caseId)))
        throw new Invalid(`case ${res.caseId} does not exist`);
      const record = parse<PublicDrawRecord>(plan.commitment_json!);
      const agency = deps.agency();
      // The name as the draw published it (PublicationFields allow 200 characters).
      const fullName = a.party_name ?? a.party_id;
      const partyName = fullName.length > 200 ? `${fullName.slice(0, 199)}…` : fullName;
      const inspectors = parse<AssignmentView['inspectors']>(a.inspectors);
      const redactInput = {
        party: { kind: 'organisation' as const, name: partyName },
        people: inspectors
          .filter((i) => i.name.trim().length >= 2 && i.name.length <= 64)
          .map((i) => ({ name: i.name, role: 'officer' as const })),
        decisionDate: res.inspectedOn,
        policy,
      };
      const withhold: string[] = [];
      const redacted = (text: string) => {
        const r = redact(text, redactInput);
        withhold.push(...r.withhold.map((w) => w.message));
        return { text: r.text, findings: r.findings };
      };
      const label = RESULT_OUTCOME_LABELS[res.outcome];
      const original: PublicationFields = {
        decisionNumber: `${plan.draw_id}-${String(a.position).padStart(3, '0')}`,
        party: partyName,
        violation: res.findings,
        basis: record.item.basis ?? '',
        outcome: res.handling ? `${label}。${res.handling}` : label,
        agency,
        decisionDate: res.inspectedOn,
      };
      // Every field but the date is checked, as for other results (someone may type a phone
      // number anywhere); the party's name, already public in the draw, stays.
      const fields = { ...original };
      const findings: { field: string; kind: string; replacement: string; start: number; end: number }[] = [];
      for (const field of ['decisionNumber', 'party', 'violation', 'basis', 'outcome', 'agency'] as const) {
        if (!original[field]) continue;
        const r = redacted(original[field]);
        fields[field] = r.text;
        findings.push(...r.findings.map((f) => ({ field, ...pick(f) })));
      }
      const itemName = redacted(record.item.name).text;
      if (withhold.length)
        throw new Unacceptable(`not published: ${[...new Set(withhold)].join('; ')}`, {
          code: 'publication-withheld',
        });
      const publicationId = randomUUID();
      const itemId = `tag:${authority},${res.inspectedOn.slice(0, 4)}:random-inspection/${publicationId}`;
      const title = `${fields.agency}双随机抽查结果公示（${itemName}：${fields.party}）`;
      const item: PublicItem = {
        id: itemId,
        kind: 'random-inspection',
        title,
        fields,
        publishedAt: at.toISOString(),
        updatedAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + config.publicity.otherStayYears * YEAR_MS).toISOString(),
      };
      const json = JSON.stringify(item);
      const signature = sign(json, itemId);
      const inspectedAt = new Date(`${res.inspectedOn}T00:00:00+08:00`).toISOString();
      const dueAt = deadlineClock({
        calendar,
        startedAt: res.inspectedOn,
        workingDays: config.publicity.otherWorkingDays,
        now: at,
      }).dueAt.toISOString();
      await db.transaction().execute(async (trx) => {
        const ok = await updateAssignmentIn(trx, assignmentId, 'assigned', {
          state: 'inspected',
          result: JSON.stringify(res),
          result_by: usernameOf(actor),
          result_at: at.toISOString(),
          publication_id: publicationId,
        });
        if (!ok) throw new Conflict('the result of this inspection was recorded meanwhile: reload it');
        await insertPublication(trx, {
          id: publicationId,
          item_id: itemId,
          // Not the case's own: a case opened from the inspection publishes its decision later,
          // and a case has one live publication (the case stays on the assignment’s result).
          case_id: null,
          kind: 'random-inspection',
          state: 'published',
          title,
          original: JSON.stringify(original),
          redacted: JSON.stringify(fields),
          findings: JSON.stringify(findings),
          withhold: '[]',
          party_type: 'organisation',
          decided_at: inspectedAt,
          due_at: dueAt,
          signed_off_by: usernameOf(actor),
          published_at: item.publishedAt,
          public_json: json,
          signature: JSON.stringify(signature),
          withdrawn_at: null,
          withdraw_kind: null,
          withdraw_reason: null,
          expires_at: item.expiresAt,
          search_text: [title, ...Object.values(fields)].join(' '),
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        });
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'inspection-result',
            subjectId: assignmentId,
            caseId: res.caseId ?? null,
            detail: { drawId: plan.draw_id, partyId: a.party_id, outcome: res.outcome, inspectedOn: res.inspectedOn },
          },
          trx,
        );
        await audit.append(
          {
            actor,
            action: 'publish',
            subjectType: 'publication',
            subjectId: publicationId,
            caseId: res.caseId ?? null,
            detail: { itemId, sha256: signature.sha256, late: item.publishedAt > dueAt, kind: 'random-inspection' },
          },
          trx,
        );
      });
      return this.assignment(assignmentId);
    },
  };
}
export type Inspections = ReturnType<typeof createInspections>;

/** A finding as the publication keeps it (never the identifier itself). */
const pick = (f: { kind: string; replacement: string; start: number; end: number }) => ({
  kind: f.kind,
  replacement: f.replacement,
  start: f.start,
  end: f.end,
});
