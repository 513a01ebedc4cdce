/**
 * Publicity before enforcement (行政执法公示, 事前公开): the pages the public reads before any
 * enforcement act — the enforcement subject (执法主体), the officers (执法人员: name, 执法证号,
 * unit, from the officer registry), duties and powers (职责权限), legal basis (执法依据), the
 * procedure of each enforcement kind with its flow chart (执法流程图, from the configured steps),
 * remedies (救济渠道), service guides (服务指南) and the random-inspection list (随机抽查事项清单).
 *
 * Every change is a new version with the day it takes effect; old versions stay readable. Each
 * version is frozen as public JSON (PublicPage, disclosure-content.ts) and signed by the station
 * key, and names the SHA-256 of the version it replaces, so the history of a page is a chain a
 * mirror can check. The portal serves `public_json` and `signature` as they are.
 *
 * A version takes effect on its day (China time), never before the day it is published and never
 * before the version it replaces; until then the previous version is the one in effect.
 *
 * Once an editor has published the officers page, it follows the officer registry by itself
 * (followOfficersPage: after every committed change to a unit or an officer, at start, hourly and
 * just after midnight China time): when what the page shows changed, the station publishes the
 * next version, effective today (held until the day of a version announced for later, with a
 * warning), audited with actor `station` and the cause; otherwise nothing.
 */
import { randomUUID } from 'node:crypto';
import { check } from '@liuhen/device-profiles';
import { canonicalJson, signManifest, type ManifestSignature, type SigningKey } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import { isShanghaiDay, shanghaiDayOf } from '../calendar/index.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { DisclosurePagesTable } from '../db/schema.js';
import { Invalid, NotFound } from '../errors.js';
import { allItems } from '../inspections/inspections-repo.js';
import { usernameOf } from '../legal-review/reviewers.js';
import {
  AUTHORED_SCHEMAS,
  CASE_KIND_LABELS,
  GENERATED_KINDS,
  INSPECTION_LIST_COLUMNS,
  PAGE_FORMAT,
  ProcedureSteps,
  defaultTitle,
  kindOfSlug,
  type CaseKind,
  type InspectionListContent,
  type OfficersContent,
  type PageKind,
  type ProcedureStepConfig,
  type PublicPage,
} from './disclosure-content.js';
import { DEFAULT_PROCEDURES, procedureFlow, type ProcedureFlow } from './disclosure-flow.js';
import {
  activeOfficersWithUnits,
  insertPageVersion,
  latestPageVersion,
  pageVersion,
  pageVersions,
  pagesInEffect,
} from './disclosure-repo.js';

export interface DisclosureDeps {
  db: Db;
  audit: AuditLog;
  stationKey: SigningKey;
  /** The portal's address names the public ids (tag: URIs). */
  config: Pick<GatewayConfig, 'portal'>;
  /** The agency the pages are published by. */
  agency(): string;
  /** Steps of each enforcement kind when no procedure page configured them yet (default DEFAULT_PROCEDURES). */
  procedures?: Partial<Record<CaseKind, readonly ProcedureStepConfig[]>>;
  now?: () => Date;
}

/** A page version as the internal API answers it. */
export interface DisclosurePageView {
  id: string;
  slug: string;
  kind: PageKind;
  version: number;
  title: string;
  content: unknown;
  effectiveFrom: string;
  publishedBy: string;
  publishedAt: string;
  /** The version in effect today. */
  current: boolean;
  /** Published with a later day of effect that has not come yet. */
  scheduled: boolean;
  /** The permanent public id of this version. */
  publicId: string;
  /** The exact signed text the portal serves. */
  publicJson: string;
  signature: ManifestSignature;
}

export interface PublishOutcome {
  page: DisclosurePageView;
  /** False when the content was the same as the latest version's: no version was added. */
  created: boolean;
}

export interface PublishOptions {
  title?: string;
  /** YYYY-MM-DD (China time), today or later; default today. */
  effectiveFrom?: string;
}

/** The authority of the station's tag: URIs (the portal's host name). */
export function tagAuthorityOf(config: Pick<GatewayConfig, 'portal'>): string {
  try {
    return config.portal.baseUrl ? new URL(config.portal.baseUrl).hostname : 'liuhen.station';
  } catch {
    return 'liuhen.station';
  }
}

export function createDisclosure(deps: DisclosureDeps) {
  const { db, audit, stationKey } = deps;
  const now = deps.now ?? (() => new Date());
  const authority = tagAuthorityOf(deps.config);

  function view(r: DisclosurePagesTable, inEffect: ReadonlySet<string>, today: string): DisclosurePageView {
    const pub = JSON.parse(r.public_json) as PublicPage;
    return {
      id: r.id,
      slug: r.slug,
      kind: r.kind as PageKind,
      version: r.version,
      title: r.title,
      content: JSON.parse(r.body_json) as unknown,
      effectiveFrom: r.effective_from,
      publishedBy: r.published_by,
      publishedAt: r.published_at,
      current: inEffect.has(r.id),
      scheduled: r.effective_from > today,
      publicId: pub.id,
      publicJson: r.public_json,
      signature: JSON.parse(r.signature) as ManifestSignature,
    };
  }

  async function inEffectIds(today: string): Promise<Set<string>> {
    return new Set((await pagesInEffect(db, today)).map((r) => r.id));
  }

  function effectiveDay(given: string | undefined, today: string): string {
    const day = given ?? today;
    if (!isShanghaiDay(day)) throw new Invalid(`effectiveFrom "${day}" is not a day: write YYYY-MM-DD`);
    if (day < today)
      throw new Invalid(
        `effectiveFrom ${day} is in the past: a page takes effect on the day it is published (${today}) or later`,
        { code: 'page-backdated' },
      );
    return day;
  }

  /** Adds a version of a page unless its content is the latest version's; frozen, signed, audited. */
  async function publishVersion(
    slug: string,
    kind: PageKind,
    title: string,
    content: unknown,
    actor: string,
    opts: PublishOptions,
    /** More for the audit entry (why the station published it). */
    why: Record<string, unknown> = {},
    /** The moment of publication: one reading of the clock for the whole act (default now). */
    at: Date = now(),
  ): Promise<PublishOutcome> {
    const today = shanghaiDayOf(at);
    const effectiveFrom = effectiveDay(opts.effectiveFrom, today);
    const row = await db.transaction().execute(async (trx) => {
      const latest = await latestPageVersion(trx, slug);
      if (
        latest &&
        latest.title === title &&
        canonicalJson(JSON.parse(latest.body_json)) === canonicalJson(content) &&
        latest.effective_from <= effectiveFrom
      )
        return { row: latest, created: false };
      if (latest && effectiveFrom < latest.effective_from)
        throw new Invalid(
          `version ${latest.version} of ${slug} takes effect on ${latest.effective_from}: a new version cannot take effect before it`,
          { code: 'page-effective-order' },
        );
      const version = (latest?.version ?? 0) + 1;
      const publishedAt = at.toISOString();
      const page: PublicPage = {
        format: PAGE_FORMAT,
        id: `tag:${authority},${today.slice(0, 4)}:disclosure/${slug}/v${version}`,
        slug,
        kind,
        version,
        title,
        agency: deps.agency(),
        effectiveFrom,
        publishedAt,
        supersedes: latest
          ? { version: latest.version, sha256: (JSON.parse(latest.signature) as ManifestSignature).sha256 }
          : null,
        content,
      };
      const json = JSON.stringify(page);
      const signature = signManifest(Buffer.from(json, 'utf8'), stationKey, page.id);
      const r: DisclosurePagesTable = {
        id: randomUUID(),
        slug,
        kind,
        version,
        title,
        body_json: JSON.stringify(content),
        public_json: json,
        signature: JSON.stringify(signature),
        effective_from: effectiveFrom,
        published_by: usernameOf(actor),
        published_at: publishedAt,
      };
      await insertPageVersion(trx, r);
      await audit.append(
        {
          actor,
          action: 'publish',
          subjectType: 'disclosure-page',
          subjectId: `${slug}/v${version}`,
          detail: { slug, version, publicId: page.id, sha256: signature.sha256, effectiveFrom, ...why },
        },
        trx,
      );
      return { row: r, created: true };
    });
    return { page: view(row.row, await inEffectIds(today), today), created: row.created };
  }

  /** The officers page's content from the registry on `today` (licences expired before it left out). */
  async function officersContent(today: string = shanghaiDayOf(now())): Promise<{
    content: OfficersContent;
    omitted: { noLicence: number; licenceExpired: number };
  }> {
    const rows = await activeOfficersWithUnits(db);
    const withLicence = rows.filter((o) => o.licence_no?.trim());
    const valid = withLicence.filter((o) => !o.licence_expires || o.licence_expires >= today);
    const officers = valid
      .map((o) => ({ name: o.name, licenceNo: o.licence_no!.trim(), unit: o.unit_name ?? '' }))
      .sort((a, b) => cmp(a.unit, b.unit) || cmp(a.licenceNo, b.licenceNo));
    return {
      content: { officers },
      omitted: { noLicence: rows.length - withLicence.length, licenceExpired: withLicence.length - valid.length },
    };
  }

  /** The steps configured for a kind: given, else the last published procedure's, else the defaults. */
  async function stepsOf(kind: CaseKind, given?: unknown): Promise<ProcedureStepConfig[]> {
    if (given !== undefined) {
      const r = check(ProcedureSteps, given);
      if (!r.ok) throw new Invalid(`procedure steps: ${r.error}`, { code: 'procedure-steps' });
      return r.value;
    }
    const latest = await latestPageVersion(db, `procedure-${kind}`);
    if (latest) return (JSON.parse(latest.body_json) as ProcedureFlow).steps;
    return [...(deps.procedures?.[kind] ?? DEFAULT_PROCEDURES[kind])];
  }

  async function inspectionListContent(): Promise<InspectionListContent> {
    const items = await allItems(db, true);
    if (!items.length)
      throw new Invalid('the random-inspection list has no items: set them first (PUT /api/inspections/items)', {
        code: 'inspection-list-empty',
      });
    const agency = deps.agency();
    return {
      columns: INSPECTION_LIST_COLUMNS.map((c) => ({ ...c })),
      rows: items.map((it, i) => ({
        no: i + 1,
        id: it.id,
        item: it.name,
        subItem: it.sub_item ?? '',
        subject: it.subject ?? agency,
        basis: it.basis ?? '',
        method: it.method ?? '',
        content: it.content ?? '',
        note: it.note ?? '',
      })),
    };
  }

  const caseKindOfSlug = (slug: string) => slug.slice('procedure-'.length) as CaseKind;

  /**
   * Versions of the officers page one at a time, each from the registry as it is when its turn
   * comes: two registry changes in quick succession never publish the older content last.
   */
  let officersTurn: Promise<unknown> = Promise.resolve();
  function officersInTurn<T>(fn: () => Promise<T>): Promise<T> {
    const run = officersTurn.then(fn);
    officersTurn = run.catch(() => undefined);
    return run;
  }

  return {
    /** Publishes a new version of a page an editor writes (subject, duties, basis, remedies, guide-*). */
    async publishPage(
      slug: string,
      content: unknown,
      actor: string,
      opts: PublishOptions = {},
    ): Promise<PublishOutcome> {
      const kind = kindOfSlug(slug);
      if (GENERATED_KINDS.has(kind))
        throw new Invalid(
          `${slug} is generated from the station's records: ask for a new version with generate(${JSON.stringify(slug)}) (POST /api/disclosure/pages/${slug}/generate)`,
          { code: 'page-generated' },
        );
      const r = check(AUTHORED_SCHEMAS[kind as keyof typeof AUTHORED_SCHEMAS], content);
      if (!r.ok) throw new Invalid(`${slug}: ${r.error}`, { code: 'page-content' });
      const title =
        opts.title?.trim() ||
        (kind === 'guide' ? `服务指南：${(r.value as { matter: string }).matter}` : defaultTitle(slug));
      return publishVersion(slug, kind, title, r.value, actor, opts);
    },

    /**
     * A new version of a generated page from the station's records: `officers` from the officer
     * registry, `procedure-<kind>` from its configured steps (`steps` replaces the configuration),
     * `inspection-list` from the items of the list.
     */
    async generate(
      slug: string,
      actor: string,
      opts: PublishOptions & { steps?: unknown } = {},
    ): Promise<PublishOutcome & { omitted?: { noLicence: number; licenceExpired: number } }> {
      const kind = kindOfSlug(slug);
      const title = opts.title?.trim() || defaultTitle(slug);
      if (kind === 'officers')
        return officersInTurn(async () => {
          const at = now();
          const { content, omitted } = await officersContent(shanghaiDayOf(at));
          return { ...(await publishVersion(slug, kind, title, content, actor, opts, {}, at)), omitted };
        });
      if (kind === 'procedure') {
        const caseKind = caseKindOfSlug(slug);
        const flow = procedureFlow(caseKind, await stepsOf(caseKind, opts.steps));
        return publishVersion(slug, kind, title, flow, actor, opts);
      }
      if (kind === 'inspection-list')
        return publishVersion(slug, kind, title, await inspectionListContent(), actor, opts);
      throw new Invalid(`${slug} is written by an editor: publish its content (PUT /api/disclosure/pages/${slug})`, {
        code: 'page-authored',
      });
    },

    /**
     * After a change to the officer registry by `after`, at the station's start and on its schedule
     * (`after` null, `check` says which): the next version of the officers page when what it shows
     * changed — a registry change, or a licence that expired — with the same title, effective today,
     * or on the latest version's day when an editor announced one for later (versions never take
     * effect out of order: the follow-up is held until then, `heldUntil` in the audit entry),
     * published by the station. Null while the page was never published (an editor publishes it
     * first); `created: false` when nothing it shows changed. The clock is read once: the day the
     * content is generated for is the day the version is dated (no `page-backdated` at midnight).
     */
    async followRegistry(after: string | null, check?: 'start' | 'schedule'): Promise<PublishOutcome | null> {
      return officersInTurn(async () => {
        const latest = await latestPageVersion(db, 'officers');
        if (!latest) return null;
        const at = now();
        const today = shanghaiDayOf(at);
        const { content } = await officersContent(today);
        const held = latest.effective_from > today;
        return publishVersion(
          'officers',
          'officers',
          latest.title,
          content,
          'station',
          held ? { effectiveFrom: latest.effective_from } : {},
          {
            cause: 'officer-registry',
            ...(after !== null ? { after: usernameOf(after) } : {}),
            ...(check ? { check } : {}),
            ...(held ? { heldUntil: latest.effective_from } : {}),
          },
          at,
        );
      });
    },

    /** Resolves when the officers page versions asked for so far are made (or failed). */
    settled(): Promise<void> {
      return officersTurn.then(() => undefined);
    },

    /** The flow chart a procedure page would get, without publishing it. */
    async previewProcedure(kind: CaseKind, steps?: unknown): Promise<ProcedureFlow> {
      if (!(kind in CASE_KIND_LABELS)) throw new Invalid(`no enforcement kind ${kind}`);
      return procedureFlow(kind, await stepsOf(kind, steps));
    },

    /** The officers page's content as it would be generated now. */
    async previewOfficers() {
      return officersContent();
    },

    /** The version of each page in effect today. */
    async pages(): Promise<DisclosurePageView[]> {
      const today = shanghaiDayOf(now());
      const rows = await pagesInEffect(db, today);
      const ids = new Set(rows.map((r) => r.id));
      return rows.map((r) => view(r, ids, today));
    },

    /** The version of a page in effect today. */
    async current(slug: string): Promise<DisclosurePageView> {
      kindOfSlug(slug);
      const today = shanghaiDayOf(now());
      const rows = await pagesInEffect(db, today);
      const r = rows.find((x) => x.slug === slug);
      if (!r) throw new NotFound(`page ${slug} has no version in effect`);
      return view(r, new Set([r.id]), today);
    },

    /** Every version of a page, newest first, scheduled ones included. */
    async history(slug: string): Promise<DisclosurePageView[]> {
      kindOfSlug(slug);
      const today = shanghaiDayOf(now());
      const rows = await pageVersions(db, slug);
      if (!rows.length) throw new NotFound(`page ${slug} has never been published`);
      const ids = await inEffectIds(today);
      return rows.map((r) => view(r, ids, today));
    },

    async version(slug: string, version: number): Promise<DisclosurePageView> {
      kindOfSlug(slug);
      const r = await pageVersion(db, slug, version);
      if (!r) throw new NotFound(`page ${slug} has no version ${version}`);
      const today = shanghaiDayOf(now());
      return view(r, await inEffectIds(today), today);
    },
  };
}
export type Disclosure = ReturnType<typeof createDisclosure>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** How long after midnight (China time) the day's follow runs: the new day has surely begun. */
const AFTER_MIDNIGHT_MS = 1_000;
/** How long a registry write waits for the officers page before it answers. */
export const REGISTRY_WAIT_MS = 5_000;

/** Milliseconds from `at` to the next follow: in an hour, or just after midnight in China if sooner. */
export function nextOfficersFollowIn(at: Date): number {
  const sinceMidnight = (at.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS;
  return Math.min(HOUR_MS, DAY_MS - sinceMidnight + AFTER_MIDNIGHT_MS);
}

interface FollowLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The officers page kept in step with the registry: after every registry change (the registry
 * write waits at most `waitMs` for it, then the follow finishes in the background, still in turn),
 * at the station's start, every hour and just after midnight China time (licences that expired
 * leave the page; a follow that failed — a busy database — is made good). Nothing while no editor
 * ever published the page. Failures are logged, never thrown at the registry.
 */
export function followOfficersPage(deps: {
  disclosure: Pick<Disclosure, 'followRegistry' | 'settled'>;
  log: FollowLog;
  now?: () => Date;
  waitMs?: number;
}) {
  const { disclosure, log } = deps;
  const now = deps.now ?? (() => new Date());
  const waitMs = deps.waitMs ?? REGISTRY_WAIT_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const report = (outcome: PublishOutcome | null, cause: Record<string, unknown>) => {
    if (!outcome?.created) return;
    const { version, effectiveFrom, scheduled } = outcome.page;
    if (scheduled)
      log.warn(
        { ...cause, version, effectiveFrom },
        'officers page: the registry changed, but a version announced for later is the latest: the new version takes effect only on that day; publish the officers page effective today (generate) to show the change now',
      );
    else log.info({ ...cause, version, effectiveFrom }, 'officers page republished from the officer registry');
  };
  const follow = (after: string | null, check?: 'start' | 'schedule') => {
    const cause = after !== null ? { after } : { check };
    return disclosure.followRegistry(after, check).then(
      (outcome) => report(outcome, cause),
      (err: Error) =>
        log.error({ ...cause, err: err.message }, 'could not republish the officers page from the officer registry'),
    );
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void follow(null, 'schedule').finally(schedule), nextOfficersFollowIn(now()));
    timer.unref();
  };

  return {
    start(): void {
      stopped = false;
      void follow(null, 'start');
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await disclosure.settled();
    },
    /** After a committed registry change: waits for the officers page at most `waitMs`, never throws. */
    async registryChanged(actor: string): Promise<void> {
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([
        follow(actor),
        new Promise<void>((resolve) => {
          wait = setTimeout(resolve, waitMs);
          wait.unref();
        }),
      ]);
      clearTimeout(wait);
    },
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
