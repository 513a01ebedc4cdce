// The published results the publicity benchmark (bench/publicity.mjs) fills a station database with:
// rows built by gateway/src/portal/sample-publications.ts (samplePublicationRow, signed with the station
// key) and inserted straight into `publications` in transactions of 5,000. Deterministic.
//   penalty 50 %, inspection 20 %, licensing 15 %, compulsion 8 %, random-inspection 5 %, reward 2 %;
//   published evenly from 2023-01-01 to 2026-11-30 (China time), newest last; penalties carry an expiry
//   five years after publication (still live: the portal's julianday branch is exercised), others none.

import { rng } from './lib.mjs';

const KINDS = [
  ['penalty', 50, '行政处罚决定书', '处罚'],
  ['inspection', 20, '监督检查结果', '检'],
  ['licensing', 15, '行政许可决定书', '许'],
  ['compulsion', 8, '行政强制措施决定书', '强'],
  ['random-inspection', 5, '双随机抽查结果', '抽'],
  ['reward', 2, '行政奖励决定', '奖'],
];
const SHOPS = ['餐饮有限公司', '大药房', '超市', '食品经营部', '商贸有限公司', '五金店', '便利店', '物流有限公司'];
const PLACES = ['城关', '东湖', '西岭', '南桥', '北塘', '青石', '白沙', '长乐'];
const FACTS = [
  '经营超过保质期的食品，货值金额共计人民币一千二百元。',
  '未按规定建立并执行进货查验记录制度，无法提供所售食品的合格证明文件。',
  '药品储存温度不符合要求，冷藏药品存放于常温区域。',
  '销售标签不符合规定的预包装食品，标签未标注生产日期及保质期。',
  '在经营场所内未明码标价，且价格标示与实际结算价格不一致。',
  '使用未经检定的计量器具进行贸易结算。',
];
const BASES = [
  '《中华人民共和国食品安全法》第一百二十四条第一款第（五）项',
  '《中华人民共和国药品管理法》第一百二十六条',
  '《中华人民共和国价格法》第四十二条',
  '《中华人民共和国计量法》第二十六条',
];

const FROM = Date.parse('2022-12-31T16:00:00Z'); // 2023-01-01 00:00 China time
const TO = Date.parse('2026-11-29T16:00:00Z');
const YEAR_MS = 365.25 * 86_400_000;

/**
 * Inserts `count` published rows; returns what was stored and the id of a middle item (the item the
 * benchmark loads). `key` is { privateKey, publicKeyPem, fingerprint } (evidence SigningKey).
 */
export function populatePublications(raw, key, samplePublicationRow, count) {
  const rand = rng(20250303);
  const weights = KINDS.map((k) => k[1]);
  const total = weights.reduce((a, b) => a + b, 0);
  const kindOf = () => {
    let x = rand() * total;
    for (const k of KINDS) if ((x -= k[1]) < 0) return k;
    return KINDS[0];
  };
  const byKind = {};
  let insert;
  let columns;
  let sampleItemId;
  let chars = 0;
  const BATCH = 5000;
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      const [kind, , docName, abbr] = kindOf();
      const publishedMs = FROM + Math.floor(((TO - FROM) * n) / count) + Math.floor(rand() * 60_000);
      const publishedAt = new Date(publishedMs).toISOString();
      const year = new Date(publishedMs + 8 * 3_600_000).getUTCFullYear();
      const seq = String(n + 1).padStart(6, '0');
      const number = `示市监${abbr}〔${year}〕${n + 1}号`;
      const place = PLACES[Math.floor(rand() * PLACES.length)];
      const party = `${place}某某${SHOPS[Math.floor(rand() * SHOPS.length)]}`;
      const itemId = `tag:gongshi.example.gov.cn,${year}:${kind}/${year}-${seq}`;
      const decision = new Date(publishedMs - (3 + Math.floor(rand() * 10)) * 86_400_000 + 8 * 3_600_000);
      const fine = (1 + Math.floor(rand() * 50)) * 1000;
      const row = samplePublicationRow(
        key,
        {
          itemId,
          kind,
          title: `示例县市场监督管理局${docName} ${number}`,
          fields: {
            decisionNumber: number,
            party,
            violation: `经查，当事人${party}于${place}经营场所内${FACTS[Math.floor(rand() * FACTS.length)]}${FACTS[Math.floor(rand() * FACTS.length)]}以上事实有现场检查笔录、询问笔录及执法记录仪视频为证。`,
            basis: BASES[Math.floor(rand() * BASES.length)],
            outcome: kind === 'reward' ? '给予通报表扬。' : `责令改正，罚款人民币${fine}元。`,
            decisionDate: decision.toISOString().slice(0, 10),
          },
          publishedAt,
          expiresAt: kind === 'penalty' ? new Date(publishedMs + 5 * YEAR_MS).toISOString() : null,
        },
        n,
      );
      if (n === Math.floor(count / 2)) sampleItemId = itemId;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      chars += row.public_json.length;
      rows.push(row);
    }
    if (!insert) {
      columns = Object.keys(rows[0]);
      insert = raw.prepare(
        `INSERT INTO publications (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
    }
    raw.transaction(() => {
      for (const r of rows) insert.run(...columns.map((c) => r[c]));
    })();
  }
  return {
    sampleItemId,
    summary: {
      byKind,
      meanPublicJsonChars: Math.round(chars / count),
      publishedFrom: new Date(FROM).toISOString(),
      publishedTo: new Date(TO).toISOString(),
      rowsBuiltWith: 'gateway/src/portal/sample-publications.ts samplePublicationRow, signed with the station key',
    },
  };
}
