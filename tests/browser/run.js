#!/usr/bin/env node
// Browser tests of the built site: serves book/ on 127.0.0.1 from this
// script, drives Debian's Chromium through playwright-core, and prints
// "N passed, M failed". Usage: node run.js [--site ../../book] [--artifacts ../artifacts]
//   [--chromium /usr/bin/chromium] [--baseline] [--only NAME]
// --baseline measures mdBook's own search box instead (for comparison).
'use strict';

const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}
const SITE = path.resolve(option('--site', path.join(__dirname, '..', '..', 'book')));
const ARTIFACTS = path.resolve(option('--artifacts', path.join(__dirname, '..', 'artifacts')));
const CHROMIUM = option('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const BASELINE = args.includes('--baseline');
const ONLY = option('--only', '');
const LANGS = ['en', 'ja', 'ko'];
const THEMES = ['light', 'rust', 'coal', 'navy', 'ayu'];

// Each query must list its chapter first or near the top, within its edition.
const QUERIES = [
  ['ja', '実行ロール', 'execution-role.html'],
  ['ja', 'リソースベースポリシー', 'resource-policies.html'],
  ['ja', '可視性タイムアウト', 'sqs.html'],
  ['ko', '실행 역할', 'execution-role.html'],
  ['ko', '리소스 기반 정책', 'resource-policies.html'],
  ['ko', '가시성 제한 시간', 'sqs.html'],
  ['en', 'execution role', 'execution-role.html'],
  ['en', 'visibility timeout', 'sqs.html'],
];
const NEAR_TOP = 3;

// ---------- a tiny static server ----------

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.wasm': 'application/wasm', '.txt': 'text/plain',
};

// `prefix` mounts the site under a sub-path (a GitHub project page);
// `rootOnly404` answers every missing address with the root 404.html, as
// GitHub Pages and Netlify do, instead of the edition's own 404 page.
function serve(root, { prefix = '/', rootOnly404 = false } = {}) {
  const server = http.createServer((req, res) => {
    let url;
    try { url = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch (e) { url = '/'; }
    if (!url.startsWith(prefix)) url = '/\0outside';
    else url = '/' + url.slice(prefix.length);
    let file = path.normalize(path.join(root, url));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!fs.existsSync(file)) {
      // Like a static host: the edition's 404 page (or the root one), with status 404.
      const edition = url.split('/').find((part) => LANGS.includes(part));
      file = rootOnly404 ? path.join(root, '404.html') : path.join(root, edition || 'en', '404.html');
      status = 404;
      if (!fs.existsSync(file)) { res.writeHead(404); res.end('not found'); return; }
    }
    res.writeHead(status, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------- the harness ----------

const results = [];
const notes = [];
async function test(name, fn) {
  if (ONLY && !name.includes(ONLY)) return;
  const started = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n     ')}`);
  }
}
function assert(cond, message) { if (!cond) throw new Error(message); }

async function main() {
  assert(fs.existsSync(path.join(SITE, 'en', 'index.html')), `no built site at ${SITE} (run lambda-notes build first)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const server = await serve(SITE);
  const origin = `http://127.0.0.1:${server.address().port}`;
  // The same site under a sub-path, with only the root 404.html (GitHub Pages).
  const SUB = '/lambda-notes/';
  const subServer = await serve(SITE, { prefix: SUB, rootOnly404: true });
  const subOrigin = `http://127.0.0.1:${subServer.address().port}`;
  const origins = [origin, subOrigin];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-notes-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  // The print page calls window.print() on load: keep it from blocking.
  await context.addInitScript(() => { window.print = () => { window.__printed = true; }; });
  // Anything the page tries to fetch from elsewhere is a failure ("nothing is sent anywhere").
  const foreign = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (origins.some((o) => u.startsWith(o)) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    foreign.push(u);
    return route.abort();
  });

  async function open(url, options = {}) {
    const page = await context.newPage();
    if (options.viewport) await page.setViewportSize(options.viewport);
    const errors = [];
    const warnings = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
      if (m.type() === 'warning') warnings.push(m.text());
    });
    page.warnings = warnings;
    page.on('pageerror', (e) => errors.push(String(e)));
    const response = await page.goto((options.origin || origin) + url, { waitUntil: 'load' });
    page.errors = errors;
    page.status = response ? response.status() : 0;
    return page;
  }
  async function close(page, { allow404 = false } = {}) {
    const errors = page.errors.filter((e) => !(allow404 && /404/.test(e)));
    await page.close();
    assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  }

  async function search(page, query) {
    if (BASELINE) {
      const toggle = await page.$('#mdbook-search-toggle');
      assert(toggle, 'no search button');
      await toggle.click();
      await page.fill('#mdbook-searchbar', query);
      await page.waitForTimeout(3000);
      return page.$$eval('#mdbook-searchresults a', (as) => as.map((a) => a.href));
    }
    if (!(await page.isVisible('#ln-search input'))) await page.click('#ln-search-toggle');
    // Wait for this query's results, not the previous one's.
    await page.evaluate(() => { document.querySelector('.ln-search-status').textContent = ''; });
    await page.fill('#ln-search input', query);
    await page.waitForFunction(() => {
      const s = document.querySelector('.ln-search-status');
      return s && s.textContent && !/…$/.test(s.textContent);
    }, null, { timeout: 15000 });
    return page.$$eval('.ln-search-results a', (as) => as.map((a) => a.href));
  }

  // ---------- search ----------
  for (const [lang, query, chapter] of QUERIES) {
    await test(`search ${lang} "${query}" finds ${chapter}`, async () => {
      const page = await open(`/${lang}/intro.html`);
      const found = await search(page, query);
      const rank = found.findIndex((u) => new URL(u).pathname === `/${lang}/${chapter}`);
      notes.push(`search ${lang} "${query}": ${found.length} results; ${chapter} at ${rank < 0 ? 'none' : '#' + (rank + 1)}; ` +
        found.slice(0, 5).map((u) => u.replace(origin, '')).join(' '));
      await close(page);
      assert(found.length > 0, 'no results');
      assert(found.every((u) => u.startsWith(`${origin}/${lang}/`)), `results outside the ${lang} edition: ${found.join(' ')}`);
      assert(rank >= 0 && rank < NEAR_TOP, `${chapter} is not in the first ${NEAR_TOP}: ${found.join(' ')}`);
    });
  }
  if (BASELINE) return finish(context, server, foreign, subServer);

  // ---------- issue 16 §7: search a reader's way ----------
  // The query set (queries.json): each query's page#section among the first
  // five links shown (sections of one page count one by one), and first for
  // most. README's search table reports the same set (search-table.js).
  const QUERY_SET = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8'));
  function sectionKey(href, firstAnchors) {
    const u = new URL(href);
    const file = u.pathname.split('/').pop();
    return decodeURIComponent(file + (u.hash || '#' + (firstAnchors[file] || '')));
  }
  for (const lang of LANGS) {
    await test(`${lang}: search query set (${QUERY_SET[lang].length} queries) finds the section a reader wants`, async () => {
      const index = JSON.parse(fs.readFileSync(path.join(SITE, lang, 'ln-search.json'), 'utf8'));
      const firstAnchors = Object.fromEntries(index.pages.map((p) => [p.url, p.sections[0][0]]));
      const page = await open(`/${lang}/intro.html`);
      let first = 0, top5 = 0;
      const misses = [];
      for (const [query, want] of QUERY_SET[lang]) {
        const got = (await search(page, query)).map((h) => sectionKey(h, firstAnchors));
        const rank = got.slice(0, 5).indexOf(want);
        if (rank === 0) first++;
        if (rank >= 0) top5++; else misses.push(`${query} → ${got.slice(0, 2).join(' ') || 'nothing'}`);
      }
      await close(page);
      const n = QUERY_SET[lang].length;
      notes.push(`search query set ${lang}: hits@1 ${first}/${n}, hits@5 ${top5}/${n}`);
      assert(top5 >= Math.ceil(0.95 * n), `hits@5 ${top5}/${n}; missed: ${misses.join(' | ')}`);
      assert(first >= Math.ceil(0.85 * n), `hits@1 only ${first}/${n}`);
    });
  }

  await test('search: Korean without spaces, typos, plurals, quoted phrases', async () => {
    const cases = [
      ['ko', '환경변수', 'configuration.html', '#환경-변수'],
      ['ko', '실행역할', 'execution-role.html', ''],
      ['ko', '가시성제한시간', 'sqs.html', '#가시성-제한-시간과-함수-제한-시간'],
      ['en', 'concurency', 'sqs.html', '#maximum-concurrency'],
      ['en', 'timeouts', 'configuration.html', '#timeout'],
      ['en', '"NAT gateway"', 'vpc.html', '#reaching-the-internet-from-a-vpc-function'],
    ];
    for (const [lang, query, file, hash] of cases) {
      const page = await open(`/${lang}/intro.html`);
      const found = await search(page, query);
      await close(page);
      assert(found.length > 0, `${lang} ${query}: nothing found`);
      const u = new URL(found[0]);
      assert(u.pathname === `/${lang}/${file}` && decodeURIComponent(u.hash) === hash,
        `${lang} ${query}: first result ${decodeURIComponent(u.pathname + u.hash)}, want /${lang}/${file}${hash}`);
    }
    // A quoted phrase is a phrase: every section shown contains it.
    const page = await open('/en/intro.html');
    await search(page, '"NAT gateway"');
    const excerpts = await page.$$eval('.ln-search-results .ln-excerpt', (ps) => ps.map((p) => p.textContent.toLowerCase()));
    await close(page);
    assert(excerpts.length > 0 && excerpts.every((t) => /nat\s*gateway/.test(t)), `an excerpt lacks the phrase: ${excerpts.join(' | ')}`);
  });

  await test('search: several sections per page, excerpts without flattened JSON', async () => {
    const page = await open('/en/intro.html', { viewport: { width: 360, height: 740 } });
    await search(page, 'timeout');
    const more = await page.$$eval('.ln-search-results > li', (lis) => lis.map((li) => li.querySelectorAll('a').length));
    assert(more.some((n) => n >= 2), `no page shows more than one section: ${more.join(',')}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'en-360-search.png') });
    await search(page, 'sqs:SendMessage');
    const texts = await page.$$eval('.ln-search-results .ln-excerpt', (ps) => ps.map((p) => p.textContent));
    await close(page);
    assert(texts.length > 0, 'no excerpts');
    const flattened = texts.filter((t) => /[{\[]\s*"[^"]+"\s*:.*[,{]\s*"[^"]+"\s*:/.test(t));
    assert(flattened.length === 0, `excerpts quote flattened JSON: ${flattened.slice(0, 2).join(' | ')}`);
    for (const [lang, query] of [['ja', '可視性タイムアウト'], ['ko', '가시성제한시간']]) {
      const p = await open(`/${lang}/intro.html`, { viewport: { width: 360, height: 740 } });
      await search(p, query);
      await p.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-search.png`) });
      await p.evaluate(() => { localStorage.setItem('mdbook-theme', 'navy'); });
      await p.reload({ waitUntil: 'load' });
      await search(p, query);
      await p.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-search-navy.png`) });
      await p.evaluate(() => { localStorage.removeItem('mdbook-theme'); });
      await close(p);
    }
  });

  await test('search: arrow keys walk the results; the landing page highlights the words', async () => {
    const page = await open('/en/intro.html');
    const found = await search(page, 'visibility timeout');
    assert(found.length >= 2, 'too few results to walk');
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement.href);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement.href);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const back = await page.evaluate(() => document.activeElement.matches('#ln-search input'));
    assert(first === found[0] && second === found[1], `ArrowDown went to ${first}, then ${second}`);
    assert(back, 'ArrowUp from the first result does not return to the search box');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert(new URL(page.url()).pathname === '/en/sqs.html', 'Enter on the first result went to ' + page.url());
    const marks = await page.$$eval('main mark.ln-highlight', (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert(marks.includes('visibility') && marks.includes('timeout'), `landing page marks: ${marks.slice(0, 6).join(', ')}`);
    const seen = await page.evaluate(() => Array.from(document.querySelectorAll('main mark.ln-highlight'))
      .some((m) => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }));
    assert(seen, 'no highlighted word is in view on landing');
    await close(page);
  });

  // ---------- issue 16 §8: search engines, layout shift ----------
  const SITE_URL = (fs.readFileSync(path.join(__dirname, '..', '..', 'book.toml'), 'utf8').match(/^site-url\s*=\s*"([^"]+)"/m) || [])[1];
  await test('site-url: canonical, absolute hreflang, description; sitemap.xml and robots.txt', async () => {
    assert(SITE_URL && /^https?:\/\//.test(SITE_URL), `book.toml has no absolute site-url (${SITE_URL})`);
    const base = process.env.MDBOOK_OUTPUT__HTML__SITE_URL || SITE_URL;
    for (const lang of LANGS) {
      for (const file of ['sqs.html', 'intro.html', 'index.html']) {
        const page = await open(`/${lang}/${file}`);
        const head = await page.evaluate(() => ({
          canonical: (document.querySelector('link[rel=canonical]') || {}).href,
          alternates: Array.from(document.querySelectorAll('link[rel=alternate][hreflang]')).map((l) => [l.hreflang, l.getAttribute('href')]),
          description: (document.querySelector('meta[name=description]') || {}).content,
          firstParagraph: (Array.from(document.querySelectorAll('main p')).find((p) => !p.closest('.ln-personalise')) || {}).textContent,
        }));
        await close(page);
        const canonicalFile = file === 'index.html' ? 'intro.html' : file;
        assert(head.canonical === `${base}${lang}/${canonicalFile}`, `${lang}/${file}: canonical ${head.canonical}`);
        for (const [hreflang, href] of head.alternates) {
          const want = hreflang === 'x-default' ? base : `${base}${hreflang}/${canonicalFile}`;
          assert(href === want, `${lang}/${file}: hreflang=${hreflang} → ${href}, want ${want}`);
        }
        assert(head.alternates.length === LANGS.length + 1, `${lang}/${file}: ${head.alternates.length} alternates`);
        const squash = (t) => (t || '').replace(/\s+/g, ' ').trim();
        assert(head.description && head.description.length >= 20 && head.description.length <= 160,
          `${lang}/${file}: description ${JSON.stringify(head.description)}`);
        assert(squash(head.firstParagraph).startsWith(head.description.replace(/…$/, '')),
          `${lang}/${file}: description is not the first paragraph: ${head.description}`);
      }
    }
    const sitemap = await (await fetch(`${origin}/sitemap.xml`)).text();
    const urls = sitemap.match(/<url>[\s\S]*?<\/url>/g) || [];
    const chapters = LANGS.map((l) => JSON.parse(fs.readFileSync(path.join(SITE, l, 'ln-search.json'), 'utf8')).pages.length).reduce((a, b) => a + b);
    assert(urls.length === chapters, `sitemap lists ${urls.length} pages, the editions have ${chapters}`);
    for (const u of urls) {
      const loc = u.match(/<loc>([^<]+)<\/loc>/)[1];
      assert(loc.startsWith(base) && !/print|404|toc/.test(loc), `sitemap: ${loc}`);
      const alts = (u.match(/<xhtml:link rel="alternate" hreflang="([^"]+)"/g) || []).length;
      assert(alts === LANGS.length + 1, `sitemap: ${loc} has ${alts} alternates`);
    }
    const robots = await (await fetch(`${origin}/robots.txt`)).text();
    assert(robots.split('\n').includes(`Sitemap: ${base}sitemap.xml`), `robots.txt: ${robots}`);
    const print = await open('/ja/print.html');
    assert(await print.$('meta[name=robots][content=noindex]'), 'print.html is not noindex');
    await close(print);
  });

  await test('layout shift on load stays under 0.1 on every page (360 px and 1280 px)', async () => {
    const worst = [];
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
      for (const lang of LANGS) {
        const index = JSON.parse(fs.readFileSync(path.join(SITE, lang, 'ln-search.json'), 'utf8'));
        for (const { url } of index.pages) {
          const page = await context.newPage();
          await page.setViewportSize(viewport);
          await page.addInitScript(() => {
            window.__cls = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
            }).observe({ type: 'layout-shift', buffered: true });
          });
          await page.goto(`${origin}/${lang}/${url}`, { waitUntil: 'load' });
          await page.waitForTimeout(300);
          const cls = await page.evaluate(() => window.__cls);
          await page.close();
          worst.push([cls, `${viewport.width}px ${lang}/${url}`]);
        }
      }
    }
    worst.sort((a, b) => b[0] - a[0]);
    notes.push(`layout shift: worst ${worst.slice(0, 3).map(([c, w]) => `${c.toFixed(3)} ${w}`).join(', ')}`);
    const over = worst.filter(([c]) => c >= 0.1);
    assert(over.length === 0, `CLS ≥ 0.1: ${over.map(([c, w]) => `${c.toFixed(3)} ${w}`).join(', ')}`);
  });

  // ---------- language switcher ----------
  for (const lang of LANGS) {
    await test(`${lang}: switcher keeps the page, hreflang and <html lang> right`, async () => {
      const page = await open(`/${lang}/sqs.html`);
      assert(await page.getAttribute('html', 'lang') === lang, '<html lang> is not ' + lang);
      const alternates = await page.$$eval('link[rel=alternate][hreflang]', (ls) => ls.map((l) => [l.hreflang, l.href]));
      for (const other of LANGS) {
        assert(alternates.some(([h, href]) => h === other && href.endsWith(`/${other}/sqs.html`)), `no hreflang=${other} to sqs.html`);
      }
      assert(alternates.some(([h]) => h === 'x-default'), 'no x-default');
      const current = await page.$(`.ln-langs a[aria-current=page][lang=${lang}]`);
      assert(current && await current.isVisible(), 'the current language is not marked');
      const other = LANGS.find((l) => l !== lang);
      const link = await page.$(`.ln-langs a[lang=${other}]`);
      assert(link && await link.isVisible(), 'no visible link to ' + other);
      await Promise.all([page.waitForNavigation(), link.click()]);
      assert(page.url().endsWith(`/${other}/sqs.html`), 'landed on ' + page.url());
      assert(await page.getAttribute('html', 'lang') === other, '<html lang> after switching');
      await close(page);
    });
  }

  // ---------- personalised snippets ----------
  await test('personalise: validate, rewrite, copy valid JSON, persist, reset', async () => {
    const page = await open('/en/resource-policies.html');
    const form = page.locator('details.ln-personalise');
    assert(await form.count() === 1, 'no form');
    assert(!(await form.getAttribute('open')), 'the form should start collapsed');
    await form.locator('summary').click();
    // Validation as typed.
    await page.fill('#ln-value-account', '12345');
    assert((await page.textContent('#ln-value-account-msg')).includes('12 digits'), 'no message for a short account id');
    assert(await page.getAttribute('#ln-value-account', 'aria-invalid') === 'true', 'not marked invalid');
    await page.fill('#ln-value-region', 'eu-westt-1');
    assert((await page.textContent('#ln-value-region-msg')).length > 0, 'no message for a bad region');
    await page.selectOption('#ln-value-partition', 'aws-cn');
    await page.fill('#ln-value-region', 'eu-west-1');
    assert((await page.textContent('#ln-value-region-msg')).includes('aws'), 'no partition mismatch message');
    await page.selectOption('#ln-value-partition', 'aws');
    await page.fill('#ln-value-account', '210987654321');
    assert((await page.textContent('#ln-value-account-msg')) === '', 'message left for a good account id');
    assert((await page.textContent('#ln-value-region-msg')) === '', 'message left for a good region');
    if (await page.$('#ln-value-function')) await page.fill('#ln-value-function', 'orders-handler');

    // Copy the first personalised snippet with mdBook's copy button.
    const snippet = page.locator('.ln-snippet.ln-personalised').first();
    assert(await snippet.count() === 1, 'no snippet was personalised');
    await snippet.hover();
    await snippet.locator('button.clip-button').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const doc = JSON.parse(copied);
    const text = JSON.stringify(doc);
    assert(text.includes('210987654321') && text.includes('eu-west-1'), 'copied JSON lacks the entered values: ' + text.slice(0, 200));
    assert(!text.includes('123456789012') && !text.includes('us-east-1'), 'copied JSON still has placeholders: ' + text.slice(0, 200));
    // Every personalised snippet on the page is still valid JSON.
    const all = await page.$$eval('.ln-snippet[data-ln-placeholders] pre code', (cs) => cs.map((c) => c.innerText));
    all.forEach((t, i) => { try { JSON.parse(t); } catch (e) { throw new Error(`snippet ${i} is not JSON any more: ${e.message}`); } });
    // Highlighting is back after the rewrite.
    assert(await snippet.locator('code.hljs span').count() > 0, 'the snippet lost its highlighting');
    await page.screenshot({ path: path.join(ARTIFACTS, 'en-personalised.png'), fullPage: false });
    await close(page);

    // Another page, another edition: the values are still there.
    const next = await open('/ja/execution-role.html');
    const code = await next.$$eval('.ln-snippet[data-ln-placeholders] pre code', (cs) => cs.map((c) => c.textContent).join('\n'));
    assert(code.includes('210987654321'), 'values not persisted to another page');
    await next.locator('details.ln-personalise summary').click();
    assert(await next.inputValue('#ln-value-account') === '210987654321', 'form not filled from storage');
    await next.click('.ln-personalise button[type=reset]');
    await next.waitForTimeout(100);
    const after = await next.$$eval('.ln-snippet[data-ln-placeholders] pre code', (cs) => cs.map((c) => c.textContent).join('\n'));
    assert(!after.includes('210987654321') && after.includes('123456789012'), 'reset did not restore the placeholders');
    assert(await next.evaluate(() => localStorage.getItem('lambda-notes.values')) === null, 'reset left values in storage');
    await close(next);
  });

  // ---------- themes, narrow screens ----------
  await test('every built-in theme: switch, readable switcher and form', async () => {
    const page = await open('/ko/execution-role.html');
    for (const theme of THEMES) {
      if (!(await page.isVisible(`#mdbook-theme-${theme}`))) await page.click('#mdbook-theme-toggle');
      await page.click(`#mdbook-theme-${theme}`);
      assert(await page.evaluate((t) => document.documentElement.classList.contains(t), theme), 'theme not applied: ' + theme);
      const colours = await page.evaluate(() => {
        const cs = (el) => getComputedStyle(el);
        const bar = document.querySelector('#mdbook-menu-bar');
        const link = document.querySelector('.ln-langs a:not(.ln-current)');
        const summary = document.querySelector('.ln-personalise summary');
        return { bar: cs(bar).backgroundColor, body: cs(document.body).backgroundColor, link: cs(link).color, summary: summary && cs(summary).color };
      });
      assert(colours.link !== colours.body && colours.link !== colours.bar, `${theme}: switcher invisible ${JSON.stringify(colours)}`);
      if (theme === 'navy' || theme === 'light') await page.screenshot({ path: path.join(ARTIFACTS, `ko-${theme}.png`) });
    }
    if (!(await page.isVisible('#mdbook-theme-light'))) await page.click('#mdbook-theme-toggle');
    await page.click('#mdbook-theme-light');
    await close(page);
  });

  await test('narrow screen: switcher and search fit, no sideways scrolling', async () => {
    const page = await open('/ja/sqs.html', { viewport: { width: 360, height: 740 } });
    const box = await page.locator('.ln-langs').boundingBox();
    assert(box && box.x >= 0 && box.x + box.width <= 360, 'switcher off screen: ' + JSON.stringify(box));
    assert(await page.isVisible('#ln-search-toggle'), 'no search button');
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await page.click('#ln-search-toggle');
    await page.fill('#ln-search input', '可視性タイムアウト');
    await page.waitForSelector('.ln-search-results li');
    await page.screenshot({ path: path.join(ARTIFACTS, 'ja-mobile-search.png') });
    await close(page);
  });

  // ---------- print and 404, every edition ----------
  for (const lang of LANGS) {
    await test(`${lang}: print page and 404 page work`, async () => {
      const print = await open(`/${lang}/print.html`);
      assert(print.status === 200, 'print.html status ' + print.status);
      assert(await print.evaluate(() => window.__printed === true || document.readyState === 'complete'), 'print page did not load');
      assert(await print.$$eval('.ln-snippet', (s) => s.length) > 0, 'print page has no snippets');
      await print.emulateMedia({ media: 'print' });
      assert(!(await print.isVisible('#mdbook-menu-bar')), 'menu bar shows in print');
      const form = await print.$('.ln-personalise');
      assert(!form || !(await form.isVisible()), 'the form shows in print');
      await close(print);

      const missing = await open(`/${lang}/no-such-page.html`);
      assert(missing.status === 404, 'status ' + missing.status);
      assert(await missing.getAttribute('html', 'lang') === lang, '404 page in the wrong language');
      if (lang !== 'en') assert(!(await missing.textContent('main h1')).includes('Document not found'), '404 text is English');
      const styled = await missing.evaluate(() => Array.from(document.styleSheets).filter((s) => { try { return s.cssRules.length > 0; } catch (e) { return false; } }).length);
      assert(styled >= 4, `404 page stylesheets did not load (${styled})`);
      const hrefs = await missing.$$eval('.ln-langs a', (as) => as.map((a) => a.href));
      assert(hrefs.length === 3, 'no switcher on the 404 page');
      for (const href of hrefs) {
        const r = await missing.request.get(href);
        assert(r.status() === 200, `${href} → ${r.status()}`);
      }
      assert(await missing.isVisible('#ln-search-toggle'), 'no search on the 404 page');
      if (lang === 'ja') await missing.screenshot({ path: path.join(ARTIFACTS, 'ja-404.png') });
      await close(missing, { allow404: true });
    });
  }

  // ---------- issue 16: tables on a phone (§1) ----------
  // Pages with prose tables and policy-test tables, in every edition.
  const TABLE_PAGES = ['sqs.html', 'resource-policies.html', 'event-sources.html', 'glossary.html'];
  // In the page: where lines wrap inside one text node, as [char before, char after].
  const LINE_BREAKS = `(function lineBreaks(root, skip) {
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (skip && n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      let lastTop = null;
      for (let i = 0; i < text.length; i++) {
        if (/\\s/.test(text[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        if (lastTop !== null && r.top > lastTop + r.height / 2) {
          let j = i - 1;
          while (j >= 0 && /\\s/.test(text[j])) j--;
          out.push({ before: text.slice(Math.max(0, j - 3), j + 1), after: text.slice(i, i + 4), space: j < i - 1,
            in: node.parentElement.tagName.toLowerCase() });
        }
        lastTop = r.top;
      }
    }
    return out;
  })`;

  for (const lang of LANGS) {
    await test(`${lang}: tables read on a 360 px phone (scroll regions, column widths, stacked policy tests, ARNs)`, async () => {
      for (const file of TABLE_PAGES) {
        const page = await open(`/${lang}/${file}`, { viewport: { width: 360, height: 740 } });
        const report = await page.evaluate((lineBreaks) => {
          const breaks = eval(lineBreaks);
          const wrappers = Array.from(document.querySelectorAll('main .table-wrapper'));
          const px = (el, p) => parseFloat(getComputedStyle(el)[p]);
          const narrowCells = [];
          for (const td of document.querySelectorAll('main .table-wrapper td, main .table-wrapper th')) {
            if (td.closest('.ln-policy-test') || !td.textContent.trim()) continue;
            const inner = td.clientWidth - px(td, 'paddingLeft') - px(td, 'paddingRight');
            if (inner < 4 * px(td, 'fontSize')) narrowCells.push(`${td.textContent.trim().slice(0, 20)} (${Math.round(inner)}px)`);
          }
          const rows = Array.from(document.querySelectorAll('main .ln-policy-test tbody tr'));
          const tallRequests = rows.map((tr) => tr.cells[0]).filter((td) => {
            const lines = td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight || 20);
            return lines > 8;
          }).map((td) => td.textContent.slice(0, 40));
          const arnBreaks = [];
          for (const code of document.querySelectorAll('main .ln-policy-test td code')) {
            for (const b of breaks(code)) if (!/[:\/\-.,=*]$/.test(b.before)) arnBreaks.push(`${b.before}|${b.after}`);
          }
          return {
            overflow: document.scrollingElement.scrollWidth - window.innerWidth,
            regions: wrappers.map((w) => ({ role: w.getAttribute('role'), tabindex: w.getAttribute('tabindex'), label: w.getAttribute('aria-label') || '' })),
            narrowCells, tallRequests, arnBreaks,
            stacked: rows.length ? getComputedStyle(rows[0]).display : 'grid',
            policyWidth: rows.length ? rows[0].cells[0].getBoundingClientRect().width : 300,
          };
        }, LINE_BREAKS);
        if (file === 'sqs.html' || file === 'resource-policies.html') {
          await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-${file.replace('.html', '')}.png`), fullPage: true });
        }
        await close(page);
        const where = `${lang}/${file}`;
        assert(report.overflow <= 0, `${where}: the page scrolls sideways by ${report.overflow}px`);
        assert(report.regions.length > 0, `${where}: no tables found`);
        for (const r of report.regions) {
          assert(r.role === 'region' && r.tabindex === '0' && r.label.length > 3, `${where}: table wrapper is not a labelled, focusable region: ${JSON.stringify(r)}`);
        }
        const labels = report.regions.map((r) => r.label);
        assert(new Set(labels).size === labels.length, `${where}: two tables share a label: ${labels.join(' / ')}`);
        assert(report.narrowCells.length === 0, `${where}: cells squeezed under 4em: ${report.narrowCells.slice(0, 5).join(', ')}`);
        assert(report.stacked === 'grid', `${where}: policy-test rows are not stacked on a phone (${report.stacked})`);
        assert(report.policyWidth >= 250, `${where}: policy-test request cell only ${report.policyWidth}px wide`);
        assert(report.tallRequests.length === 0, `${where}: policy-test requests taller than 8 lines: ${report.tallRequests.join(' / ')}`);
        assert(report.arnBreaks.length === 0, `${where}: code in policy tests breaks mid-word: ${report.arnBreaks.slice(0, 5).join(', ')}`);
      }
    });
  }

  await test('a table region scrolls with the keyboard', async () => {
    const page = await open('/ko/sqs.html', { viewport: { width: 360, height: 740 } });
    const wide = page.locator('main .table-wrapper').first();
    await wide.focus();
    assert(await wide.evaluate((w) => document.activeElement === w), 'the table region cannot take focus');
    assert(await wide.evaluate((w) => w.scrollWidth > w.clientWidth), 'the first ko/sqs table does not need scrolling at 360 px (test premise)');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    assert(await wide.evaluate((w) => w.scrollLeft > 0), 'ArrowRight did not scroll the focused table');
    await close(page);
  });

  // ---------- issue 16: CJK typography (§2) ----------
  await test('ko: no line breaks inside a word (keep-all) in prose, headings and tables', async () => {
    const splits = [];
    const wrongStyle = [];
    let total = 0;
    for (const file of ['sqs.html', 'execution-role.html', 'resource-policies.html', 'vpc.html']) {
      const page = await open(`/ko/${file}`, { viewport: { width: 360, height: 740 } });
      const styles = await page.evaluate(() => ['main p', 'main h1', 'main h2', 'main td'].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).wordBreak : 'keep-all';
      }));
      const breaks = await page.evaluate((lineBreaks) => eval(lineBreaks)(document.querySelector('main'), 'pre'), LINE_BREAKS);
      total += breaks.length;
      for (const b of breaks) {
        if (!b.space && /[\uac00-\ud7af]$/.test(b.before) && /^[\uac00-\ud7af]/.test(b.after)) splits.push(`${file}: ${b.before}|${b.after} (${b.in})`);
      }
      await close(page);
      if (!styles.every((w) => w === 'keep-all')) wrongStyle.push(`${file}: ${styles.join(', ')}`);
    }
    notes.push(`ko at 360 px: ${splits.length} of ${total} line wraps split a word`);
    assert(wrongStyle.length === 0, `word-break is not keep-all: ${wrongStyle.join('; ')}`);
    assert(splits.length === 0, `${splits.length} of ${total} wraps split a Korean word: ${splits.slice(0, 6).join('; ')}`);
  });

  await test('ja: strict line breaking (no line starts with ー or a small kana)', async () => {
    const bad = [];
    const wrongStyle = [];
    let total = 0;
    for (const file of ['sqs.html', 'execution-role.html', 'resource-policies.html', 'vpc.html']) {
      const page = await open(`/ja/${file}`, { viewport: { width: 360, height: 740 } });
      const styles = await page.evaluate(() => ['main p', 'main h1', 'main h2', 'main td'].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).lineBreak : 'strict';
      }));
      const breaks = await page.evaluate((lineBreaks) => eval(lineBreaks)(document.querySelector('main'), 'pre'), LINE_BREAKS);
      total += breaks.length;
      for (const b of breaks) if (/^[ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿ]/.test(b.after)) bad.push(`${file}: ${b.before}|${b.after}`);
      await close(page);
      if (!styles.every((w) => w === 'strict')) wrongStyle.push(`${file}: ${styles.join(', ')}`);
    }
    notes.push(`ja at 360 px: ${bad.length} of ${total} lines start with ー or a small kana`);
    assert(wrongStyle.length === 0, `line-break is not strict: ${wrongStyle.join('; ')}`);
    assert(bad.length === 0, `lines start with ー or a small kana: ${bad.slice(0, 6).join('; ')}`);
  });

  // ---------- issue 16: contrast and accessibility (§6) ----------
  const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // The project's own elements (everything else is mdBook's), and the table
  // regions (engine/tables.rs makes mdBook's wrappers focusable).
  const OURS = ['.ln-langs', '.ln-badge', '.ln-policy-test', '.ln-summary', '.ln-personalise', '.ln-search', '.ln-skip', '.table-wrapper'];
  for (const theme of THEMES) {
    await test(`${theme}: axe-core color-contrast (and scrollable-region-focusable) finds nothing on the project's elements`, async () => {
      const found = [];
      for (const url of ['/en/resource-policies.html', '/ja/sqs.html', '/ko/execution-role.html', '/en/intro.html']) {
        const page = await open(url);
        await page.evaluate((t) => { localStorage.setItem('mdbook-theme', t); }, theme);
        await page.reload({ waitUntil: 'load' });
        assert(await page.evaluate((t) => document.documentElement.classList.contains(t), theme), `${url}: theme ${theme} not applied`);
        if (await page.$('details.ln-personalise')) await page.locator('details.ln-personalise summary').click();
        // Search, so that the excerpts' highlights are checked too.
        const query = { en: 'role', ja: 'キュー', ko: '역할' }[url.split('/')[1]];
        await search(page, query);
        if (await page.$('.ln-skip')) await page.locator('.ln-skip').focus();
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(async (ours) => {
          const include = ours.filter((s) => document.querySelector(s)).map((s) => [s]);
          const r = await axe.run({ include }, { runOnly: ['color-contrast', 'scrollable-region-focusable'], resultTypes: ['violations'] });
          return r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((a) => a.message).join(' ')}`));
        }, OURS);
        found.push(...result.map((r) => `${url} ${r}`));
        if (theme === 'navy' && url.startsWith('/ja/')) await page.screenshot({ path: path.join(ARTIFACTS, `ja-navy-search.png`) });
        await close(page);
      }
      assert(found.length === 0, `${found.length} contrast failures:\n       ${found.slice(0, 40).join('\n       ')}`);
    });
  }

  await test('skip link: first on the page, visible when focused, moves focus to the content', async () => {
    for (const lang of LANGS) {
      const page = await open(`/${lang}/sqs.html`);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.textContent,
        top: document.activeElement.getBoundingClientRect().top }));
      assert(first.cls === 'ln-skip', `${lang}: the first Tab lands on ${first.cls || 'nothing'}`);
      assert(first.top >= 0, `${lang}: the focused skip link is off screen`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => !!document.activeElement.closest('#mdbook-content'));
      assert(next, `${lang}: after the skip link, Tab does not continue in the content`);
      await close(page);
    }
  });

  await test('policy tests: every case that holds shows a tick, allow or deny', async () => {
    for (const lang of LANGS) {
      const page = await open(`/${lang}/resource-policies.html`);
      const cells = await page.$$eval('main .ln-policy-test tbody tr', (rows) => rows.map((r) => r.cells[1].textContent.trim()));
      await close(page);
      assert(cells.length > 3, `${lang}: too few policy-test rows (${cells.length})`);
      const denies = cells.filter((c) => !/^✓/.test(c) || /✗/.test(c));
      assert(denies.length === 0, `${lang}: decision cells without a tick: ${denies.join(' / ')}`);
    }
  });

  // ---------- issue 16: Terraform highlighting, sub-path 404s (§8) ----------
  await test('hcl blocks are highlighted without console warnings', async () => {
    for (const lang of LANGS) {
      const page = await open(`/${lang}/resource-policies.html`);
      const spans = await page.$$eval('code.language-hcl', (cs) => cs.map((c) => c.querySelectorAll('span').length));
      const warned = page.warnings.filter((w) => /language|hcl/i.test(w));
      await close(page);
      assert(spans.length > 0, `${lang}: no hcl block on resource-policies.html`);
      assert(spans.every((n) => n > 3), `${lang}: hcl blocks not highlighted (${spans.join(', ')} spans)`);
      assert(warned.length === 0, `${lang}: console warnings: ${warned.join(' | ')}`);
    }
  });

  for (const lang of LANGS) {
    await test(`${lang}: 404 under a sub-path (${SUB}) via the root 404.html`, async () => {
      const page = await open(`${SUB}${lang}/deep/no-such-page.html`, { origin: subOrigin });
      await page.waitForURL(`${subOrigin}${SUB}${lang}/404.html`, { timeout: 5000 });
      await page.waitForLoadState('load');
      assert(await page.getAttribute('html', 'lang') === lang, '404 page in the wrong language');
      const styled = await page.evaluate(() => Array.from(document.styleSheets).filter((s) => { try { return s.cssRules.length > 0; } catch (e) { return false; } }).length);
      assert(styled >= 4, `stylesheets did not load under ${SUB} (${styled})`);
      const hrefs = await page.$$eval('.ln-langs a, #mdbook-sidebar a[href], .ln-skip', (as) => as.map((a) => a.href).filter((h) => h.startsWith('http')));
      assert(hrefs.length >= 3, 'no links on the 404 page');
      for (const href of hrefs.slice(0, 8)) {
        assert(href.startsWith(`${subOrigin}${SUB}`), `${href} leaves ${SUB}`);
        const r = await page.request.get(href);
        assert(r.status() === 200, `${href} → ${r.status()}`);
      }
      const errors = page.errors.filter((e) => !/404/.test(e));
      await page.close();
      assert(errors.length === 0, 'console errors: ' + errors.join(' | '));

    });
  }

  await test('root 404.html without an edition in the address goes to an edition 404', async () => {
    const page = await open(`${SUB}nothing/here.html`, { origin: subOrigin });
    await page.waitForURL(/\/(en|ja|ko)\/404\.html$/, { timeout: 5000 });
    assert(page.url().startsWith(`${subOrigin}${SUB}`), 'left the sub-path: ' + page.url());
    await page.close();
  });

  // ---------- one screenshot per edition, bytes ----------
  await test('screenshots of one page per edition; bytes the project adds', async () => {
    for (const lang of LANGS) {
      const page = await open(`/${lang}/execution-role.html`);
      await page.locator('details.ln-personalise summary').click();
      await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-execution-role.png`) });
      if (lang === 'en') {
        const sizes = await page.evaluate(() => performance.getEntriesByType('resource')
          .filter((r) => /lambda-notes/.test(r.name)).map((r) => [r.name.split('/').pop(), r.decodedBodySize]));
        notes.push('project assets on each page: ' + sizes.map(([n, s]) => `${n} ${s} B`).join(', '));
      }
      await close(page);
    }
  });

  return finish(context, server, foreign, subServer);
}

async function finish(context, server, foreign, subServer) {
  await context.close();
  server.close();
  if (subServer) subServer.close();
  if (foreign.length) {
    results.push(['no request leaves the site', false]);
    console.log('FAIL requests to other hosts: ' + foreign.join(' '));
  }
  for (const n of notes) console.log('note ' + n);
  const passed = results.filter((r) => r[1]).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log('FAIL harness: ' + (e && e.stack || e));
  const passed = results.filter((r) => r[1]).length;
  console.log(`${passed} passed, ${results.length - passed + 1} failed`);
  process.exitCode = 1;
});
