/**
 * The dashboard's live channel (server-sent events) and HTTP-FLV live video.
 * SSE rather than WebSocket: one-way, plain HTTP, and EventSource reconnects
 * by itself; every (re)connect starts with a full snapshot.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorBody, LIVE_EVENT_SCHEMAS, LiveEvents, type AlertView, type DeviceView } from '@liuhen/contract';
import { DEVICE_ID_PATTERN, isDeviceId } from '@liuhen/device-profiles';
import { toView } from '../../footage/recordings.js';
import type { RecordingsTable } from '../../db/schema.js';
import { statusOf } from '../errors.js';
import type { Services } from '../services.js';
import { CAN, allows } from '../../auth/roles.js';
import { credentialsOf } from '../guard.js';
import { liveScope, scopeOfPrincipal } from '../scope.js';

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};
const LIVE_PATH = /^\/live\/([^/]+)\.flv$/;

export interface LiveChannel {
  publishRecording(row: RecordingsTable): void;
  /** Steps whose coverage changed; review queues that moved. Dashboards refetch what they show. */
  publishCoverage(stepIds: string[]): void;
  publishAlert(alert: AlertView): void;
}

export const livePlugin: FastifyPluginAsyncTypebox<{ services: Services; channel: { current?: LiveChannel } }> = async (
  app,
  { services, channel },
) => {
  for (const s of LIVE_EVENT_SCHEMAS) app.addSchema(s);
  type Send = <K extends keyof LiveEvents>(event: K, data: LiveEvents[K]) => void;
  const clients = new Set<Send>();
  const broadcast: Send = (event, data) => {
    for (const send of clients) send(event, data);
  };
  const onChange = (d: DeviceView) => broadcast('device', d);
  services.registry.on('change', onChange);
  channel.current = {
    publishRecording: (row) => broadcast('recording', toView(row)),
    publishCoverage: (stepIds) => broadcast('coverage', { stepIds }),
    publishAlert: (alert) => broadcast('alert', alert),
  };

  // WebSocket live video on the same URL as HTTP-FLV: ws://<station>/live/<deviceId>.flv
  // Upgrades bypass Fastify's hooks: the same sign-in and role check as GET /live/:file, and the
  // Origin must be the station itself (a page elsewhere must not ride the officer's cookie).
  const refuse = (socket: Duplex, status: string) =>
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const m = LIVE_PATH.exec((req.url ?? '').split('?')[0]!);
    const deviceId = m?.[1];
    if (!deviceId || !isDeviceId(deviceId)) return refuse(socket, '404 Not Found');
    if (req.headers.origin && hostOf(req.headers.origin) !== req.headers.host) return refuse(socket, '403 Forbidden');
    void services.auth.authenticate(credentialsOf(req.headers), req.socket.remoteAddress).then(
      (p) => {
        if (p.kind === 'anonymous') return refuse(socket, '401 Unauthorized');
        if (!allows(CAN.watchLive, p)) return refuse(socket, '403 Forbidden');
        // The same scope rule as GET /live/:file: a unit's supervisor watches their unit's recorders.
        return liveScope(services.db, scopeOfPrincipal(p), deviceId).then(
          () => {
            if (!services.ingest.isLive(deviceId)) return refuse(socket, '404 Not Found');
            services.ingest.playUpgrade(deviceId, req, socket, head);
          },
          (err: { statusCode?: number }) =>
            refuse(socket, err.statusCode === 403 ? '403 Forbidden' : '500 Internal Server Error'),
        );
      },
      (err) => refuse(socket, statusOf(err) === 429 ? '429 Too Many Requests' : '500 Internal Server Error'),
    );
  };
  app.server.on('upgrade', onUpgrade);

  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
    services.registry.off('change', onChange);
    clients.clear();
  });

  app.get(
    '/api/events',
    {
      config: { access: [...CAN.watchLive], scope: 'none' },
      schema: {
        summary: 'Live channel (text/event-stream): snapshot, device, recording, coverage, alert',
        description: 'Server-sent events; each event name is a key of LiveEvents and its data that key’s value',
        tags: ['live'],
        produces: ['text/event-stream'],
        response: { 200: Type.Ref(LiveEvents) },
      },
    },
    (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      const send: Send = (event, data) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      res.write('retry: 2000\n\n');
      send('snapshot', { devices: services.registry.list() });
      clients.add(send);
      // Comments keep proxies and idle-timeouts from closing a quiet stream.
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      const close = () => {
        clearInterval(ping);
        clients.delete(send);
      };
      req.raw.on('close', close);
      app.server.once('close', () => {
        close();
        res.end();
      });
    },
  );

  app.get(
    '/live/:file',
    {
      config: {
        access: [...CAN.watchLive],
        scope: (req) => [{ live: (req.params as { file: string }).file.slice(0, -'.flv'.length) }],
      },
      schema: {
        summary: 'Live video of a recorder as HTTP-FLV (/live/<deviceId>.flv)',
        tags: ['live'],
        params: Type.Object({ file: Type.String({ pattern: `${DEVICE_ID_PATTERN.slice(0, -1)}\\.flv$` }) }),
        response: { 404: ErrorBody },
      },
    },
    (req, reply) => {
      const deviceId = req.params.file.slice(0, -'.flv'.length);
      if (!services.ingest.isLive(deviceId)) {
        void reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: `device ${deviceId} is not streaming live now` });
        return;
      }
      reply.hijack();
      try {
        services.ingest.play(deviceId, req.raw, reply.raw);
      } catch (err) {
        req.log.error({ err }, 'live play failed');
        reply.raw.destroy();
      }
    },
  );
};
