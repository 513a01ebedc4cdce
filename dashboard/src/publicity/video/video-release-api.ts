// Video released with a publication, through the typed client (api, ok) like every other call:
// the case footage to cut from, proposing a clip, its progress and face tracks, the editor's
// corrections, rendering, sign-off and taking one video down. Types are aliases of the generated API schema.

import { api, ok } from '../../lib/api';
import type { components } from '../../lib/api/schema';

export type VideoRelease = components['schemas']['VideoReleaseView'];
export type VideoRegion = components['schemas']['VideoRegion'];
export type CaseFootage = components['schemas']['VideoCaseFootage'];
export type VideoState = VideoRelease['state'];
export interface Span {
  startMs: number;
  endMs: number;
}
export type ManualRegion = Span & { x: number; y: number; w: number; h: number };

/** States in which the station is still working in the background (the page polls). */
export const BUSY_STATES: readonly VideoState[] = ['queued', 'cutting', 'detecting', 'rendering'];

const pub = (id: string) => ({ path: { id } });
const one = (id: string, videoId: string) => ({ path: { id, videoId } });

export async function listVideos(publicationId: string, signal?: AbortSignal): Promise<VideoRelease[]> {
  return (await ok(api.GET('/api/publications/{id}/videos', { params: pub(publicationId), signal }))).videos;
}

export async function caseFootage(publicationId: string, signal?: AbortSignal): Promise<CaseFootage[]> {
  return (await ok(api.GET('/api/publications/{id}/videos/footage', { params: pub(publicationId), signal }))).footage;
}

export function proposeClip(
  publicationId: string,
  body: { recordingId: string; startMs: number; endMs: number },
): Promise<VideoRelease> {
  return ok(api.POST('/api/publications/{id}/videos', { params: pub(publicationId), body }));
}

export function getVideo(publicationId: string, videoId: string, signal?: AbortSignal): Promise<VideoRelease> {
  return ok(api.GET('/api/publications/{id}/videos/{videoId}', { params: one(publicationId, videoId), signal }));
}

/** Each list given replaces the stored one whole. */
export function editVideo(
  publicationId: string,
  videoId: string,
  body: { rejected?: string[]; manualRegions?: ManualRegion[]; mutedSpans?: Span[] },
): Promise<VideoRelease> {
  return ok(api.PATCH('/api/publications/{id}/videos/{videoId}', { params: one(publicationId, videoId), body }));
}

export function renderVideo(publicationId: string, videoId: string): Promise<VideoRelease> {
  return ok(api.POST('/api/publications/{id}/videos/{videoId}/render', { params: one(publicationId, videoId) }));
}

export function signOffVideo(publicationId: string, videoId: string): Promise<VideoRelease> {
  return ok(api.POST('/api/publications/{id}/videos/{videoId}/sign-off', { params: one(publicationId, videoId) }));
}

/** Takes one released video down alone (撤下), with a reason the portal publishes (redacted by the station). */
export function withdrawVideo(publicationId: string, videoId: string, reason: string): Promise<VideoRelease> {
  return ok(
    api.POST('/api/publications/{id}/videos/{videoId}/withdraw', {
      params: one(publicationId, videoId),
      body: { reason },
    }),
  );
}

const base = (publicationId: string, videoId: string) =>
  `/api/publications/${encodeURIComponent(publicationId)}/videos/${encodeURIComponent(videoId)}`;

/** A preview frame of the unredacted working copy (an <img> src; the station audits each). */
export const frameUrl = (publicationId: string, videoId: string, atMs: number) =>
  `${base(publicationId, videoId)}/frame?atMs=${Math.max(0, Math.round(atMs))}`;

/** The rendered copy, to watch before signing off. */
export const copyUrl = (publicationId: string, videoId: string) => `${base(publicationId, videoId)}/file`;

export const manifestUrl = (publicationId: string, videoId: string) => `${base(publicationId, videoId)}/manifest`;

/** The regions of a track active at `atMs` (for drawing boxes over a preview frame). */
export function regionsAt(regions: readonly VideoRegion[], atMs: number): VideoRegion[] {
  return regions.filter((r) => r.startMs <= atMs && r.endMs >= atMs);
}

/** "m:ss.s" of a time in the clip. */
export function clipTime(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

/** Seconds typed by a person ("2.5") to whole milliseconds; undefined when not a number ≥ 0. */
export function secondsToMs(text: string): number | undefined {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : undefined;
}
