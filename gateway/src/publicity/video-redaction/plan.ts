/**
 * What a released copy hides (the plan a person reviewed) and the manifest that ties the copy to
 * the sealed original by SHA-256. Checked before any ffmpeg runs: a wrong number in a plan must
 * fail loudly, never publish a face.
 */

export interface RedactionRegion {
  id: string;
  source: 'auto' | 'manual';
  startMs: number;
  endMs: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RedactionPlan {
  /** Regions to blur: automatic (detected) and manual, each over a time span, in source pixels. */
  regions: RedactionRegion[];
  /** Auto regions a person rejected (false positives). */
  rejected: string[];
  /** Audio spans to mute (speech of bystanders, names). */
  mutedSpans: { startMs: number; endMs: number }[];
}

/** The hash link, written next to the output as JSON (`<output>.redaction.json`). */
export interface RedactionManifest {
  source: { sha256: string; bytes: number };
  output: { sha256: string; bytes: number };
  plan: RedactionPlan;
  tool: string;
  createdAt: string;
}

export const manifestPathFor = (output: string): string => `${output}.redaction.json`;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every problem of a plan, one line each (empty: usable). Sizes in pixels of the source picture. */
export function planProblems(plan: RedactionPlan, picture: { width: number; height: number }): string[] {
  const problems: string[] = [];
  const ids = new Map<string, RedactionRegion>();
  plan.regions.forEach((r, i) => {
    const name = `region ${i} (${JSON.stringify(r.id)})`;
    if (typeof r.id !== 'string' || r.id === '') problems.push(`region ${i}: give it a non-empty id`);
    else if (ids.has(r.id)) problems.push(`${name}: the id is used twice; give each region its own id`);
    else ids.set(r.id, r);
    if (r.source !== 'auto' && r.source !== 'manual') problems.push(`${name}: source must be 'auto' or 'manual'`);
    if (!finite(r.startMs) || !finite(r.endMs) || r.startMs < 0 || r.endMs <= r.startMs)
      problems.push(`${name}: the span must have 0 <= startMs < endMs (got ${r.startMs}..${r.endMs})`);
    if (![r.x, r.y, r.w, r.h].every(finite) || r.w <= 0 || r.h <= 0)
      problems.push(`${name}: x, y, w, h must be numbers with w > 0 and h > 0`);
    else if (r.x >= picture.width || r.y >= picture.height || r.x + r.w <= 0 || r.y + r.h <= 0)
      problems.push(`${name}: the box lies outside the ${picture.width}x${picture.height} picture`);
  });
  for (const id of plan.rejected) {
    const r = ids.get(id);
    if (!r) problems.push(`rejected ${JSON.stringify(id)}: no region has that id (detected again? review again)`);
    else if (r.source !== 'auto')
      problems.push(`rejected ${JSON.stringify(id)}: is a manual region; delete it from regions instead`);
  }
  plan.mutedSpans.forEach((s, i) => {
    if (!finite(s.startMs) || !finite(s.endMs) || s.startMs < 0 || s.endMs <= s.startMs)
      problems.push(`muted span ${i}: must have 0 <= startMs < endMs (got ${s.startMs}..${s.endMs})`);
  });
  return problems;
}

/**
 * The regions to blur: not rejected, cut to the picture and rounded outwards to whole pixels (a
 * fraction of a pixel rounded inwards would leave an edge of the face unblurred).
 */
export function activeRegions(plan: RedactionPlan, picture: { width: number; height: number }): RedactionRegion[] {
  const rejected = new Set(plan.rejected);
  return plan.regions
    .filter((r) => !(r.source === 'auto' && rejected.has(r.id)))
    .map((r) => {
      const x0 = Math.max(0, Math.floor(r.x));
      const y0 = Math.max(0, Math.floor(r.y));
      const x1 = Math.min(picture.width, Math.ceil(r.x + r.w));
      const y1 = Math.min(picture.height, Math.ceil(r.y + r.h));
      return { ...r, x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    })
    .filter((r) => r.w > 0 && r.h > 0);
}
