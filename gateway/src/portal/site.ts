/** What every page and answer of the portal needs to know about the site it belongs to. */
import type { Logger } from '../log.js';
import type { ItemReader } from './items.js';
import type { PortalDb } from './portal-repo.js';

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
