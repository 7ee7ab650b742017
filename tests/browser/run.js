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
      ['ko', '환경변수', 'configuration.html', '#environment-variables'],
      ['ko', '실행역할', 'execution-role.html', ''],
      ['ko', '가시성제한시간', 'sqs.html', '#visibility-timeout-versus-function-timeout'],
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
    // Reset forgets what this form shows; values of fields it does not show stay.
    const kept = await next.evaluate(() => JSON.parse(localStorage.getItem('lambda-notes.values') || '{}'));
    const shownHere = await next.$$eval('.ln-personalise [name]', (els) => els.map((e) => e.name));
    assert(Object.keys(kept).every((k) => !shownHere.includes(k)), 'reset left values of its own fields in storage: ' + JSON.stringify(kept));
    await next.evaluate(() => localStorage.removeItem('lambda-notes.values'));
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
      assert(hrefs.length === 4, 'no switcher (three editions and the chooser) on the 404 page');
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
  // regions (engine/site/tables.rs makes mdBook's wrappers focusable).
  const OURS = ['.ln-langs', '.ln-badge', '.ln-nocopy', '.ln-policy-test', '.ln-summary', '.ln-personalise', '.ln-search', '.ln-skip', '.table-wrapper', '.ln-exercise', '.ln-progress'];
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
        // Answer every exercise (the first choice: some right, most wrong), so
        // that results, marks and explanations are checked too.
        await page.evaluate(() => document.querySelectorAll('.ln-exercise').forEach((s) => {
          const first = s.querySelector('input[type=radio]');
          if (first) first.checked = true;
          s.querySelector('.ln-exercise-check').click();
        }));
        await page.evaluate(() => localStorage.removeItem('lambda-notes-exercises'));
        if (await page.$('.ln-skip')) await page.locator('.ln-skip').focus();
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(async (ours) => {
          const include = ours.filter((s) => document.querySelector(s)).map((s) => [s]);
          // The JSON in an exercise is coloured by mdBook's highlight.js theme, like every code block.
          const exclude = document.querySelector('.ln-exercise pre code') ? [['.ln-exercise pre code']] : [];
          const r = await axe.run({ include, exclude }, { runOnly: ['color-contrast', 'scrollable-region-focusable'], resultTypes: ['violations'] });
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

  // ---------- issue 16: personalise everything a reader copies (§3) ----------
  const READER = { account: '2109-8765-4321', region: 'EU-WEST-1', function: 'orders-handler' };
  async function fillReader(page, values) {
    await page.locator('details.ln-personalise summary').click();
    for (const [k, v] of Object.entries(values)) if (await page.$(`#ln-value-${k}`)) await page.fill(`#ln-value-${k}`, v);
  }
  async function copyOf(page, pre) {
    await pre.hover();
    await pre.locator('button.clip-button').click();
    return page.evaluate(() => navigator.clipboard.readText());
  }

  await test('personalise: notation blocks, summaries, policy tests and inline code follow the form; copy copies what is shown', async () => {
    const page = await open('/en/resource-policies.html');
    await fillReader(page, READER);
    const msgs = await page.$$eval('.ln-personalise .ln-msg', (ms) => ms.map((m) => m.textContent).filter(Boolean));
    assert(msgs.length === 0, 'pasted forms rejected: ' + msgs.join(' / '));
    const shown = await page.evaluate(() => {
      const good = (el) => !el.closest('.ln-bad') && !el.closest('.ln-policy-test[data-ln-for^="bad-"]');
      const text = (sel) => Array.from(document.querySelectorAll(sel)).filter(good).map((e) => e.textContent).join('\n');
      return {
        sh: text('pre code.language-sh'), yaml: text('pre code.language-yaml'), hcl: text('pre code.language-hcl'),
        summary: text('.ln-summary code'), tests: text('.ln-policy-test code'), prose: text('main > p code'),
      };
    });
    for (const [where, t] of Object.entries(shown)) {
      assert(t.length > 0, `${where}: nothing found (test premise)`);
      const left = t.match(/.{0,40}(123456789012|us-east-1|:function:my-function\b).{0,20}/);
      assert(!left, `${where} still shows a placeholder: ${left && left[0]}`);
    }
    assert(/arn:aws:lambda:eu-west-1:210987654321:function:orders-handler/.test(shown.sh), 'the CLI command does not use the values: ' + shown.sh.slice(0, 200));
    assert(shown.prose.includes('210987654321'), 'inline code in prose not personalised');
    const sh = page.locator('pre:has(code.language-sh)').first();
    const copied = await copyOf(page, sh);
    assert(copied === await sh.locator('code').innerText(), 'copy button copied something else than shown:\n' + copied);
    assert(copied.includes('--source-account 210987654321') && copied.includes('arn:aws:lambda:eu-west-1:210987654321:function:orders-handler'), 'copied CLI lacks the values: ' + copied);
    const yaml = page.locator('pre:has(code.language-yaml)').first();
    assert((await copyOf(page, yaml)).includes('SourceAccount: "210987654321"'), 'copied YAML lacks the account');
    await page.screenshot({ path: path.join(ARTIFACTS, 'en-personalised-cli.png') });
    await close(page);
  });

  await test('personalise: bad examples keep the book values and show the warning instead of a copy button', async () => {
    for (const lang of LANGS) {
      const page = await open(`/${lang}/resource-policies.html`);
      await fillReader(page, READER);
      const bad = await page.evaluate(() => {
        const snippets = Array.from(document.querySelectorAll('.ln-snippet.ln-bad'));
        const ids = snippets.map((s) => s.getAttribute('data-ln-id'));
        const related = [...snippets, ...ids.flatMap((id) => Array.from(document.querySelectorAll(`.ln-policy-test[data-ln-for="${id}"]`)))];
        return {
          count: snippets.length,
          texts: related.map((el) => el.textContent),
          buttons: snippets.map((s) => s.querySelectorAll('.clip-button').length),
          warnings: snippets.map((s) => (s.querySelector('pre .ln-nocopy') || { textContent: '' }).textContent),
          badge: snippets.map((s) => s.querySelector('.ln-badge em').textContent.replace(/^⚠\s*/, '')),
        };
      });
      await close(page);
      assert(bad.count > 0, `${lang}: no bad example on resource-policies (test premise)`);
      assert(bad.texts.every((t) => !t.includes('210987654321') && !t.includes('orders-handler')), `${lang}: a bad example was personalised`);
      assert(bad.buttons.every((n) => n === 0), `${lang}: a bad example still has a copy button`);
      bad.warnings.forEach((w, i) => assert(w === '⚠ ' + bad.badge[i], `${lang}: warning instead of the copy button is "${w}", badge says "${bad.badge[i]}"`));
    }
  });

  await test('bad examples at 360 px: the do-not-copy warning stays inside the block and above the code', async () => {
    for (const lang of LANGS) {
      for (const chapter of ['execution-role', 'resource-policies']) {
        const page = await open(`/${lang}/${chapter}.html`, { viewport: { width: 360, height: 740 } });
        const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('pre:has(> .buttons > .ln-nocopy)')).map((pre) => {
          const warning = pre.querySelector('.ln-nocopy').getBoundingClientRect();
          const block = pre.getBoundingClientRect();
          const code = pre.querySelector('code');
          const first = document.createRange();
          first.setStart(code, 0);
          first.setEnd(code, 0);
          const line = code.getClientRects()[0] || code.getBoundingClientRect();
          return { warning: [warning.left, warning.right, warning.bottom], block: [block.left, block.right], codeTop: Math.max(line.top, first.getBoundingClientRect().top) };
        }));
        if (lang === 'en' && chapter === 'execution-role') await page.screenshot({ path: path.join(ARTIFACTS, 'en-360-bad-example.png') });
        await close(page);
        assert(boxes.length > 0, `${lang}/${chapter}: no bad example with a warning (test premise)`);
        boxes.forEach((b, i) => {
          assert(b.warning[0] >= b.block[0] - 0.5 && b.warning[1] <= b.block[1] + 0.5, `${lang}/${chapter} #${i}: warning ${JSON.stringify(b.warning)} overflows the block ${JSON.stringify(b.block)}`);
          assert(b.warning[2] <= b.codeTop + 0.5, `${lang}/${chapter} #${i}: warning bottom ${b.warning[2]} covers the first code line at ${b.codeTop}`);
        });
      }
    }
  });

  await test('personalise: pasted forms accepted, "too long", error text not in the accessible name', async () => {
    const page = await open('/ja/resource-policies.html');
    await page.locator('details.ln-personalise summary').click();
    const cases = [
      ['account', '1234 5678 9012', ''], ['account', '２１０９８７６５４３２１', ''], ['account', '2109-8765-4321', ''],
      ['region', 'Ap-Northeast-1', ''], ['account', '2109876543210', '長すぎます'], ['function', 'f'.repeat(65), '長すぎます'],
    ];
    for (const [field, value, expected] of cases) {
      await page.fill(`#ln-value-${field}`, value);
      const msg = await page.textContent(`#ln-value-${field}-msg`);
      assert(expected ? msg.startsWith(expected) : msg === '', `${field} "${value}": message "${msg}"`);
      await page.fill(`#ln-value-${field}`, '');
    }
    await page.fill('#ln-value-account', '12345');
    const a11y = await page.evaluate(() => {
      const input = document.getElementById('ln-value-account');
      const label = document.querySelector('label[for="ln-value-account"]');
      return { inLabel: !!input.closest('label'), label: label && label.textContent, describedBy: input.getAttribute('aria-describedby') };
    });
    assert(!a11y.inLabel && a11y.label === 'アカウント ID', 'the field is not labelled by its name alone: ' + JSON.stringify(a11y));
    assert(a11y.describedBy === 'ln-value-account-msg', 'the message does not describe the field');
    assert(await page.getByRole('textbox', { name: 'アカウント ID', exact: true }).count() === 1, 'accessible name is not exactly the label');
    await page.evaluate(() => localStorage.removeItem('lambda-notes.values'));
    await close(page);
  });

  // ---------- issue 16: the switcher keeps the reader's place (§4) ----------
  await test('headings have the same ids in every edition', async () => {
    for (const file of ['sqs.html', 'resource-policies.html', 'vpc.html', 'events.html', 'configuration.html']) {
      const ids = {};
      for (const lang of LANGS) {
        const page = await open(`/${lang}/${file}`);
        ids[lang] = await page.$$eval('main :is(h1,h2,h3,h4,h5,h6)[id]', (hs) => hs.map((h) => h.id));
        const dangling = await page.$$eval('main a[href^="#"]', (as) => as.map((a) => a.getAttribute('href').slice(1)).filter((id) => id && !document.getElementById(decodeURIComponent(id))));
        await close(page);
        assert(dangling.length === 0, `${lang}/${file}: links to missing anchors: ${dangling.join(' ')}`);
      }
      assert(ids.en.length > 3, `${file}: too few headings`);
      for (const lang of ['ja', 'ko']) assert(JSON.stringify(ids[lang]) === JSON.stringify(ids.en), `${lang}/${file}: ids differ from en: ${ids[lang].slice(0, 4).join(' ')}`);
    }
  });

  await test('switching language keeps the section (anchor, or the heading in view) and is remembered', async () => {
    const page = await open('/ja/sqs.html');
    const target = await page.$$eval('main h3[id]', (hs) => hs[3].id);
    await page.goto(`${origin}/ja/sqs.html#${target}`);
    await Promise.all([page.waitForNavigation(), page.click('.ln-langs a[hreflang=ko]')]);
    assert(page.url() === `${origin}/ko/sqs.html#${target}`, 'landed on ' + page.url());
    const inView = await page.evaluate((id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }, target);
    assert(inView, 'the section is not in view after switching');
    // No anchor: the heading of the section being read.
    await page.goto(`${origin}/en/resource-policies.html`);
    const h2 = await page.$$eval('main h2[id]', (hs) => hs[2].id);
    await page.evaluate((id) => { history.replaceState(null, '', location.pathname); document.getElementById(id).scrollIntoView(); window.scrollBy(0, 120); }, h2);
    await Promise.all([page.waitForNavigation(), page.click('.ln-langs a[hreflang=ja]')]);
    assert(page.url() === `${origin}/ja/resource-policies.html#${h2}`, 'landed on ' + page.url());
    assert(await page.evaluate(() => localStorage.getItem('lambda-notes.lang')) === 'ja', 'the choice is not remembered');
    await close(page);
  });

  await test('landing page: remembers the explicit choice, reachable from every page, favicon, dark mode', async () => {
    const page = await open('/ko/sqs.html', { viewport: { width: 360, height: 740 } });
    const chooser = page.locator('.ln-langs a.ln-chooser');
    assert(await chooser.isVisible(), 'no link to the language chooser at 360 px');
    const box = await page.locator('.ln-langs').boundingBox();
    assert(box.x >= 0 && box.x + box.width <= 360, 'switcher with the chooser off screen: ' + JSON.stringify(box));
    assert(await chooser.getAttribute('aria-label') === '모든 언어', 'chooser link not labelled in Korean');
    await Promise.all([page.waitForNavigation(), chooser.click()]);
    assert(new URL(page.url()).pathname === '/index.html', 'the chooser link went to ' + page.url());
    await page.waitForTimeout(300);
    assert(new URL(page.url()).pathname === '/index.html', 'the chooser did not stay: ' + page.url());
    await Promise.all([page.waitForNavigation(), page.click('a[data-lang=ja]')]);
    assert(new URL(page.url()).pathname === '/ja/', 'chose ja, landed on ' + page.url());
    // The browser asks for English; the explicit choice wins.
    await page.goto(origin + '/');
    await page.waitForURL(`${origin}/ja/`, { timeout: 5000 });
    await page.evaluate(() => localStorage.removeItem('mdbook-theme'));
    await page.goto(origin + '/index.html?stay');
    const icon = await page.$eval('link[rel=icon]', (l) => l.href);
    assert((await page.request.get(icon)).status() === 200, 'favicon missing: ' + icon);
    const bg = async () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await bg();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await bg();
    await page.screenshot({ path: path.join(ARTIFACTS, 'landing-360-dark.png') });
    assert(light === 'rgb(255, 255, 255)' && dark === 'rgb(22, 25, 35)', `landing colours light ${light}, dark ${dark}`);
    // A dark theme chosen in the book wins over a light system setting.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => localStorage.setItem('mdbook-theme', 'navy'));
    await page.reload({ waitUntil: 'load' });
    assert(await bg() === 'rgb(22, 25, 35)', 'the book\'s Navy theme is not followed: ' + await bg());
    await page.evaluate(() => localStorage.removeItem('mdbook-theme'));
    await page.evaluate(() => localStorage.removeItem('lambda-notes.lang'));
    await close(page);
  });

  // ---------- issue 16: the interface speaks the page's language (§5) ----------
  const CHROME = {
    ja: { theme: 'テーマを変更', sidebar: '目次の表示を切り替える', navy: 'ネイビー', help: 'キーボードショートカット', next: '次の章', print: 'この本を印刷', note: '注記', copy: 'クリップボードにコピー', copied: 'コピーしました' },
    ko: { theme: '테마 변경', sidebar: '목차 표시 전환', navy: '네이비', help: '키보드 단축키', next: '다음 장', print: '이 책 인쇄', note: '참고', copy: '클립보드에 복사', copied: '복사했습니다' },
    en: { theme: 'Change theme', sidebar: 'Toggle Table of Contents', navy: 'Navy', help: 'Keyboard shortcuts', next: 'Next chapter', print: 'Print this book', note: 'Note', copy: 'Copy to clipboard', copied: 'Copied!' },
  };
  for (const lang of LANGS) {
    await test(`${lang}: mdBook's chrome, callout titles and the copy button in the page's language`, async () => {
      const w = CHROME[lang];
      const page = await open(`/${lang}/resource-policies.html`);
      const seen = await page.evaluate(() => ({
        theme: document.getElementById('mdbook-theme-toggle').getAttribute('aria-label'),
        sidebar: document.getElementById('mdbook-sidebar-toggle').getAttribute('aria-label'),
        navy: document.getElementById('mdbook-theme-navy').textContent,
        help: document.querySelector('.mdbook-help-title').textContent,
        next: document.querySelector('a.nav-chapters.next').getAttribute('aria-label'),
        print: document.querySelector('a[href="print.html"]').getAttribute('title'),
        note: Array.from(document.querySelectorAll('.blockquote-tag-note .blockquote-tag-title')).map((t) => t.textContent.trim())[0],
        copy: document.querySelector('.clip-button').getAttribute('aria-label'),
        titles: Array.from(document.querySelectorAll('.blockquote-tag-title')).map((t) => t.textContent.trim()),
      }));
      for (const key of ['theme', 'sidebar', 'navy', 'help', 'next', 'print', 'note', 'copy']) {
        assert(seen[key] === w[key], `${key}: "${seen[key]}", expected "${w[key]}"`);
      }
      if (lang !== 'en') assert(seen.titles.every((t) => !/^(Note|Tip|Important|Warning|Caution)$/.test(t)), 'English callout titles: ' + seen.titles.join(' '));
      const pre = page.locator('.ln-snippet:not(.ln-bad) pre').first();
      await pre.hover();
      await pre.locator('.clip-button').click();
      await page.waitForTimeout(50);
      const tip = await pre.locator('.clip-button .tooltiptext').textContent();
      assert(tip === w.copied, `copy tooltip "${tip}", expected "${w.copied}"`);
      await close(page);
      if (lang !== 'en') {
        const index = JSON.parse(fs.readFileSync(path.join(SITE, lang, 'ln-search.json'), 'utf8'));
        const english = JSON.stringify(index).match(/\b(Note|Tip|Warning|Caution)\b(?= )/g) || [];
        assert(english.length === 0, `search index (excerpts) holds English callout titles: ${english.length}`);
      }
    });
  }

  // ---------- issue 16: two small defects ----------
  await test('root 404 page: the Korean line is lang=ko and does not wrap inside a word', async () => {
    const page = await open('/404.html', { viewport: { width: 300, height: 600 } });
    const ko = await page.evaluate((lineBreaks) => {
      const el = document.querySelector('[lang=ko]:not(a)');
      return el && { word: getComputedStyle(el).wordBreak, breaks: eval(lineBreaks)(el).filter((b) => !b.space && /[\uac00-\ud7af]$/.test(b.before) && /^[\uac00-\ud7af]/.test(b.after)) };
    }, LINE_BREAKS);
    await page.close();
    assert(ko, 'no element marked lang=ko on the root 404 page');
    assert(ko.word === 'keep-all', 'word-break is ' + ko.word);
    assert(ko.breaks.length === 0, 'Korean wraps inside a word: ' + JSON.stringify(ko.breaks));
  });

  await test('policy tests: the tick of a deny is not in the deny colour (all five themes)', async () => {
    const page = await open('/en/resource-policies.html');
    for (const theme of THEMES) {
      await page.evaluate((t) => { localStorage.setItem('mdbook-theme', t); }, theme);
      await page.reload({ waitUntil: 'load' });
      const cells = await page.$$eval('main .ln-policy-test td em', (ems) => ems.map((em) => {
        const tick = em.querySelector('.ln-tick');
        return { text: em.textContent, tick: tick && getComputedStyle(tick).color, deny: getComputedStyle(em).color };
      }));
      assert(cells.length > 0, 'no deny cells (test premise)');
      for (const c of cells) {
        assert(c.tick && c.tick !== c.deny, `${theme}: the tick of "${c.text}" is in the deny colour ${c.deny}`);
      }
    }
    await page.evaluate(() => localStorage.removeItem('mdbook-theme'));
    await close(page);
  });

  await test('screenshots at 360 px: ja, ko, en in light and navy, personalised', async () => {
    for (const theme of ['light', 'navy']) {
      for (const lang of LANGS) {
        const page = await open(`/${lang}/resource-policies.html`, { viewport: { width: 360, height: 740 } });
        await page.evaluate((t) => { localStorage.setItem('mdbook-theme', t); }, theme);
        await page.reload({ waitUntil: 'load' });
        await fillReader(page, READER);
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-${theme}-form.png`) });
        await page.locator('pre:has(code.language-sh)').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-${theme}-cli.png`) });
        await page.locator('.ln-snippet.ln-bad').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-${theme}-bad.png`) });
        await page.locator('.blockquote-tag').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}-360-${theme}-callout.png`) });
        await page.evaluate(() => { localStorage.removeItem('mdbook-theme'); localStorage.removeItem('lambda-notes.values'); });
        await close(page);
      }
    }
  });

  // ---------- exercises (engine/pipeline/exercise/, theme/lambda-notes-exercises.js) ----------
  const clearProgress = (page) => page.evaluate(() => localStorage.removeItem('lambda-notes-exercises'));
  async function answer(page, id, value) {
    const section = page.locator(`#exercise-${id}`);
    await section.locator(`input[type=radio][value="${value}"]`).check();
    await section.locator('.ln-exercise-check').click();
    return section;
  }
  async function resultOf(section) {
    return section.locator('.ln-exercise-result').evaluate((r) => [r.className, r.textContent]);
  }
  async function explanationVisible(section) {
    return section.locator('.ln-exercise-explanation').evaluate((e) => getComputedStyle(e).visibility === 'visible');
  }

  await test('exercises: right and wrong answers in the three choice kinds; nothing below moves', async () => {
    const page = await open('/en/sqs.html');
    await clearProgress(page);
    await page.reload();
    // [id, a wrong value, the right value]
    const cases = [['sqs-consumer-send', 'allow', 'implicit-deny'], ['sqs-which-receive-denied', '1', '2'],
      ['sqs-which-sns-delivers', '1', '2'], ['sqs-bug-receive', '3', '7']];
    for (const [id, wrong, right] of cases) {
      const section = page.locator(`#exercise-${id}`);
      assert(!(await explanationVisible(section)), `${id}: the explanation shows before answering`);
      const next = section.locator('xpath=following-sibling::*[1]');
      const box = () => next.evaluate((e) => { const r = e.getBoundingClientRect(); return { y: r.top + window.scrollY, height: r.height }; });
      const before = await box();
      await answer(page, id, wrong);
      const [cls, text] = await resultOf(section);
      assert(/ln-wrong/.test(cls) && text.startsWith('✗'), `${id}: a wrong answer says ${cls} ${text}`);
      assert(await explanationVisible(section), `${id}: no explanation after a wrong answer`);
      assert(await section.locator('.ln-correct-choice input').getAttribute('value') === right, `${id}: the right answer is not marked`);
      const after = await box();
      assert(before.y === after.y && before.height === after.height, `${id}: answering moved what follows ${JSON.stringify([before, after])}`);
      await answer(page, id, right);
      const [cls2, text2] = await resultOf(section);
      assert(/ln-right/.test(cls2) && text2 === '✓ Correct.', `${id}: the right answer says ${cls2} ${text2}`);
    }
    const claim = await page.locator('#exercise-sqs-which-receive-denied .ln-exercise-badge').textContent();
    assert(/author's claim/.test(claim), 'an unchecked which-policy is not labelled as the author\'s claim: ' + claim);
    const proved = await page.locator('#exercise-sqs-which-sns-delivers .ln-exercise-badge').textContent();
    assert(/proved by the build/.test(proved), 'a checked which-policy is not labelled as proved: ' + proved);
    await close(page);
  });

  await test('exercises: fix-it judges by the cases, accepts a fix written differently, rejects the original', async () => {
    let judged = 0;
    for (const lang of LANGS) {
      for (const chapter of ['execution-role', 'resource-policies', 'event-sources', 'sqs', 'vpc', 'configuration']) {
        const page = await open(`/${lang}/${chapter}.html`);
        const ids = await page.$$eval('.ln-exercise[data-ln-kind=fix-it]', (s) => s.map((e) => e.id));
        for (const id of ids) {
          const section = page.locator(`#${id}`);
          const model = await section.locator('.ln-fix-data').evaluate((s) => JSON.parse(s.textContent).model);
          await section.locator('.ln-exercise-check').click();
          assert(/ln-wrong/.test((await resultOf(section))[0]), `${lang} ${id}: the unfixed document is accepted`);
          // The model answer with a Sid, list-valued elements and another layout.
          const other = JSON.parse(JSON.stringify(model));
          other.Statement = other.Statement.map((s, i) => Object.assign({ Sid: 'Mine' + i }, s,
            { Action: [].concat(s.Action), Resource: [].concat(s.Resource) }));
          await section.locator('.ln-fix-text').fill(JSON.stringify(other));
          await section.locator('.ln-exercise-check').click();
          const [cls, text] = await resultOf(section);
          assert(/ln-right/.test(cls), `${lang} ${id}: a correct fix written differently is rejected: ${text}`);
          await section.locator('.ln-fix-text').fill('{"Version": "2012-10-17",');
          await section.locator('.ln-exercise-check').click();
          assert(/ln-wrong/.test((await resultOf(section))[0]), `${lang} ${id}: broken JSON is not refused`);
          await section.locator('.ln-fix-reset').click();
          assert(await section.locator('.ln-fix-text').inputValue() === await section.locator('.ln-fix-text').getAttribute('data-ln-original'), 'start over did not restore the document');
        }
        if (lang === 'en' && chapter === 'sqs') {
          const section = page.locator('#exercise-sqs-fix-producer');
          await section.locator('.ln-fix-text').fill(JSON.stringify({ Version: '2012-10-17', Statement: [
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:my-queue' }] }, null, 4));
          await section.locator('.ln-exercise-check').click();
          const [, text] = await resultOf(section);
          assert(text === '✓ Correct: your policy meets every requirement. It is the same as the model answer.', text);
        }
        judged += ids.length;
        await close(page);
      }
    }
    notes.push(`fix-it: ${judged} exercises judged in the page (unfixed refused, a differently written fix accepted)`);
    assert(judged >= 15, `only ${judged} fix-it exercises were judged`);
  });

  await test('exercises: a fix broader than the cases is rejected by the probes, naming the request', async () => {
    const FN = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';
    const broad = [
      // Every function: passes the cases (they vary the action only).
      ['event-sources', 'es-fix-every-version', { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }, 'resource=' + FN + '-other'],
      // The bucket's account only: every bucket of it (or a request without a bucket) could invoke the function.
      ['resource-policies', 'rp-fix-confused-deputy', { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: FN,
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }, 'aws:SourceArn'],
      // One more action than a producer needs.
      ['sqs', 'sqs-fix-producer', { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes'], Resource: 'arn:aws:sqs:us-east-1:123456789012:my-queue' }, 'action=sqs:GetQueueAttributes'],
    ];
    const said = { en: 'Your fix also allows', ja: '模範解答が拒否する次のリクエストも許可', ko: '모범 답안이 거부하는 다음 요청도 허용' };
    let rejected = 0;
    for (const lang of LANGS) {
      for (const [chapter, id, statement, shown] of broad) {
        // At 360 px: the message, long requests included, must stay readable there.
        const page = await open(`/${lang}/${chapter}.html`, { viewport: { width: 360, height: 800 } });
        const section = page.locator(`#exercise-${id}`);
        const data = await section.locator('.ln-fix-data').evaluate((s) => JSON.parse(s.textContent));
        assert(data.probes.length > 0, `${lang} ${id}: no probe in the page`);
        await section.locator('.ln-fix-text').fill(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));
        await section.locator('.ln-exercise-check').click();
        const [cls, text] = await resultOf(section);
        assert(/ln-wrong/.test(cls), `${lang} ${id}: an over-broad fix is accepted: ${text}`);
        assert(text.includes(said[lang]) && text.includes(shown), `${lang} ${id}: the message does not name the request: ${text}`);
        if (id === 'rp-fix-confused-deputy') {
          // In a dark theme for ja and ko (the message is long and bold).
          const theme = { en: 'light', ja: 'navy', ko: 'coal' }[lang];
          await page.evaluate((t) => { localStorage.setItem('mdbook-theme', t); }, theme);
          await page.reload();
          await section.locator('.ln-fix-text').fill(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));
          await section.locator('.ln-exercise-check').click();
          await section.screenshot({ path: path.join(ARTIFACTS, `exercise-fix-too-broad-360-${lang}-${theme}.png`) });
          await page.evaluate(() => { localStorage.removeItem('mdbook-theme'); localStorage.removeItem('lambda-notes-exercises'); });
        }
        rejected++;
        await close(page);
      }
    }
    notes.push(`fix-it: ${rejected} over-broad fixes rejected by the build's probes`);
  });

  await test('exercises: progress survives a reload and a change of edition; export, reset, import', async () => {
    const page = await open('/en/sqs.html');
    await clearProgress(page);
    await page.reload();
    await answer(page, 'sqs-consumer-send', 'implicit-deny');
    await answer(page, 'sqs-bug-receive', '2');
    const expectBar = async (p, chapter, overall) => {
      const got = [await p.textContent('.ln-progress-chapter'), await p.textContent('.ln-progress-overall')];
      assert(got[0] === chapter && got[1] === overall, 'progress shows ' + JSON.stringify(got));
    };
    await expectBar(page, 'This chapter: 2 of 5 exercises answered, 1 right at the first try.', 'Overall: 2 answered, 1 right at the first try.');
    await page.reload();
    await expectBar(page, 'This chapter: 2 of 5 exercises answered, 1 right at the first try.', 'Overall: 2 answered, 1 right at the first try.');
    assert(await page.locator('#exercise-sqs-consumer-send.ln-done').count() === 1, 'an answered exercise is not marked after a reload');
    const ja = await open('/ja/sqs.html');
    await expectBar(ja, 'この章: 5 問中 2 問に回答、最初の回答で正解したのは 1 問。', '全体: 2 問に回答、最初の回答で正解したのは 1 問。');
    await close(ja);
    const ko = await open('/ko/onboarding.html');
    const cell = await ko.textContent('[data-ln-progress-chapter=sqs]');
    assert(cell === '답함 2개, 첫 시도에 맞힘 1개', 'the onboarding page shows ' + cell);
    // The sidebar marks the chapter, on a page with exercises or without any.
    const mark = await ko.textContent('a[href$="sqs.html"] .ln-sidebar-progress');
    assert(mark === ' ✓2 (답함 2개, 첫 시도에 맞힘 1개)', 'the sidebar shows ' + mark);
    await close(ko);
    const glossary = await open('/en/glossary.html');
    const inSidebar = await glossary.textContent('a[href$="sqs.html"] .ln-sidebar-progress');
    assert(inSidebar === ' ✓2 (2 answered, 1 right at the first try)', 'the sidebar shows ' + inSidebar);
    assert(await glossary.locator('a[href$="vpc.html"] .ln-sidebar-progress').count() === 0, 'a chapter without answers is marked');
    await close(glossary);
    // export
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.ln-progress-tools button:nth-of-type(1)')]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert(download.suggestedFilename() === 'lambda-notes-progress.json', 'export file name ' + download.suggestedFilename());
    assert(JSON.stringify(exported.answers['sqs-consumer-send']) === '{"chapter":"sqs","firstTry":true,"correct":true}', 'export: ' + JSON.stringify(exported));
    // reset (the confirmation is accepted)
    page.once('dialog', (d) => d.accept());
    await page.click('.ln-progress-tools button:nth-of-type(3)');
    await expectBar(page, 'This chapter: 0 of 5 exercises answered, 0 right at the first try.', 'Overall: 0 answered, 0 right at the first try.');
    // import
    const file = path.join(ARTIFACTS, 'progress.json');
    fs.writeFileSync(file, JSON.stringify(exported));
    await page.setInputFiles('.ln-progress-file', file);
    await page.waitForFunction(() => /2/.test(document.querySelector('.ln-progress-note').textContent));
    await expectBar(page, 'This chapter: 2 of 5 exercises answered, 1 right at the first try.', 'Overall: 2 answered, 1 right at the first try.');
    fs.writeFileSync(file, '{"not": "progress"}');
    await page.setInputFiles('.ln-progress-file', file);
    await page.waitForFunction(() => /not a lambda-notes/.test(document.querySelector('.ln-progress-note').textContent));
    await clearProgress(page);
    await close(page);
  });

  await test('exercises: keyboard only, and screenshots of each kind at 360 px in light and navy', async () => {
    const page = await open('/en/sqs.html', { viewport: { width: 360, height: 740 } });
    await clearProgress(page);
    await page.reload();
    // Keyboard: focus the first choice, arrow to the next, Space, then Tab to "Check" and Enter.
    await page.focus('#exercise-sqs-consumer-send input[value=allow]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const [cls] = await resultOf(page.locator('#exercise-sqs-consumer-send'));
    assert(/ln-right/.test(cls), 'answering with the keyboard alone did not work: ' + cls);
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the page scrolls sideways by ${overflow}px at 360 px`);
    for (const theme of ['light', 'navy']) {
      await page.evaluate((t) => { localStorage.setItem('mdbook-theme', t); }, theme);
      await page.reload();
      await answer(page, 'sqs-consumer-send', 'allow');
      await answer(page, 'sqs-which-sns-delivers', '2');
      await answer(page, 'sqs-bug-receive', '7');
      await page.locator('#exercise-sqs-fix-producer .ln-exercise-check').click();
      for (const id of ['sqs-consumer-send', 'sqs-which-sns-delivers', 'sqs-bug-receive', 'sqs-fix-producer']) {
        await page.locator(`#exercise-${id}`).screenshot({ path: path.join(ARTIFACTS, `exercise-${id}-360-${theme}.png`) });
      }
    }
    await page.evaluate(() => localStorage.setItem('mdbook-theme', 'light'));
    await clearProgress(page);
    await close(page);
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
