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

function serve(root) {
  const server = http.createServer((req, res) => {
    let url;
    try { url = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch (e) { url = '/'; }
    let file = path.normalize(path.join(root, url));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!fs.existsSync(file)) {
      // Like a static host: the edition's 404 page, with status 404.
      const edition = url.split('/')[1];
      file = path.join(root, LANGS.includes(edition) ? edition : 'en', '404.html');
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
    if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    foreign.push(u);
    return route.abort();
  });

  async function open(url, options = {}) {
    const page = await context.newPage();
    if (options.viewport) await page.setViewportSize(options.viewport);
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    const response = await page.goto(origin + url, { waitUntil: 'load' });
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
    await page.click('#ln-search-toggle');
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
  if (BASELINE) return finish(context, server, foreign);

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

  return finish(context, server, foreign);
}

async function finish(context, server, foreign) {
  await context.close();
  server.close();
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
