import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_TOPIC_KINDS, payloadSchemaByTopic, renderProtocolDoc } from './index.js';
import { fieldRows, protocolExamples, topicDocs } from './protocol-doc.js';
import { check } from './validate.js';

const docFile = new URL('../../docs/protocol.md', import.meta.url);

describe('docs/protocol.md', () => {
  const rendered = renderProtocolDoc();

  it('is up to date with the schemas', () => {
    let onDisk = '';
    try {
      onDisk = readFileSync(docFile, 'utf8');
    } catch {
      // reported by the assertion below
    }
    expect(
      onDisk === rendered,
      'docs/protocol.md is stale or missing: run `npx tsc -b && node scripts/gen-docs.mjs`',
    ).toBe(true);
  });

  it('renders the same text every time', () => {
    expect(renderProtocolDoc()).toBe(rendered);
  });

  it.each(protocolExamples.map((e, i) => [`${e.kind} #${i + 1}`, e] as const))(
    'example %s validates against its schema',
    (_, e) => {
      expect(check(payloadSchemaByTopic[e.kind], e.value)).toEqual({ ok: true, value: e.value });
    },
  );

  it('has at least one example for every topic kind', () => {
    for (const kind of DEVICE_TOPIC_KINDS)
      expect(
        protocolExamples.some((e) => e.kind === kind),
        kind,
      ).toBe(true);
  });

  it('names every topic kind and documents its topic', () => {
    for (const kind of DEVICE_TOPIC_KINDS) {
      expect(rendered).toContain(`\`liuhen/devices/<id>/${kind}\``);
      expect(rendered).toContain(`### ${kind} — ${payloadSchemaByTopic[kind].$id}`);
      expect(topicDocs[kind]).toBeDefined();
    }
    expect(rendered).toContain('`liuhen/gateway/availability`');
  });

  it('lists every field of every payload schema in its table', () => {
    for (const kind of DEVICE_TOPIC_KINDS) {
      const schema = payloadSchemaByTopic[kind];
      const section = rendered.split(`### ${kind} — `)[1]!.split('\n### ')[0]!;
      const names = Object.keys(schema.properties);
      expect(fieldRows(schema).map((f) => f.name)).toEqual(names);
      for (const name of names)
        expect(section, `${schema.$id}.${name}`).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
    }
  });

  it('marks optional fields as not required', () => {
    const ts = fieldRows(payloadSchemaByTopic.availability).find((f) => f.name === 'ts')!;
    expect(ts.required).toBe(false);
    const seq = fieldRows(payloadSchemaByTopic.events).find((f) => f.name === 'seq')!;
    expect(seq).toMatchObject({ required: true, type: '`integer`', constraints: 'value ≥ 1' });
    const officer = fieldRows(payloadSchemaByTopic.state).find((f) => f.name === 'officerId')!;
    expect(officer.type).toBe('`string` | `null`');
    expect(officer.constraints).toContain('pattern `^[A-Za-z0-9_-]+$`');
  });
});
