import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { createLifecycle, type Extension } from './lifecycle.js';

const quiet = () => createLogger('silent');

function recorder(order: string[], name: string, opts: { failStart?: boolean; failStop?: boolean } = {}): Extension {
  return {
    name,
    start() {
      if (opts.failStart) throw new Error(`${name} would not start`);
      order.push(`start ${name}`);
    },
    async stop() {
      order.push(`stop ${name}`);
      if (opts.failStop) throw new Error(`${name} would not stop`);
    },
  };
}

describe('station lifecycle', () => {
  it('stops extensions in reverse start order, once, even when one fails to stop', async () => {
    const order: string[] = [];
    const life = createLifecycle(quiet());
    life.adopt('database', () => void order.push('stop database'));
    await life.start(recorder(order, 'broker'));
    await life.start(recorder(order, 'router', { failStop: true }));
    await life.start(recorder(order, 'http'));
    expect(life.names()).toEqual(['database', 'broker', 'router', 'http']);
    await Promise.all([life.stopAll(), life.stopAll()]);
    expect(order).toEqual([
      'start broker',
      'start router',
      'start http',
      'stop http',
      'stop router',
      'stop broker',
      'stop database',
    ]);
  });

  it('a failed start leaves only the started extensions to stop, and no start after stopping', async () => {
    const order: string[] = [];
    const life = createLifecycle(quiet());
    await life.start(recorder(order, 'broker'));
    await expect(life.start(recorder(order, 'ingest', { failStart: true }))).rejects.toThrow('ingest would not start');
    await life.stopAll();
    expect(order).toEqual(['start broker', 'stop broker']);
    await expect(life.start(recorder(order, 'late'))).rejects.toThrow(/stopping/);
  });
});
