/**
 * The recorder's recording state as a pure transition function: the agent
 * feeds it inputs and carries out what it returns. More states (pre-record,
 * storage full, ...) join here with the recorder issue.
 */
import type { DeviceEventType } from '@liuhen/device-profiles';

export type RecorderState = { mode: 'standby' } | { mode: 'recording'; recordingId: string; since: Date };

export type RecorderInput = { type: 'press' } | { type: 'start' } | { type: 'stop' };

export interface Transition {
  state: RecorderState;
  /** Events to publish, in order; empty when the input changed nothing. */
  events: DeviceEventType[];
}

export const initialState: RecorderState = { mode: 'standby' };

export function transition(
  state: RecorderState,
  input: RecorderInput,
  now: Date,
  newRecordingId: () => string,
): Transition {
  const wantRecording = input.type === 'start' || (input.type === 'press' && state.mode === 'standby');
  const pressed: DeviceEventType[] = input.type === 'press' ? ['button.pressed'] : [];
  if (wantRecording && state.mode === 'standby') {
    return {
      state: { mode: 'recording', recordingId: newRecordingId(), since: now },
      events: [...pressed, 'recording.started'],
    };
  }
  if (!wantRecording && state.mode === 'recording') {
    return { state: { mode: 'standby' }, events: [...pressed, 'recording.stopped'] };
  }
  return { state, events: pressed };
}
