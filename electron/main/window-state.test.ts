import { describe, expect, it } from 'vitest';
import { parseWindowState, placeWindow } from './window-state.js';

const laptop = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const external = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const left = { workArea: { x: -1920, y: 0, width: 1920, height: 1040 } };

describe('window state', () => {
  it('reopens where it was, on whichever display that is', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: false };
    expect(placeWindow(saved, [laptop, external])).toEqual(saved);
    const onLeft = { bounds: { x: -1800, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(placeWindow(onLeft, [laptop, left])).toEqual(onLeft);
  });

  it('centres on the primary display when the display it was on is gone', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(placeWindow(saved, [laptop])).toEqual({
      bounds: { x: 80, y: 53, width: 1280, height: 820 },
      maximized: true,
    });
  });

  it('pulls a window whose title bar is off the top or mostly off the side back, and shrinks it to fit', () => {
    expect(
      placeWindow({ bounds: { x: 100, y: -300, width: 800, height: 600 }, maximized: false }, [laptop]).bounds,
    ).toEqual({ x: 80, y: 53, width: 1280, height: 820 });
    // Partly off the right edge but reachable: moved inside, shrunk to the work area.
    expect(
      placeWindow({ bounds: { x: 1000, y: 100, width: 2000, height: 2000 }, maximized: false }, [laptop]).bounds,
    ).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    // Too small (a hand-edited file): the minimum size.
    expect(placeWindow({ bounds: { x: 10, y: 30, width: 5, height: 5 }, maximized: false }, [laptop]).bounds).toEqual({
      x: 10,
      y: 30,
      width: 720,
      height: 480,
    });
  });

  it('falls back to the default when there is nothing remembered, and on a display smaller than the default', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({
      bounds: { x: 80, y: 53, width: 1280, height: 820 },
      maximized: false,
    });
    expect(placeWindow(undefined, [{ workArea: { x: 0, y: 0, width: 1024, height: 700 } }]).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1024,
      height: 700,
    });
    expect(placeWindow(undefined, []).bounds).toEqual({ x: 0, y: 0, width: 1280, height: 820 });
  });

  it('reads back only a well-formed state', () => {
    const good = { bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: false };
    expect(parseWindowState(good)).toEqual(good);
    for (const bad of [
      null,
      'x',
      {},
      { bounds: good.bounds },
      { bounds: { ...good.bounds, x: 'left' }, maximized: false },
      { bounds: { ...good.bounds, width: Number.NaN }, maximized: false },
      { bounds: good.bounds, maximized: 'yes' },
    ]) {
      expect(parseWindowState(bad)).toBeUndefined();
    }
  });
});
