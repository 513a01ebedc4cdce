/**
 * The recorder's signing key: an Ed25519 key pair created once, at enrollment.
 *
 * - `device.key.pem`: PKCS#8 private key, file mode 600, created with O_EXCL so an existing key
 *   is never overwritten (a new key would orphan every chain signed with the old one).
 * - `device.pub.pem`: SPKI public key, handed to the station at enrollment and shipped next to
 *   offloaded footage so a reviewer can verify offline.
 * - fingerprint: SHA-256 of the DER-encoded SPKI public key, lowercase hex. Chain entries carry it
 *   as `keyId`; compare it with the enrollment record before trusting a key found in a folder.
 *
 * The station's own signing key (export manifests, audit checkpoints) is the same kind of pair under
 * other file names (`station.key.pem`, `station.pub.pem`), made at the station's first start.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { syncPath } from './fsync.js';

export const PRIVATE_KEY_FILE = 'device.key.pem';
export const PUBLIC_KEY_FILE = 'device.pub.pem';

/** The file names of a key pair in its directory. */
export interface KeyFileNames {
  privateKey: string;
  publicKey: string;
}
export const DEVICE_KEY_FILES: KeyFileNames = { privateKey: PRIVATE_KEY_FILE, publicKey: PUBLIC_KEY_FILE };
export const STATION_KEY_FILES: KeyFileNames = { privateKey: 'station.key.pem', publicKey: 'station.pub.pem' };

export interface DeviceKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** SHA-256 of the DER SPKI public key, hex. */
  fingerprint: string;
  privateKeyPath: string;
  publicKeyPath: string;
}

export class KeyExistsError extends Error {
  constructor(readonly path: string) {
    super(`refusing to overwrite existing key file ${path}`);
    this.name = 'KeyExistsError';
  }
}

/** SHA-256 (hex) of a public key's DER SubjectPublicKeyInfo. */
export function publicKeyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Writes a new file (never replacing one), fsyncs it and checks its mode. */
async function writeNew(path: string, data: string, mode: number): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyExistsError(path);
    throw e;
  }
  try {
    await fh.chmod(mode); // the umask may have removed bits; never added any
    await fh.writeFile(data);
    await fh.sync();
    const actual = (await fh.stat()).mode & 0o777;
    if (actual !== mode) throw new Error(`${path}: mode is ${actual.toString(8)}, expected ${mode.toString(8)}`);
  } finally {
    await fh.close();
  }
}

/**
 * Enrollment: creates a new key pair in `dir`. Throws KeyExistsError if either key file is
 * already there.
 */
export async function createDeviceKeys(dir: string, files: KeyFileNames = DEVICE_KEY_FILES): Promise<DeviceKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(dir, files.privateKey);
  const publicKeyPath = join(dir, files.publicKey);
  for (const p of [privateKeyPath, publicKeyPath]) if (await exists(p)) throw new KeyExistsError(p);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  await writeNew(privateKeyPath, privatePem, 0o600);
  await writeNew(publicKeyPath, publicKeyPem, 0o644);
  await syncPath(dir);
  return {
    privateKey,
    publicKey,
    publicKeyPem,
    fingerprint: publicKeyFingerprint(publicKey),
    privateKeyPath,
    publicKeyPath,
  };
}

/**
 * Loads the key pair from `dir`. Refuses a private key readable or writable by group or others
 * (like ssh does), and a public key file that does not match the private key. A missing public
 * key file (crash during enrollment) is re-derived from the private key.
 */
export async function loadDeviceKeys(dir: string, files: KeyFileNames = DEVICE_KEY_FILES): Promise<DeviceKeys> {
  const privateKeyPath = join(dir, files.privateKey);
  const publicKeyPath = join(dir, files.publicKey);
  const mode = (await stat(privateKeyPath)).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(`${privateKeyPath}: permissions ${mode.toString(8)} are too open (must be 600)`);
  }
  const privateKey = createPrivateKey(await readFile(privateKeyPath, 'utf8'));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateKeyPath}: not an Ed25519 key`);
  const derived = createPublicKey(privateKey);
  const fingerprint = publicKeyFingerprint(derived);
  const derivedPem = derived.export({ type: 'spki', format: 'pem' }) as string;
  let publicKeyPem: string;
  if (await exists(publicKeyPath)) {
    publicKeyPem = await readFile(publicKeyPath, 'utf8');
    if (publicKeyFingerprint(createPublicKey(publicKeyPem)) !== fingerprint) {
      throw new Error(`${publicKeyPath} does not belong to ${privateKeyPath}`);
    }
  } else {
    publicKeyPem = derivedPem;
    await writeNew(publicKeyPath, publicKeyPem, 0o644);
  }
  return { privateKey, publicKey: derived, publicKeyPem, fingerprint, privateKeyPath, publicKeyPath };
}

/** Loads the device keys, creating them on first run. */
export async function loadOrCreateDeviceKeys(
  dir: string,
  files: KeyFileNames = DEVICE_KEY_FILES,
): Promise<{ keys: DeviceKeys; created: boolean }> {
  if (await exists(join(dir, files.privateKey))) return { keys: await loadDeviceKeys(dir, files), created: false };
  return { keys: await createDeviceKeys(dir, files), created: true };
}

/**
 * The station's signing key in `dir` (e.g. data/keys), made on first start: the same rules as a
 * recorder's key (mode 600, O_EXCL, never overwritten; a lone public key blocks creation).
 */
export function loadOrCreateStationKeys(dir: string): Promise<{ keys: DeviceKeys; created: boolean }> {
  return loadOrCreateDeviceKeys(dir, STATION_KEY_FILES);
}

/** Reads a public key PEM (SPKI; a private key PEM is accepted and reduced to its public half). */
export async function loadPublicKey(path: string): Promise<{ key: KeyObject; fingerprint: string }> {
  const pem = await readFile(path, 'utf8');
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path}: not an Ed25519 key`);
  return { key, fingerprint: publicKeyFingerprint(key) };
}
