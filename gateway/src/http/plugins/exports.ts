import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, ExportJobView } from '@liuhen/contract';
import { basename, dirname } from 'node:path';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Cases } from '../../cases/cases.js';
import type { ExportJob, ExportJobs } from '../../cases/export-jobs.js';
import type { Db } from '../../db/database.js';
import { actorOf, attachment } from '../actor.js';
import { HttpError } from '../errors.js';
import { scopeOf } from '../guard.js';
import { idParam, visibleCaseIds } from '../scope.js';

function view(j: ExportJob): ExportJobView {
  return {
    id: j.id,
    caseId: j.caseId,
    caseNumber: j.caseNumber,
    format: j.format,
    state: j.state,
    bytesDone: j.bytesDone,
    bytesTotal: j.bytesTotal,
    files: j.files,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    fileName: j.fileName,
    path: j.format === 'folder' ? j.path : undefined,
    downloadUrl: j.state === 'done' && j.format === 'zip' ? `/api/exports/${j.id}/download` : undefined,
  };
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const exportsPlugin: FastifyPluginAsyncTypebox<{
  exports: ExportJobs;
  cases: Cases;
  audit: AuditLog;
  db: Db;
}> = async (app, { exports, cases, audit, db }) => {
  app.addSchema(ExportJobView);
  const job = (id: string) => {
    const j = exports.get(id);
    if (!j) throw new HttpError(404, `no export ${id}`);
    return j;
  };
  app.post(
    '/api/cases/:id/exports',
    {
      config: { access: CAN.exportCases, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary:
          'Export the case file (案卷): linked footage, manifest with hashes and device chains, coverage report, audit excerpt',
        tags: ['exports'],
        params: IdParams,
        body: Type.Object(
          { format: Type.Union([Type.Literal('zip'), Type.Literal('folder')], { default: 'zip' }) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Ref(ExportJobView), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await cases.get(req.params.id);
      // Recorded before the plan is built, so the package's own audit excerpt shows who exported it.
      await audit.append({
        actor,
        action: 'export',
        subjectType: 'case',
        subjectId: req.params.id,
        caseId: req.params.id,
        detail: { format: req.body.format },
      });
      const plan = await cases.exportPlan(req.params.id, actor);
      return reply.code(202).send(view(exports.start(plan, req.body.format, actor)));
    },
  );
  app.get(
    '/api/exports',
    {
      config: { access: CAN.exportCases, scope: 'filtered' },
      schema: {
        summary: 'Export jobs and their progress',
        tags: ['exports'],
        querystring: Type.Object(
          { case: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ jobs: Type.Array(Type.Ref(ExportJobView)) }) },
      },
    },
    async (req) => {
      const jobs = exports.list().filter((j) => !req.query.case || j.caseId === req.query.case);
      // Only the exports of cases the caller may see.
      const visible = await visibleCaseIds(
        db,
        scopeOf(req),
        jobs.map((j) => j.caseId),
      );
      return { jobs: jobs.filter((j) => visible.has(j.caseId)).map(view) };
    },
  );
  app.get(
    '/api/exports/:id',
    {
      config: { access: CAN.exportCases, scope: (req) => [{ export: idParam(req) }] },
      schema: {
        summary: 'One export job (poll for progress)',
        tags: ['exports'],
        params: IdParams,
        response: { 200: Type.Ref(ExportJobView), 404: ErrorBody },
      },
    },
    async (req) => view(job(req.params.id)),
  );
  app.get(
    '/api/exports/:id/download',
    {
      config: { access: CAN.exportCases, scope: (req) => [{ export: idParam(req) }] },
      schema: {
        summary: 'The finished ZIP (audited)',
        tags: ['exports'],
        params: IdParams,
        response: { 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const j = job(req.params.id);
      if (j.state !== 'done' || !j.path)
        throw new HttpError(409, `export ${j.id} is ${j.state}; download it when it is done`);
      if (j.format !== 'zip') throw new HttpError(409, `export ${j.id} is a folder on the station at ${j.path}`);
      if (!req.headers.range || /^bytes=0-/.test(req.headers.range))
        await audit.append({
          actor: actorOf(req),
          action: 'download',
          subjectType: 'export',
          subjectId: j.id,
          caseId: j.caseId,
          detail: { fileName: j.fileName },
        });
      reply.header('Content-Disposition', attachment(j.fileName));
      return reply
        .type('application/zip')
        .sendFile(basename(j.path), dirname(j.path), { acceptRanges: true, cacheControl: false });
    },
  );
  app.delete(
    '/api/exports/:id',
    {
      config: { access: CAN.exportCases, scope: (req) => [{ export: idParam(req) }] },
      schema: {
        summary: 'Cancel a running export or remove a finished one',
        tags: ['exports'],
        params: IdParams,
        response: { 204: Type.Null(), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const j = job(req.params.id);
      if (j.state === 'running' || j.state === 'queued') exports.cancel(j.id);
      else await exports.remove(j.id);
      return reply.code(204).send(null);
    },
  );
};
