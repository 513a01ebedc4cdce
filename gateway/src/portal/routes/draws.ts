/**
 * The random draws (双随机、一公开), as HTML, open data and the signed files themselves:
 *
 *   GET /inspections                          the draws with their state
 *   GET /inspections/draws/:drawId            a draw: its commitment, its result or its cancellation, how to verify
 *   GET /inspections/draws/:drawId/:file      commitment.json|.sig, draw.json|.sig, cancellation.json|.sig:
 *                                             the exact signed bytes and the signature, as the station stored them
 *   GET /inspections/verify-draw.mjs          the stand-alone verifier, as it is in the station's source
 *   GET /api/draws                            the list as JSON
 *   GET /api/draws/:drawId                    a draw as JSON: inputs, seed and assignments once drawn, file links
 *
 * (The station's own /api/inspections/* routes are not here: the portal has no internal route.)
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assignmentsOf, drawFile, drawList, oneDraw, type DrawSummary, type ServedDraw } from '../draws.js';
import { answer, FRESH, htmlAnswer, jsonAnswer, notFoundBody, STABLE, TYPES, unavailableBody } from '../http.js';
import { absolute, DRAW_FILES, drawFileName, drawPaths, paths, type DrawFile, type PortalContext } from '../site.js';
import { drawListPage, drawPage, stateLabel } from '../views/draw-pages.js';
import { notFoundPage, unavailablePage } from '../views/other-pages.js';
import { verifierText, VERIFIER_FILE } from '../verifier.js';

type DrawParams = { Params: { drawId: string } };
type FileParams = { Params: { drawId: string; file: string } };

export function drawRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const { site } = ctx;
  const html = htmlAnswer;
  const json = jsonAnswer;
  const missing = (req: FastifyRequest) => notFoundBody(req, 'draw');
  const unavailable = unavailableBody('this draw');

  const summary = (d: DrawSummary) => ({
    drawId: d.drawId,
    title: d.title,
    state: d.state,
    stateLabel: stateLabel(d, ctx.now()),
    drawAt: d.drawAt,
    commitment: d.commitment,
    committedAt: d.committedAt,
    drawnAt: d.drawnAt,
    cancelledAt: d.cancelledAt,
    url: absolute(site, drawPaths.page(d.drawId)),
    api: absolute(site, drawPaths.apiDraw(d.drawId)),
  });

  function files(d: ServedDraw): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of DRAW_FILES) if (drawFile(d, f) !== undefined) out[f] = absolute(site, drawPaths.file(d.drawId, f));
    return out;
  }

  // ---- HTML

  app.get(drawPaths.index, async (req, reply) =>
    html(req, reply, 200, drawListPage(site, await drawList(ctx), ctx.now()).value),
  );

  app.get<DrawParams>('/inspections/draws/:drawId', async (req, reply) => {
    const r = await oneDraw(ctx, req.params.drawId);
    if ('live' in r) return html(req, reply, 200, drawPage(site, r.live, ctx.now()).value);
    if ('unavailable' in r) return html(req, reply, 503, unavailablePage(site).value);
    return html(req, reply, 404, notFoundPage(site).value);
  });

  // The files exactly as signed and stored: verify-draw.mjs and openssl read these bytes.
  app.get<FileParams>('/inspections/draws/:drawId/:file', async (req, reply) => {
    const file = req.params.file as DrawFile;
    if (!(DRAW_FILES as readonly string[]).includes(file)) return html(req, reply, 404, notFoundPage(site).value);
    const r = await oneDraw(ctx, req.params.drawId);
    if ('unavailable' in r) return html(req, reply, 503, unavailablePage(site).value);
    const body = 'live' in r ? drawFile(r.live, file) : undefined;
    if (!('live' in r) || body === undefined) return html(req, reply, 404, notFoundPage(site).value);
    return answer(req, reply, { type: TYPES.json, body, maxAge: FRESH, filename: drawFileName(r.live.drawId, file) });
  });

  app.get(drawPaths.verifier, async (req, reply) => {
    const text = verifierText();
    if (text === undefined) {
      req.log.error({ file: VERIFIER_FILE }, 'portal: verify-draw.mjs is missing');
      return html(req, reply, 404, notFoundPage(site).value);
    }
    return answer(req, reply, { type: TYPES.js, body: text, maxAge: STABLE, filename: 'verify-draw.mjs' });
  });

  // ---- JSON

  app.get(drawPaths.api, async (req, reply) =>
    json(req, reply, 200, {
      draws: (await drawList(ctx)).map(summary),
      verifier: absolute(site, drawPaths.verifier),
      stationKey: absolute(site, paths.stationKey),
    }),
  );

  app.get<DrawParams>('/api/draws/:drawId', async (req, reply) => {
    const r = await oneDraw(ctx, req.params.drawId);
    if ('unavailable' in r) return json(req, reply, 503, unavailable);
    if (!('live' in r)) return json(req, reply, 404, missing(req));
    const d = r.live;
    const record = d.commitmentRecord.value;
    const drawn = d.drawRecord?.value;
    const notice = d.cancelRecord?.value;
    return json(req, reply, 200, {
      draw: summary(d),
      item: record.item,
      partyCount: record.partyCount,
      inspectorsPerParty: record.inspectorsPerParty,
      parties: record.parties.length,
      inspectors: record.inspectors.length,
      conflicts: record.conflicts.length,
      rules: record.rules,
      beaconSource: record.beaconSource ?? null,
      algorithm: record.algorithm,
      digests: record.digests,
      seed: drawn?.seed ?? notice?.seed ?? null,
      beacon: drawn?.result.beacon ?? null,
      assignments: drawn ? assignmentsOf(record, drawn.result) : null,
      cancellation: notice
        ? {
            reason: notice.reason,
            cancelledAt: notice.cancelledAt,
            wouldHaveDrawn: notice.wouldHaveDrawn ? assignmentsOf(record, notice.wouldHaveDrawn) : null,
          }
        : null,
      files: files(d),
      links: {
        page: absolute(site, drawPaths.page(d.drawId)),
        verifier: absolute(site, drawPaths.verifier),
        stationKey: absolute(site, paths.stationKey),
      },
    });
  });
}
