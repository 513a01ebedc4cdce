import { describe, expect, it } from 'vitest';
import { initialState, transition, type RecorderState } from './state-machine.js';

const now = new Date('2026-11-26T08:00:00Z');
let n = 0;
const id = () => `rec-${++n}`;

describe('recorder state machine', () => {
  it('a press in standby starts a recording, a second press stops it', () => {
    const a = transition(initialState, { type: 'press' }, now, id);
    expect(a.state).toMatchObject({ mode: 'recording', since: now });
    expect(a.events).toEqual(['button.pressed', 'recording.started']);
    const b = transition(a.state, { type: 'press' }, now, id);
    expect(b.state).toEqual({ mode: 'standby' });
    expect(b.events).toEqual(['button.pressed', 'recording.stopped']);
  });

  it('start and stop are idempotent', () => {
    const rec: RecorderState = { mode: 'recording', recordingId: 'x', since: now };
    expect(transition(rec, { type: 'start' }, now, id)).toEqual({ state: rec, events: [] });
    expect(transition(initialState, { type: 'stop' }, now, id)).toEqual({ state: initialState, events: [] });
  });

  it('every recording gets a new id', () => {
    const a = transition(initialState, { type: 'start' }, now, id).state;
    const b = transition(transition(a, { type: 'stop' }, now, id).state, { type: 'start' }, now, id).state;
    expect(a.mode === 'recording' && b.mode === 'recording' && a.recordingId !== b.recordingId).toBe(true);
  });
});
