/** What every page and answer of the portal needs to know about the site it belongs to. */
import type { Logger } from '../log.js';
import type { ItemReader } from './items.js';
import type { PortalDb } from './portal-repo.js';
import type { SignedChecker } from './signed.js';

export interface PortalSite {
  /** The public address, without a trailing slash (https://gongshi.example.gov.cn). */
  base: string;
  title: string;
  /** The agency publishing (the publisher in feeds and JSON-LD). */
  agency: string;
  /** SHA-256 of the station key (hex), printed on every page as the trust anchor. */
  fingerprint: string;
}

export interface PortalContext {
  db: PortalDb;
  reader: ItemReader;
  /** The station-signature check of page versions and draw records. */
  signed: SignedChecker;
  site: PortalSite;
  log: Logger;
  /** The current time as ISO (what is expired is decided against it). */
  now(): string;
}

/** The public address of a path on the portal. */
export const absolute = (site: PortalSite, path: string) => `${site.base}${path}`;

/** Paths of an item, by its slug (see items.ts slugOf). */
export const paths = {
  page: (slug: string) => `/results/${slug}`,
  api: (slug: string) => `/api/results/${slug}`,
  publicJson: (slug: string) => `/api/results/${slug}/public.json`,
  signature: (slug: string) => `/api/results/${slug}/signature.json`,
  stationKey: '/station-key.pem',
} as const;

/** Paths of the pages published before enforcement (事前公开), by slug and version number. */
export const pagePaths = {
  index: '/disclosure',
  page: (slug: string) => `/disclosure/${slug}`,
  version: (slug: string, version: number) => `/disclosure/${slug}/versions/${version}`,
  api: '/api/pages',
  apiPage: (slug: string) => `/api/pages/${slug}`,
  apiVersion: (slug: string, version: number) => `/api/pages/${slug}/versions/${version}`,
  publicJson: (slug: string, version: number) => `/api/pages/${slug}/versions/${version}/public.json`,
  signature: (slug: string, version: number) => `/api/pages/${slug}/versions/${version}/signature.json`,
} as const;

/** The signed files of a draw, as the station names them after the draw's id (<id>.<file>). */
export const DRAW_FILES = [
  'commitment.json',
  'commitment.sig',
  'draw.json',
  'draw.sig',
  'cancellation.json',
  'cancellation.sig',
] as const;
export type DrawFile = (typeof DRAW_FILES)[number];

/**
 * A draw's id as one path segment: percent-encoded, `!'()*` too, so that a link copied into a
 * shell command needs no quoting (the draw pages print curl commands).
 */
export const pathSegment = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Paths of the random draws (双随机、一公开), by the draw's public id. */
export const drawPaths = {
  index: '/inspections',
  page: (drawId: string) => `/inspections/draws/${pathSegment(drawId)}`,
  file: (drawId: string, file: DrawFile) => `/inspections/draws/${pathSegment(drawId)}/${file}`,
  verifier: '/inspections/verify-draw.mjs',
  api: '/api/draws',
  apiDraw: (drawId: string) => `/api/draws/${pathSegment(drawId)}`,
} as const;

/** The file name the station gives a draw's file (inspections.drawFiles): <draw id made safe>.<file>. */
export const drawFileName = (drawId: string, file: DrawFile) => `${drawId.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.${file}`;

/**
 * The portal's base address from the setting: the configured public address, or else the
 * listening one. Only http(s) without query or fragment; characters that would need escaping
 * in markup are refused, so the base can be written into pages and feeds as it is.
 */
export function baseAddress(configured: string, listening: string): string {
  const raw = configured.trim() || listening;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`portal.baseUrl ${JSON.stringify(raw)} is not a URL: give the portal's public https address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`portal.baseUrl ${raw} must be an http(s) address`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`portal.baseUrl ${raw} must have no query, fragment or credentials`);
  const base = url.href.replace(/\/+$/, '');
  if (/[&<>"'\s]/.test(base)) throw new Error(`portal.baseUrl ${raw} holds characters that cannot be used in links`);
  return base;
}
