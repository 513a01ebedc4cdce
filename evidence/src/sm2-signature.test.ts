/** SM2/SM3 document signatures: round trip, tampering, keys, canonical form, and what Node/OpenSSL really sign. */
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DocumentSignatureRecord,
  NotSm2KeyError,
  SM2_CANONICAL_JQ,
  canonicalSignedBytes,
  createSignerKey,
  signDocument,
  verifyDocumentSignature,
  type SignedFields,
} from './sm2-signature.js';

const opinion = Buffer.from('法制审核意见书\n审核结论：同意\n', 'utf8');
const signer = { id: 'R-0042', name: '张三', role: '法制审核人员', certificateNo: 'A20231100001' };
const signedAt = new Date('2025-03-04T05:06:07.089Z');
const key = createSignerKey();

const hex = (algorithm: string, data: Uint8Array) => createHash(algorithm).update(data).digest('hex');
const signed = (bytes: Uint8Array = opinion) =>
  signDocument({ bytes, signer, signedAt, privateKeyPem: key.privateKeyPem });
const failure = (r: ReturnType<typeof verifyDocumentSignature>) => (r.ok ? 'verified' : r.reason);

describe('createSignerKey', () => {
  it('makes an SM2 pair as PEM whose fingerprint is SM3 of the DER SPKI', () => {
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const der = createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(der.subarray(2, 23).toString('hex')).toBe('301306072a8648ce3d020106082a811ccf5501822d'); // ecPublicKey, SM2
    expect(key.fingerprint).toBe(hex('sm3', der));
    expect(createSignerKey().fingerprint).not.toBe(key.fingerprint);
  });
});

describe('signDocument and verifyDocumentSignature', () => {
  it('round trip: the record fits its schema, survives JSON and verifies against the same bytes', () => {
    const record = signed();
    expect(Value.Check(DocumentSignatureRecord, record)).toBe(true);
    expect(record).toMatchObject({
      algorithm: 'SM2-with-SM3',
      sm2UserId: '',
      content: { sha256: hex('sha256', opinion), sm3: hex('sm3', opinion) },
      signer,
      signedAt: '2025-03-04T05:06:07.089Z',
      fingerprint: key.fingerprint,
    });
    const parsed: unknown = JSON.parse(JSON.stringify(record));
    expect(verifyDocumentSignature(parsed, opinion)).toEqual({ ok: true, record: parsed });
    expect(verifyDocumentSignature(parsed, opinion, { fingerprint: key.fingerprint }).ok).toBe(true);
  });

  it('signs from digests: SHA-256 alone leaves SM3 out of the record, both are kept when given', () => {
    const sha256 = hex('sha256', opinion);
    const onlySha = signDocument({ sha256, signer, signedAt, privateKeyPem: key.privateKeyPem });
    expect(onlySha.content).toEqual({ sha256 });
    expect(verifyDocumentSignature(onlySha, opinion).ok).toBe(true);
    const both = signDocument({ sha256, sm3: hex('sm3', opinion), signer, signedAt, privateKeyPem: key.privateKeyPem });
    expect(verifyDocumentSignature(both, opinion).ok).toBe(true);
    expect(() =>
      signDocument({ sha256: sha256.toUpperCase(), signer, signedAt, privateKeyPem: key.privateKeyPem }),
    ).toThrow(/sha256 must be 64 lowercase hex/);
  });

  it('a changed byte fails, naming the digest that differs', () => {
    const record = signed();
    const tampered = Buffer.from(opinion);
    const at = tampered.length - 2;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 0x01, at);
    expect(failure(verifyDocumentSignature(record, tampered))).toMatch(
      /^SHA-256 of the document is [0-9a-f]{64}, the signature covers [0-9a-f]{64}: the document changed after signing/,
    );
    // With the SHA-256 forged to match, the SM3 digest still catches it.
    const forged = { ...record, content: { ...record.content, sha256: hex('sha256', tampered) } };
    expect(failure(verifyDocumentSignature(forged, tampered))).toMatch(/^SM3 of the document is /);
  });

  it('a changed signer name, role, time or certificate number fails the signature', () => {
    const record = signed();
    const changes: Partial<DocumentSignatureRecord>[] = [
      { signer: { ...signer, name: '李四' } },
      { signer: { ...signer, role: '审核机构负责人' } },
      { signer: { ...signer, certificateNo: undefined } },
      { signedAt: '2025-03-04T05:06:08.089Z' },
    ];
    for (const change of changes) {
      const copy: unknown = JSON.parse(JSON.stringify({ ...record, ...change }));
      expect(failure(verifyDocumentSignature(copy, opinion))).toMatch(/SM2 signature does not match the signed fields/);
    }
  });

  it('a wrong key fails: another key, a fingerprint not of the key, a key not the registered one', () => {
    const record = signed();
    const other = createSignerKey();
    const swapped = { ...record, publicKeyPem: other.publicKeyPem, fingerprint: other.fingerprint };
    expect(failure(verifyDocumentSignature(swapped, opinion))).toMatch(/SM2 signature does not match/);
    const mismatched = { ...record, publicKeyPem: other.publicKeyPem };
    expect(failure(verifyDocumentSignature(mismatched, opinion))).toBe(
      `fingerprint ${key.fingerprint} is not that of publicKeyPem (${other.fingerprint})`,
    );
    expect(failure(verifyDocumentSignature(record, opinion, { fingerprint: other.fingerprint }))).toMatch(
      /^signed with key [0-9a-f]{64}, not the expected [0-9a-f]{64}: not this signer's registered key$/,
    );
  });

  it('refuses a P-256 key with a clear message, when signing and when verifying', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKeyPem = p256.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const attempt = () => signDocument({ bytes: opinion, signer, signedAt, privateKeyPem });
    expect(attempt).toThrow(NotSm2KeyError);
    expect(attempt).toThrow(
      'the private key is an EC key but curve prime256v1 (NIST P-256) is not SM2: use an SM2 key from createSignerKey()',
    );
    const publicKeyPem = p256.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const record = { ...signed(), publicKeyPem };
    expect(failure(verifyDocumentSignature(record, opinion))).toBe(
      'publicKeyPem cannot be used: publicKeyPem is an EC key but curve prime256v1 (NIST P-256) is not SM2: use an SM2 key from createSignerKey()',
    );
  });

  it('refuses an Ed25519 key', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => signDocument({ bytes: opinion, signer, signedAt, privateKeyPem: ed })).toThrow(
      'the private key has key type ed25519, not SM2',
    );
  });

  it('refuses records with unsigned extra fields, another version or a malformed signature', () => {
    const record = signed();
    expect(failure(verifyDocumentSignature({ ...record, note: 'unsigned' }, opinion))).toMatch(
      /^not a liuhen-sm2-document-signature v1 record: /,
    );
    expect(failure(verifyDocumentSignature({ ...record, version: 2 }, opinion))).toMatch(
      /^not a .* record: \/version: /,
    );
    expect(failure(verifyDocumentSignature({ ...record, signature: 'AAAA' }, opinion))).toMatch(
      /SM2 signature does not match/,
    );
    expect(failure(verifyDocumentSignature('not an object', opinion))).toMatch(/^not a .* record/);
  });

  it('refuses control characters in signer fields (they would forge a line of the signed text)', () => {
    const forged = { ...signer, name: '张三\nsigner-role=局长' };
    expect(() => signDocument({ bytes: opinion, signer: forged, signedAt, privateKeyPem: key.privateKeyPem })).toThrow(
      /^signer\/name: .*no control characters/,
    );
    const fields: SignedFields = { ...signed(), signer: forged };
    expect(() => canonicalSignedBytes(fields)).toThrow('signer-name contains a control character');
  });
});

describe('canonical signed bytes', () => {
  const fields: SignedFields = {
    format: 'liuhen-sm2-document-signature',
    version: 1,
    algorithm: 'SM2-with-SM3',
    sm2UserId: '',
    content: { sha256: 'a'.repeat(64), sm3: 'b'.repeat(64) },
    signer,
    signedAt: '2025-03-04T05:06:07.089Z',
    fingerprint: 'c'.repeat(64),
  };

  it('is the documented twelve lines, UTF-8, each ended by LF; absent optionals are empty', () => {
    expect(canonicalSignedBytes(fields).toString('utf8')).toBe(
      'format=liuhen-sm2-document-signature\n' +
        'version=1\n' +
        'algorithm=SM2-with-SM3\n' +
        'sm2-user-id=\n' +
        `content-sha256=${'a'.repeat(64)}\n` +
        `content-sm3=${'b'.repeat(64)}\n` +
        'signer-id=R-0042\n' +
        'signer-name=张三\n' +
        'signer-role=法制审核人员\n' +
        'signer-certificate-no=A20231100001\n' +
        'signed-at=2025-03-04T05:06:07.089Z\n' +
        `key-fingerprint=${'c'.repeat(64)}\n`,
    );
    const { certificateNo: _, ...noCert } = signer;
    const bare = canonicalSignedBytes({ ...fields, content: { sha256: 'a'.repeat(64) }, signer: noCert });
    expect(bare.toString('utf8')).toContain('\ncontent-sm3=\nsigner-id=R-0042\n');
    expect(bare.toString('utf8')).toContain('\nsigner-certificate-no=\nsigned-at=');
  });

  it('the jq program in the top comment is SM2_CANONICAL_JQ (the recipe cannot drift from the code)', () => {
    const source = readFileSync(new URL('./sm2-signature.ts', import.meta.url), 'utf8');
    expect(source).toContain(` * jq -j '${SM2_CANONICAL_JQ}' opinion.sig.json > signed.txt\n`);
  });

  it('is stable: the same inputs give the same bytes, whatever the property order of the record', () => {
    const a = signed();
    const b = signed();
    expect(a.signature).not.toBe(b.signature); // SM2 signatures are randomised
    expect(canonicalSignedBytes(a)).toEqual(canonicalSignedBytes(b));
    const reordered: unknown = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(a).reverse())));
    expect(canonicalSignedBytes(reordered as SignedFields)).toEqual(canonicalSignedBytes(a));
    expect(verifyDocumentSignature(reordered, opinion).ok).toBe(true);
  });
});

// An independent SM2 verifier (GB/T 32918.2 §7, curve parameters from GB/T 32918.5) over public data
// only, to pin down what Node's sign('sm3', …) really computes.
const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = P - 3n;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const G: Point = [
  0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
];
type Point = readonly [bigint, bigint] | null;
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
const inv = (a: bigint, m: bigint) => {
  let [t, nt, r, nr] = [0n, 1n, m, mod(a, m)];
  while (nr) {
    const q = r / nr;
    [t, nt, r, nr] = [nt, t - q * nt, nr, r - q * nr];
  }
  return mod(t, m);
};
const add = (p: Point, q: Point): Point => {
  if (!p) return q;
  if (!q) return p;
  if (p[0] === q[0] && mod(p[1] + q[1], P) === 0n) return null;
  const l =
    p[0] === q[0] ? mod((3n * p[0] * p[0] + A) * inv(2n * p[1], P), P) : mod((q[1] - p[1]) * inv(q[0] - p[0], P), P);
  const x = mod(l * l - p[0] - q[0], P);
  return [x, mod(l * (p[0] - x) - p[1], P)];
};
const mul = (k: bigint, p: Point): Point => {
  let r: Point = null;
  for (; k; k >>= 1n, p = add(p, p)) if (k & 1n) r = add(r, p);
  return r;
};
const int = (b: Uint8Array) => BigInt('0x' + Buffer.from(b).toString('hex'));
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const sm3 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sm3')).digest();
const pointOf = (publicKeyPem: string): Point => {
  const q = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }).subarray(-64);
  return [int(q.subarray(0, 32)), int(q.subarray(32))];
};
/** DER SEQUENCE { INTEGER r, INTEGER s } with short lengths, as SM2-256 signatures have. */
const rs = (der: Buffer): [bigint, bigint] => {
  const rLen = der.readUInt8(3);
  const sLen = der.readUInt8(5 + rLen);
  return [int(der.subarray(4, 4 + rLen)), int(der.subarray(6 + rLen, 6 + rLen + sLen))];
};
const zA = (id: string, [x, y]: readonly [bigint, bigint]) => {
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(Buffer.byteLength(id) * 8);
  return sm3(entl, Buffer.from(id), be32(A), be32(B), be32(G[0]), be32(G[1]), be32(x), be32(y));
};
const sm2Accepts = (e: bigint, [r, s]: [bigint, bigint], q: Point) => {
  const point = add(mul(s, G), mul(mod(r + s, N), q));
  return point !== null && mod(e + point[0], N) === r;
};
const ecdsaAccepts = (e: bigint, [r, s]: [bigint, bigint], q: Point) => {
  const w = inv(s, N);
  const point = add(mul(mod(e * w, N), G), mul(mod(r * w, N), q));
  return point !== null && mod(point[0], N) === r;
};

describe("what Node's sign('sm3', …) computes (checked by an independent GB/T 32918.2 verifier)", () => {
  it('a PEM-loaded SM2 key: SM2 over SM3(Z_A ‖ M) with the empty signer ID, not the 1234567812345678 default, not SM3(M)', () => {
    const record = signed();
    const message = canonicalSignedBytes(record);
    const sig = rs(Buffer.from(record.signature, 'base64'));
    const q = pointOf(record.publicKeyPem);
    if (!q) throw new Error('no public point');
    expect(sm2Accepts(int(sm3(zA('', q), message)), sig, q)).toBe(true);
    expect(sm2Accepts(int(sm3(zA('1234567812345678', q), message)), sig, q)).toBe(false);
    expect(sm2Accepts(int(sm3(message)), sig, q)).toBe(false);
  });

  it('an in-memory generateKeyPairSync key signs ECDSA with SM3, which verifyDocumentSignature refuses', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const fingerprint = hex('sm3', publicKey.export({ type: 'spki', format: 'der' }));
    const { signature: _, publicKeyPem: __, ...fields } = { ...signed(), fingerprint };
    const message = canonicalSignedBytes(fields);
    const der = sign('sm3', message, privateKey);
    const q = pointOf(publicKeyPem);
    expect(ecdsaAccepts(int(sm3(message)), rs(der), q)).toBe(true);
    expect(sm2Accepts(int(sm3(zA('', q as readonly [bigint, bigint]), message)), rs(der), q)).toBe(false);
    const record = { ...fields, publicKeyPem, signature: der.toString('base64') };
    expect(failure(verifyDocumentSignature(record, opinion))).toMatch(/SM2 signature does not match/);
  });
});

const has = (cmd: string, args: string[], input = '') => {
  const r = spawnSync(cmd, args, { input });
  return !r.error && r.status === 0;
};
const openssl = has('openssl', ['dgst', '-sm3']);
const jq = has('jq', ['-n', '1']);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
};

describe.skipIf(!openssl)('openssl CLI interop (needs `openssl` with SM3 on PATH; skipped without)', () => {
  const work = () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-sm2-'));
    dirs.push(dir);
    return (name: string, data?: string | Uint8Array) => {
      const path = join(dir, name);
      if (data !== undefined) writeFileSync(path, data);
      return path;
    };
  };

  it('openssl dgst -sm3 -verify accepts a Node signature with no ID option, and rejects it with distid 1234567812345678', () => {
    const file = work();
    const record = signed();
    const pub = file('pub.pem', record.publicKeyPem);
    const sig = file('sig.der', Buffer.from(record.signature, 'base64'));
    const msg = file('signed.txt', canonicalSignedBytes(record));
    const plain = run('openssl', ['dgst', '-sm3', '-verify', pub, '-signature', sig, msg]);
    expect(plain.out).toContain('Verified OK');
    const withId = run('openssl', [
      'dgst',
      '-sm3',
      '-verify',
      pub,
      '-signature',
      sig,
      '-sigopt',
      'distid:1234567812345678',
      msg,
    ]);
    expect(withId.ok).toBe(false);
  });

  it('verifyDocumentSignature accepts openssl dgst -sm3 -sign with the default (empty) ID, refuses it with distid 1234567812345678', () => {
    const file = work();
    const unsigned = signed();
    const priv = file('key.pem', key.privateKeyPem);
    const msg = file('signed.txt', canonicalSignedBytes(unsigned));
    const signWith = (extra: string[]) => {
      const out = file('sig.der');
      expect(run('openssl', ['dgst', '-sm3', '-sign', priv, ...extra, '-out', out, msg]).ok).toBe(true);
      return { ...unsigned, signature: readFileSync(out).toString('base64') };
    };
    expect(verifyDocumentSignature(signWith([]), opinion).ok).toBe(true);
    expect(failure(verifyDocumentSignature(signWith(['-sigopt', 'distid:1234567812345678']), opinion))).toMatch(
      /SM2 signature does not match/,
    );
  });

  it.skipIf(!jq)(
    'the documented jq + openssl recipe rebuilds the signed bytes and verifies (needs jq; skipped without)',
    () => {
      const file = work();
      const record = signed();
      const json = file('opinion.sig.json', JSON.stringify(record, null, 2));
      const rebuilt = spawnSync('jq', ['-j', SM2_CANONICAL_JQ, json]);
      expect(rebuilt.status).toBe(0);
      expect(rebuilt.stdout).toEqual(canonicalSignedBytes(record));
      const pub = file('signer.pub.pem', spawnSync('jq', ['-j', '.publicKeyPem', json]).stdout);
      const sig = file('signature.der', Buffer.from(record.signature, 'base64'));
      expect(
        run('openssl', ['dgst', '-sm3', '-verify', pub, '-signature', sig, file('signed.txt', rebuilt.stdout)]).out,
      ).toContain('Verified OK');
      const { certificateNo: _, ...noCert } = signer;
      const bare = signDocument({
        sha256: record.content.sha256,
        signer: noCert,
        signedAt,
        privateKeyPem: key.privateKeyPem,
      });
      const bareJson = file('bare.sig.json', JSON.stringify(bare));
      expect(spawnSync('jq', ['-j', SM2_CANONICAL_JQ, bareJson]).stdout).toEqual(canonicalSignedBytes(bare));
    },
  );
});
