/**
 * The station's own recording of each live stream: when a recorder publishes
 * over RTMP, a segment recorder (ffmpeg) writes MP4 segments and indexes each
 * with its SHA-256. When the recorder reports it stopped on purpose, the stream
 * is closed after a short settle instead of waiting out the reconnect grace.
 */
import type { RecordingsTable } from '../db/schema.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Ingest } from '../ingest/ingest.js';
import type { Logger } from '../log.js';
import type { Extension } from '../station/lifecycle.js';
import type { RecordingIndex } from './recordings.js';
import { startSegmentRecorder, type SegmentRecorder } from './segment-recorder.js';

/** After a device reports it stopped, give its last packets this long to arrive before closing the recording. */
const STOP_SETTLE_MS = 1500;

export interface StationRecordingDeps {
  ingest: Ingest;
  registry: DeviceRegistry;
  recordings: RecordingIndex;
  ffmpegPath: string;
  footageRoot: string;
  config: { segmentSeconds: number; fragmentSeconds: number };
  log: Logger;
  /** A segment was stored and indexed (the live board shows it). */
  onStored(row: RecordingsTable): void;
}

export interface StationRecording extends Extension {
  /** The recorder reported recording → standby: it stopped on purpose, so close its station recording soon. */
  stoppedOnPurpose(deviceId: string): void;
}

export function createStationRecording(deps: StationRecordingDeps): StationRecording {
  const { ingest, registry, recordings, log } = deps;
  const recorders = new Map<string, SegmentRecorder>();

  const onPublish = (deviceId: string, sessionId: string) => {
    log.info({ deviceId, sessionId }, 'live stream started; recording at the station');
    const recorder = startSegmentRecorder({
      ffmpegPath: deps.ffmpegPath,
      footageRoot: deps.footageRoot,
      deviceId,
      sessionId,
      segmentSeconds: deps.config.segmentSeconds,
      fragmentSeconds: deps.config.fragmentSeconds,
      log,
      onSegment: async (seg) => {
        const row = await recordings.add(seg, registry.get(deviceId)?.officerId ?? null);
        log.info({ deviceId, file: seg.path, seconds: seg.durationSeconds, sha256: seg.sha256 }, 'segment stored');
        deps.onStored(row);
      },
    });
    recorders.set(sessionId, recorder);
    void recorder.done.then(() => recorders.delete(sessionId));
    ingest.attachSink(deviceId, recorder);
    registry.setLive(deviceId, true);
  };
  const onUnpublish = (deviceId: string) => {
    log.info({ deviceId }, 'live stream ended');
    registry.setLive(deviceId, false);
  };

  return {
    name: 'station recording',
    start() {
      ingest.on('publish', onPublish);
      ingest.on('unpublish', onUnpublish);
    },
    // The ingest closes first (it ends every stream); then each recorder finishes its last segment.
    async stop() {
      await ingest.close();
      await Promise.all([...recorders.values()].map((r) => r.done));
      ingest.off('publish', onPublish);
      ingest.off('unpublish', onUnpublish);
    },
    stoppedOnPurpose(deviceId) {
      if (!ingest.isLive(deviceId)) return;
      setTimeout(() => {
        if (registry.get(deviceId)?.state === 'standby') ingest.endStream(deviceId);
      }, STOP_SETTLE_MS).unref();
    },
  };
}
