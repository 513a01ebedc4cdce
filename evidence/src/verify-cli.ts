#!/usr/bin/env node
/**
 * liuhen-verify: checks a folder of recorded segments and their hash chains, offline.
 *   liuhen-verify <folder> [--pubkey device.pub.pem]... [--json] [--allow-gaps]
 * Exit code 0 only if everything verifies; 1 if anything fails; 2 on usage errors.
 */
import { parseArgs } from 'node:util';
import { loadPublicKey } from './keys.js';
import { formatReport, verifyFolder } from './verify.js';

const USAGE = `usage: liuhen-verify <folder> [--pubkey key.pem]... [--json] [--allow-gaps]

Checks every segment and chain file in <folder> (and its subfolders):
every byte hashed exactly once, every hash, link and signature, no missing entries.
  --pubkey <pem>   trusted public key of the recorder (repeatable; default: *.pub.pem in the folder)
  --json           print the full report as JSON
  --allow-gaps     report missing entries between segments as warnings (partial footage)
Exit code: 0 verified 校验通过, 1 failed 未通过, 2 usage error.`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        pubkey: { type: 'string', multiple: true },
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
  let report;
  try {
    report = await verifyFolder(positionals[0]!, { publicKeys, allowGaps: values['allow-gaps'] });
  } catch (e) {
    console.error(`liuhen-verify: ${(e as Error).message}`);
    return 2;
  }
  process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.ok ? 0 : 1;
}

process.exitCode = await main();
