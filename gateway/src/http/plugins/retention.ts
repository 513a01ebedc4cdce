import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Retention } from '../../cases/retention.js';
import type { GatewayConfig } from '../../config.js';

export const retentionPlugin: FastifyPluginAsyncTypebox<{
  retention: Retention;
  policy: GatewayConfig['retention'];
  onSwept: () => Promise<void>;
}> = async (app, { retention, policy, onSwept }) => {
  app.get(
    '/api/retention',
    {
      config: { access: [...CAN.audit] },
      schema: {
        summary: 'The retention policy and what it would delete now (nothing is deleted)',
        tags: ['retention'],
        response: {
          200: Type.Object({
            policy: Type.Object({
              unlinkedDays: Type.Number(),
              closedCaseYears: Type.Number(),
              sweepHours: Type.Number(),
            }),
            preview: Type.Object({
              recordings: Type.Integer(),
              bytes: Type.Number(),
              unlinked: Type.Integer(),
              caseClosed: Type.Integer(),
            }),
          }),
        },
      },
    },
    async () => {
      const v = await retention.eligible();
      return {
        policy,
        preview: {
          recordings: v.length,
          bytes: v.reduce((a, x) => a + x.bytes, 0),
          unlinked: v.filter((x) => x.reason === 'unlinked').length,
          caseClosed: v.filter((x) => x.reason === 'case-closed').length,
        },
      };
    },
  );
  app.post(
    '/api/retention/sweep',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Run the retention sweep now: deletes only what policy allows, each deletion audited',
        tags: ['retention'],
        response: { 200: Type.Object({ deleted: Type.Integer(), bytes: Type.Number(), failed: Type.Integer() }) },
      },
    },
    async () => {
      const r = await retention.sweep();
      await onSwept();
      return r;
    },
  );
};
