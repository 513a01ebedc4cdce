import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntryView, ErrorBody } from '@liuhen/contract';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditCheckpoints } from '../../audit/checkpoints.js';
import { actorOf } from '../actor.js';

export const auditPlugin: FastifyPluginAsyncTypebox<{ audit: AuditLog; checkpoints: AuditCheckpoints }> = async (
  app,
  { audit, checkpoints },
) => {
  app.get(
    '/api/audit',
    {
      config: { access: CAN.audit },
      schema: {
        summary: 'The audit trail (留痕), newest first',
        tags: ['audit'],
        querystring: Type.Object(
          {
            case: Type.Optional(Type.String({ maxLength: 64 })),
            actor: Type.Optional(Type.String({ maxLength: 200 })),
            subjectType: Type.Optional(Type.String({ maxLength: 32 })),
            subjectId: Type.Optional(Type.String({ maxLength: 200 })),
            action: Type.Optional(Type.String({ maxLength: 32 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries with seq below this (paging)' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntryView) }), 400: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query;
      const entries = await audit.list({
        caseId: q.case,
        actor: q.actor,
        subjectType: q.subjectType,
        subjectId: q.subjectId,
        action: q.action,
        from: q.from ? new Date(q.from).toISOString() : undefined,
        to: q.to ? new Date(q.to).toISOString() : undefined,
        beforeSeq: q.before,
        limit: q.limit,
      });
      return { entries };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { access: CAN.audit },
      schema: {
        summary:
          'Re-hash the whole audit trail and check it against the signed checkpoints; report the first entry that does not verify',
        tags: ['audit'],
        response: {
          200: Type.Object({
            ok: Type.Boolean({ description: 'The trail and every checkpoint verify' }),
            checked: Type.Integer(),
            headSeq: Type.Integer(),
            headHash: Type.String(),
            firstBad: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
            checkpoints: Type.Object(
              {
                ok: Type.Boolean(),
                checked: Type.Integer(),
                latest: Type.Union([Type.Object({ seq: Type.Integer(), ts: Type.String() }), Type.Null()]),
                firstBad: Type.Optional(
                  Type.Object({ id: Type.Integer(), seq: Type.Integer(), reason: Type.String() }),
                ),
              },
              { description: 'Signed by the station key: a trail re-hashed after an edit no longer matches them' },
            ),
          }),
        },
      },
    },
    async (req) => {
      const r = await audit.verify();
      const cp = await checkpoints.verify();
      await audit.append({
        actor: actorOf(req),
        action: 'verify',
        subjectType: 'audit',
        subjectId: 'trail',
        detail: { ok: r.ok && cp.ok, checked: r.checked, checkpoints: cp.checked },
      });
      return { ...r, ok: r.ok && cp.ok, checkpoints: cp };
    },
  );
};
