import { describe, expect, it } from 'vitest';
import { assertProfile, getProfile, profiles } from './index.js';

describe('hardware profiles', () => {
  it('ships one valid profile per board family', () => {
    expect([...profiles.keys()].sort()).toEqual(['firmata-devkit', 'raspi-4', 'raspi-5', 'raspi-zero-2w', 'sim']);
    for (const p of profiles.values()) expect(() => assertProfile(p, p.id)).not.toThrow();
  });

  it('keeps board facts in data: encoders per family', () => {
    expect(getProfile('raspi-4').video.encoder).toBe('h264_v4l2m2m');
    expect(getProfile('raspi-zero-2w').video.encoder).toBe('h264_v4l2m2m');
    // The Pi 5 has no hardware H.264 encoder.
    expect(getProfile('raspi-5').video.encoder).toBe('libx264');
    expect(getProfile('raspi-5').video.height).toBeLessThan(1080);
    expect(getProfile('sim').camera.kind).toBe('lavfi');
    expect(getProfile('firmata-devkit').io.kind).toBe('firmata');
  });

  it('rejects an invalid profile with the offending field', () => {
    const broken = { ...getProfile('sim'), video: { ...getProfile('sim').video, fps: 0 } };
    expect(() => assertProfile(broken, 'broken')).toThrow(/broken.*\/video\/fps/);
  });

  it('names the known profiles for an unknown id', () => {
    expect(() => getProfile('raspi-9')).toThrow(/known profiles: sim/);
  });
});
