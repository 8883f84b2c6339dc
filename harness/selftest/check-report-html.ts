/**
 * `npm run check:report-html`: renders the sample grade report, opens it in headless
 * Chromium (light, dark and print) and checks that the page drew something and asked for
 * nothing. Every host name resolves to nothing, so no request could leave the machine.
 * Two checks that the page asks for nothing: with its CSP, Chromium must log no refusal;
 * with the CSP taken out, Chromium's network log must hold no request from the page.
 *
 * A developer tool, not part of `npm test`: it needs Chromium (`apt-get install chromium`).
 * The screenshots stay in the printed folder for a person to look at.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { sampleReport } from '../../tests/selftest/grade-sample.ts';
import { renderHtml } from '../grade/render/html.ts';

const CHROMIUM = process.env.CHROMIUM ?? 'chromium';
const QUIET = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-extensions',
  '--disable-sync',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--enable-logging=stderr',
  '--v=0',
];

const folder = mkdtempSync(join(tmpdir(), 'report-html-'));
const page = join(folder, 'report.html');
writeFileSync(page, renderHtml(sampleReport()));
const url = pathToFileURL(page).href;

const problems: string[] = [];
for (const [name, extra] of [
  ['light', []],
  ['dark', ['--force-dark-mode']],
] as const) {
  const png = join(folder, `${name}.png`);
  const log = chromium([...extra, `--screenshot=${png}`, '--window-size=1280,2000', '--hide-scrollbars', url]);
  const inked = inkedShare(readFileSync(png));
  console.log(`${name}: ${png} (${statSync(png).size} bytes, ${(inked * 100).toFixed(1)}% of pixels drawn)`);
  if (inked < 0.02) problems.push(`the ${name} screenshot is blank (${(inked * 100).toFixed(2)}% of pixels differ from the background)`);
  problems.push(...refusals(log));
}
const unguarded = join(folder, 'report-without-csp.html');
writeFileSync(unguarded, readFileSync(page, 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
const netLog = join(folder, 'net-log.json');
chromium([`--log-net-log=${netLog}`, `--screenshot=${join(folder, 'without-csp.png')}`, pathToFileURL(unguarded).href]);
const requests = pageRequests(netLog);
console.log(`without its CSP: ${requests.length} requests from the page (${netLog})`);
problems.push(...requests.map((request) => `without its CSP, the page requested ${request}`));

const pdf = join(folder, 'report.pdf');
chromium([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', url]);
console.log(`print: ${pdf} (${statSync(pdf).size} bytes)`);
if (statSync(pdf).size < 10_000) problems.push('the printed PDF is suspiciously small');

if (problems.length > 0) {
  console.error(problems.map((problem) => `✗ ${problem}`).join('\n'));
  process.exit(1);
}
console.log('✓ report.html drew its page in light and dark mode, printed, and requested nothing');

function chromium(args: readonly string[]): string {
  const run = spawnSync(CHROMIUM, [...QUIET, `--user-data-dir=${join(folder, 'profile')}`, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) {
    console.error(`Could not start ${CHROMIUM} (${run.error.message}). Install it (apt-get install chromium) or set CHROMIUM.`);
    process.exit(2);
  }
  return `${run.stdout}\n${run.stderr}`;
}

/** Lines where Chromium says it blocked or failed a load: the page must never cause one. */
function refusals(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /Content Security Policy|Refused to|ERR_NAME_NOT_RESOLVED|net::ERR_/i.test(line))
    .map((line) => `Chromium: ${line.trim()}`);
}

/** URLs the page itself requested (Chromium's own background requests belong to other sites). */
function pageRequests(netLog: string): string[] {
  const log = JSON.parse(readFileSync(netLog, 'utf8')) as { events: { params?: { url?: string; network_isolation_key?: string } }[] };
  const urls = log.events
    .filter(({ params }) => params?.url && !params.url.startsWith('file:') && params.network_isolation_key?.startsWith('file://'))
    .map(({ params }) => params?.url ?? '');
  return [...new Set(urls)];
}

/** The share of pixels whose colour differs from the top-left pixel's, in an 8-bit RGB(A) PNG. */
function inkedShare(png: Buffer): number {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = { 2: 3, 6: 4 }[body[9] ?? 0] ?? 0;
      if (body[8] !== 8 || channels === 0 || body[12] !== 0) throw new Error('expected an 8-bit, non-interlaced RGB or RGBA PNG');
    }
    if (type === 'IDAT') data.push(body);
    offset += length + 12;
  }
  const pixels = unfilter(inflateSync(Buffer.concat(data)), width, height, channels);
  let inked = 0;
  for (let index = 0; index < pixels.length; index += channels) {
    if (pixels[index] !== pixels[0] || pixels[index + 1] !== pixels[1] || pixels[index + 2] !== pixels[2]) inked++;
  }
  return inked / (width * height);
}

/** PNG scanline filters undone (the spec's five: none, sub, up, average, Paeth). */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)];
    for (let column = 0; column < stride; column++) {
      const byte = raw[row * (stride + 1) + 1 + column] ?? 0;
      const left = column >= channels ? (pixels[row * stride + column - channels] ?? 0) : 0;
      const up = row > 0 ? (pixels[(row - 1) * stride + column] ?? 0) : 0;
      const upLeft = row > 0 && column >= channels ? (pixels[(row - 1) * stride + column - channels] ?? 0) : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? 0] ?? 0;
      pixels[row * stride + column] = (byte + predicted) & 0xff;
    }
  }
  return pixels;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
