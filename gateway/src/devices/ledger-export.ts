/** The ledger (台账) as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and as XLSX. */
import ExcelJS from 'exceljs';
import type { LedgerView } from '@liuhen/contract';

const KIND_ZH: Record<string, string> = {
  enroll: '入网',
  'hand-out': '领用',
  'check-in': '归还',
  override: '强制领用',
  repair: '送修',
  'repair-done': '修复',
  retire: '报废',
};

const COLUMNS = [
  ['time', '时间 Time', 22],
  ['kind', '类型 Kind', 14],
  ['device', '设备 Device', 14],
  ['officer', '警号 Officer', 12],
  ['actor', '经办人 Actor', 22],
  ['reason', '原因 Reason', 30],
  ['detail', '详情 Detail', 50],
] as const;

/** China Standard Time, as the desk reads it. */
function localTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function row(e: LedgerView): string[] {
  return [
    localTime(e.ts),
    `${KIND_ZH[e.kind] ?? e.kind} ${e.kind}`,
    e.deviceId,
    e.officerId ?? '',
    e.actor,
    e.reason ?? '',
    JSON.stringify(e.detail),
  ];
}

const csvCell = (s: string) =>
  /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;

export function ledgerCsv(entries: LedgerView[]): string {
  const lines = [COLUMNS.map((c) => c[1]).join(','), ...entries.map((e) => row(e).map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function ledgerXlsx(entries: LedgerView[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'liuhen';
  const sheet = book.addWorksheet('台账 Ledger', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map(([key, header, width]) => ({ key, header, width }));
  sheet.getRow(1).font = { bold: true };
  for (const e of entries) sheet.addRow(row(e));
  sheet.autoFilter = { from: 'A1', to: `G${entries.length + 1}` };
  return Buffer.from(await book.xlsx.writeBuffer());
}
