import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

const SYSTEM_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
];

/**
 * A font file for the burned-in watermark. ffmpeg's drawtext needs a real file
 * (the static ffmpeg has no fontconfig database), so fall back to the DejaVu
 * font shipped in an npm package.
 */
export function resolveWatermarkFont(explicit?: string): string {
  if (explicit) return explicit;
  for (const f of SYSTEM_FONTS) if (existsSync(f)) return f;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
}

export function watermarkText(deviceId: string, officerId: string | null): string {
  return `DEV ${deviceId}  OFFICER ${officerId ?? '-'}`;
}

/**
 * drawtext re-reads this file each frame (reload=1), so an officer hand-over
 * shows in the watermark without restarting the encoder. Written atomically so
 * ffmpeg never reads half a line.
 */
export function writeWatermarkFile(path: string, deviceId: string, officerId: string | null): void {
  writeFileAtomic(path, watermarkText(deviceId, officerId));
}
