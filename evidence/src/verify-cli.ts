#!/usr/bin/env node
/**
 * liuhen-verify: checks a folder of recorded segments and their hash chains, or a case export
 * (案卷导出: a .zip, or a folder whose manifest.json says so), offline.
 *   liuhen-verify <folder | export.zip> [--pubkey device.pub.pem]... [--station-pubkey station.pub.pem]...
 *                 [--json] [--allow-gaps]
 * Exit code 0 only if everything verifies; 1 if anything fails; 2 on usage errors.
 */
import { parseArgs } from 'node:util';
import { formatExportReport, isCaseExport, verifyExport } from './export-verify.js';
import { loadPublicKey } from './keys.js';
import { formatReport, verifyFolder } from './verify.js';

const USAGE = `usage: liuhen-verify <folder | case-export.zip> [--pubkey key.pem]... [--station-pubkey key.pem]...
                     [--json] [--allow-gaps]

A folder of recorder segments: checks every segment and chain file in it (and its subfolders):
every byte hashed exactly once, every hash, link and signature, no missing entries.
A case export 案卷导出 (a .zip, or a folder with a liuhen-case-export manifest.json): checks every
listed file's size and SHA-256, that nothing was added, each recorder chain against the device key
(keys/<device>.pub.pem, or --pubkey), the audit excerpt 留痕摘录, every version of the case documents
卷内文书 (documents/), each signed legal-review opinion 法制审核意见书 (SM2) against the document it
signs and its reviewer's key in legal-review/reviewers.json, and the station's signature 站点签名 of
the manifest (manifest.sig, which vouches for those reviewer keys) and of the audit checkpoint.
  --pubkey <pem>   trusted public key of the recorder (repeatable; default: the keys in the folder/export)
  --station-pubkey <pem>
                   trusted public key of the station (its data/keys/station.pub.pem, or
                   GET /api/station/key); without it the station signature is checked only
                   against the key inside the export, and a warning says so
  --json           print the full report as JSON
  --allow-gaps     report missing entries between segments as warnings (partial footage;
                   always the case for an export, which holds only the case's segments)
Exit code: 0 verified 校验通过, 1 failed 未通过, 2 usage error.`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        pubkey: { type: 'string', multiple: true },
        'station-pubkey': { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        'allow-gaps': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    console.error(`liuhen-verify: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const publicKeys = [];
  for (const p of values.pubkey ?? []) {
    try {
      publicKeys.push({ ...(await loadPublicKey(p)), source: p });
    } catch (e) {
      console.error(`liuhen-verify: cannot read public key ${p}: ${(e as Error).message}`);
      return 2;
    }
  }
  const stationKeys = [];
  for (const p of values['station-pubkey'] ?? []) {
    try {
      stationKeys.push({ ...(await loadPublicKey(p)), source: p });
    } catch (e) {
      console.error(`liuhen-verify: cannot read station public key ${p}: ${(e as Error).message}`);
      return 2;
    }
  }
  const target = positionals[0]!;
  let report;
  let text: string;
  try {
    if (await isCaseExport(target)) {
      report = await verifyExport(target, { publicKeys, stationKeys });
      text = formatExportReport(report);
    } else {
      if (stationKeys.length) {
        console.error(`liuhen-verify: --station-pubkey applies to case exports; ${target} is not one`);
        return 2;
      }
      report = await verifyFolder(target, { publicKeys, allowGaps: values['allow-gaps'] });
      text = formatReport(report);
    }
  } catch (e) {
    console.error(`liuhen-verify: ${(e as Error).message}`);
    return 2;
  }
  process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : text);
  return report.ok ? 0 : 1;
}

process.exitCode = await main();
