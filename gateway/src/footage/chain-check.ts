/**
 * Checks a recorder segment's evidence chain at offload, with the key the
 * station holds for that device: every fragment hash, every signature, full
 * coverage of the file. Links to neighbouring segments are checked when the
 * whole folder is verified (liuhen-verify); here a gap in seq is expected.
 */
import { createPublicKey } from 'node:crypto';
import { linkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAIN_SUFFIX, publicKeyFingerprint, verifyFolder } from '@liuhen/evidence';

export async function checkSegmentChain(
  segmentFile: string,
  segmentName: string,
  chainText: string,
  publicKeyPem: string,
  scratchDir: string,
): Promise<string | null> {
  const dir = mkdtempSync(join(scratchDir, 'verify-'));
  try {
    // A hard link: the verifier reads the uploaded bytes themselves, no copy.
    linkSync(segmentFile, join(dir, segmentName));
    writeFileSync(join(dir, `${segmentName}${CHAIN_SUFFIX}`), chainText);
    const key = createPublicKey(publicKeyPem);
    const report = await verifyFolder(dir, {
      publicKeys: [{ key, fingerprint: publicKeyFingerprint(key), source: 'station enrollment' }],
      allowGaps: true,
    });
    const errors = report.problems.filter((p) => p.severity === 'error');
    if (errors.length === 0) return null;
    const first = report.firstBad ?? errors[0]!;
    const where =
      first.fragmentIndex !== undefined
        ? ` (fragment ${first.fragmentIndex}${first.start ? `, ${first.start}` : ''})`
        : '';
    return `${first.label}: ${first.message}${where}${errors.length > 1 ? `; ${errors.length - 1} more` : ''}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
