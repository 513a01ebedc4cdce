import { describe, expect, it } from 'vitest';
import { fitView, formatLat, formatLon, gridFor, gridValues, metresPerDegLon, niceStep, scaleBar } from './geo';

const WEST_LAKE = { lat: 30.2741, lon: 120.1551 };

describe('fitView', () => {
  it('is null without points', () => {
    expect(fitView([], 400, 300)).toBeNull();
  });

  it('puts a single point in the middle, showing at least the minimum span', () => {
    const view = fitView([WEST_LAKE], 400, 200, { minSpanM: 200, margin: 0 })!;
    expect(view.project(WEST_LAKE)).toEqual({ x: 200, y: 100 });
    // The shorter side (height) shows 200 m.
    expect(view.metresPerPx).toBeCloseTo(1, 6);
  });

  it('keeps every point inside the margin, with square metres', () => {
    const points = [
      { lat: 30.27, lon: 120.15 },
      { lat: 30.28, lon: 120.16 },
      { lat: 30.275, lon: 120.152 },
    ];
    const view = fitView(points, 600, 300, { margin: 0.1 })!;
    for (const p of points) {
      const { x, y } = view.project(p);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(600);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(300);
    }
    // North is up: the northern point has the smaller y.
    expect(view.project(points[1]!).y).toBeLessThan(view.project(points[0]!).y);
    // One metre east is as many pixels as one metre north.
    const east = view.project({ lat: 30.275, lon: 120.155 + 100 / metresPerDegLon(30.275) });
    const north = view.project({ lat: 30.275 + 100 / 111_320, lon: 120.155 });
    const origin = view.project({ lat: 30.275, lon: 120.155 });
    expect(east.x - origin.x).toBeCloseTo(origin.y - north.y, 3);
    // The bounds are what the plot shows.
    expect(view.project({ lat: view.maxLat, lon: view.minLon }).x).toBeCloseTo(0, 6);
    expect(view.project({ lat: view.maxLat, lon: view.minLon }).y).toBeCloseTo(0, 6);
  });
});

describe('grid and scale', () => {
  it('picks round steps', () => {
    expect(niceStep(0.0013)).toBeCloseTo(0.002, 12);
    expect(niceStep(0.004)).toBeCloseTo(0.005, 12);
    expect(niceStep(7)).toBe(10);
    expect(gridValues(30.2712, 30.2761, 0.001)).toEqual([30.272, 30.273, 30.274, 30.275, 30.276]);
  });

  it('labels degrees with the hemisphere', () => {
    expect(formatLat(30.2741, 4)).toBe('30.2741°N');
    expect(formatLon(-0.5, 1)).toBe('0.5°W');
  });

  it('grids the fitted view', () => {
    const view = fitView([WEST_LAKE], 400, 300, { minSpanM: 500 })!;
    const grid = gridFor(view);
    expect(grid.lats.length).toBeGreaterThan(2);
    expect(grid.lons.length).toBeGreaterThan(2);
    expect(grid.lons.every((l) => l >= view.minLon && l <= view.maxLon)).toBe(true);
  });

  it('draws a scale bar of a round length that fits', () => {
    expect(scaleBar(1, 120)).toEqual({ metres: 100, px: 100, label: '100 m' });
    expect(scaleBar(10, 150)).toEqual({ metres: 1000, px: 100, label: '1 km' });
    const bar = scaleBar(3.7, 100);
    expect(bar.px).toBeLessThanOrEqual(100);
    expect(bar.metres).toBe(200);
  });
});
