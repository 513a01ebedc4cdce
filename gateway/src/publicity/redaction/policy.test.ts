import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.js';
import { DEFAULT_REDACTION_POLICY, parseRedactionPolicy } from './policy.js';

function refusal(file: unknown): Invalid {
  try {
    parseRedactionPolicy(file);
  } catch (err) {
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).code).toBe('redaction-policy-invalid');
    return err as Invalid;
  }
  throw new Error('expected the policy to be refused');
}

describe('redaction policy file', () => {
  it('fills what a file leaves out from the default', () => {
    const policy = parseRedactionPolicy({
      agency: '杭州市西湖区市场监督管理局',
      naturalPersonParty: 'keep',
      kinds: { mobile: { action: 'mask', keepStart: 3, keepEnd: 4 } },
    });
    expect(policy).toEqual({
      ...DEFAULT_REDACTION_POLICY,
      agency: '杭州市西湖区市场监督管理局',
      naturalPersonParty: 'keep',
      kinds: { ...DEFAULT_REDACTION_POLICY.kinds, mobile: { action: 'mask', keepStart: 3, keepEnd: 4 } },
    });
  });

  it('names each field to fix', () => {
    expect(refusal({ naturalPersonParty: 'initials' }).message).toMatch(
      /policy\.naturalPersonParty: "initials" is not allowed; use one of "keep", "surname", "full", "label"/,
    );
    expect(refusal({ kinds: { mobile: { action: 'blur' } } }).message).toMatch(
      /policy\.kinds\.mobile: write it as one of the allowed shapes/,
    );
    expect(refusal({ kinds: { mobile: { action: 'label', label: '[电话1]' } } }).message).toMatch(
      /policy\.kinds\.mobile/,
    );
    expect(refusal({ keepRoles: ['officer', 'judge'] }).message).toMatch(/policy\.keepRoles\.1/);
    expect(refusal({ kinds: { email: { action: 'remove' } } }).message).toMatch(
      /policy\.kinds\.email: unknown field; remove it or correct its name/,
    );
    expect(refusal('mask everything').message).toMatch(/expected an object/);
  });
});
