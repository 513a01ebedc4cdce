/**
 * A step's coverage as the station can prove it, in one pure function used by
 * the incremental sorter and the full sort alike (so both give the same
 * figures).
 *
 * The station knows each recorder's recordings from its MQTT events
 * (device-recordings.ts): pressed at `start`, stopped at `end`. Footage inside
 * [start, end) is **recorded**; footage in the pre-record allowance before the
 * press or the post-record allowance after the stop is **buffer**; footage
 * outside both was claimed by no recording and does not count at all. A
 * recorder with no recording on record at the station (older firmware,
 * footage brought in without events) is judged by its footage alone, as
 * before: all of it counts as recorded.
 *
 * A stop (or a recording cut without one) inside the window of a
 * full-process or required step, until the next press, is an
 * **interruption**, whether or not buffer footage covers that time.
 */
import type { DeviceRecordingsTable, StepRequirement } from '../db/schema.js';
import { clip, coverage, gaps, intersect, measure, union, type Coverage, type Gap, type Span } from './intervals.js';

/** Longest pre- or post-record a profile may set (device-profiles' schema): bounds the queries. */
export const MAX_BUFFER_MS = 300_000;

export type RecordingEnd = 'open' | 'stopped' | 'cut';

/** One recording of a device as its events tell it, in ms (the device's clock, as its footage). */
export interface RecordingSpan {
  recordingId: string;
  /** The press. */
  start: number;
  /** The stop; the last sign of a cut recording; Infinity while it is open. */
  end: number;
  endKind: RecordingEnd;
  preRecordMs: number;
  postRecordMs: number;
}

export interface FootageSpan extends Span {
  deviceId: string;
}

export interface Interruption extends Gap {
  /** `stop`: the recorder was stopped; `cut`: the recording ended without a stop (power, crash). */
  kind: 'stop' | 'cut';
  deviceId: string;
  recordingId: string;
  /** A press within the window ended it (else it lasts to the end of the window). */
  resumed: boolean;
}

export interface StepCoverageInput {
  window: Span;
  requirement: StepRequirement;
  /** Share of the window a `required` step needs (1 for full-process). */
  requiredRatio: number;
  /** Breaks in the footage shorter than this are not gaps (segment cuts). */
  toleranceMs: number;
  /** The step's linked footage. */
  footage: readonly FootageSpan[];
  /**
   * Recorders the step's officers held during the window: their recordings say when recording ran
   * even before their footage is offloaded.
   */
  held?: readonly string[];
  /** Devices the station has recordings on record for: their footage is judged by them. */
  classified: ReadonlySet<string>;
  /** Recordings per device; those near the window are enough. */
  recordings: ReadonlyMap<string, readonly RecordingSpan[]>;
}

export interface StepCoverageResult extends Coverage {
  /** Window seconds under recorded footage (no tolerance). */
  recordedSeconds: number;
  /** Window seconds under buffer footage only (pre- and post-record). */
  bufferSeconds: number;
  interruptions: Interruption[];
  /** The footage alone meets the requirement (no gap for full-process, the share for required). */
  footageOk: boolean;
  /** footageOk and no interruption. */
  passing: boolean;
}

export function stepCoverage(i: StepCoverageInput): StepCoverageResult {
  const byDevice = new Map<string, Span[]>();
  for (const f of i.footage) {
    let list = byDevice.get(f.deviceId);
    if (!list) byDevice.set(f.deviceId, (list = []));
    list.push({ start: f.start, end: f.end });
  }
  const counted: Span[] = [];
  const recorded: Span[] = [];
  /** When recording ran, by the events (classified devices) or by the footage (the others). */
  const running: Span[] = [];
  const ends: (RecordingSpan & { deviceId: string })[] = [];
  for (const [deviceId, spans] of byDevice) {
    if (!i.classified.has(deviceId)) {
      counted.push(...spans);
      recorded.push(...spans);
      running.push(...spans);
      continue;
    }
    const recs = i.recordings.get(deviceId) ?? [];
    const pressed = recs.map((r) => ({ start: r.start, end: r.end }));
    const allowed = recs.map((r) => ({ start: r.start - r.preRecordMs, end: r.end + r.postRecordMs }));
    counted.push(...intersect(spans, allowed));
    recorded.push(...intersect(spans, pressed));
    running.push(...pressed);
    for (const r of recs) ends.push({ ...r, deviceId });
  }
  for (const deviceId of i.held ?? []) {
    if (byDevice.has(deviceId) || !i.classified.has(deviceId)) continue;
    const recs = i.recordings.get(deviceId) ?? [];
    running.push(...recs.map((r) => ({ start: r.start, end: r.end })));
    for (const r of recs) ends.push({ ...r, deviceId });
  }
  const c = coverage(counted, i.window, i.toleranceMs);
  const recordedMs = measure(clip(recorded, i.window));
  const countedMs = measure(clip(counted, i.window));

  const interruptions: Interruption[] = [];
  if (i.requirement !== 'optional') {
    for (const g of gaps(union(running), i.window)) {
      // A break that starts with the window is a late start, not a stop inside it.
      if (g.start <= i.window.start) continue;
      const ended = ends
        .filter((r) => r.end === g.start)
        // A stop is the stronger fact; then a stable order.
        .sort((a, b) =>
          a.endKind === b.endKind
            ? a.deviceId.localeCompare(b.deviceId) || a.recordingId.localeCompare(b.recordingId)
            : a.endKind === 'stopped'
              ? -1
              : 1,
        )[0];
      if (!ended) continue;
      interruptions.push({
        ...g,
        kind: ended.endKind === 'cut' ? 'cut' : 'stop',
        deviceId: ended.deviceId,
        recordingId: ended.recordingId,
        resumed: g.end < i.window.end,
      });
    }
  }
  const need = i.requiredRatio;
  // Floating error must not fail a step that is covered to the millisecond.
  const footageOk = i.requirement === 'optional' || (need === 1 ? c.gaps.length === 0 : c.ratio + 1e-9 >= need);
  return {
    ...c,
    recordedSeconds: recordedMs / 1000,
    bufferSeconds: Math.max(0, countedMs - recordedMs) / 1000,
    interruptions,
    footageOk,
    passing: footageOk && interruptions.length === 0,
  };
}

/** A device_recordings row as a span: an open recording runs on. */
export function recordingSpanOf(r: DeviceRecordingsTable): RecordingSpan {
  return {
    recordingId: r.recording_id,
    start: Date.parse(r.started_at),
    end: r.ended_at === null ? Number.POSITIVE_INFINITY : Date.parse(r.ended_at),
    endKind: r.end_kind,
    preRecordMs: r.pre_record_ms,
    postRecordMs: r.post_record_ms,
  };
}

const isoOf = (t: number) => new Date(t).toISOString();

/** Interruptions as the API and the review item show them. */
export function interruptionViews(list: readonly Interruption[]) {
  return list.map((x) => ({
    start: isoOf(x.start),
    end: isoOf(x.end),
    seconds: x.seconds,
    kind: x.kind,
    deviceId: x.deviceId,
    recordingId: x.recordingId,
    resumed: x.resumed,
  }));
}

/** The facts of an interruption review item (the same from both sorts). */
export function interruptionReviewDetail(stepKind: string, requirement: string, list: readonly Interruption[]) {
  return { stepKind, requirement, interruptions: interruptionViews(list) };
}
