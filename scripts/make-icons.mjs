#!/usr/bin/env node
// `npm run icons`: every icon file Officina ships, from the two drawings in build/ (icon.svg,
// tray-icon.svg). Chromium (playwright-core, Debian's binary; OFFICINA_CHROMIUM for another) renders
// each size from the SVG itself, so small sizes are drawn, not shrunk from a large bitmap; png2icons
// packs the macOS .icns and the Windows .ico from the 1024 px rendering. The outputs are committed:
// electron-builder would otherwise fetch its own icon converter from the network when packaging.
//
//   build/icon.png              1024 px, the large source electron-builder and stores ask for
//   build/icon.icns, icon.ico   macOS and Windows app icons
//   build/icons/NxN.png         the Linux set (AppImage, deb: hicolor sizes)
//   resources/icon.png          512 px, shipped inside the app (window icon on Linux, About panel)
//   resources/trayTemplate.png, trayTemplate@2x.png   menu-bar glyph (black + alpha: a macOS template)
//   resources/tray.png, tray@2x.png                   the same glyph in the app's indigo (Windows, Linux)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, 'build');
const RESOURCES = join(ROOT, 'resources');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const TRAY_INDIGO = '#4263eb';

const chromiumPath = process.env['OFFICINA_CHROMIUM'] ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  process.stderr.write(`Chromium not found at ${chromiumPath}: install it or set OFFICINA_CHROMIUM.\n`);
  process.exit(1);
}

const appIcon = readFileSync(join(BUILD, 'icon.svg'), 'utf8');
const trayIcon = readFileSync(join(BUILD, 'tray-icon.svg'), 'utf8');

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });

  /** The SVG drawn at size × size pixels on a transparent background, as PNG bytes. */
  const render = async (svg, size) => {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/<svg([^>]*?)\swidth="\d+"\s+height="\d+"/, `<svg$1 width="${size}" height="${size}"`);
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`,
    );
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };

  const write = (path, bytes) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    process.stdout.write(`${path.slice(ROOT.length + 1)}  ${bytes.length} bytes\n`);
  };

  const large = await render(appIcon, 1024);
  write(join(BUILD, 'icon.png'), large);
  for (const size of LINUX_SIZES) write(join(BUILD, 'icons', `${size}x${size}.png`), await render(appIcon, size));
  write(join(RESOURCES, 'icon.png'), await render(appIcon, 512));

  const icns = png2icons.createICNS(large, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(large, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert build/icon.png');
  write(join(BUILD, 'icon.icns'), icns);
  write(join(BUILD, 'icon.ico'), ico);

  const tinted = trayIcon.replaceAll('#000000', TRAY_INDIGO);
  write(join(RESOURCES, 'trayTemplate.png'), await render(trayIcon, 16));
  write(join(RESOURCES, 'trayTemplate@2x.png'), await render(trayIcon, 32));
  write(join(RESOURCES, 'tray.png'), await render(tinted, 16));
  write(join(RESOURCES, 'tray@2x.png'), await render(tinted, 32));
} finally {
  await browser.close();
}
