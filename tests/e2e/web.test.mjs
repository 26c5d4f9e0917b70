// Browser tests of the Glexia pages: Debian's chromium driven by playwright-core.
// Needs GLEXIA_BINARY and GLEXIA_DB (a store with enterprise 17.1 and 18.1); run.sh prepares both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = process.env.E2E_ARTIFACTS || path.join(here, 'artifacts');
const binary = process.env.GLEXIA_BINARY;
const db = process.env.GLEXIA_DB;
mkdirSync(artifacts, { recursive: true });

let server, browser, page, base;
const consoleErrors = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, deadlineMs) {
  const until = Date.now() + deadlineMs;
  let last;
  while (Date.now() < until) {
    if (server && server.exitCode !== null) throw new Error(`glexia serve exited with ${server.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up: ${last}`);
}

async function startServer() {
  // GLEXIA_E2E_BASE_URL: test a server that is already running instead.
  if (process.env.GLEXIA_E2E_BASE_URL) {
    base = process.env.GLEXIA_E2E_BASE_URL.replace(/\/$/, '');
    return;
  }
  assert.ok(binary, 'GLEXIA_BINARY must be set');
  assert.ok(db, 'GLEXIA_DB must be set');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  try {
    await waitForServer(`${base}/`, 60_000);
  } catch (e) {
    throw new Error(`${e.message}\n${stderr}`);
  }
}

before(async () => {
  await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`); });
  page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { server.once('exit', r); setTimeout(r, 5000); });
  }
});

const headings = [
  'Description',
  'Analyst context for executives and security teams',
  'How security teams should use this page',
  'Related techniques',
  'Groups, software, and campaigns',
  'Mitigation direction',
  'Detection',
  'Object version and sync metadata',
  'Mirrored ATT&CK source object',
  'External references and citations',
];

async function linkTexts() {
  return page.$$eval('main a', (as) => as.map((a) => a.textContent.trim()));
}

test('T1591.002 as of 18.1 shows every section and the key facts', async () => {
  await page.goto(`${base}/techniques/T1591.002?release=18.1&domain=enterprise-attack`);
  assert.match(await page.textContent('h1'), /Business Relationships/);
  const h2 = await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent.trim()));
  let at = -1;
  for (const h of headings) {
    const i = h2.indexOf(h, at + 1);
    assert.ok(i > at, `section "${h}" missing or out of order in ${JSON.stringify(h2)}`);
    at = i;
  }
  const links = await linkTexts();
  for (const id of ['DET0855', 'M1056', 'G0034', 'G0035', 'G1004', 'T1591', 'TA0043']) {
    assert.ok(links.includes(id), `no link ${id}`);
  }
  const ref1 = await page.textContent('#ref-1');
  assert.match(ref1, /\[1\]/);
  assert.match(ref1, /ThreatPost Broadvoice Leak/);
  const cite = await page.$eval('#description a[href="#ref-1"]', (a) => a.textContent);
  assert.equal(cite, '[1]');
  const footer = await page.textContent('footer');
  assert.match(footer, /not affiliated with or endorsed by MITRE/);
  await page.screenshot({ path: path.join(artifacts, 'technique-T1591.002.png'), fullPage: true });
});

test('follows a group link and comes back', async () => {
  await page.goto(`${base}/techniques/T1591.002?release=18.1&domain=enterprise-attack`);
  await Promise.all([page.waitForURL(/\/groups\/G0034/), page.click('#procedures a:text-is("G0034")')]);
  assert.match(await page.textContent('h1'), /Sandworm Team/);
  await page.screenshot({ path: path.join(artifacts, 'group-G0034.png') });
  await page.goBack();
  await page.waitForURL(/\/techniques\/T1591\.002/);
  assert.match(await page.textContent('h1'), /Business Relationships/);
});

test('search by ID jumps to the object; search by words lists ranked results', async () => {
  await page.goto(`${base}/`);
  await page.fill('header form.search input[name="q"]', 'T1591.002');
  await Promise.all([page.waitForURL(/\/techniques\/T1591\.002/), page.press('header form.search input[name="q"]', 'Enter')]);
  assert.match(await page.textContent('h1'), /Business Relationships/);
  await page.fill('header form.search input[name="q"]', 'business relationships');
  await Promise.all([page.waitForURL(/\/search\?/), page.press('header form.search input[name="q"]', 'Enter')]);
  const links = await linkTexts();
  assert.ok(links.includes('T1591.002'), 'T1591.002 not among the results');
  await page.screenshot({ path: path.join(artifacts, 'search.png') });
});

test('enterprise matrix: a technique expands to its sub-techniques', async () => {
  await page.goto(`${base}/matrix/enterprise-attack?release=18.1`);
  const tactics = await page.$$eval('.tactic-col', (cols) => cols.length);
  assert.ok(tactics >= 14, `only ${tactics} tactic columns`);
  const cell = page.locator('[data-technique="T1591"] details');
  assert.equal(await cell.evaluate((d) => d.open), false);
  await page.click('[data-technique="T1591"] summary .n');
  assert.equal(await cell.evaluate((d) => d.open), true);
  assert.ok(await page.isVisible('[data-technique="T1591"] .subs a:text("Business Relationships")'));
  await page.screenshot({ path: path.join(artifacts, 'matrix-enterprise.png') });
});

test('switching release keeps the page and changes the data', async () => {
  await page.goto(`${base}/techniques/T1591.002?release=18.1&domain=enterprise-attack`);
  await page.click('details.picker summary');
  await Promise.all([page.waitForURL(/release=17\.1/), page.click('details.picker a[data-release="17.1"]')]);
  assert.match(page.url(), /\/techniques\/T1591\.002\?release=17\.1/);
  assert.match(await page.textContent('details.picker summary'), /17\.1/);
  assert.match(await page.textContent('h1'), /Business Relationships/);
  const shown = await page.textContent('table.versions tr.shown');
  assert.match(shown, /17\.1/);
});

test('no console errors on any page visited', () => {
  assert.deepEqual(consoleErrors, []);
});
