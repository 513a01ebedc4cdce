/**
 * Gathers what a case-file export contains (export-plan.ts) from the store:
 * the case, its steps with live coverage and named officers, the linked files
 * with their evidence chains and the keys that signed them, the case file's
 * documents (every version), the signed legal-review opinions with the keys of
 * the reviewers who signed them, the audit trail.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHAIN_SUFFIX } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { existingCase } from './existing.js';
import { caseDocumentRows, reviewerKeyRows, signedReviewRows } from './export-documents-repo.js';
import type { ExportDocument, ExportOpinion, ExportPlan, ExportReviewer } from './export-plan.js';
import { linkViews } from './links.js';
import { footageRows } from './links-repo.js';
import { ms } from './match.js';
import { officerNames, unitName } from './people-repo.js';
import type { Sorter } from './sorter.js';
import { caseCoverage, stepsOf } from './steps.js';

export interface ExportPlanningDeps {
  db: Db;
  audit: Pick<AuditLog, 'forCase'>;
  sorter: Pick<Sorter, 'computeCoverage'>;
  config: GatewayConfig;
  footageRoot: string;
  version: string;
  publicKeyOf(deviceId: string): Promise<{ pem: string } | null>;
}

/** The case file's documents and signed opinions, and the registered keys of those who signed them. */
async function legalRecords(
  db: Db,
  footageRoot: string,
  caseId: string,
): Promise<{ documents: ExportDocument[]; opinions: ExportOpinion[]; reviewers: ExportReviewer[] }> {
  const documents = (await caseDocumentRows(db, caseId)).map((d) => ({
    id: d.id,
    documentKey: d.document_key,
    version: d.version,
    stepId: d.step_id,
    kind: d.kind,
    title: d.title,
    fileName: d.file_name,
    mediaType: d.media_type,
    bytes: Number(d.bytes),
    sha256: d.sha256,
    source: d.source,
    uploadedBy: d.uploaded_by,
    uploadedAt: d.uploaded_at,
    absPath: join(footageRoot, d.path),
  }));
  const opinions = (await signedReviewRows(db, caseId)).map((r) => ({
    round: r.round,
    reviewId: r.id,
    reviewer: r.reviewer,
    documentId: r.opinion_document_id,
    signature: r.signature,
  }));
  const signers = [...new Set(opinions.flatMap((o) => (o.reviewer === null ? [] : [o.reviewer])))];
  const reviewers = (await reviewerKeyRows(db, signers)).map((r) => ({
    username: r.username,
    name: r.name,
    publicKeyPem: r.public_key_pem,
  }));
  return { documents, opinions, reviewers };
}

export function createExportPlanning(deps: ExportPlanningDeps) {
  const { db, audit, sorter } = deps;
  return {
    /** Everything a case-file export needs, from the store. */
    async exportPlan(caseId: string, actor: string): Promise<ExportPlan> {
      const c = await existingCase(db, caseId);
      const cov = await caseCoverage(db, sorter, caseId);
      const { steps, officers } = await stepsOf(db, deps.config.cases, [caseId]);
      const links = await linkViews(
        db,
        steps.map((s) => s.id),
      );
      const names = await officerNames(db);
      const unit = c.unit_id ? await unitName(db, c.unit_id) : undefined;
      const recIds = [...new Set([...links.values()].flat().map((l) => l.recordingId))];
      const recs = recIds.length ? await footageRows(db, recIds) : [];
      const keys: Record<string, string> = {};
      const files = [];
      for (const r of recs) {
        const absPath = join(deps.footageRoot, r.path);
        const chain = `${absPath}${CHAIN_SUFFIX}`;
        const hasChain = r.source === 'device' && existsSync(chain);
        if (hasChain && !keys[r.device_id]) {
          const k = await deps.publicKeyOf(r.device_id);
          if (k) keys[r.device_id] = k.pem;
        }
        files.push({
          recordingId: r.id,
          deviceId: r.device_id,
          officerId: r.officer_id,
          source: r.source,
          startedAt: r.started_at,
          endedAt: r.ended_at,
          bytes: Number(r.bytes),
          sha256: r.sha256,
          absPath,
          archivePath: r.path.split(/[\\/]/).join('/'),
          chainAbsPath: hasChain ? chain : null,
          stepIds: [...links.entries()].filter(([, ls]) => ls.some((l) => l.recordingId === r.id)).map(([s]) => s),
        });
      }
      return {
        case: {
          id: c.id,
          number: c.number,
          kind: c.kind,
          title: c.title,
          party: c.party,
          unit: unit ?? c.unit_id,
          status: c.status,
          major: c.major === 1,
        },
        steps: steps.map((s) => {
          const sc = cov.steps.find((x) => x.stepId === s.id)!;
          return {
            id: s.id,
            kind: s.kind,
            title: s.title,
            startsAt: s.starts_at,
            endsAt: s.ends_at,
            location: s.location,
            requirement: s.requirement,
            officers: (officers.get(s.id) ?? []).map((id) => ({ id, name: names.get(id) ?? null })),
            coverage: {
              windowSeconds: sc.windowSeconds,
              coveredSeconds: sc.coveredSeconds,
              ratio: sc.ratio,
              passing: sc.passing,
              requiredRatio: sc.requiredRatio,
              gaps: sc.gaps.map((g) => ({
                start: ms(g.start),
                end: ms(g.end),
                seconds: g.seconds,
                startIso: g.start,
                endIso: g.end,
              })),
            },
            footage: (links.get(s.id) ?? []).map((l) => ({
              recordingId: l.recordingId,
              deviceId: l.deviceId,
              source: l.source,
              start: l.start,
              end: l.end,
            })),
          };
        }),
        files,
        devicePublicKeys: keys,
        ...(await legalRecords(db, deps.footageRoot, caseId)),
        caseFileOrder: deps.config.legalReview.caseFileOrder[c.kind] ?? [],
        audit: await audit.forCase(caseId),
        generatedAt: new Date().toISOString(),
        generatedBy: actor,
        stationVersion: deps.version,
      };
    },
  };
}
