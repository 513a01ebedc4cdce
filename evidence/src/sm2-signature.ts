/**
 * SM2/SM3 detached signatures of case documents, first of all the legal review opinion
 * (法制审核意见书) that a reviewer (法制审核人员) signs before a major decision may be made.
 *
 * A signature record is JSON kept beside the exact bytes it signs (e.g. the opinion's PDF). It holds
 * the SM3 and SHA-256 digests of those bytes, who signed (id, name, role, optional certificate
 * number), when, the signer's SM2 public key with its fingerprint, and an SM2 signature with SM3.
 * The key inside the record only says which key signed: compare `fingerprint` with the key the
 * station registered for that reviewer (`verifyDocumentSignature(…, { fingerprint })`).
 *
 * ## Relation to GB/T 38540 (安全电子签章密码技术规范)
 * Follows its idea (structure as in its SES_Signature / TBS_Sign; confirm details against the text):
 * the signed fields play the part of TBS_Sign, with the SM3 digest of the original document
 * (dataHash) and the signing time (timeInfo); the signer fields and the key fingerprint stand in
 * for the signer's certificate that SES_Signature carries, and here are signed too. Algorithm SM2
 * with SM3 (OID 1.2.156.10197.1.501); signature value DER `SEQUENCE { r INTEGER, s INTEGER }`
 * (GB/T 35276).
 * Not implemented: the ASN.1/DER SES_Signature and TBS_Sign encodings, the electronic seal itself
 * (SESeal: seal image, maker's signature, validity), X.509 signer certificates and their chain or
 * revocation checks (a bare public key is trusted by fingerprint; `certificateNo` is only a label),
 * a trusted timestamp (`signedAt` is the signer's own clock), embedding in OFD/PDF (detached only),
 * hardware keys (the private key is a software PEM), and the GM/T 0009 default signer ID (below).
 *
 * ## What Node's crypto does with SM2 (checked on Node 20 / OpenSSL 3.0; the tests re-check it)
 * - A key **loaded from PEM** (OpenSSL gives it the SM2 type; Node reports `asymmetricKeyType`
 *   undefined) makes a real SM2 signature: e = SM3(Z_A ‖ M) with Z_A computed over an **empty**
 *   signer ID (ENTL = 0), OpenSSL 3's default. It is NOT the GM/T 0009 default ID
 *   `1234567812345678`, and Node cannot set another ID, so this format fixes `sm2UserId` to "".
 *   `openssl dgst -sm3 -verify` checks it with no option; `-sigopt distid:1234567812345678` fails.
 *   Other tools (GmSSL, BouncyCastle) must be given the empty ID explicitly.
 * - A key straight from `generateKeyPairSync('ec', { namedCurve: 'SM2' })`, never written to PEM,
 *   stays a plain EC key and `sign('sm3', …)` makes **ECDSA** over SM3 on the SM2 curve, which no
 *   SM2 verifier accepts. That is why this API only takes and returns PEM text.
 * - A P-256 key signs "sm3" without complaint (ECDSA); keys that are not SM2 are refused here.
 *
 * ## The signed bytes (format liuhen-sm2-document-signature, version 1)
 * UTF-8 text, no BOM, twelve lines in this order, each `name=value` ended by LF (also the last):
 * ```
 * format=liuhen-sm2-document-signature
 * version=1
 * algorithm=SM2-with-SM3
 * sm2-user-id=
 * content-sha256=<content.sha256>
 * content-sm3=<content.sm3, or nothing when the record has none>
 * signer-id=<signer.id>
 * signer-name=<signer.name>
 * signer-role=<signer.role>
 * signer-certificate-no=<signer.certificateNo, or nothing when absent>
 * signed-at=<signedAt>
 * key-fingerprint=<fingerprint>
 * ```
 * Values are the record's strings verbatim: no trimming, no Unicode normalisation. They may not
 * contain control characters (U+0000–U+001F, U+007F), so a line feed always ends a field, and
 * optional values may not be empty, so "nothing" always means absent. Digests and the fingerprint
 * are 64 lowercase hex digits; `signedAt` is `Date.prototype.toISOString()` form (UTC, milliseconds,
 * `Z`). `fingerprint` is SM3 of the public key's DER SubjectPublicKeyInfo. `signature` is base64 of
 * the DER (r, s) SM2 signature over these bytes with SM3 and the empty signer ID.
 *
 * By hand, with jq and openssl (`SM2_CANONICAL_JQ` is the jq program shown here):
 * ```
 * jq -j '"format=\(.format)\nversion=\(.version)\nalgorithm=\(.algorithm)\nsm2-user-id=\(.sm2UserId)\ncontent-sha256=\(.content.sha256)\ncontent-sm3=\(.content.sm3 // "")\nsigner-id=\(.signer.id)\nsigner-name=\(.signer.name)\nsigner-role=\(.signer.role)\nsigner-certificate-no=\(.signer.certificateNo // "")\nsigned-at=\(.signedAt)\nkey-fingerprint=\(.fingerprint)\n"' opinion.sig.json > signed.txt
 * jq -j .publicKeyPem opinion.sig.json > signer.pub.pem
 * jq -r .signature opinion.sig.json | base64 -d > signature.der
 * openssl dgst -sm3 -verify signer.pub.pem -signature signature.der signed.txt
 * sha256sum opinion.pdf   # must equal .content.sha256 (and `openssl dgst -sm3` .content.sm3)
 * ```
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const SM2_SIGNATURE_FORMAT = 'liuhen-sm2-document-signature';
export const SM2_SIGNATURE_VERSION = 1;
export const SM2_SIGNATURE_ALGORITHM = 'SM2-with-SM3';
/** ID_A in Z_A (GB/T 32918.2): empty, the only one Node's crypto can use (see the top comment). */
export const SM2_USER_ID = '';

/** jq program that rebuilds the signed bytes from a record (the recipe in the top comment). */
export const SM2_CANONICAL_JQ =
  '"format=\\(.format)\\nversion=\\(.version)\\nalgorithm=\\(.algorithm)\\nsm2-user-id=\\(.sm2UserId)\\n' +
  'content-sha256=\\(.content.sha256)\\ncontent-sm3=\\(.content.sm3 // "")\\nsigner-id=\\(.signer.id)\\n' +
  'signer-name=\\(.signer.name)\\nsigner-role=\\(.signer.role)\\n' +
  'signer-certificate-no=\\(.signer.certificateNo // "")\\nsigned-at=\\(.signedAt)\\n' +
  'key-fingerprint=\\(.fingerprint)\\n"';

const HEX64 = '^[0-9a-f]{64}$';
const Hex64 = Type.String({ pattern: HEX64 });
/** One value of the signed text: non-empty and free of control characters (they would break the lines). */
const FieldText = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

export const DocumentSigner = Type.Object(
  {
    /** The reviewer's id in the station (officer or reviewer number). */
    id: FieldText,
    /** Name as printed on the opinion, e.g. 张三. */
    name: FieldText,
    /** Role in the review, e.g. 法制审核人员, 审核机构负责人. */
    role: FieldText,
    /** Number of the signer's certificate (法律职业资格证书 or a CA certificate), as a label only. */
    certificateNo: Type.Optional(FieldText),
  },
  { additionalProperties: false },
);
export type DocumentSigner = Static<typeof DocumentSigner>;

/**
 * The detached signature record. Extra properties are refused: they would not be signed, yet a
 * reader could take them for signed fields.
 */
export const DocumentSignatureRecord = Type.Object(
  {
    format: Type.Literal(SM2_SIGNATURE_FORMAT),
    version: Type.Literal(SM2_SIGNATURE_VERSION),
    algorithm: Type.Literal(SM2_SIGNATURE_ALGORITHM),
    sm2UserId: Type.Literal(SM2_USER_ID),
    /** Digests of the exact signed bytes; `sm3` is absent when only the SHA-256 was given to sign. */
    content: Type.Object({ sha256: Hex64, sm3: Type.Optional(Hex64) }, { additionalProperties: false }),
    signer: DocumentSigner,
    /** Signing time as the signer's clock had it: toISOString() form. */
    signedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' }),
    /** SPKI PEM of the SM2 public key. */
    publicKeyPem: Type.String({ minLength: 1 }),
    /** SM3 of the public key's DER SPKI, hex. */
    fingerprint: Hex64,
    /** DER SEQUENCE { r, s }, base64. */
    signature: Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
  },
  { additionalProperties: false },
);
export type DocumentSignatureRecord = Static<typeof DocumentSignatureRecord>;

/** The record fields the signature covers. */
export type SignedFields = Omit<DocumentSignatureRecord, 'publicKeyPem' | 'signature'>;

export interface SignerKey {
  /** PKCS#8 PEM; keep it secret (file mode 600 or encrypted at rest). */
  privateKeyPem: string;
  /** SPKI PEM, to register for the reviewer and to ship with signatures. */
  publicKeyPem: string;
  /** SM3 of the DER SPKI, hex. */
  fingerprint: string;
}

/** What to sign: the exact document `bytes`, or digests (hex) of bytes held elsewhere (no `sm3`: the record has none). */
export type SignDocumentInput = {
  signer: DocumentSigner;
  signedAt: Date;
  privateKeyPem: string;
} & ({ bytes: Uint8Array; sha256?: never; sm3?: never } | { sha256: string; sm3?: string; bytes?: never });

export type DocumentSignatureCheck = { ok: true; record: DocumentSignatureRecord } | { ok: false; reason: string };

/** A key that cannot make or check SM2 signatures. */
export class NotSm2KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSm2KeyError';
  }
}

// AlgorithmIdentifier { id-ecPublicKey 1.2.840.10045.2.1, namedCurve SM2 1.2.156.10197.1.301 }.
const SM2_SPKI_ALGORITHM = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');

const digest = (algorithm: 'sm3' | 'sha256', data: Uint8Array): string =>
  createHash(algorithm).update(data).digest('hex');

/**
 * Refuses anything but a PEM-loaded SM2 key. The curve is read from the SPKI because Node reports
 * no type for such keys; an SM2-curve key Node calls 'ec' would sign ECDSA, so it is refused too.
 */
function checkSm2(publicKey: KeyObject, what: string): void {
  const type = publicKey.asymmetricKeyType;
  if (type === 'ec') {
    const curve = publicKey.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    const hint =
      curve === 'SM2'
        ? 'this Node/OpenSSL treats it as a plain EC key and would make ECDSA, not SM2, signatures'
        : `curve ${curve}${curve === 'prime256v1' ? ' (NIST P-256)' : ''} is not SM2`;
    throw new NotSm2KeyError(`${what} is an EC key but ${hint}: use an SM2 key from createSignerKey()`);
  }
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // A 256-bit point keeps the SPKI's outer length in one byte, so the AlgorithmIdentifier is at offset 2.
  if (type !== undefined || !der.subarray(2, 2 + SM2_SPKI_ALGORITHM.length).equals(SM2_SPKI_ALGORITHM)) {
    throw new NotSm2KeyError(
      `${what} has key type ${type ?? 'unknown'}, not SM2: use an SM2 key from createSignerKey()`,
    );
  }
}

function sm2Fingerprint(publicKey: KeyObject): string {
  return digest('sm3', publicKey.export({ type: 'spki', format: 'der' }));
}

/** A new SM2 key pair for a signer, as PEM (the form in which Node signs real SM2; see the top comment). */
export function createSignerKey(): SignerKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'SM2',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    privateKeyPem: privateKey,
    publicKeyPem: publicKey,
    fingerprint: sm2Fingerprint(createPublicKey(publicKey)),
  };
}

/** The bytes the signature covers, as defined in the top comment. Throws on a value that would break a line. */
export function canonicalSignedBytes(fields: SignedFields): Buffer {
  const lines: [string, string | number][] = [
    ['format', fields.format],
    ['version', fields.version],
    ['algorithm', fields.algorithm],
    ['sm2-user-id', fields.sm2UserId],
    ['content-sha256', fields.content.sha256],
    ['content-sm3', fields.content.sm3 ?? ''],
    ['signer-id', fields.signer.id],
    ['signer-name', fields.signer.name],
    ['signer-role', fields.signer.role],
    ['signer-certificate-no', fields.signer.certificateNo ?? ''],
    ['signed-at', fields.signedAt],
    ['key-fingerprint', fields.fingerprint],
  ];
  let text = '';
  for (const [name, value] of lines) {
    const v = String(value);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f]/.test(v))
      throw new Error(`${name} contains a control character: remove it before signing`);
    text += `${name}=${v}\n`;
  }
  return Buffer.from(text, 'utf8');
}

function firstSchemaError(value: unknown): string {
  const e = Value.Errors(DocumentSignatureRecord, value).First();
  return e ? `${e.path || '/'}: ${e.message}` : 'does not match the schema';
}

function contentDigests(input: SignDocumentInput): SignedFields['content'] {
  if (input.bytes !== undefined) return { sha256: digest('sha256', input.bytes), sm3: digest('sm3', input.bytes) };
  const hex = new RegExp(HEX64);
  if (!hex.test(input.sha256)) throw new Error('sha256 must be 64 lowercase hex digits (the SHA-256 of the document)');
  if (input.sm3 === undefined) return { sha256: input.sha256 };
  if (!hex.test(input.sm3)) throw new Error('sm3 must be 64 lowercase hex digits (the SM3 of the document)');
  return { sha256: input.sha256, sm3: input.sm3 };
}

/** Signs a document with the signer's SM2 private key (PEM); returns the detached signature record. */
export function signDocument(input: SignDocumentInput): DocumentSignatureRecord {
  if (!Value.Check(DocumentSigner, input.signer)) {
    const e = Value.Errors(DocumentSigner, input.signer).First();
    throw new Error(
      `signer${e?.path ?? ''}: ${e?.message ?? 'invalid'} (id, name and role: 1–200 characters, no control characters)`,
    );
  }
  if (Number.isNaN(input.signedAt.getTime())) throw new Error('signedAt is an invalid Date');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(input.privateKeyPem);
  } catch (e) {
    throw new Error(`privateKeyPem is not a private key (${(e as Error).message})`);
  }
  const publicKey = createPublicKey(privateKey);
  checkSm2(publicKey, 'the private key');
  const fields: SignedFields = {
    format: SM2_SIGNATURE_FORMAT,
    version: SM2_SIGNATURE_VERSION,
    algorithm: SM2_SIGNATURE_ALGORITHM,
    sm2UserId: SM2_USER_ID,
    content: contentDigests(input),
    signer: { ...input.signer },
    signedAt: input.signedAt.toISOString(),
    fingerprint: sm2Fingerprint(publicKey),
  };
  return {
    ...fields,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    signature: sign('sm3', canonicalSignedBytes(fields), privateKey).toString('base64'),
  };
}

/**
 * Checks a record (e.g. parsed JSON) against the document bytes: shape, SM2 key, fingerprint
 * (and the expected one if given), both digests, then the signature over the canonical bytes.
 */
export function verifyDocumentSignature(
  record: unknown,
  bytes: Uint8Array,
  options: { fingerprint?: string } = {},
): DocumentSignatureCheck {
  if (!Value.Check(DocumentSignatureRecord, record)) {
    return {
      ok: false,
      reason: `not a ${SM2_SIGNATURE_FORMAT} v${SM2_SIGNATURE_VERSION} record: ${firstSchemaError(record)}`,
    };
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(record.publicKeyPem);
    checkSm2(publicKey, 'publicKeyPem');
  } catch (e) {
    return { ok: false, reason: `publicKeyPem cannot be used: ${(e as Error).message}` };
  }
  const fingerprint = sm2Fingerprint(publicKey);
  if (fingerprint !== record.fingerprint) {
    return { ok: false, reason: `fingerprint ${record.fingerprint} is not that of publicKeyPem (${fingerprint})` };
  }
  if (options.fingerprint !== undefined && options.fingerprint !== fingerprint) {
    return {
      ok: false,
      reason: `signed with key ${fingerprint}, not the expected ${options.fingerprint}: not this signer's registered key`,
    };
  }
  for (const [algorithm, label] of [
    ['sha256', 'SHA-256'],
    ['sm3', 'SM3'],
  ] as const) {
    const signed = record.content[algorithm];
    const actual = digest(algorithm, bytes);
    if (signed !== undefined && signed !== actual) {
      return {
        ok: false,
        reason: `${label} of the document is ${actual}, the signature covers ${signed}: the document changed after signing, or it is another document`,
      };
    }
  }
  let valid: boolean;
  try {
    valid = verify('sm3', canonicalSignedBytes(record), publicKey, Buffer.from(record.signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) {
    return {
      ok: false,
      reason: 'the SM2 signature does not match the signed fields: signer, time, digests or key changed after signing',
    };
  }
  return { ok: true, record };
}
