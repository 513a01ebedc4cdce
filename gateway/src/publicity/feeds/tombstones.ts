/**
 * Atom tombstones (RFC 6721, "The Atom deleted-entry Element") for withdrawn items: mirrors and
 * readers that copied an item learn that it was taken down, when, and why, as the law asks the
 * reason to be published with the withdrawal (Administrative Penalty Law art. 48).
 *
 *   <feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0">
 *     …
 *     <at:deleted-entry ref="tag:…" when="2025-04-01T02:00:00.000Z">
 *       <at:comment xml:lang="zh-CN">该处罚决定已被依法撤销</at:comment>
 *     </at:deleted-entry>
 *   </feed>
 *
 * The `feed` package has no hook for elements of its own in an Atom feed (its extensions reach
 * only RSS and JSON), so the elements are added to its output here: the namespace on the root
 * start tag and the tombstones before the closing tag, escaped by this module.
 */
import { escapeMarkup, xmlChars } from './xml-text.js';

export const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';

export interface Tombstone {
  /** The atom:id of the withdrawn entry. */
  ref: string;
  /** When it was withdrawn, RFC 3339. */
  when: string;
  /** The published reason. */
  comment: string;
}

const ROOT_START = /<feed\b[^>]*>/;
const ROOT_END = '</feed>';

/** The Atom document with the tombstones added; unchanged when there are none. */
export function addTombstones(atom: string, tombstones: readonly Tombstone[], language: string): string {
  if (tombstones.length === 0) return atom;
  const start = ROOT_START.exec(atom);
  const end = atom.lastIndexOf(ROOT_END);
  // Guards against a new version of the feed package writing the root differently.
  if (!start || end < start.index || atom.slice(end + ROOT_END.length).trim() !== '')
    throw new Error(
      'the Atom output has no <feed …>…</feed> root where expected: check tombstones.ts against the feed package',
    );
  const root = start[0].replace(/\/?>$/, (close) => ` xmlns:at="${TOMBSTONES_NS}"${close}`);
  const attr = (s: string) => escapeMarkup(xmlChars(s));
  const elements = tombstones.map(
    (t) =>
      `    <at:deleted-entry ref="${attr(t.ref)}" when="${attr(t.when)}">\n` +
      `        <at:comment xml:lang="${attr(language)}">${attr(t.comment)}</at:comment>\n` +
      `    </at:deleted-entry>\n`,
  );
  return (
    atom.slice(0, start.index) +
    root +
    atom.slice(start.index + start[0].length, end) +
    elements.join('') +
    atom.slice(end)
  );
}
