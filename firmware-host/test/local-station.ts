/**
 * The station's MQTT side in miniature, for recorder tests that must not
 * depend on the whole gateway: a real aedes broker on an ephemeral loopback
 * port that checks every device publish against the contract (as the
 * station's broker does) and answers clock-sync requests.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import {
  PROTOCOL_VERSION,
  TimeRequestPayload,
  parseDeviceTopic,
  parsePayload,
  payloadSchemaByTopic,
  topics,
  type TimeReplyPayload,
} from '@liuhen/device-profiles';

export interface LocalStation {
  aedes: Aedes;
  mqttUrl: string;
  /** Nothing listens there: a recorder's live relay just retries. */
  rtmpUrl: string;
  /** Device publishes that broke the contract, with the reason. */
  rejected: { topic: string; reason: string }[];
  close(): Promise<void>;
}

export async function startLocalStation(): Promise<LocalStation> {
  const aedes = await Aedes.createBroker();
  const rejected: LocalStation['rejected'] = [];
  aedes.authorizePublish = (client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void) => {
    const parsed = parseDeviceTopic(packet.topic);
    if (client && parsed) {
      const r = parsePayload(payloadSchemaByTopic[parsed.kind], packet.payload as Buffer);
      const deviceId = r.ok ? (r.value as { deviceId?: string }).deviceId : undefined;
      const reason = !r.ok
        ? r.error
        : deviceId !== undefined && deviceId !== parsed.deviceId
          ? 'deviceId mismatch'
          : null;
      if (reason) {
        rejected.push({ topic: packet.topic, reason });
        // Diverted, as the station does, rather than refused: refusing would drop the client.
        packet.topic = `liuhen/rejected/${packet.topic}`;
        packet.retain = false;
      }
    }
    done(null);
  };
  // Clock sync, NTP-style, as the station answers it.
  aedes.subscribe(
    topics.time('+'),
    (packet, cb) => {
      const receivedAt = Date.now();
      const deviceId = packet.topic.split('/')[2]!;
      const r = parsePayload(TimeRequestPayload, packet.payload as Buffer);
      if (r.ok) {
        const reply: TimeReplyPayload = {
          v: PROTOCOL_VERSION,
          requestId: r.value.requestId,
          deviceSentAt: r.value.deviceSentAt,
          stationReceivedAt: receivedAt,
          stationSentAt: Date.now(),
        };
        aedes.publish(
          {
            cmd: 'publish',
            topic: topics['time-reply'](deviceId),
            payload: Buffer.from(JSON.stringify(reply)),
            qos: 0,
            retain: false,
            dup: false,
          },
          () => undefined,
        );
      }
      cb();
    },
    () => undefined,
  );
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    aedes,
    mqttUrl: `mqtt://127.0.0.1:${port}`,
    rtmpUrl: 'rtmp://127.0.0.1:9',
    rejected,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
