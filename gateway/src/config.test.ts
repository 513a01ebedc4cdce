import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envName, loadConfig, renderSampleConfig } from './config.js';

function yamlFile(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'liuhen.yaml');
  writeFileSync(f, text);
  return f;
}

describe('gateway config', () => {
  it('runs with zero config on the documented defaults', () => {
    const c = loadConfig({ env: {} });
    expect(c.mqtt.port).toBe(1883);
    expect(c.rtmp.port).toBe(1935);
    expect(c.http.port).toBe(8080);
    expect(c.storage.dataDir).toBe('./data');
    expect(c.recording).toEqual({ segmentSeconds: 60, fragmentSeconds: 1 });
  });

  it('environment overrides the file, which overrides the defaults', () => {
    const file = yamlFile('http:\n  port: 9000\nmqtt:\n  port: 2883\n');
    const c = loadConfig({ file, env: { LIUHEN_HTTP_PORT: '9100', LIUHEN_DEVICES_ALLOW_SIM_COMMANDS: 'false' } });
    expect(c.http.port).toBe(9100);
    expect(c.mqtt.port).toBe(2883);
    expect(c.devices.allowSimCommands).toBe(false);
  });

  it('names the bad setting and where it came from', () => {
    expect(() => loadConfig({ env: { LIUHEN_HTTP_PORT: 'eighty' } })).toThrow(
      /http\.port \(from environment variable LIUHEN_HTTP_PORT\)/,
    );
    const file = yamlFile('recording:\n  segmentSeconds: 1\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(
      /recording\.segmentSeconds \(from config file .*\).*greater or equal to 5/,
    );
  });

  it('refuses unknown sections and keys instead of ignoring a typo', () => {
    expect(() => loadConfig({ file: yamlFile('htp:\n  port: 1\n'), env: {} })).toThrow(/unknown section "htp"/);
    expect(() => loadConfig({ file: yamlFile('http:\n  prot: 1\n'), env: {} })).toThrow(/http/);
  });

  it('refuses a value of the wrong shape instead of putting the default in its place', () => {
    // Found by the config fuzz test: each of these loaded, with the operator's value silently replaced by {}.
    const cases: [string, RegExp][] = [
      ['legalReview:\n  caseFileOrder: []\n', /legalReview\.caseFileOrder \(from config file .*\): must be a mapping/],
      ['legalReview:\n  caseFileOrder: !!set {a, b}\n', /legalReview\.caseFileOrder .*not a Set/],
      ['legalReview:\n  caseFileOrder: !!omap [{penalty: [record]}]\n', /legalReview\.caseFileOrder .*not a Map/],
      ['mqtt: !!omap [{port: 1884}]\n', /"mqtt" must be a mapping/],
      ['!!omap [{mqtt: {port: 1884}}]\n', /must be a YAML mapping of sections/],
      ['mqtt:\n  readers: {username: cc}\n', /mqtt\.readers .*must be a list/],
    ];
    for (const [text, error] of cases) expect(() => loadConfig({ file: yamlFile(text), env: {} }), text).toThrow(error);
    const c = loadConfig({ file: yamlFile('legalReview:\n  caseFileOrder: {penalty: [record]}\n'), env: {} });
    expect(c.legalReview.caseFileOrder).toEqual({ penalty: ['record'] });
  });

  it('maps settings to environment names', () => {
    expect(envName('storage', 'dataDir')).toBe('LIUHEN_STORAGE_DATA_DIR');
    expect(envName('mqtt', 'drainTimeoutMs')).toBe('LIUHEN_MQTT_DRAIN_TIMEOUT_MS');
  });

  it('the sample config documents every setting with its environment name', () => {
    const sample = renderSampleConfig();
    expect(sample).toContain('LIUHEN_RTMP_RECONNECT_GRACE_SECONDS');
    expect(sample).toContain('port: 8080');
  });
});
