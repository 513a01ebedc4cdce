import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOfficerAssignment, loadOfficer } from './officer.js';

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'liuhen-officer-'));
  return { file: join(dir, 'officer.json'), watermarkFile: join(dir, 'watermark.txt') };
}

describe('officer assignment', () => {
  it('writes the watermark and the saved id; a restart keeps the last one set', () => {
    const f = files();
    const a = createOfficerAssignment({ deviceId: 'dev-1', ...f, initial: '33010012' });
    expect(readFileSync(f.watermarkFile, 'utf8')).toBe('DEV dev-1  OFFICER 33010012');
    a.set('33010099');
    expect(readFileSync(f.watermarkFile, 'utf8')).toBe('DEV dev-1  OFFICER 33010099');
    expect(createOfficerAssignment({ deviceId: 'dev-1', ...f }).get()).toBe('33010099');
    a.set(null);
    expect(readFileSync(f.watermarkFile, 'utf8')).toBe('DEV dev-1  OFFICER -');
    expect(createOfficerAssignment({ deviceId: 'dev-1', ...f }).get()).toBeNull();
  });

  it('an id given at start wins over the saved one', () => {
    const f = files();
    createOfficerAssignment({ deviceId: 'dev-1', ...f, initial: 'A1' });
    expect(createOfficerAssignment({ deviceId: 'dev-1', ...f, initial: 'B2' }).get()).toBe('B2');
    expect(createOfficerAssignment({ deviceId: 'dev-1', ...f, initial: null }).get()).toBeNull();
  });

  it('ignores a missing, corrupt or invalid file', () => {
    const f = files();
    expect(loadOfficer(f.file)).toBeUndefined();
    writeFileSync(f.file, '{not json');
    expect(loadOfficer(f.file)).toBeUndefined();
    writeFileSync(f.file, JSON.stringify({ officerId: 'has space' }));
    expect(loadOfficer(f.file)).toBeUndefined();
    writeFileSync(f.file, JSON.stringify({ officerId: null }));
    expect(loadOfficer(f.file)).toBeNull();
  });
});
