/**
 * Inventory and enrollment, the hand-out desk, the ledger, telemetry history,
 * positions and alerts: the equipment manager's and the supervisor's routes.
 */
import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AlertView,
  AssignmentView,
  DeviceView,
  ErrorBody,
  LedgerView,
  PositionView,
  SelfTestCheck,
  TelemetryHistoryView,
} from '@liuhen/contract';
import { DEVICE_ID_PATTERN, getProfile } from '@liuhen/device-profiles';
import type { Alerts } from '../../devices/alerts.js';
import { SelfTestFailed, type Desk } from '../../devices/desk.js';
import type { Enrollment } from '../../devices/enrollment.js';
import { ledgerCsv, ledgerXlsx } from '../../devices/ledger-export.js';
import type { DeviceRegistry } from '../../devices/registry.js';
import type { TelemetrySeries, TelemetryStore } from '../../telemetry/store.js';
import { actorOf, attachment } from '../actor.js';
import { HttpError } from '../errors.js';

const DeviceParams = Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) });
const Reason = Type.String({ minLength: 2, maxLength: 500 });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const SERIES: TelemetrySeries[] = [
  'battery',
  'storage',
  'temperature',
  'signal',
  'clock',
  'position',
  'recording',
  'offload',
];
const LedgerKinds = Type.Union(
  ['enroll', 'hand-out', 'check-in', 'override', 'repair', 'repair-done', 'retire'].map((k) => Type.Literal(k)),
);
const LedgerQuery = Type.Object(
  {
    device: Type.Optional(Type.String({ maxLength: 64 })),
    officer: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(LedgerKinds),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export interface DeskPluginOptions {
  registry: DeviceRegistry;
  desk: Desk;
  enrollment: Enrollment;
  alerts: Alerts;
  telemetry: TelemetryStore;
}

export const deskPlugin: FastifyPluginAsyncTypebox<DeskPluginOptions> = async (
  app,
  { registry, desk, enrollment, alerts, telemetry },
) => {
  for (const schema of [AlertView, LedgerView, DeviceView, AssignmentView]) app.addSchema(schema);
  const device = (id: string) => {
    const d = registry.get(id);
    if (!d) throw new HttpError(404, `no recorder ${id}`);
    return d;
  };

  // ---- inventory and enrollment ----------------------------------------------------------------
  app.post(
    '/api/devices',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Add a recorder to the inventory (then issue its enrollment code)',
        tags: ['inventory'],
        body: Type.Object(
          {
            id: Type.String({ pattern: DEVICE_ID_PATTERN }),
            profile: Type.String({ minLength: 1, maxLength: 64 }),
            serial: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            notes: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(DeviceView), ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (registry.has(b.id)) throw new HttpError(409, `recorder ${b.id} is already in the inventory`);
      try {
        getProfile(b.profile);
      } catch (err) {
        throw new HttpError(400, (err as Error).message);
      }
      const view = await registry
        .upsertInventory(b.id, {
          profile: b.profile,
          serial: b.serial ?? null,
          notes: b.notes ?? null,
          status: 'in_service',
        })
        .catch((err: Error) => {
          throw /UNIQUE/.test(err.message) ? new HttpError(409, `serial ${b.serial} belongs to another recorder`) : err;
        });
      return reply.code(201).send(view);
    },
  );
  app.patch(
    '/api/devices/:id',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Edit a recorder’s inventory record',
        tags: ['inventory'],
        params: DeviceParams,
        body: Type.Object(
          {
            serial: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
            notes: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(DeviceView), ...errors },
      },
    },
    async (req) => {
      const d = device(req.params.id);
      return registry
        .upsertInventory(d.id, { profile: d.profile, serial: req.body.serial, notes: req.body.notes })
        .catch((err: Error) => {
          throw /UNIQUE/.test(err.message)
            ? new HttpError(409, `serial ${req.body.serial} belongs to another recorder`)
            : err;
        });
    },
  );
  app.post(
    '/api/devices/:id/status',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Send a recorder to repair, back into service, or retire it (in the ledger)',
        tags: ['inventory'],
        params: DeviceParams,
        body: Type.Object(
          {
            status: Type.Union([Type.Literal('in_service'), Type.Literal('in_repair'), Type.Literal('retired')]),
            reason: Reason,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(DeviceView), ...errors },
      },
    },
    async (req) => {
      await desk.setStatus(req.params.id, req.body.status, req.body.reason, actorOf(req));
      return device(req.params.id);
    },
  );
  app.post(
    '/api/devices/:id/enrollment',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Issue a one-time enrollment code for a recorder (shown once)',
        tags: ['inventory'],
        params: DeviceParams,
        response: {
          201: Type.Object({ deviceId: Type.String(), code: Type.String(), expiresAt: Type.String() }),
          ...errors,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await enrollment.issue(req.params.id, actorOf(req))),
  );
  app.post(
    '/api/enroll',
    {
      config: { access: 'public' },
      schema: {
        summary: 'A recorder redeems its enrollment code on first boot and receives its credentials',
        tags: ['inventory'],
        body: Type.Object(
          {
            code: Type.String({ minLength: 8, maxLength: 32 }),
            publicKeyPem: Type.String({ minLength: 40, maxLength: 2000 }),
            profile: Type.String({ minLength: 1, maxLength: 64 }),
            firmwareVersion: Type.String({ minLength: 1, maxLength: 32 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            deviceId: Type.String(),
            mqtt: Type.Object({ username: Type.String(), password: Type.String() }),
            rtmp: Type.Object({ secret: Type.String() }),
            stationTime: Type.String(),
          }),
          400: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => enrollment.redeem(req.body, req.ip),
  );

  // ---- the desk --------------------------------------------------------------------------------
  app.get(
    '/api/devices/:id/self-test',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'The pre-use self-test from the recorder’s latest telemetry',
        tags: ['desk'],
        params: DeviceParams,
        response: { 200: Type.Object({ ok: Type.Boolean(), checks: Type.Array(SelfTestCheck) }), 404: ErrorBody },
      },
    },
    async (req) => desk.selfTest(req.params.id),
  );
  app.post(
    '/api/desk/hand-out',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Hand a recorder to an officer: self-test, assignment, officer id pushed to the recorder',
        tags: ['desk'],
        body: Type.Object(
          {
            deviceId: Type.String({ pattern: DEVICE_ID_PATTERN }),
            officerId: Type.String({ minLength: 1, maxLength: 32 }),
            overrideReason: Type.Optional(
              Type.String({
                minLength: 2,
                maxLength: 500,
                description: 'Needed to hand out a recorder whose footage is not all offloaded',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            assignment: Type.Ref(AssignmentView),
            checks: Type.Array(SelfTestCheck),
            commandId: Type.String(),
            override: Type.Boolean(),
          }),
          422: Type.Object({
            statusCode: Type.Integer(),
            error: Type.String(),
            message: Type.String(),
            checks: Type.Array(SelfTestCheck),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(await desk.handOut(req.body, actorOf(req)));
      } catch (err) {
        if (err instanceof SelfTestFailed) {
          req.log.warn({ deviceId: req.body.deviceId, reason: err.message }, 'hand-out refused');
          return reply.code(422).send({
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: err.message,
            checks: err.checks,
          });
        }
        throw err;
      }
    },
  );
  app.post(
    '/api/desk/check-in',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Take a recorder back: the assignment ends; the answer says how much footage is still to offload',
        tags: ['desk'],
        body: Type.Object({ deviceId: Type.String({ pattern: DEVICE_ID_PATTERN }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            assignment: Type.Ref(AssignmentView),
            offload: Type.Object({
              pendingSegments: Type.Union([Type.Integer(), Type.Null()]),
              pendingBytes: Type.Union([Type.Integer(), Type.Null()]),
            }),
          }),
          ...errors,
        },
      },
    },
    async (req) => desk.checkIn(req.body.deviceId, actorOf(req)),
  );
  app.get(
    '/api/ledger',
    {
      config: { access: [...CAN.manageDevices, ...CAN.audit] },
      schema: {
        summary: 'The ledger (台账): hand-outs, check-ins, repairs, overrides, enrollments',
        tags: ['desk'],
        querystring: LedgerQuery,
        response: { 200: Type.Object({ entries: Type.Array(Type.Ref(LedgerView)) }) },
      },
    },
    async (req) => ({ entries: await desk.ledger(ledgerQuery(req.query)) }),
  );
  app.get(
    '/api/ledger.csv',
    {
      config: { access: [...CAN.manageDevices, ...CAN.audit] },
      schema: { summary: 'The ledger as CSV (UTF-8)', tags: ['desk'], querystring: LedgerQuery },
    },
    async (req, reply) => {
      const entries = await desk.ledger({ ...ledgerQuery(req.query), limit: req.query.limit ?? 100_000 });
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', attachment('台账-ledger.csv'))
        .send(ledgerCsv(entries));
    },
  );
  app.get(
    '/api/ledger.xlsx',
    {
      config: { access: [...CAN.manageDevices, ...CAN.audit] },
      schema: { summary: 'The ledger as an Excel workbook', tags: ['desk'], querystring: LedgerQuery },
    },
    async (req, reply) => {
      const entries = await desk.ledger({ ...ledgerQuery(req.query), limit: req.query.limit ?? 100_000 });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', attachment('台账-ledger.xlsx'))
        .send(await ledgerXlsx(entries));
    },
  );

  // ---- telemetry and positions ---------------------------------------------------------------
  app.get(
    '/api/devices/:id/telemetry',
    {
      config: { access: [...CAN.watchLive], scope: 'none' },
      schema: {
        summary: 'Telemetry history of a recorder, averaged into buckets',
        tags: ['telemetry'],
        params: DeviceParams,
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 24 h ago' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
            series: Type.Optional(
              Type.String({
                pattern: `^(${SERIES.join('|')})(,(${SERIES.join('|')}))*$`,
                description: 'Comma-separated; default battery,storage,temperature',
              }),
            ),
            bucket: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'Seconds per point' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: TelemetryHistoryView,
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      device(req.params.id);
      const to = req.query.to ? new Date(req.query.to) : new Date();
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 86_400_000);
      if (from >= to) throw new HttpError(400, '"from" must be before "to"');
      const series = (req.query.series ?? 'battery,storage,temperature').split(',') as TelemetrySeries[];
      if (req.query.bucket && (to.getTime() - from.getTime()) / 1000 / req.query.bucket > 10_000)
        throw new HttpError(
          400,
          `a ${req.query.bucket} s bucket over this span gives more than 10000 points: use a larger bucket or a shorter span`,
        );
      return {
        deviceId: req.params.id,
        store: telemetry.kind,
        from: from.toISOString(),
        to: to.toISOString(),
        series: await telemetry.query({ deviceId: req.params.id, from, to, series, bucketSeconds: req.query.bucket }),
      };
    },
  );
  app.get(
    '/api/positions',
    {
      config: { access: [...CAN.watchLive], scope: 'none' },
      schema: {
        summary: 'Last known position of every recorder (from live telemetry), for the supervision map',
        tags: ['telemetry'],
        response: {
          200: Type.Object({ positions: Type.Array(PositionView) }),
        },
      },
    },
    async () => ({
      positions: registry.list().flatMap((d) => {
        const p = d.telemetry?.position;
        return p
          ? [
              {
                deviceId: d.id,
                officerId: d.holder?.officerId ?? d.officerId,
                unitId: d.holder?.unitId ?? null,
                state: d.state,
                lat: p.lat,
                lon: p.lon,
                accuracyM: p.accuracyM,
                fixAt: p.fixAt,
                activeAlerts: d.activeAlerts,
              },
            ]
          : [];
      }),
    }),
  );

  // ---- alerts ----------------------------------------------------------------------------------
  app.get(
    '/api/alerts',
    {
      config: { access: [...CAN.watchLive], scope: 'none' },
      schema: {
        summary: 'Alerts, newest first (status=open: active or acknowledged, not cleared)',
        tags: ['alerts'],
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(['open', 'active', 'acknowledged', 'cleared'].map((s) => Type.Literal(s))),
            ),
            device: Type.Optional(Type.String({ maxLength: 64 })),
            rule: Type.Optional(Type.String({ maxLength: 32 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ alerts: Type.Array(Type.Ref(AlertView)) }) },
      },
    },
    async (req) => ({
      alerts: await alerts.list({
        status: req.query.status as 'open' | undefined,
        deviceId: req.query.device,
        rule: req.query.rule,
        limit: req.query.limit,
      }),
    }),
  );
  app.post(
    '/api/alerts/:id/ack',
    {
      config: { access: [...CAN.watchLive], scope: 'none' },
      schema: {
        summary: 'Acknowledge an alert (audited); it stays until its condition clears',
        tags: ['alerts'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Ref(AlertView), ...errors },
      },
    },
    async (req) => alerts.acknowledge(req.params.id, req.body.note, actorOf(req)),
  );
};

function ledgerQuery(q: {
  device?: string;
  officer?: string;
  kind?: string;
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
}) {
  return {
    deviceId: q.device,
    officerId: q.officer,
    kind: q.kind as never,
    from: q.from,
    to: q.to,
    q: q.q,
    limit: q.limit,
  };
}
