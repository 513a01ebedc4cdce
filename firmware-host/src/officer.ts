/**
 * Who holds the recorder. The hand-out desk sets it over MQTT (`set-officer`);
 * it is kept in `officer.json` so a reboot in the field does not forget it,
 * and written into the watermark file, which the encoder's drawtext re-reads
 * every frame (reload=1): the new id is burned into the very next frame,
 * with no encoder restart and no gap in the footage.
 */
import { readFileSync } from 'node:fs';
import { OfficerId, check } from '@liuhen/device-profiles';
import { writeFileAtomic } from './atomic-write.js';
import { writeWatermarkFile } from './watermark.js';

/** The persisted officer: an id, null (back at the station), or undefined when never saved or unreadable. */
export function loadOfficer(file: string): string | null | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || !('officerId' in raw)) return undefined;
  const id = raw.officerId;
  if (id === null) return null;
  return check(OfficerId, id).ok ? (id as string) : undefined;
}

export interface OfficerAssignment {
  get(): string | null;
  /** Persists the id and rewrites the watermark. */
  set(officerId: string | null): void;
}

export interface OfficerAssignmentOptions {
  deviceId: string;
  /** officer.json */
  file: string;
  /** The drawtext text file. */
  watermarkFile: string;
  /** Given at start (command line): wins over the saved one. Undefined: use the saved one, else none. */
  initial?: string | null;
}

export function createOfficerAssignment(opts: OfficerAssignmentOptions): OfficerAssignment {
  let officerId: string | null = opts.initial !== undefined ? opts.initial : (loadOfficer(opts.file) ?? null);
  const save = () => {
    // The watermark first: it is what the footage shows.
    writeWatermarkFile(opts.watermarkFile, opts.deviceId, officerId);
    writeFileAtomic(opts.file, JSON.stringify({ officerId, at: new Date().toISOString() }), { fsync: true });
  };
  save();
  return {
    get: () => officerId,
    set(id) {
      officerId = id;
      save();
    },
  };
}
