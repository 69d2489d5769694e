// Benchmark 12: the UI's first view in Chromium against `officina serve` (where Electron cannot run,
// this stands for "app window to interactive"). A signed-in person opens the app with a cold cache:
// first contentful paint (the browser's paint timing), and the moment the first view is interactive
// — the main navigation on screen and the default view's content rendered from the API — from the
// navigation's start. Target ≤ 1.5 s. Each sample is a fresh browser context (no HTTP cache).
import { existsSync } from 'node:fs';
import { settle, smallDataDir } from './lib/fixtures.mjs';
import { startServe } from './lib/serve.mjs';
import { heading, ms, summarize, table, verdict } from './lib/stats.mjs';

export const TARGET_INTERACTIVE_MS = 1_500;
const SAMPLES = 7;

export async function runFirstPaintBench({ print = console.log } = {}) {
  print(heading('12. UI first view in Chromium against serve'));
  const executablePath = process.env['OFFICINA_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    print('(skipped) Chromium not found: set OFFICINA_CHROMIUM.');
    return [];
  }
  const { chromium } = await import('playwright-core');
  const data = await smallDataDir(1000);
  const served = await startServe({ dataDir: data.dataDir, vault: data.vault });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const fcp = [];
  const interactive = [];
  try {
    const [name, value] = served.cookie.split('=');
    for (let i = 0; i < SAMPLES; i++) {
      const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
      await context.addCookies([{ name, value, url: served.url }]);
      const page = await context.newPage();
      await page.goto(`${served.url}/`, { waitUntil: 'commit' });
      // Interactive: the main navigation is there and the first view has rendered rows from the API.
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await page.locator('main').getByText(/\S/).first().waitFor();
      const at = await page.evaluate(() => performance.now());
      const paint = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      );
      fcp.push(paint);
      interactive.push(at);
      await context.close();
      await settle(100);
    }
  } finally {
    await browser.close();
    await served.stop();
    data.remove();
  }
  const p = summarize(fcp);
  const t = summarize(interactive);
  const ok = t.p50 <= TARGET_INTERACTIVE_MS;
  print(
    table(
      ['', 'p50', 'max', 'target', ''],
      [
        ['first contentful paint', ms(p.p50), ms(p.max), '', ''],
        ['first view interactive', ms(t.p50), ms(t.max), `≤ ${TARGET_INTERACTIVE_MS} ms`, verdict(ok)],
      ],
    ),
  );
  return [
    {
      name: `UI first view interactive in Chromium (p50 of ${SAMPLES})`,
      value: `${ms(t.p50)} (first paint ${ms(p.p50)})`,
      target: `≤ ${TARGET_INTERACTIVE_MS} ms`,
      ok,
    },
  ];
}
