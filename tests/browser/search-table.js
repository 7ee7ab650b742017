#!/usr/bin/env node
// Scores a search engine on the query set (queries.json) in Chromium and
// prints one table row per edition: hits@1 and hits@5 (the expected
// page#section among the first 1 / 5 links the reader is shown), the bytes
// fetched for the first query, and the first query's time (index load
// included) as a range over three fresh pages.
// Usage: node search-table.js --site ../../book [--engine ours|pagefind] [--misses]
// `--engine pagefind` expects a Pagefind index in SITE/pagefind (see README).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : fallback);
const SITE = path.resolve(option('--site', path.join(__dirname, '..', '..', 'book')));
const ENGINE = option('--engine', 'ours');
const CHROMIUM = option('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const QUERIES = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8'));

function serve(root) {
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }[path.extname(file)];
    res.writeHead(200, { 'content-type': type || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The links a reader is shown for `query`, in order, as "page.html#anchor".
const RUN = {
  async ours(page, query) {
    if (!(await page.isVisible('#ln-search input'))) await page.click('#ln-search-toggle');
    await page.fill('#ln-search input', query);
    await page.waitForTimeout(200); // past the typing debounce
    await page.waitForFunction(() => {
      const s = document.querySelector('.ln-search-status');
      return s && s.textContent && !/…$/.test(s.textContent);
    }, null, { timeout: 15000 });
    return page.$$eval('.ln-search-results a', (as) => as.map((a) => a.getAttribute('data-target') || a.href));
  },
  async pagefind(page, query) {
    return page.evaluate(async (q) => {
      window.pf = window.pf || await import(new URL('../pagefind/pagefind.js', location.href).href);
      const found = await window.pf.search(q);
      const out = [];
      for (const r of found.results.slice(0, 5)) {
        const data = await r.data();
        // The three sections Pagefind's UI picks (most matches), best first.
        const subs = [...(data.sub_results || [])].sort((a, b) => b.locations.length - a.locations.length).slice(0, 3);
        for (const s of subs.length ? subs : [data]) out.push(new URL(s.url, location.href).href);
      }
      return out;
    }, query);
  },
};

// "page.html#anchor"; a link to the page itself is a link to its first section.
function key(href, firstAnchors) {
  const u = new URL(href);
  const file = u.pathname.split('/').pop();
  return decodeURIComponent(file + (u.hash || (firstAnchors[file] ? '#' + firstAnchors[file] : '')));
}
function firstAnchors(lang) {
  const index = JSON.parse(fs.readFileSync(path.join(SITE, lang, 'ln-search.json'), 'utf8'));
  return Object.fromEntries(index.pages.map((p) => [p.url, p.sections[0] && p.sections[0][0]]));
}

async function main() {
  const server = await serve(SITE);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ln-search-table-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const rows = [];
  for (const lang of ['en', 'ja', 'ko']) {
    // First query on a fresh page, three times: index load + search.
    const times = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const page = await context.newPage();
      await page.goto(`${origin}/${lang}/intro.html`, { waitUntil: 'load' });
      const t0 = Date.now();
      await RUN[ENGINE](page, QUERIES[lang][0][0]);
      times.push(Date.now() - t0);
      bytes = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((r) => /ln-search|pagefind/.test(r.name)).reduce((n, r) => n + r.decodedBodySize, 0));
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(`${origin}/${lang}/intro.html`, { waitUntil: 'load' });
    const first = firstAnchors(lang);
    let at1 = 0, at5 = 0;
    const misses = [];
    for (const [query, want] of QUERIES[lang]) {
      const got = (await RUN[ENGINE](page, query)).map((h) => key(h, first));
      const rank = got.slice(0, 5).indexOf(want);
      if (rank === 0) at1++;
      if (rank >= 0) at5++; else misses.push(`${query} → ${got.slice(0, 3).join(' ') || 'nothing'} (want ${want})`);
    }
    await page.close();
    const n = QUERIES[lang].length;
    rows.push(`| ${ENGINE} | ${lang} | ${n} | ${at1} (${Math.round(100 * at1 / n)} %) | ${at5} (${Math.round(100 * at5 / n)} %) | ` +
      `${Math.round(bytes / 1024)} KiB | ${Math.min(...times)}–${Math.max(...times)} ms |`);
    if (args.includes('--misses')) misses.forEach((m) => console.log(`miss ${lang}: ${m}`));
  }
  console.log('| engine | edition | queries | hits@1 | hits@5 | fetched for the first query | first query (load + search) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  rows.forEach((r) => console.log(r));
  await context.close();
  server.close();
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
