/**
 * Rows of the `publications` table as the station's publicity service writes them, signed with
 * a given station key: for the portal's tests and for seeding a demo. No SQL here; the caller
 * inserts the rows (db.insertInto('publications').values(rows)).
 */
import type { PublicationFields, PublicItem } from '@liuhen/contract';
import { signManifest, type SigningKey } from '@liuhen/evidence';
import type { PublicationsTable } from '../db/schema.js';

export interface SamplePublication {
  itemId: string;
  kind?: PublicItem['kind'];
  state?: 'draft' | 'published' | 'withdrawn' | 'expired';
  title: string;
  /** The public (redacted) fields; defaults fill what is not given. */
  fields?: Partial<PublicationFields>;
  publishedAt?: string;
  updatedAt?: string;
  expiresAt?: string | null;
  withdrawnAt?: string | null;
  withdrawReason?: string | null;
  /** Internal columns, for tests that check they never leave the station. */
  internal?: Partial<
    Pick<PublicationsTable, 'original' | 'redacted' | 'findings' | 'withhold' | 'signed_off_by' | 'case_id'>
  >;
}

const DEFAULT_FIELDS: PublicationFields = {
  decisionNumber: '示市监处罚〔2025〕1号',
  party: '某某餐饮有限公司',
  violation: '未按规定履行法定义务。',
  basis: '《中华人民共和国食品安全法》第一百二十四条',
  outcome: '没收违法所得，罚款人民币五千元。',
  agency: '示例县市场监督管理局',
  decisionDate: '2025-03-01',
};

/** The PublicItem of a sample, as signed. */
export function samplePublicItem(s: SamplePublication): PublicItem {
  const publishedAt = s.publishedAt ?? '2025-03-03T02:00:00.000Z';
  return {
    id: s.itemId,
    kind: s.kind ?? 'penalty',
    title: s.title,
    fields: { ...DEFAULT_FIELDS, ...s.fields },
    publishedAt,
    updatedAt: s.updatedAt ?? publishedAt,
    expiresAt: s.expiresAt ?? null,
  };
}

/** A signed row for the publications table. */
export function samplePublicationRow(key: SigningKey, s: SamplePublication, n = 0): PublicationsTable {
  const item = samplePublicItem(s);
  const publicJson = JSON.stringify(item);
  const signature = JSON.stringify(signManifest(Buffer.from(publicJson, 'utf8'), key, s.itemId));
  const state = s.state ?? 'published';
  const f = item.fields;
  return {
    id: `pub-${String(n).padStart(4, '0')}-${Buffer.from(s.itemId).toString('hex').slice(-12)}`,
    item_id: s.itemId,
    case_id: null,
    kind: item.kind,
    state,
    title: item.title,
    original: JSON.stringify(f),
    redacted: JSON.stringify(f),
    findings: '[]',
    withhold: '[]',
    party_type: 'legal-person',
    decided_at: `${f.decisionDate}T00:00:00.000Z`,
    due_at: item.publishedAt,
    signed_off_by: null,
    published_at: state === 'draft' ? null : item.publishedAt,
    // A draft keeps its signed text too: what hides it from the public is its state alone.
    public_json: publicJson,
    signature,
    withdrawn_at: s.withdrawnAt ?? null,
    withdraw_kind: s.withdrawnAt ? 'revoked' : null,
    withdraw_reason: s.withdrawReason ?? null,
    expires_at: item.expiresAt,
    search_text: [item.title, ...Object.values(f)].join('\n'),
    created_at: item.publishedAt,
    updated_at: item.updatedAt,
    ...s.internal,
  };
}
