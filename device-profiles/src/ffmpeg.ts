/* Which ffmpeg binary both the recorder agent and the station run. */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * Which ffmpeg to run: `FFMPEG_PATH`, else `ffmpeg` on PATH (Debian's, or the
 * Pi's with the v4l2 m2m encoder), else the binary shipped inside the
 * `@ffmpeg-installer/ffmpeg` npm package so a fresh machine works with no apt step.
 */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FFMPEG_PATH) return env.FFMPEG_PATH;
  if (cached) return cached;
  const onPath = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  if (onPath.status === 0) return (cached = 'ffmpeg');
  try {
    const require = createRequire(import.meta.url);
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
    return (cached = installer.path);
  } catch {
    throw new Error('ffmpeg not found: install it (apt-get install ffmpeg), run npm install, or set FFMPEG_PATH');
  }
}
