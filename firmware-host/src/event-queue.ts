/**
 * Device events survive outages and restarts: each is appended to a file on
 * disk before it is sent, and delivered in order, one at a time, until the
 * station acknowledges it (MQTT QoS 1 PUBACK). The station de-duplicates on
 * (device, seq), so a resend after a crash between send and acknowledgement
 * is harmless.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import type { EventPayload } from '@liuhen/device-profiles';
import { writeFileAtomic } from './atomic-write.js';

export interface EventQueue {
  enqueue(event: EventPayload): void;
  /** Sends what is pending; call when the link comes up. */
  pump(): void;
  pending(): number;
}

export function createEventQueue(
  file: string,
  send: (event: EventPayload) => Promise<void>,
  isConnected: () => boolean,
  log: (msg: string) => void,
): EventQueue {
  const ackFile = `${file}.acked`;
  let acked = 0;
  try {
    acked = Number(readFileSync(ackFile, 'utf8')) || 0;
  } catch {
    acked = 0;
  }
  const queue: EventPayload[] = [];
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as EventPayload;
        if (e.seq > acked) queue.push(e);
      } catch {
        // A line cut by a power cut mid-write: the event was never sent either.
        log('skipped a torn line in the event queue');
      }
    }
  }
  let sending = false;

  const persistAck = (seq: number) => {
    acked = seq;
    writeFileAtomic(ackFile, String(seq));
    // Everything delivered: start the file over so it does not grow forever.
    if (queue.length === 0) writeFileAtomic(file, '');
  };

  const pump = () => {
    if (sending || queue.length === 0 || !isConnected()) return;
    sending = true;
    const next = queue[0]!;
    send(next).then(
      () => {
        queue.shift();
        persistAck(next.seq);
        sending = false;
        pump();
      },
      (err: Error) => {
        sending = false;
        log(`event ${next.seq} not delivered yet (${err.message}); will retry on reconnect`);
      },
    );
  };

  return {
    enqueue(event) {
      appendFileSync(file, `${JSON.stringify(event)}\n`);
      const fd = openSync(file, 'r');
      fsyncSync(fd);
      closeSync(fd);
      queue.push(event);
      pump();
    },
    pump,
    pending: () => queue.length,
  };
}
