// Part of the fleet benchmark (bench/fleet.mjs): the MQTT throughput load, in its own child process
// (forked with IPC) so its CPU is read apart from the broker's. Two roles, the same for both brokers:
//
//   node bench/fleet-mqtt-load.mjs pub   publisher connections (the real `mqtt` client), one recorder
//                                        id each, publishing that recorder's real StatePayload JSON
//                                        (retained, as recorders publish state) as fast as the broker
//                                        takes it, at most `window` unfinished publishes per connection:
//                                        the same state again and again (a heartbeat), or with `toggle`
//                                        standby and recording in turn (every message a state change)
//   node bench/fleet-mqtt-load.mjs sub   one subscriber on liuhen/devices/+/state counting what arrives
//
// IPC (pub): in {type:'start', mqttUrl, ids} → out {type:'ready'};
//            in {type:'go', qos, perConnection, window, toggle} → out {type:'done', t0, t1, published}
// IPC (sub): in {type:'start', mqttUrl, topic, qos} → out {type:'ready'};
//            in {type:'read'} → out {type:'count', count, tLast}
// Times are process.hrtime in ms (CLOCK_MONOTONIC: the same clock in every process on the machine).
import mqtt from 'mqtt';
import { PROTOCOL_VERSION, topics } from '@liuhen/device-profiles';

const role = process.argv[2];
const mono = () => Number(process.hrtime.bigint()) / 1e6;
const send = (m) => process.send?.(m);
process.on('disconnect', () => process.exit(0));

function connect(mqttUrl, clientId) {
  return mqtt.connectAsync(mqttUrl, { clientId, clean: true, keepalive: 60, reconnectPeriod: 0 });
}

/** A recorder's state in standby and recording, as the exact JSON it sends (built once: the load is the broker's). */
function statePayloads(deviceId) {
  const ts = new Date().toISOString();
  const base = {
    v: PROTOCOL_VERSION,
    deviceId,
    profile: 'sim',
    officerId: 'B200001',
    batteryPercent: 87,
    storageFreeBytes: 20_000_000_000,
    firmwareVersion: 'bench-fleet',
    clockOffsetMs: 3,
    ts,
  };
  return [
    Buffer.from(JSON.stringify({ ...base, state: 'standby', recordingId: null, recordingSince: null })),
    Buffer.from(
      JSON.stringify({
        ...base,
        state: 'recording',
        recordingId: '5b0f3f6e-2f7a-4d59-9a51-0c1c1e0e7b01',
        recordingSince: ts,
      }),
    ),
  ];
}

/** n publishes on one connection, keeping at most `window` unfinished (QoS 1: un-acknowledged; QoS 0: unwritten). */
function publishMany(conn, n, qos, window, toggle) {
  return new Promise((resolve, reject) => {
    let issued = 0;
    let finished = 0;
    let inflight = 0;
    let scheduled = false;
    const pump = () => {
      scheduled = false;
      while (inflight < window && issued < n) {
        inflight += 1;
        issued += 1;
        conn.c.publish(conn.topic, conn.payloads[toggle ? issued & 1 : 0], { qos, retain: true }, onDone);
      }
    };
    const onDone = (err) => {
      if (err) return reject(err);
      inflight -= 1;
      finished += 1;
      if (finished === n) resolve();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    };
    pump();
  });
}

if (role === 'pub') {
  const conns = [];
  process.on('message', (m) => {
    if (m.type === 'start') {
      Promise.all(
        m.ids.map(async (id) => ({
          c: await connect(m.mqttUrl, `pub-${id}`),
          topic: topics.state(id),
          payloads: statePayloads(id),
        })),
      ).then(
        (list) => {
          conns.push(...list);
          send({ type: 'ready' });
        },
        (err) => send({ type: 'error', message: `connect: ${err.message}` }),
      );
    } else if (m.type === 'go') {
      const t0 = mono();
      Promise.all(conns.map((conn) => publishMany(conn, m.perConnection, m.qos, m.window, m.toggle))).then(
        () => send({ type: 'done', t0, t1: mono(), published: conns.length * m.perConnection }),
        (err) => send({ type: 'error', message: `publish: ${err.message}` }),
      );
    } else if (m.type === 'stop') {
      void Promise.all(conns.map((conn) => conn.c.endAsync(true))).finally(() => process.exit(0));
    }
  });
} else if (role === 'sub') {
  let count = 0;
  let tLast = 0;
  let client;
  process.on('message', (m) => {
    if (m.type === 'start') {
      connect(m.mqttUrl, `sub-${process.pid}`)
        .then(async (c) => {
          client = c;
          c.on('message', () => {
            count += 1;
            tLast = mono();
          });
          await c.subscribeAsync(m.topic, { qos: m.qos });
          send({ type: 'ready' });
        })
        .catch((err) => send({ type: 'error', message: `subscribe: ${err.message}` }));
    } else if (m.type === 'read') {
      send({ type: 'count', count, tLast });
    } else if (m.type === 'stop') {
      void (client?.endAsync(true) ?? Promise.resolve()).finally(() => process.exit(0));
    }
  });
} else {
  console.error('usage: node bench/fleet-mqtt-load.mjs pub|sub (forked by bench/fleet.mjs)');
  process.exit(2);
}
