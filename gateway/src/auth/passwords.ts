/**
 * Password hashing with scrypt (memory-hard, in node:crypto): N=2^15, r=8, p=1
 * takes 32 MiB and about 0.1 s per check, run off the event loop. The format
 * names its parameters so they can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

const DEFAULT = { logN: 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function params(logN: number, r: number, p: number): ScryptOptions {
  const N = 2 ** logN;
  return { N, r, p, maxmem: 256 * N * r };
}

export async function hashPassword(password: string, cost = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_BYTES, params(cost.logN, cost.r, cost.p));
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), want.length, params(+logN!, +r!, +p!));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A hash of a random password: compared against when the user does not exist, so timing does not tell. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(randomBytes(16).toString('hex')));
}

/** What is wrong with a new password, or null. */
export function passwordProblem(password: string, username: string, minLength: number): string | null {
  if (password.length < minLength) return `the password needs at least ${minLength} characters`;
  if (password.length > 256) return 'the password may have at most 256 characters';
  if (password.toLowerCase().includes(username.toLowerCase()) && username.length >= 3)
    return 'the password must not contain the user name';
  if (/^(.)\1*$/.test(password)) return 'the password must not be one character repeated';
  return null;
}
