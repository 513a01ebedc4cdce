/**
 * The CJK font embedded in every generated PDF.
 *
 * A signed document must look the same in every viewer, and viewers have no Chinese font they
 * are bound to use, so the glyphs are embedded (as a subset) from a font file on the station. The
 * default is Debian's WenQuanYi Micro Hei, which the station's image (Dockerfile) and `npm test`
 * already install for the recorder watermark and the browser tests; its collection also holds a
 * monospaced face, used for SHA-256 digests.
 *
 * `LIUHEN_CJK_FONT` overrides the file. A collection (.ttc/.otc) holds several faces, so name
 * the one to use after a `#`:
 * `LIUHEN_CJK_FONT=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular`.
 * A single-face .ttf/.otf needs no name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';

export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
/** The Debian package that ships DEFAULT_CJK_FONT, named in the error so the fix is one command. */
export const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';
export const CJK_FONT_ENV = 'LIUHEN_CJK_FONT';

export interface CjkFont {
  path: string;
  /** PostScript name of the face inside a collection; null for a single-face file. */
  face: string | null;
  /** The monospaced face for digests; null to use the body face. */
  monoFace: string | null;
}

/** The station cannot render Chinese documents: a setup fault, not the caller's. */
export class CjkFontMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CjkFontMissing';
  }
}

const HOW_TO_FIX = `fix ${CJK_FONT_ENV}, or unset it to use ${DEFAULT_CJK_FONT} (apt-get install ${CJK_FONT_PACKAGE})`;

/**
 * Which font file and faces to use, from the environment; throws CjkFontMissing when the file is
 * absent. `defaultPath` is for tests (a station has one place for the font).
 */
export function resolveCjkFont(env: NodeJS.ProcessEnv = process.env, defaultPath = DEFAULT_CJK_FONT): CjkFont {
  const override = env[CJK_FONT_ENV]?.trim();
  if (override) {
    const hash = override.lastIndexOf('#');
    const path = hash > 0 ? override.slice(0, hash) : override;
    if (!existsSync(path))
      throw new CjkFontMissing(`The CJK font file ${path} named by ${CJK_FONT_ENV} does not exist: ${HOW_TO_FIX}`);
    return { path, face: hash > 0 ? override.slice(hash + 1) : null, monoFace: null };
  }
  if (!existsSync(defaultPath))
    throw new CjkFontMissing(
      `The CJK font ${defaultPath} is missing, so Chinese documents cannot be rendered: install it with \`apt-get install ${CJK_FONT_PACKAGE}\`, or set ${CJK_FONT_ENV} to another CJK font file`,
    );
  return { path: defaultPath, face: 'WenQuanYiMicroHei', monoFace: 'WenQuanYiMicroHeiMono' };
}

export interface CjkFaces {
  path: string;
  body: Font;
  mono: Font;
}

// Parsing the font file is most of the time a PDF takes (the collection is several megabytes):
// parse each face once per process. pdfkit takes a parsed face as it takes a file, and makes a
// fresh subset of it for every document, so sharing the face does not change the bytes.
const parsed = new Map<string, CjkFaces>();

/** The parsed faces (cached), resolved as by resolveCjkFont; throws CjkFontMissing for a wrong face or file. */
export function loadCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFaces {
  const font = resolveCjkFont(env);
  const key = JSON.stringify(font);
  const hit = parsed.get(key);
  if (hit) return hit;
  const data = readFileSync(font.path);
  const body = openFace(font.path, data, font.face);
  const faces = { path: font.path, body, mono: font.monoFace ? openFace(font.path, data, font.monoFace) : body };
  parsed.set(key, faces);
  return faces;
}

function openFace(path: string, data: Buffer, face: string | null): Font {
  let opened: ReturnType<typeof create> | null;
  try {
    opened = create(data, face ?? undefined);
  } catch (err) {
    throw new CjkFontMissing(`${path} is not a font file that can be read (${(err as Error).message}): ${HOW_TO_FIX}`);
  }
  if (opened && !('fonts' in opened)) return opened;
  const names = (create(data) as { fonts?: Font[] }).fonts?.map((f) => f.postscriptName) ?? [];
  const list = names.length ? `; it has ${names.join(', ')}` : '';
  throw new CjkFontMissing(
    face
      ? `${path} has no face named "${face}"${list}: ${HOW_TO_FIX}`
      : `${path} is a font collection: name the face after a '#' in ${CJK_FONT_ENV}, e.g. ${path}#${names[0] ?? 'PostScriptName'}${list}`,
  );
}
