import { describe, expect, it } from 'vitest';
import { computePolicies, nextChange, type PolicyInput } from './stop-policy.js';

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const ms = (hhmm: string) => Date.parse(at(hhmm));

const base = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  devices: [
    { id: 'rec-1', reportedOfficerId: null },
    { id: 'rec-2', reportedOfficerId: '33010099' },
  ],
  assignments: [{ deviceId: 'rec-1', officerId: '33010012', startedAt: at('08:00'), endedAt: null }],
  steps: [{ id: 'step-a', caseId: 'case-1', officerId: '33010012', startsAt: at('09:00'), endsAt: at('10:00') }],
  ...over,
});

describe('stop policy: who is on an open full-process step', () => {
  it('is open for the holder while the step window contains now, [start, end)', () => {
    expect(computePolicies(base(), ms('08:59')).get('rec-1')).toEqual({
      officerId: '33010012',
      fullProcessOpen: false,
      stepId: null,
      caseId: null,
      stepEndsAt: null,
    });
    expect(computePolicies(base(), ms('09:00')).get('rec-1')).toEqual({
      officerId: '33010012',
      fullProcessOpen: true,
      stepId: 'step-a',
      caseId: 'case-1',
      stepEndsAt: at('10:00'),
    });
    expect(computePolicies(base(), ms('10:00')).get('rec-1')?.fullProcessOpen).toBe(false);
  });

  it('an open-ended step stays open', () => {
    const input = base({
      steps: [{ id: 'step-a', caseId: 'case-1', officerId: '33010012', startsAt: at('09:00'), endsAt: null }],
    });
    expect(computePolicies(input, ms('23:00')).get('rec-1')).toMatchObject({ fullProcessOpen: true, stepEndsAt: null });
  });

  it('follows the desk: an ended or not yet begun assignment holds nothing; without one, the reported officer', () => {
    const steps: PolicyInput['steps'] = [
      { id: 'step-a', caseId: 'case-1', officerId: '33010012', startsAt: at('09:00'), endsAt: null },
      { id: 'step-b', caseId: 'case-2', officerId: '33010099', startsAt: at('09:00'), endsAt: null },
    ];
    const ended = base({
      steps,
      assignments: [{ deviceId: 'rec-1', officerId: '33010012', startedAt: at('08:00'), endedAt: at('09:30') }],
    });
    expect(computePolicies(ended, ms('09:29')).get('rec-1')?.fullProcessOpen).toBe(true);
    expect(computePolicies(ended, ms('09:30')).get('rec-1')).toMatchObject({ officerId: null, fullProcessOpen: false });
    const later = base({
      steps,
      assignments: [{ deviceId: 'rec-1', officerId: '33010012', startedAt: at('11:00'), endedAt: null }],
    });
    expect(computePolicies(later, ms('10:00')).get('rec-1')?.officerId).toBeNull();
    // rec-2 has no assignment: the officer it reports counts.
    expect(computePolicies(ended, ms('09:30')).get('rec-2')).toMatchObject({
      officerId: '33010099',
      fullProcessOpen: true,
      stepId: 'step-b',
    });
    // An assignment wins over what the recorder reports.
    const handed = base({
      steps,
      assignments: [{ deviceId: 'rec-2', officerId: '33010012', startedAt: at('08:00'), endedAt: null }],
    });
    expect(computePolicies(handed, ms('09:30')).get('rec-2')).toMatchObject({
      officerId: '33010012',
      stepId: 'step-a',
    });
  });

  it("only the officer's own steps count", () => {
    const input = base({
      steps: [{ id: 'step-x', caseId: 'case-9', officerId: '33010077', startsAt: at('09:00'), endsAt: null }],
    });
    expect(computePolicies(input, ms('09:30')).get('rec-1')?.fullProcessOpen).toBe(false);
  });

  it('of overlapping steps names the one that lasts longest, so stepEndsAt is when it can change', () => {
    const input = base({
      steps: [
        { id: 'short', caseId: 'case-1', officerId: '33010012', startsAt: at('09:00'), endsAt: at('09:45') },
        { id: 'long', caseId: 'case-2', officerId: '33010012', startsAt: at('09:10'), endsAt: at('11:00') },
        { id: 'later', caseId: 'case-3', officerId: '33010012', startsAt: at('09:20'), endsAt: at('10:00') },
      ],
    });
    expect(computePolicies(input, ms('09:30')).get('rec-1')).toMatchObject({ stepId: 'long', caseId: 'case-2' });
    expect(computePolicies(input, ms('09:05')).get('rec-1')).toMatchObject({ stepId: 'short' });
    const open = base({
      steps: [
        { id: 'b', caseId: 'case-1', officerId: '33010012', startsAt: at('09:00'), endsAt: null },
        { id: 'a', caseId: 'case-1', officerId: '33010012', startsAt: at('09:00'), endsAt: null },
      ],
    });
    expect(computePolicies(open, ms('09:30')).get('rec-1')?.stepId).toBe('a');
  });

  it('answers for every device, with nobody holding an unassigned silent one', () => {
    const input = base({ devices: [{ id: 'rec-3', reportedOfficerId: null }], assignments: [], steps: [] });
    expect([...computePolicies(input, ms('09:00'))]).toEqual([
      ['rec-3', { officerId: null, fullProcessOpen: false, stepId: null, caseId: null, stepEndsAt: null }],
    ]);
  });
});

describe('stop policy: when to look again', () => {
  it('is the next step or assignment boundary after now', () => {
    const input = base({
      assignments: [{ deviceId: 'rec-1', officerId: '33010012', startedAt: at('08:00'), endedAt: at('12:00') }],
    });
    expect(nextChange(input, ms('08:30'))).toBe(ms('09:00'));
    expect(nextChange(input, ms('09:00'))).toBe(ms('10:00'));
    expect(nextChange(input, ms('10:00'))).toBe(ms('12:00'));
    expect(nextChange(input, ms('12:00'))).toBeNull();
  });
});
