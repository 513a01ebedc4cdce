/**
 * An important mark (重要标记) pressed on a recorder puts the moment in front
 * of a supervisor: a `marked` review item spanning 30 s either side, filed
 * under the officer the hand-out desk says held the recorder then (the officer
 * the recorder names only when the desk has no record).
 */
import type { EventPayload } from '@liuhen/device-profiles';
import type { Db } from '../db/database.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Logger } from '../log.js';
import type { Extension } from '../station/lifecycle.js';
import { holderAt } from './owner.js';
import type { Reviews } from './reviews.js';

const AROUND_MS = 30_000;

export function createMarkedMoments(deps: {
  db: Db;
  registry: DeviceRegistry;
  reviews: Reviews;
  log: Logger;
}): Extension {
  const { db, registry, reviews, log } = deps;
  const onEvent = (e: EventPayload) => {
    if (e.type !== 'mark.set') return;
    const at = Date.parse(e.ts);
    void holderAt(db, e.deviceId, new Date(at).toISOString())
      .then((holder) =>
        reviews.ensureOpen(db, {
          kind: 'marked',
          subjectId: `${e.deviceId}#${e.seq}`,
          title: `${e.deviceId} ${e.ts.slice(0, 19).replace('T', ' ')}`,
          deviceId: e.deviceId,
          officerId: holder?.officerId ?? e.officerId ?? null,
          subjectStart: new Date(at - AROUND_MS).toISOString(),
          subjectEnd: new Date(at + AROUND_MS).toISOString(),
          detail: { ts: e.ts, seq: e.seq, recordingId: e.recordingId ?? null, reportedOfficerId: e.officerId ?? null },
        }),
      )
      .catch((err: Error) => log.error({ err: err.message }, 'could not queue a marked moment for review'));
  };
  return {
    name: 'marked moments',
    start: () => void registry.on('event', onEvent),
    stop: () => void registry.off('event', onEvent),
  };
}
