#!/usr/bin/env node
/**
 * liuhen-gateway: runs the station. Zero config; see liuhen.sample.yaml.
 *   liuhen-gateway                 start
 *   liuhen-gateway --print-config  print the effective configuration
 *   liuhen-gateway --sample-config print the sample config with every default
 *   liuhen-gateway --hash-password read a password on stdin, print its scrypt hash (for mqtt.readers)
 *   liuhen-gateway --verify-audit [--station-pubkey <pem>]
 *                                  re-hash the audit trail (留痕) of the station's database and check
 *                                  it against the checkpoints signed by the station key (default:
 *                                  data/keys/station.pub.pem); exit 0 if it verifies, 1 if not
 *                                  (works while the station runs)
 *   liuhen-gateway --add-user <name> --role <role> [--officer <badge>] [--unit <id>]
 *                                  create an account; the password is read from stdin
 *                                  (the first admin of a new station is made this way)
 *   liuhen-gateway --disable-demo-users
 *                                  disable the accounts a demo run created (auth.demo)
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPublicKey, STATION_KEY_FILES } from '@liuhen/evidence';
import { createAuditLog } from './audit/audit-log.js';
import { checkpointCount } from './audit/audit-repo.js';
import { STATION_KEYS_DIR, verifyAuditCheckpoints } from './audit/checkpoints.js';
import { createAuth } from './auth/accounts.js';
import { disableDemoUsers } from './auth/accounts-repo.js';
import { ROLES, isRole } from './auth/roles.js';
import { createLogger } from './log.js';
import { loadConfig, renderSampleConfig } from './config.js';
import { migrate, openSqlite } from './db/database.js';
import { hashSecret } from './devices/enrollment.js';
import { startGateway } from './gateway.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    'print-config': { type: 'boolean', default: false },
    'sample-config': { type: 'boolean', default: false },
    'verify-audit': { type: 'boolean', default: false },
    'station-pubkey': { type: 'string' },
    'hash-password': { type: 'boolean', default: false },
    'add-user': { type: 'string' },
    role: { type: 'string' },
    officer: { type: 'string' },
    unit: { type: 'string' },
    'disable-demo-users': { type: 'boolean', default: false },
  },
});

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

if (values['hash-password']) {
  const pw = await readStdinLine();
  if (pw.length < 12) {
    console.error('liuhen-gateway: use a password of at least 12 characters');
    process.exit(2);
  }
  console.log(hashSecret(pw));
  process.exit(0);
}

if (values['sample-config']) {
  process.stdout.write(renderSampleConfig());
  process.exit(0);
}

let config;
try {
  config = loadConfig({ file: values.config });
} catch (err) {
  console.error(`liuhen-gateway: ${(err as Error).message}`);
  process.exit(2);
}
if (values['verify-audit']) {
  const file = join(resolve(config.storage.dataDir), config.storage.databaseFile);
  if (!existsSync(file)) {
    console.error(`liuhen-gateway: no station database at ${file}; pass --config or set LIUHEN_STORAGE_DATA_DIR`);
    process.exit(2);
  }
  const db = openSqlite(file);
  const r = await createAuditLog(db).verify();
  if (r.ok) console.log(`留痕校验通过 audit trail verified: ${r.checked} entries, head #${r.headSeq} ${r.headHash}`);
  else
    console.log(
      `留痕校验未通过 audit trail FAILED at entry #${r.firstBad?.seq}: ${r.firstBad?.reason} (${r.checked} entries before it verify)`,
    );
  const cpOk = await verifyCheckpoints(db, resolve(config.storage.dataDir));
  await db.destroy();
  process.exit(r.ok && cpOk ? 0 : 1);
}

/** The signed checkpoints: a trail re-hashed after an edit verifies as a chain but not against them. */
async function verifyCheckpoints(db: ReturnType<typeof openSqlite>, dataDir: string): Promise<boolean> {
  const count = await checkpointCount(db);
  const keyPath = values['station-pubkey'] ?? join(dataDir, STATION_KEYS_DIR, STATION_KEY_FILES.publicKey);
  let key;
  try {
    key = await loadPublicKey(keyPath);
  } catch (err) {
    if (count === 0 && !values['station-pubkey']) {
      console.log('no signed checkpoints yet 尚无签名检查点 (the station has not started with a signing key)');
      return true;
    }
    console.log(
      `留痕检查点未校验 audit checkpoints NOT checked: cannot read the station key ${keyPath}: ${(err as Error).message}`,
    );
    return false;
  }
  const c = await verifyAuditCheckpoints(db, key);
  if (!c.ok) {
    console.log(
      `留痕检查点校验未通过 audit checkpoint ${c.firstBad?.id} (entry #${c.firstBad?.seq}) FAILED: ${c.firstBad?.reason} ` +
        `(${c.checked} checkpoints before it verify; station key ${key.fingerprint})`,
    );
    return false;
  }
  const latest = c.latest ? `, latest at entry #${c.latest.seq} (${c.latest.ts})` : '';
  console.log(
    `留痕检查点校验通过 audit checkpoints verified: ${c.checked} signed${latest}, station key ${key.fingerprint}`,
  );
  return true;
}
if (values['add-user'] !== undefined || values['disable-demo-users']) {
  const dataDir = resolve(config.storage.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = openSqlite(join(dataDir, config.storage.databaseFile));
  await migrate(db);
  const audit = createAuditLog(db);
  const auth = createAuth({ db, audit, config: config.auth, log: createLogger('warn') });
  let code = 0;
  try {
    if (values['disable-demo-users']) {
      console.log(`disabled ${await disableDemoUsers(db)} demo account(s)`);
    } else {
      const role = values.role ?? '';
      if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      const password = await readStdinLine();
      const u = await auth.createUser(
        {
          username: values['add-user']!,
          displayName: values['add-user']!,
          role,
          password,
          officerId: values.officer ?? null,
          unitId: values.unit ?? null,
        },
        'station-cli',
      );
      console.log(`created ${u.role} ${u.username} (${u.id})`);
    }
  } catch (err) {
    console.error(`liuhen-gateway: ${(err as Error).message}`);
    code = 2;
  }
  await db.destroy();
  process.exit(code);
}
if (values['print-config']) {
  console.log(JSON.stringify(config, null, 2));
  process.exit(0);
}

try {
  // Readable lines at a terminal, JSON for journald and files (log.format, LIUHEN_LOG_FORMAT).
  const gw = await startGateway(config, { log: createLogger(config.log) });
  console.log(`liuhen gateway: dashboard ${gw.url}/  mqtt :${gw.ports.mqtt}  rtmp :${gw.ports.rtmp}`);
  console.log(`  station signing key 站点签名公钥 ${gw.stationKey.fingerprint} (${gw.url}/api/station/key)`);
  for (const a of gw.demoAccounts) console.log(`  demo account ${a.username} (${a.role}) password ${a.password}`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await gw.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  console.error(`liuhen-gateway: ${(err as Error).message}`);
  process.exit(1);
}
