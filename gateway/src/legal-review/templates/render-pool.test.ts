/**
 * The render worker: documents render off the event loop, with the same bytes as in-process, and
 * a full backlog is refused at once (TooMany) instead of waiting.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { StationFault, TooMany } from '../../errors.js';
import {
  createRenderPool,
  draftDecisionModel,
  opinionModel,
  renderDraftDecision,
  renderModel,
  renderReviewOpinion,
  type DraftDecisionData,
  type OpinionData,
  type RenderPool,
} from './index.js';

const decision: DraftDecisionData = {
  agency: '某县综合行政执法局',
  caseNumber: '某综执立〔2026〕345号',
  caseTitle: '未取得食品经营许可从事食品经营案',
  party: '某某餐饮有限公司',
  partyType: 'organisation',
  facts: '经查，当事人在未取得食品经营许可的情况下从事餐饮服务。\n上述事实有现场检查笔录、询问笔录等证据证实。',
  basis: '《中华人民共和国食品安全法》第一百二十二条第一款',
  fineFen: 5_000_000,
  confiscationFen: 1,
  measures: ['责令停产停业'],
  date: '2026-12-04',
};

const opinion: OpinionData = {
  agency: '某县综合行政执法局',
  number: '法审〔2026〕12号',
  date: '2026-12-04',
  caseNumber: '某综执立〔2026〕345号',
  caseTitle: '某某餐饮有限公司未取得食品经营许可从事食品经营案',
  party: '某某餐饮有限公司',
  matter: '拟作出罚款人民币5万元的行政处罚决定',
  basis: '《中华人民共和国食品安全法》第三十五条第一款、第一百二十二条第一款',
  facts: '当事人于2026年3月至6月期间，在未取得《食品经营许可证》的情况下从事餐饮服务经营活动。',
  round: 2,
  outcome: 'agree',
  opinion: '一、本案事实清楚，证据确实充分。\n二、适用法律正确，程序合法，裁量适当。',
  reviewer: { name: '李明', certificateNo: 'A20193201234567' },
  draftSha256: 'fedcba9876543210'.repeat(4),
  evidenceSha256: '0123456789abcdef'.repeat(4),
  checks: [{ title: '听证告知', state: 'fail', detail: '未见听证告知书送达回证' }],
};

const pools: RenderPool[] = [];
const pool = (opts?: Parameters<typeof createRenderPool>[0]) => {
  const p = createRenderPool(opts);
  pools.push(p);
  return p;
};

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/**
 * How long the event loop went without running a 5 ms interval while `work` ran (ms): the gaps
 * between ticks, counted from before `work` starts to after it ends, so a stall at either end counts.
 */
async function loopGapsDuring(
  work: () => Promise<unknown>,
): Promise<{ ticks: number; p50: number; p95: number; p99: number; max: number }> {
  const gaps: number[] = [];
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  };
  const ticker = setInterval(tick, 5);
  try {
    await work();
  } finally {
    clearInterval(ticker);
    tick();
  }
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    ticks: gaps.length - 1,
    p50: sorted[Math.floor(sorted.length * 0.5)]!,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!,
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!,
    max: sorted.at(-1)!,
  };
}

// A busy machine makes rendering slow; the worker's first job also loads tsx and parses the font.
describe('render worker', { timeout: 60_000 }, () => {
  it('renders the same bytes as in-process, for the draft decision and the opinion', async () => {
    const draft = await renderDraftDecision(decision);
    const inProcess = await renderModel(draftDecisionModel(decision));
    expect(draft.pdf.equals(inProcess.pdf)).toBe(true);
    expect(draft.docx.equals(inProcess.docx)).toBe(true);

    const opined = await renderReviewOpinion(opinion);
    const opinedHere = await renderModel(opinionModel(opinion));
    expect(opined.pdf.equals(opinedHere.pdf)).toBe(true);
    expect(opined.docx.equals(opinedHere.docx)).toBe(true);
    expect(Buffer.isBuffer(opined.pdf) && Buffer.isBuffer(opined.docx)).toBe(true);
  });

  it('keeps the event loop responsive while four documents render', async () => {
    const p = pool();
    const model = opinionModel(opinion);
    await p.render(model); // started and warm: what is measured is rendering, not startup

    const inWorker = await loopGapsDuring(() => Promise.all([1, 2, 3, 4].map(() => p.render(model))));
    // For contrast, the same four in this thread: the loop stalls for each.
    const inProcess = await loopGapsDuring(() => Promise.all([1, 2, 3, 4].map(() => renderModel(model))));
    const show = (g: typeof inWorker) =>
      `p50 ${g.p50.toFixed(1)}, p95 ${g.p95.toFixed(1)}, p99 ${g.p99.toFixed(1)}, max ${g.max.toFixed(1)} ms (${g.ticks} ticks)`;
    console.info(
      `event loop gaps while 4 documents render: in the worker ${show(inWorker)}; in-process ${show(inProcess)}`,
    );
    // Rendering one document in-process stalls the loop 60–100 ms on a quiet station (more when
    // busy); in the worker the loop only waits for the odd time slice of a busy machine.
    // (A quiet run here: worker p95 ≈ 9 ms, max ≈ 10 ms; in-process max ≈ 190 ms.) p95, not the
    // max, is asserted: a loaded test machine may deschedule this thread now and then.
    expect(inWorker.ticks).toBeGreaterThan(4);
    expect(inWorker.p95).toBeLessThan(50);
    expect(inProcess.max).toBeGreaterThan(inWorker.p95);
  });

  it('refuses beyond the backlog at once with TooMany, and renders the rest', async () => {
    const p = pool({ maxWaiting: 2 });
    const model = draftDecisionModel(decision);
    const accepted = [p.render(model), p.render(model), p.render(model)];
    expect(p.stats()).toMatchObject({ running: 1, waiting: 2 });
    const refused = await p.render(model).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooMany);
    expect(refused).toMatchObject({
      kind: 'too-many',
      code: 'render-queue-full',
      details: { retryAfterSeconds: 5 },
      message: expect.stringMatching(/try again shortly/),
    });
    const done = await Promise.all(accepted);
    expect(new Set(done.map((d) => d.pdf.toString('base64'))).size).toBe(1);
    expect(p.stats()).toMatchObject({ running: 0, waiting: 0, started: 1 });
  });

  it('fails a job over the time limit with a clear error and replaces the worker', async () => {
    const p = pool({ timeoutMs: 1 });
    const model = draftDecisionModel(decision);
    for (const started of [1, 2]) {
      const err = await p.render(model).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StationFault);
      expect(err).toMatchObject({ code: 'render-timeout', message: expect.stringMatching(/took longer than/) });
      expect(p.stats().started).toBe(started);
    }
  });

  it('fails waiting jobs when closed, and starts again on the next render', async () => {
    const p = pool();
    const model = draftDecisionModel(decision);
    const pending = [p.render(model), p.render(model)].map((r) => r.catch((e: unknown) => e));
    await p.close();
    for (const err of await Promise.all(pending)) expect(err).toBeInstanceOf(StationFault);
    const { pdf } = await p.render(model);
    expect(pdf.equals((await renderModel(model)).pdf)).toBe(true);
    expect(p.stats().started).toBe(2);
  });
});
