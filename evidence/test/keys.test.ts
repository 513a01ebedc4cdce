/** Enrollment key pair: file modes, fingerprint, no overwrite, load checks. */
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { chmodSync, copyFileSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KeyExistsError,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  createDeviceKeys,
  loadDeviceKeys,
  loadOrCreateDeviceKeys,
  loadOrCreateStationKeys,
  loadPublicKey,
} from '../src/index.js';
import { tempDir, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

describe('device keys', () => {
  it('creates an Ed25519 pair: private key mode 600, public key PEM and its SPKI fingerprint', async () => {
    const dir = join(tempDir('keys'), 'k');
    const keys = await createDeviceKeys(dir);
    expect(statSync(keys.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(keys.publicKeyPath).mode & 0o777).toBe(0o644);
    expect(readFileSync(keys.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(keys.publicKeyPath, 'utf8')).toBe(keys.publicKeyPem);
    expect(keys.privateKey.asymmetricKeyType).toBe('ed25519');
    const der = createPublicKey(keys.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(keys.fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    expect(keys.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never overwrites an existing key', async () => {
    const dir = tempDir('keys');
    const first = await createDeviceKeys(dir);
    const pem = readFileSync(first.privateKeyPath, 'utf8');
    await expect(createDeviceKeys(dir)).rejects.toBeInstanceOf(KeyExistsError);
    expect(readFileSync(first.privateKeyPath, 'utf8')).toBe(pem);
    // A leftover public key alone also blocks creation.
    unlinkSync(first.privateKeyPath);
    await expect(createDeviceKeys(dir)).rejects.toThrow(/refusing to overwrite .*device\.pub\.pem/);

    const other = tempDir('keys');
    const a = await loadOrCreateDeviceKeys(other);
    const b = await loadOrCreateDeviceKeys(other);
    expect([a.created, b.created]).toEqual([true, false]);
    expect(b.keys.fingerprint).toBe(a.keys.fingerprint);
  });

  it('loads the pair back and signs with it', async () => {
    const dir = tempDir('keys');
    const made = await createDeviceKeys(dir);
    const keys = await loadDeviceKeys(dir);
    expect(keys.fingerprint).toBe(made.fingerprint);
    const msg = Buffer.from('留痕');
    expect(verify(null, msg, made.publicKey, sign(null, msg, keys.privateKey))).toBe(true);
    const pub = await loadPublicKey(join(dir, PUBLIC_KEY_FILE));
    expect(pub.fingerprint).toBe(made.fingerprint);
  });

  it('refuses a private key readable by others, and a public key that belongs to another device', async () => {
    const dir = tempDir('keys');
    await createDeviceKeys(dir);
    chmodSync(join(dir, PRIVATE_KEY_FILE), 0o644);
    await expect(loadDeviceKeys(dir)).rejects.toThrow(/permissions 644 are too open/);
    chmodSync(join(dir, PRIVATE_KEY_FILE), 0o600);

    const other = tempDir('keys');
    const stranger = await createDeviceKeys(other);
    unlinkSync(join(dir, PUBLIC_KEY_FILE));
    const healed = await loadDeviceKeys(dir); // a missing public key is re-derived
    expect(readFileSync(join(dir, PUBLIC_KEY_FILE), 'utf8')).toBe(healed.publicKeyPem);
    unlinkSync(join(dir, PUBLIC_KEY_FILE));
    copyFileSync(stranger.publicKeyPath, join(dir, PUBLIC_KEY_FILE));
    await expect(loadDeviceKeys(dir)).rejects.toThrow(/does not belong to/);
  });

  it('the station key: the same rules under station.key.pem / station.pub.pem', async () => {
    const dir = join(tempDir('keys'), 'keys');
    const first = await loadOrCreateStationKeys(dir);
    expect(first.created).toBe(true);
    expect(first.keys.privateKeyPath).toBe(join(dir, 'station.key.pem'));
    expect(statSync(first.keys.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'station.pub.pem'), 'utf8')).toBe(first.keys.publicKeyPem);
    const again = await loadOrCreateStationKeys(dir);
    expect([again.created, again.keys.fingerprint]).toEqual([false, first.keys.fingerprint]);
    // The private key gone but its public key left: refuse to make another signer under that name.
    unlinkSync(first.keys.privateKeyPath);
    await expect(loadOrCreateStationKeys(dir)).rejects.toThrow(/refusing to overwrite .*station\.pub\.pem/);
  });
});
