/**
 * The pages published before enforcement (事前公开) as the portal serves them: each version is
 * read from its signed public JSON (`liuhen-disclosure-page/1`, publicity/disclosure.ts) and served
 * only when the station's signature over those exact bytes verifies and the JSON is the version
 * its row says it is (slug, number, day of effect). The version in effect is the highest whose
 * day of effect (China time) has come; later ones are announced as upcoming; earlier ones stay
 * readable, each at its own address, with the days it was in force.
 */
import { CASE_KINDS } from '@liuhen/contract';
import { parseManifestSignature, type ManifestSignature } from '@liuhen/evidence';
import { kindOfSlug, PAGE_FORMAT, PAGE_KINDS, type PublicPage } from '../publicity/disclosure-content.js';
import {
  pageHistory,
  pagesInEffectOn,
  pagesUpcomingAfter,
  pageVersionRow,
  type PageRow,
  type PageVersionRow,
} from './portal-repo.js';
import { parseJson } from './signed.js';
import type { PortalContext } from './site.js';
import { dayOf } from './views/format.js';

export interface ServedPage {
  page: PublicPage;
  /** The exact signed text (verify these bytes). */
  publicJson: string;
  signature: ManifestSignature;
  /** The signature as stored: the file served for download. */
  signatureText: string;
}

export type VersionStatus = 'current' | 'past' | 'upcoming';

/** A version in a page's history. */
export interface VersionInfo {
  version: number;
  effectiveFrom: string;
  status: VersionStatus;
  /** For a past version: the last day it was in force; undefined when replaced on its first day. */
  inForceUntil?: string;
  /** For a past version replaced on the day it was to take effect: it never applied. */
  neverInForce?: boolean;
  /** SHA-256 of its public JSON, as its signature names it. */
  sha256?: string;
}

/** The slug of a page, checked; undefined for anything else (the page kinds of disclosure-content.ts). */
export function pageSlugOf(text: string): string | undefined {
  if (!/^[a-z0-9-]{1,60}$/.test(text)) return undefined;
  try {
    kindOfSlug(text);
    return text;
  } catch {
    return undefined;
  }
}

/** A version number in a path: 1–999999, no leading zero. */
export function versionOf(text: string): number | undefined {
  return /^[1-9]\d{0,5}$/.test(text) ? Number(text) : undefined;
}

/** The order the pages are listed in: as an enforcement act goes, then the guides, then the list. */
const ORDER = [
  'subject',
  'officers',
  'duties',
  'basis',
  ...CASE_KINDS.map((k) => `procedure-${k}`),
  'remedies',
  'guide-',
  'inspection-list',
];
const rank = (slug: string) => {
  const i = ORDER.indexOf(slug.startsWith('guide-') ? 'guide-' : slug);
  return i < 0 ? ORDER.length : i;
};
export const bySlugOrder = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

const isString = (v: unknown): v is string => typeof v === 'string';

/** The page a row serves, or why it cannot be served. */
function readRow(ctx: PortalContext, row: PageRow): { ok: true; served: ServedPage } | { ok: false; problem: string } {
  const value = parseJson(row.public_json) as Partial<PublicPage> | undefined;
  if (!value || typeof value !== 'object') return { ok: false, problem: 'public_json is not JSON' };
  const checked = ctx.signed.check(row.public_json, row.signature, (name) => name === value.id);
  if (!checked.ok) return checked;
  if (value.format !== PAGE_FORMAT) return { ok: false, problem: `public_json is not ${PAGE_FORMAT}` };
  if (value.slug !== row.slug || value.version !== row.version || value.effectiveFrom !== row.effective_from)
    return { ok: false, problem: 'public_json is another version than its row' };
  if (
    !isString(value.id) ||
    !isString(value.title) ||
    !isString(value.agency) ||
    !isString(value.publishedAt) ||
    !(PAGE_KINDS as readonly unknown[]).includes(value.kind)
  )
    return { ok: false, problem: 'public_json lacks its id, title, kind, agency or publication time' };
  return {
    ok: true,
    served: {
      page: value as PublicPage,
      publicJson: row.public_json,
      signature: checked.signature,
      signatureText: row.signature,
    },
  };
}

function servedRows(ctx: PortalContext, rows: readonly PageRow[]): ServedPage[] {
  const out: ServedPage[] = [];
  for (const row of rows) {
    const r = readRow(ctx, row);
    if (r.ok) out.push(r.served);
    else ctx.log.error({ slug: row.slug, version: row.version, problem: r.problem }, 'portal: page version not served');
  }
  return out;
}

/** Today in China, the day pages take effect by. */
export const todayOf = (ctx: PortalContext) => dayOf(ctx.now());

/** The version of each page in effect today, and the versions announced to take effect later. */
export async function pageIndex(ctx: PortalContext): Promise<{ current: ServedPage[]; upcoming: ServedPage[] }> {
  const today = todayOf(ctx);
  const [current, upcoming] = await Promise.all([pagesInEffectOn(ctx.db, today), pagesUpcomingAfter(ctx.db, today)]);
  const order = (a: ServedPage, b: ServedPage) =>
    bySlugOrder(a.page.slug, b.page.slug) || a.page.version - b.page.version;
  return { current: servedRows(ctx, current).sort(order), upcoming: servedRows(ctx, upcoming).sort(order) };
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The history of a page (newest first) with what each version is today. */
function historyOf(rows: readonly PageVersionRow[], today: string): VersionInfo[] {
  const inEffect = rows.filter((r) => r.effective_from <= today);
  const current = inEffect.length ? Math.max(...inEffect.map((r) => r.version)) : undefined;
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  return rows.map((r) => {
    const parsed = parseManifestSignature(r.signature);
    const info: VersionInfo = {
      version: r.version,
      effectiveFrom: r.effective_from,
      status: r.version === current ? 'current' : r.effective_from > today ? 'upcoming' : 'past',
      ...(parsed.ok ? { sha256: parsed.sig.sha256 } : {}),
    };
    if (info.status === 'past') {
      // Days of effect never go back, so the next version is the one that replaced this one.
      const next = byVersion.get(r.version + 1);
      if (next && next.effective_from <= r.effective_from) info.neverInForce = true;
      else if (next) info.inForceUntil = dayBefore(next.effective_from);
    }
    return info;
  });
}

export type OnePage =
  | { live: ServedPage; status: VersionStatus; history: VersionInfo[]; current?: number }
  /** The page exists but no version is in effect yet: only its announced versions. */
  | { notYet: VersionInfo[] }
  /** The version exists but failed the signature or format checks. */
  | { unavailable: true }
  | { missing: true };

/**
 * A page: the version in effect when `version` is undefined, else that version (past, current
 * or announced). `current` is the number of the version in effect, when there is one.
 */
export async function onePage(ctx: PortalContext, slugText: string, version?: number): Promise<OnePage> {
  const slug = pageSlugOf(slugText);
  if (!slug) return { missing: true };
  const today = todayOf(ctx);
  const history = historyOf(await pageHistory(ctx.db, slug), today);
  if (!history.length) return { missing: true };
  const current = history.find((h) => h.status === 'current')?.version;
  const wanted = version ?? current;
  if (wanted === undefined) return { notYet: history };
  const info = history.find((h) => h.version === wanted);
  const row = info ? await pageVersionRow(ctx.db, slug, wanted) : undefined;
  if (!info || !row) return { missing: true };
  const r = readRow(ctx, row);
  if (!r.ok) {
    ctx.log.error({ slug, version: wanted, problem: r.problem }, 'portal: page version not served');
    return { unavailable: true };
  }
  return { live: r.served, status: info.status, history, ...(current !== undefined ? { current } : {}) };
}
