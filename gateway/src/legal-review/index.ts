/**
 * Legal review assembled for the station: the case-file documents it reads, the catalogue in
 * force, the working-day calendar, the reviewer registry and the review workflow.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { AuditLog } from '../audit/audit-log.js';
import { createWorkingCalendar, parseCalendarOverrides } from '../calendar/index.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { createDocumentStore } from '../documents/document-store.js';
import { createDocuments } from '../documents/documents.js';
import { createCatalogueSource } from './catalogue-source.js';
import { createLegalReview } from './legal-review.js';
import { createReviewers } from './reviewers.js';

export function createLegalReviewSystem(opts: {
  db: Db;
  audit: AuditLog;
  config: GatewayConfig;
  dataDir: string;
  footageRoot: string;
  now?: () => Date;
}) {
  const { db, audit, config } = opts;
  const cfg = config.legalReview;
  const calendar = createWorkingCalendar(
    cfg.calendarFile ? { overrides: parseCalendarOverrides(parseYaml(readFileSync(cfg.calendarFile, 'utf8'))) } : {},
  );
  const documents = createDocuments({
    db,
    audit,
    store: createDocumentStore(opts.footageRoot),
    maxBytes: cfg.maxDocumentBytes,
    caseFileOrder: cfg.caseFileOrder,
    // Every new document may change the classification (materials) or void an approval.
    changed: (caseId, actor) => legalReview.changed(caseId, actor),
  });
  const reviewers = createReviewers({ db, audit });
  const legalReview = createLegalReview({
    db,
    audit,
    config,
    footageRoot: opts.footageRoot,
    documents,
    catalogue: createCatalogueSource({ dataDir: opts.dataDir, configuredFile: cfg.catalogueFile }),
    calendar,
    reviewers,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { documents, reviewers, legalReview, calendar };
}
export type LegalReviewSystem = ReturnType<typeof createLegalReviewSystem>;
