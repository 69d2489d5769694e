/** A rectangle in screen coordinates (Electron's Rectangle). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the window between runs. */
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of the title bar must be on a display for the window to count as reachable. */
const GRAB = { width: 120, height: 40 } as const;

/**
 * The remembered state read back from its file's JSON, or undefined when it is not one (a file from
 * another version, edited by hand, cut short): the window then opens at its default size.
 */
export function parseWindowState(json: unknown): WindowState | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { bounds, maximized } = json as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  return { bounds: { x: x as number, y: y as number, width: width as number, height: height as number }, maximized };
}

/**
 * Where the window opens: the remembered bounds when their title bar is on a display that is there
 * now (a monitor may have been unplugged), made to fit that display's work area; otherwise centred
 * on the primary display at the default size (or smaller, to fit). `displays[0]` is the primary.
 */
export function placeWindow(saved: WindowState | undefined, displays: readonly { workArea: Rect }[]): WindowState {
  const primary = displays[0]?.workArea ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (saved) {
    const home = displays.map((d) => d.workArea).find((area) => titleBarVisible(saved.bounds, area));
    if (home) return { bounds: fitInto(saved.bounds, home), maximized: saved.maximized };
  }
  const width = Math.max(MIN_SIZE.width, Math.min(DEFAULT_SIZE.width, primary.width));
  const height = Math.max(MIN_SIZE.height, Math.min(DEFAULT_SIZE.height, primary.height));
  return {
    bounds: {
      x: primary.x + Math.round((primary.width - width) / 2),
      y: primary.y + Math.round((primary.height - height) / 2),
      width,
      height,
    },
    maximized: saved?.maximized ?? false,
  };
}

function titleBarVisible(bounds: Rect, area: Rect): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  // The title bar: the top of the window, which must lie within the area's height.
  const top = bounds.y;
  return (
    right - left >= Math.min(GRAB.width, bounds.width) && top >= area.y && top + GRAB.height <= area.y + area.height
  );
}

/** The bounds made no larger than the area (and no smaller than the minimum), then moved inside it. */
function fitInto(bounds: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(Math.round(bounds.width), MIN_SIZE.width), area.width);
  const height = Math.min(Math.max(Math.round(bounds.height), MIN_SIZE.height), area.height);
  const x = Math.min(Math.max(Math.round(bounds.x), area.x), area.x + area.width - width);
  const y = Math.min(Math.max(Math.round(bounds.y), area.y), area.y + area.height - height);
  return { x, y, width, height };
}
