/**
 * Whose footage is it. The desk is the authority: a segment belongs to whoever
 * the desk had handed the recorder to when it started, and only when the desk
 * has no record of that time to the officer the recorder named (its own claim,
 * flagged when it disagrees with the desk: footage/recordings.ts). The footage's
 * unit is that officer's unit. One rule for what a unit's supervisor may see (access/scope.ts)
 * and for the unit a review item about footage is filed under. The queries: owner-repo.ts.
 */
import type { Db } from '../db/database.js';
import { deviceFootageIds, holderAt, unitOfOfficer } from './owner-repo.js';

// Who held a recorder when is asked from many places (the gateway, footage, access checks).
export { holderAt };

/** The unit footage belongs to: its officer's, or (naming none) the unit of the recorder's holder then. */
export async function unitOfFootage(
  db: Db,
  f: { officerId?: string | null; deviceId?: string | null; at?: string | null },
): Promise<string | null> {
  const holder = f.deviceId && f.at ? await holderAt(db, f.deviceId, f.at) : undefined;
  if (holder) return holder.unitId;
  if (f.officerId) return unitOfOfficer(db, f.officerId);
  return null;
}

/** The footage an unsorted-footage review item covers: the device's segments over the item's span. */
export async function reviewItemFootage(
  db: Db,
  item: { deviceId: string | null; subjectStart: string | null; subjectEnd: string | null },
): Promise<string[]> {
  if (!item.deviceId || !item.subjectStart || !item.subjectEnd) return [];
  return deviceFootageIds(db, item.deviceId, item.subjectStart, item.subjectEnd);
}
