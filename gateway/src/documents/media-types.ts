/**
 * The kinds of file a case file takes, recognised by their first bytes: a
 * label the client sends is checked against the content, so a mislabelled
 * upload is refused with what it looks like instead of being filed wrongly.
 */
export const DOCUMENT_MEDIA_TYPES = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/tiff': 'TIFF image (scans)',
  'audio/mpeg': 'MP3 audio',
  'audio/mp4': 'M4A/AAC audio',
  'audio/wav': 'WAV audio',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document (DOCX)',
  'application/ofd': 'OFD (版式文档)',
  'text/plain': 'plain text (UTF-8)',
} as const;
export type DocumentMediaType = keyof typeof DOCUMENT_MEDIA_TYPES;

const starts = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, s: string, at = 0) => b.subarray(at, at + s.length).toString('latin1') === s;

/** What the bytes are, or null when none of the accepted kinds. */
export function sniffMediaType(b: Buffer): DocumentMediaType | null {
  if (ascii(b, '%PDF-')) return 'application/pdf';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(b, 'II*\0') || ascii(b, 'MM\0*')) return 'image/tiff';
  if (ascii(b, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (ascii(b, 'ftyp', 4)) return 'audio/mp4';
  if (ascii(b, 'RIFF') && ascii(b, 'WAVE', 8)) return 'audio/wav';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    // DOCX and OFD are both zip files; their first entries tell them apart.
    const head = b.subarray(0, 4096).toString('latin1');
    if (head.includes('OFD.xml')) return 'application/ofd';
    if (head.includes('[Content_Types].xml') || head.includes('word/')) {
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    }
    return null;
  }
  if (isUtf8Text(b)) return 'text/plain';
  return null;
}

function isUtf8Text(b: Buffer): boolean {
  if (b.length === 0) return false;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
    // Control characters other than tab and line ends mean binary, not a text record.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    }
    return true;
  } catch {
    return false;
  }
}
