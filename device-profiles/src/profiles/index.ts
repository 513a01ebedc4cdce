import { assertProfile, type HardwareProfile } from '../profile.js';
import { firmataDevkit } from './firmata-devkit.js';
import { raspi4 } from './raspi-4.js';
import { raspi5 } from './raspi-5.js';
import { raspiZero2w } from './raspi-zero-2w.js';
import { sim } from './sim.js';

const all = [sim, raspiZero2w, raspi4, raspi5, firmataDevkit].map((p) => assertProfile(p, p.id));

export const profiles: ReadonlyMap<string, HardwareProfile> = new Map(all.map((p) => [p.id, p]));

export function getProfile(id: string): HardwareProfile {
  const p = profiles.get(id);
  if (!p) throw new Error(`unknown hardware profile "${id}"; known profiles: ${[...profiles.keys()].join(', ')}`);
  return p;
}
