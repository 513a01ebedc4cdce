/**
 * Confirm-to-stop, driven by the station: for every recorder, whether the
 * officer holding it is on an open full-process step (全过程音像记录) now.
 * The answer goes to the recorder as a retained message on
 * `liuhen/devices/<id>/policy`; while it is true a single press does not stop
 * the recording (the recorder asks for a confirming second press) and a stop
 * from the dashboard needs a reason (`stopReasonRequired` below).
 *
 * The officer is the one the desk handed the recorder to (an assignment whose
 * interval contains now), else the officer the recorder itself reports, as
 * the sorter and the alert rules decide it. A step counts when its
 * requirement is `full-process`, its case is not closed and its window
 * [startsAt, endsAt) contains now (an open end: still going on).
 *
 * The whole fleet is re-evaluated (two queries) at start, after every
 * committed change to cases, steps or assignments, when a recorder first
 * appears or reports another officer, and by a timer set to the next step or
 * assignment boundary (at most `maxWaitMs` away); a device's message is
 * published only when its answer changed.
 */
import { PROTOCOL_VERSION, topics, type PolicyPayload } from '@liuhen/device-profiles';
import type { Broker } from '../broker.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import { assignmentsNotEndedBy } from '../cases/people-repo.js';
import type { DeviceRegistry } from './registry.js';
import { fullProcessStepsNotEndedBy, stepKindAndCaseNumber } from '../cases/steps-repo.js';

/** A recorder's policy without the envelope (`v`, `deviceId`, `ts`). */
export type DevicePolicy = Pick<PolicyPayload, 'officerId' | 'fullProcessOpen' | 'stepId' | 'caseId' | 'stepEndsAt'>;

/** What the decision needs, as the store holds it (times are ISO 8601). */
export interface PolicyInput {
  devices: { id: string; reportedOfficerId: string | null }[];
  /** Assignments that have not ended by now (ongoing or still to begin). */
  assignments: { deviceId: string; officerId: string; startedAt: string; endedAt: string | null }[];
  /** Full-process steps of cases not closed that have not ended by now, one row per step and officer. */
  steps: { id: string; caseId: string; officerId: string; startsAt: string; endsAt: string | null }[];
}

const t = (iso: string) => Date.parse(iso);
const contains = (start: string, end: string | null, now: number) => t(start) <= now && (end === null || now < t(end));

export const NO_STEP: Omit<DevicePolicy, 'officerId'> = {
  fullProcessOpen: false,
  stepId: null,
  caseId: null,
  stepEndsAt: null,
};

/** The policy of every device at `now` (ms since the epoch). */
export function computePolicies(input: PolicyInput, now: number): Map<string, DevicePolicy> {
  const holders = new Map<string, { officerId: string; since: number }>();
  for (const a of input.assignments) {
    if (!contains(a.startedAt, a.endedAt, now)) continue;
    const prev = holders.get(a.deviceId);
    // The desk refuses overlapping assignments; should two exist, the later one holds.
    if (!prev || t(a.startedAt) > prev.since)
      holders.set(a.deviceId, { officerId: a.officerId, since: t(a.startedAt) });
  }
  const openSteps = new Map<string, PolicyInput['steps'][number]>();
  for (const s of input.steps) {
    if (!contains(s.startsAt, s.endsAt, now)) continue;
    const prev = openSteps.get(s.officerId);
    if (!prev || laterThan(s, prev)) openSteps.set(s.officerId, s);
  }
  const out = new Map<string, DevicePolicy>();
  for (const d of input.devices) {
    const officerId = holders.get(d.id)?.officerId ?? d.reportedOfficerId;
    const step = officerId === null ? undefined : openSteps.get(officerId);
    out.set(
      d.id,
      step
        ? { officerId, fullProcessOpen: true, stepId: step.id, caseId: step.caseId, stepEndsAt: step.endsAt }
        : { officerId, ...NO_STEP },
    );
  }
  return out;
}

/**
 * Of two open steps of one officer, the one to name: the one that lasts
 * longest (an open end lasts longest), so `stepEndsAt` says when the policy
 * can change by time; then the later start, then the id, for a stable answer.
 */
function laterThan(a: PolicyInput['steps'][number], b: PolicyInput['steps'][number]): boolean {
  const end = (s: typeof a) => (s.endsAt === null ? Infinity : t(s.endsAt));
  if (end(a) !== end(b)) return end(a) > end(b);
  if (t(a.startsAt) !== t(b.startsAt)) return t(a.startsAt) > t(b.startsAt);
  return a.id < b.id;
}

/** The first moment after `now` at which a policy may change by the clock alone, or null. */
export function nextChange(input: PolicyInput, now: number): number | null {
  let next = Infinity;
  const consider = (iso: string | null) => {
    if (iso === null) return;
    const x = t(iso);
    if (x > now && x < next) next = x;
  };
  for (const a of input.assignments) {
    consider(a.startedAt);
    consider(a.endedAt);
  }
  for (const s of input.steps) {
    consider(s.startsAt);
    consider(s.endsAt);
  }
  return next === Infinity ? null : next;
}

export interface StopPolicyDeps {
  db: Db;
  registry: DeviceRegistry;
  broker: Broker;
  log: Logger;
  /** Told after every committed change to cases, steps or assignments. */
  onCasesChange(fn: () => void): void;
  /** Longest wait between two evaluations, even with no boundary in sight (default 60 s). */
  maxWaitMs?: number;
  now?: () => number;
}

export function createStopPolicyPublisher(d: StopPolicyDeps) {
  const { db, registry, log } = d;
  const now = d.now ?? Date.now;
  const maxWaitMs = d.maxWaitMs ?? 60_000;
  /** What was last published per device (without `ts`), to publish only changes. */
  const published = new Map<string, DevicePolicy>();
  /** The officer each device last reported, to notice a change among the registry's many updates. */
  const reported = new Map<string, string | null>();
  let timer: NodeJS.Timeout | null = null;
  let loop: Promise<void> | null = null;
  let dirty = false;
  let started = false;
  let stopped = false;

  async function load(at: number): Promise<PolicyInput> {
    const nowIso = new Date(at).toISOString();
    const [assignments, steps] = await Promise.all([
      assignmentsNotEndedBy(db, nowIso),
      fullProcessStepsNotEndedBy(db, nowIso),
    ]);
    return {
      devices: registry.list().map((v) => ({ id: v.id, reportedOfficerId: v.officerId })),
      assignments: assignments.map((a) => ({
        deviceId: a.device_id,
        officerId: a.officer_id,
        startedAt: a.started_at,
        endedAt: a.ended_at,
      })),
      steps: steps.map((s) => ({
        id: s.id,
        caseId: s.case_id,
        officerId: s.officer_id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
      })),
    };
  }

  function publish(deviceId: string, p: DevicePolicy, at: number): Promise<void> {
    const payload: PolicyPayload = { v: PROTOCOL_VERSION, deviceId, ...p, ts: new Date(at).toISOString() };
    return new Promise((resolve, reject) =>
      d.broker.aedes.publish(
        {
          cmd: 'publish',
          topic: topics.policy(deviceId),
          payload: Buffer.from(JSON.stringify(payload)),
          qos: 1,
          retain: true,
          dup: false,
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  const same = (a: DevicePolicy | undefined, b: DevicePolicy) =>
    !!a &&
    a.officerId === b.officerId &&
    a.fullProcessOpen === b.fullProcessOpen &&
    a.stepId === b.stepId &&
    a.caseId === b.caseId &&
    a.stepEndsAt === b.stepEndsAt;

  async function evaluate(): Promise<void> {
    const at = now();
    const input = await load(at);
    for (const [deviceId, p] of computePolicies(input, at)) {
      if (same(published.get(deviceId), p)) continue;
      const before = published.get(deviceId);
      await publish(deviceId, p, at);
      published.set(deviceId, p);
      if (before?.fullProcessOpen !== p.fullProcessOpen || before?.stepId !== p.stepId)
        log.info(
          { deviceId, officerId: p.officerId, fullProcessOpen: p.fullProcessOpen, stepId: p.stepId },
          p.fullProcessOpen
            ? 'stop policy: full-process step open, stopping needs confirmation'
            : 'stop policy: no full-process step open',
        );
    }
    schedule(nextChange(input, at), at);
  }

  function schedule(next: number | null, at: number): void {
    if (timer) clearTimeout(timer);
    if (stopped) return;
    const wait = Math.max(0, Math.min(next === null ? maxWaitMs : next - at, maxWaitMs));
    timer = setTimeout(() => void refresh(), wait);
    timer.unref();
  }

  /** Re-evaluates every device; calls while one runs fold into one more run. Resolves when that run is done. */
  function refresh(): Promise<void> {
    dirty = true;
    if (!started || stopped) return loop ?? Promise.resolve();
    loop ??= (async () => {
      try {
        while (dirty && !stopped) {
          dirty = false;
          await evaluate().catch((err: Error) => {
            log.error({ err: err.message }, 'stop policy evaluation failed; retrying at the next change');
            schedule(null, now());
          });
        }
      } finally {
        loop = null;
      }
    })();
    return loop;
  }

  const onDevice = (v: { id: string; officerId: string | null }) => {
    if (reported.has(v.id) && reported.get(v.id) === v.officerId) return;
    reported.set(v.id, v.officerId);
    void refresh();
  };

  return {
    /** Publishes every known recorder's policy, then keeps them current. */
    async start(): Promise<void> {
      started = true;
      for (const v of registry.list()) reported.set(v.id, v.officerId);
      registry.on('change', onDevice);
      d.onCasesChange(() => void refresh());
      await refresh();
    },

    async stop(): Promise<void> {
      stopped = true;
      registry.off('change', onDevice);
      if (timer) clearTimeout(timer);
      await loop;
    },

    refresh,

    /** The policy last published for a device (undefined before the first). */
    published(deviceId: string): DevicePolicy | undefined {
      return published.get(deviceId);
    },

    /** A device's policy right now, from the store (not the last published answer). */
    async forDevice(deviceId: string): Promise<DevicePolicy> {
      const at = now();
      const p = computePolicies(await load(at), at).get(deviceId);
      return p ?? { officerId: null, ...NO_STEP };
    },

    /** How a person names a policy's step (its kind and case number), to say why a stop needs a reason. */
    async describeStep(stepId: string | null): Promise<{ kind: string; caseNumber: string } | undefined> {
      if (stepId === null) return undefined;
      const s = await stepKindAndCaseNumber(db, stepId);
      return s && { kind: s.kind, caseNumber: s.number };
    },
  };
}
export type StopPolicyPublisher = ReturnType<typeof createStopPolicyPublisher>;
