/* lambda-notes: search (our own index, per edition) and "use my values" for the
   JSON snippets. Loaded on every page after mdBook's book.js; sends nothing
   anywhere. The language switcher is plain HTML (engine/site/mod.rs). */
(function () {
  'use strict';

  var lang = (document.documentElement.lang || 'en').split('-')[0];
  var toRoot = typeof path_to_root === 'string' ? path_to_root : '';
  var WORDS = {
    en: {
      search: 'Search this book', searching: 'Searching…', none: 'No results for “{q}”.', results: '{n} results',
      failed: 'Search is not available here.',
      note: 'Saved in this browser only (localStorage); nothing is sent anywhere. Empty fields keep the book’s example value.',
      reset: 'Reset', applied: '{n} snippets on this page use your values.',
      labels: { account: 'Account ID', 'other-account': 'Second account ID', region: 'Region', partition: 'Partition',
        function: 'Function name', role: 'Role name', queue: 'Queue name', bucket: 'Bucket name', rule: 'Rule name',
        topic: 'Topic name', table: 'Table name', stream: 'Stream name' },
      bad: { digits: 'An account ID is exactly 12 digits.', region: 'Not an AWS Region name (for example eu-west-1).',
        partition: 'This Region is in the {p} partition.', names: 'Letters, digits, - and _ only.',
        role: 'Letters, digits and + = , . @ - _ only (at most 64).', bucket: '3–63 lowercase letters, digits, dots or hyphens.',
        dotted: 'Letters, digits, . - and _ only.', long: 'Too long: at most {n} characters.' },
      nocopy: 'Deliberately wrong: do not copy', copy: 'Copy to clipboard', copied: 'Copied!', copyFailed: 'Clipboard error!'
    },
    ja: {
      search: 'この本を検索', searching: '検索中…', none: '「{q}」に一致するページはありません。', results: '{n} 件',
      failed: 'ここでは検索を使えません。',
      note: 'このブラウザーにだけ保存され（localStorage）、どこにも送信されません。空欄の項目は本書の例の値のままです。',
      reset: 'リセット', applied: 'このページの {n} 個のスニペットに反映しました。',
      labels: { account: 'アカウント ID', 'other-account': '別アカウントの ID', region: 'リージョン', partition: 'パーティション',
        function: '関数名', role: 'ロール名', queue: 'キュー名', bucket: 'バケット名', rule: 'ルール名',
        topic: 'トピック名', table: 'テーブル名', stream: 'ストリーム名' },
      bad: { digits: 'アカウント ID はちょうど 12 桁の数字です。', region: 'AWS のリージョン名ではありません（例: ap-northeast-1）。',
        partition: 'このリージョンは {p} パーティションです。', names: '英数字と - _ だけが使えます。',
        role: '英数字と + = , . @ - _ だけが使えます（64 文字まで）。', bucket: '小文字・数字・ピリオド・ハイフンで 3〜63 文字です。',
        dotted: '英数字と . - _ だけが使えます。', long: '長すぎます（{n} 文字まで）。' },
      nocopy: 'わざと誤った例です。コピーしないでください', copy: 'クリップボードにコピー', copied: 'コピーしました', copyFailed: 'コピーできませんでした'
    },
    ko: {
      search: '이 책에서 검색', searching: '검색 중…', none: '“{q}”와(과) 일치하는 페이지가 없습니다.', results: '{n}건',
      failed: '여기서는 검색을 쓸 수 없습니다.',
      note: '이 브라우저(localStorage)에만 저장되며 어디로도 전송되지 않습니다. 빈 칸은 책의 예시 값을 그대로 씁니다.',
      reset: '초기화', applied: '이 페이지의 스니펫 {n}개에 반영했습니다.',
      labels: { account: '계정 ID', 'other-account': '다른 계정 ID', region: '리전', partition: '파티션',
        function: '함수 이름', role: '역할 이름', queue: '대기열 이름', bucket: '버킷 이름', rule: '규칙 이름',
        topic: '주제 이름', table: '테이블 이름', stream: '스트림 이름' },
      bad: { digits: '계정 ID는 정확히 12자리 숫자입니다.', region: 'AWS 리전 이름이 아닙니다(예: ap-northeast-2).',
        partition: '이 리전은 {p} 파티션에 속합니다.', names: '영문자, 숫자, -, _만 쓸 수 있습니다.',
        role: '영문자, 숫자와 + = , . @ - _만 쓸 수 있습니다(최대 64자).', bucket: '소문자, 숫자, 마침표, 하이픈으로 3~63자입니다.',
        dotted: '영문자, 숫자와 . - _만 쓸 수 있습니다.', long: '너무 깁니다(최대 {n}자).' },
      nocopy: '일부러 잘못 작성한 예입니다. 복사하지 마세요', copy: '클립보드에 복사', copied: '복사했습니다', copyFailed: '복사하지 못했습니다'
    }
  };
  var T = WORDS[lang] || WORDS.en;
  function fill(text, key, value) { return text.replace('{' + key + '}', value); }

  /* ---------- search ---------- */

  /* The edition's text, cut into sections (written by `lambda-notes build`,
     engine/site/search.rs: [anchor, heading, prose, code lines]), fetched on first use. */
  var index = null;
  function loadIndex() {
    if (!index) {
      index = fetch(new URL(toRoot + 'ln-search.json', document.baseURI).href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(prepare);
      index.catch(function () { index = null; });
    }
    return index;
  }
  function norm(s) { return (s.normalize ? s.normalize('NFKC') : s).toLowerCase(); }
  var CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]/;
  function prepare(data) {
    var sections = [], vocab = new Set();
    data.pages.forEach(function (page) {
      page.sections.forEach(function (s, i) {
        var one = { page: page, anchor: s[0], heading: s[1], text: s[2], code: s[3] || '', first: i === 0,
          h: norm(s[1]), t: norm(s[2]), c: norm(s[3] || ''), title: norm(page.title) };
        (one.h + ' ' + one.t + ' ' + one.c).split(/[^a-z0-9]+/).forEach(function (w) { if (w.length >= 4) vocab.add(w); });
        sections.push(one);
      });
    });
    sections.vocab = Array.from(vocab);
    return sections;
  }
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

  /* English word forms that should find each other: "timeouts" finds
     "timeout", "policy" finds "policies" (words match by prefix). */
  function forms(word) {
    var out = [word];
    if (!/^[a-z]{4,}$/.test(word)) return out;
    if (/ies$/.test(word)) out.push(word.slice(0, -3) + 'y');
    else if (/(ss|us|is)$/.test(word)) { /* not a plural */ }
    else if (/(x|ch|sh|ss)es$/.test(word)) out.push(word.slice(0, -2));
    else if (/s$/.test(word)) out.push(word.slice(0, -1));
    if (/ing$/.test(word) && word.length > 5) out.push(word.slice(0, -3));
    if (/ed$/.test(word) && word.length > 4) out.push(word.slice(0, -2));
    if (/[^aeiou]y$/.test(word)) out.push(word.slice(0, -1) + 'ies');
    return out;
  }
  /* At most one insertion, deletion, substitution or swap of neighbours. */
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return a === b;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  /* A query word. Latin words match at a word start (so "role" finds
     "roles"), in their other English forms, and, when a word of five
     letters or more occurs nowhere, as the book's words one typo away
     ("concurency"). Japanese and Korean words match anywhere, whatever
     spaces the text puts between their characters (실행역할 finds 실행 역할),
     and when that fails, by their character pairs. */
  function matcher(word, vocab) {
    if (CJK.test(word)) {
      var chars = Array.from(word), pairs = [];
      for (var i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
      return { cjk: true, word: word, pairs: pairs, alts: [word],
        re: new RegExp(chars.map(escapeRe).join('\\s*'), 'g') };
    }
    var alts = forms(word), fuzzy = false;
    var known = vocab.some(function (v) { return alts.some(function (a) { return v.indexOf(a) === 0; }); });
    if (!known && word.length >= 5 && /^[a-z]+$/.test(word)) {
      vocab.forEach(function (v) { if (oneEditApart(v, word)) alts.push(v); });
      fuzzy = alts.length > 1;
    }
    return { word: word, alts: alts, fuzzy: fuzzy,
      re: new RegExp('(^|[^a-z0-9])(' + alts.map(escapeRe).join('|') + ')', 'g') };
  }
  function count(m, text) {
    if (!text) return 0;
    var n = (text.match(m.re) || []).length;
    if (n || !m.cjk || m.pairs.length < 3) return n;
    var hit = m.pairs.filter(function (p) { return text.indexOf(p) >= 0; }).length;
    return hit / m.pairs.length >= 0.75 ? 0.5 * hit / m.pairs.length : 0;
  }
  /* "quoted phrases" must occur as written (spaces aside); the rest are words. */
  function parseQuery(query) {
    var q = norm(query), phrases = [];
    q = q.replace(/["“”「」『』]([^"“”「」『』]+)["“”「」『』]?/g, function (_, p) {
      if (p.trim()) phrases.push(p.trim());
      return ' ' + p + ' ';
    });
    return { words: q.split(/\s+/).filter(Boolean), phrases: phrases.map(function (p) {
      return new RegExp(p.split(/\s+/).map(function (w) { return Array.from(w).map(escapeRe).join(CJK.test(w) ? '\\s*' : ''); })
        .join('\\s*'));
    }) };
  }
  function rank(sections, query) {
    var parsed = parseQuery(query);
    var words = parsed.words.map(function (w) { return matcher(w, sections.vocab); });
    if (!words.length) return [];
    var weights = words.map(function (m) {
      var df = sections.filter(function (s) { return count(m, s.t) || count(m, s.h) || count(m, s.c); }).length;
      return Math.log(1 + sections.length / (df + 0.5)) * (m.fuzzy ? 0.8 : 1);
    });
    var whole = words.length > 1 ? new RegExp(words.map(function (m) { return m.re.source.replace(/^\(\^\|\[\^a-z0-9\]\)/, ''); }).join('\\s*')) : null;
    var pages = new Map();
    sections.forEach(function (s) {
      var all = s.h + ' ' + s.t + ' ' + s.c;
      if (!parsed.phrases.every(function (p) { return p.test(all); })) return;
      var score = 0, present = 0;
      words.forEach(function (m, i) {
        var body = count(m, s.t) + 0.4 * count(m, s.c), head = count(m, s.h), title = count(m, s.title);
        if (body || head) present++;
        score += weights[i] * (2.2 * body / (body + 1.2 + (s.t.length + s.c.length) / 2000) + 3 * Math.min(head, 1) + (title ? 1 : 0));
      });
      if (!score) return;
      if (present === words.length) score *= 1.5;
      /* The more a section says the quoted phrase, the more it is about it. */
      parsed.phrases.forEach(function (p) {
        score *= 1 + 0.5 * Math.min(4, (all.match(new RegExp(p.source, 'g')) || []).length);
      });
      if (whole && whole.test(s.h)) score *= 2; else if (whole && whole.test(s.t)) score *= 1.5;
      /* A heading that is the query itself ("timeouts" → "Timeout"). */
      if (words.length === 1 && words[0].alts.indexOf(s.h) >= 0) score *= 2;
      var entry = pages.get(s.page);
      if (!entry) pages.set(s.page, entry = { page: s.page, hits: [] });
      entry.hits.push({ section: s, score: score });
    });
    var list = Array.from(pages.values());
    list.forEach(function (p) {
      p.hits.sort(function (a, b) { return b.score - a.score; });
      var top = p.hits[0].score;
      p.score = p.hits.reduce(function (n, h, i) { return n + (i ? 0.25 * h.score : h.score); }, 0);
      /* Up to three sections per page: the best, and others nearly as good. */
      p.hits = p.hits.filter(function (h, i) { return i === 0 || h.score >= 0.4 * top; }).slice(0, 3);
    });
    list.sort(function (a, b) { return b.score - a.score; });
    return list.map(function (p) {
      return { page: p.page, sections: p.hits.map(function (h) { return h.section; }), words: words, phrases: parsed.phrases };
    });
  }

  /* Where each query word matches in `low` (already lowercased), as [start, end). */
  function matches(words, low) {
    var marks = [];
    words.forEach(function (m) {
      var re = new RegExp(m.re.source, 'g'), r;
      while ((r = re.exec(low))) {
        var start = r.index + (m.cjk ? 0 : r[1].length);
        marks.push([start, r.index + r[0].length]);
        if (re.lastIndex === r.index) re.lastIndex++;
      }
    });
    return marks.sort(function (a, b) { return a[0] - b[0]; });
  }
  function appendMarked(out, piece, marks, offset) {
    var pos = 0;
    marks.forEach(function (mk) {
      var a = mk[0] - offset, b = mk[1] - offset;
      if (a < pos || b > piece.length) return;
      out.appendChild(document.createTextNode(piece.slice(pos, a)));
      var mark = document.createElement('mark');
      mark.textContent = piece.slice(a, b);
      out.appendChild(mark);
      pos = b;
    });
    out.appendChild(document.createTextNode(piece.slice(pos)));
  }
  /* A short piece of the section's prose around its first match, matches
     marked; when only its code matches, the one line of code that does. */
  function firstPhrase(phrases, low) {
    var at = -1;
    phrases.forEach(function (p) { var i = low.search(p); if (i >= 0 && (at < 0 || i < at)) at = i; });
    return phrases.length ? at : 0;
  }
  function excerpt(section, words, phrases, short) {
    var out = document.createElement('p');
    out.className = 'ln-excerpt';
    var text = section.text, low = norm(text);
    if (low.length !== text.length) low = text.toLowerCase();
    var marks = matches(words, low), phraseAt = firstPhrase(phrases, low);
    if ((!marks.length || phraseAt < 0) && section.code) {
      var lines = section.code.split('\n');
      for (var i = 0; i < lines.length; i++) {
        var line = lines[i], lowLine = line.toLowerCase(), lineMarks = matches(words, lowLine);
        if (!lineMarks.length || firstPhrase(phrases, lowLine) < 0) continue;
        var start = Math.max(0, lineMarks[0][0] - 40), code = document.createElement('code');
        appendMarked(code, line.slice(start, start + 120), lineMarks, start);
        out.appendChild(code);
        return out;
      }
    }
    var cjk = CJK.test(text), at = phraseAt > 0 ? phraseAt : marks.length ? marks[0][0] : 0;
    var from = Math.max(0, at - (cjk ? 30 : 60));
    var to = Math.min(text.length, from + (cjk ? 110 : 200) / (short ? 2 : 1));
    if (from > 0) out.appendChild(document.createTextNode('… '));
    appendMarked(out, text.slice(from, to), marks, from);
    if (to < text.length) out.appendChild(document.createTextNode(' …'));
    return out;
  }
  /* A result's address: the section, with the words to highlight there. */
  function target(page, section, words) {
    var url = new URL(toRoot + page.url, document.baseURI);
    words.forEach(function (m) { m.alts.forEach(function (a) { url.searchParams.append('highlight', a); }); });
    if (section.anchor && !section.first) url.hash = section.anchor;
    return url.href;
  }

  /* On the page a result leads to: mark the words searched for. */
  var HIGHLIGHT_SKIP = 'pre, script, style, mark, .ln-personalise, .ln-langs, button, input, select';
  function highlightLanding() {
    var params = new URLSearchParams(location.search), terms = params.getAll('highlight').map(norm).filter(Boolean);
    var main = document.querySelector('main');
    if (!terms.length || !main) return;
    var res = terms.map(function (t) { return matcher(t, [t]); });
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(HIGHLIGHT_SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    nodes.forEach(function (node) {
      var low = node.data.toLowerCase(), marks = matches(res, low);
      if (!marks.length || low.length !== node.data.length) return;
      var frag = document.createDocumentFragment();
      appendMarked(frag, node.data, marks, 0);
      frag.querySelectorAll('mark').forEach(function (m) { m.className = 'ln-highlight'; });
      node.parentNode.replaceChild(frag, node);
    });
  }

  function setupSearch() {
    var bar = document.querySelector('#mdbook-menu-bar .left-buttons');
    if (!bar || document.getElementById('mdbook-search-toggle')) return; /* mdBook's own search is on */
    var menu = document.getElementById('mdbook-menu-bar');
    var button = document.createElement('button');
    button.id = 'ln-search-toggle';
    button.type = 'button';
    button.className = 'icon-button';
    button.title = T.search + ' (/)';
    button.setAttribute('aria-label', T.search);
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', 'ln-search');
    button.setAttribute('aria-keyshortcuts', '/ s');
    var icon = document.getElementById('ln-fa-search');
    if (icon) button.innerHTML = icon.innerHTML; else button.textContent = '⌕';
    bar.appendChild(button);

    var panel = document.createElement('div');
    panel.id = 'ln-search';
    panel.className = 'ln-search';
    panel.hidden = true;
    panel.innerHTML = '<form role="search"><input type="search" autocomplete="off" spellcheck="false"></form>' +
      '<p class="ln-search-status" role="status"></p><ol class="ln-search-results"></ol>';
    menu.parentNode.insertBefore(panel, menu.nextSibling);
    var input = panel.querySelector('input');
    var status = panel.querySelector('.ln-search-status');
    var list = panel.querySelector('ol');
    input.placeholder = T.search + '…';
    input.setAttribute('aria-label', T.search);
    input.lang = lang;

    var seq = 0, timer = null;
    function show(open) {
      panel.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open) { input.focus(); input.select(); loadIndex().catch(function () {}); }
    }
    function run() {
      var query = input.value.trim(), mine = ++seq;
      if (!query) { list.textContent = ''; status.textContent = ''; return; }
      status.textContent = T.searching;
      loadIndex().then(function (sections) {
        if (mine !== seq) return;
        var hits = rank(sections, query);
        list.textContent = '';
        status.textContent = hits.length ? fill(T.results, 'n', hits.length) : fill(T.none, 'q', query);
        hits.slice(0, 10).forEach(function (hit) {
          var item = document.createElement('li');
          hit.sections.forEach(function (s, i) {
            var link = document.createElement('a');
            link.href = target(hit.page, s, hit.words);
            link.textContent = i ? s.heading : hit.page.title + (s.heading && s.heading !== hit.page.title ? ' › ' + s.heading : '');
            if (i === 1) item.appendChild(document.createElement('ul')).className = 'ln-search-more';
            var holder = i ? item.lastChild.appendChild(document.createElement('li')) : item;
            holder.appendChild(link);
            holder.appendChild(excerpt(s, hit.words, hit.phrases, i > 0));
          });
          list.appendChild(item);
        });
      }).catch(function () {
        if (mine === seq) status.textContent = T.failed;
      });
    }
    button.addEventListener('click', function () { show(panel.hidden); });
    panel.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      var first = list.querySelector('a');
      if (first) first.click();
    });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { show(false); button.focus(); return; }
      /* ↓ and ↑ walk from the box through the results and back. */
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.altKey && !e.ctrlKey && !e.metaKey) {
        var links = Array.prototype.slice.call(list.querySelectorAll('a'));
        if (!links.length) return;
        var at = links.indexOf(document.activeElement);
        var next = e.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : at - 1;
        e.preventDefault();
        if (next < 0) input.focus(); else links[next].focus();
      }
    });
    document.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (e.key === '/' || e.key === 's' || e.key === 'S') { e.preventDefault(); show(true); }
    });
  }

  /* ---------- "use my values" ---------- */

  var REGIONS = {
    aws: 'us-east-1 us-east-2 us-west-1 us-west-2 af-south-1 ap-east-1 ap-east-2 ap-south-1 ap-south-2 ' +
      'ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7 ' +
      'ap-northeast-1 ap-northeast-2 ap-northeast-3 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-west-1 ' +
      'eu-west-2 eu-west-3 eu-south-1 eu-south-2 eu-north-1 il-central-1 me-south-1 me-central-1 mx-central-1 sa-east-1',
    'aws-cn': 'cn-north-1 cn-northwest-1',
    'aws-us-gov': 'us-gov-east-1 us-gov-west-1'
  };
  var REGION_PARTITION = {};
  Object.keys(REGIONS).forEach(function (p) {
    REGIONS[p].split(' ').forEach(function (r) { REGION_PARTITION[r] = p; });
  });
  var NAME = /^[A-Za-z0-9_-]{1,64}$/, DOTTED = /^[A-Za-z0-9._-]{1,255}$/;
  var FIELDS = [
    ['account', '123456789012', /^[0-9]{12}$/, 'digits'],
    ['other-account', '111122223333', /^[0-9]{12}$/, 'digits'],
    ['region', 'us-east-1', null, 'region'],
    ['partition', 'aws', null, null],
    ['function', 'my-function', NAME, 'names'],
    ['role', 'my-function-role', /^[A-Za-z0-9+=,.@_-]{1,64}$/, 'role'],
    ['queue', 'my-queue', /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/, 'names'],
    ['bucket', 'amzn-s3-demo-bucket', /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket'],
    ['rule', 'my-rule', /^[A-Za-z0-9._-]{1,64}$/, 'dotted'],
    ['topic', 'my-topic', /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'names'],
    ['table', 'my-table', /^[A-Za-z0-9._-]{3,255}$/, 'dotted'],
    ['stream', 'my-stream', DOTTED, 'dotted']
  ];
  var STORE = 'lambda-notes.values';

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save(values) {
    try {
      if (Object.keys(values).length) localStorage.setItem(STORE, JSON.stringify(values));
      else localStorage.removeItem(STORE);
    } catch (e) { /* private mode: keep the values for this page only */ }
  }

  /* What the reader types, as it is meant: NFKC folds full-width digits and
     letters; an account ID may be pasted as 1234-5678-9012 or 1234 5678 9012;
     Region names are lowercase. */
  function normalise(field, raw) {
    var v = (raw.normalize ? raw.normalize('NFKC') : raw).trim();
    if (field[3] === 'digits') v = v.replace(/[\s-]/g, '');
    if (field[0] === 'region') v = v.toLowerCase();
    return v;
  }
  /* The longest value each field takes (past it, the message says "too long"). */
  var LONGEST = { account: 12, 'other-account': 12, region: 20, function: 64, role: 64, queue: 80, bucket: 63,
    rule: 64, topic: 256, table: 255, stream: 255 };

  /* The message for a (normalised) value, or '' when it can be used (or is empty). */
  function problem(field, value, values) {
    if (!value) return '';
    if (LONGEST[field[0]] && value.length > LONGEST[field[0]] && !(field[0] === 'queue' && /\.fifo$/.test(value) && value.length <= 85)) {
      return fill(T.bad.long, 'n', LONGEST[field[0]]);
    }
    if (field[0] === 'region') {
      var partition = REGION_PARTITION[value];
      if (!partition) return T.bad.region;
      if (partition !== (values.partition || 'aws')) return fill(T.bad.partition, 'p', partition);
      return '';
    }
    if (field[0] === 'partition') return REGIONS[value] ? '' : T.bad.region;
    return field[2].test(value) ? '' : T.bad[field[3]];
  }

  function fieldNamed(name) { return FIELDS.filter(function (f) { return f[0] === name; })[0]; }

  function usable(values) {
    var out = {};
    FIELDS.forEach(function (f) {
      var v = values[f[0]] && normalise(f, values[f[0]]);
      if (v && !problem(f, v, values)) out[f[0]] = v;
    });
    return out;
  }

  // data-ln-placeholders="account:120-132 region:110-119" (engine/snippet/placeholders.rs,
  // engine/site/placeholder_marks.rs): [start, end, field] triples, offsets in UTF-16
  // units of the code's text.
  function placeholderSpots(el) {
    var spots = [];
    (el.getAttribute('data-ln-placeholders') || '').split(' ').forEach(function (item) {
      var m = /^([a-z-]+):(\d+)-(\d+)$/.exec(item);
      if (m) spots.push([Number(m[2]), Number(m[3]), m[1]]);
    });
    return spots.sort(function (a, b) { return a[0] - b[0]; });
  }

  /* Deliberate bad examples ("do not copy") keep the book's values: the
     snippet itself, its summary, its policy tests and its other notations. */
  var badIds = {};
  document.querySelectorAll('.ln-snippet.ln-bad[data-ln-id]').forEach(function (el) { badIds[el.getAttribute('data-ln-id')] = true; });
  function isBad(el) {
    if (el.closest('.ln-bad')) return true;
    var test = el.closest('.ln-policy-test[data-ln-for]');
    if (test && badIds[test.getAttribute('data-ln-for')]) return true;
    var code = el.matches('pre') ? el.querySelector('code') : null;
    var same = code && /(?:^|\s)same-as=(\S+)/.exec(code.className);
    return !!(same && badIds[same[1]]);
  }

  /* The code blocks (a checked snippet's div, or a notation block's pre) and
     the inline values (data-ph spans) the build marked. */
  function marked() {
    var blocks = [], spans = [];
    document.querySelectorAll('.ln-snippet[data-ln-placeholders], pre[data-ln-placeholders]').forEach(function (el) {
      if (!isBad(el)) blocks.push(el);
    });
    document.querySelectorAll('[data-ph]').forEach(function (el) { if (!isBad(el)) spans.push(el); });
    return { blocks: blocks, spans: spans };
  }

  function personalise(found, values) {
    var use = usable(values), count = 0;
    found.blocks.forEach(function (el) {
      var code = el.matches('pre') ? el.querySelector('code') : el.querySelector('pre code');
      if (!code) return;
      if (el.lnOriginal === undefined) el.lnOriginal = code.textContent;
      var original = el.lnOriginal, text = original, spots;
      spots = placeholderSpots(el);
      for (var i = spots.length - 1; i >= 0; i--) {
        var s = spots[i], v = use[s[2]], f = fieldNamed(s[2]);
        if (v === undefined || !f || original.slice(s[0], s[1]) !== f[1]) continue;
        text = text.slice(0, s[0]) + v + text.slice(s[1]);
      }
      if (text !== original) count++;
      el.classList.toggle('ln-personalised', text !== original);
      if (text === code.textContent) return;
      code.textContent = text;
      if (window.hljs && hljs.highlightBlock) hljs.highlightBlock(code);
      code.classList.add('hljs');
    });
    found.spans.forEach(function (el) {
      var name = el.getAttribute('data-ph'), f = fieldNamed(name);
      if (!f) return;
      var text = use[name] !== undefined ? use[name] : f[1];
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('ln-personal', text !== f[1]);
    });
    return count;
  }

  /* A bad example's copy buttons give way to its warning. */
  function guardBadExamples() {
    document.querySelectorAll('pre').forEach(function (pre) {
      var button = pre.querySelector('.clip-button');
      if (!button || !isBad(pre.matches('.ln-snippet pre') ? pre.closest('.ln-snippet') : pre)) return;
      var warning = document.createElement('span');
      warning.className = 'ln-nocopy';
      warning.setAttribute('role', 'note');
      warning.textContent = '⚠ ' + T.nocopy;
      button.replaceWith(warning);
    });
  }

  /* mdBook's copy button speaks English (book.js): word it in the page's language. */
  function wordCopyButtons() {
    if (lang === 'en') return;
    document.querySelectorAll('.clip-button').forEach(function (button) {
      button.title = T.copy;
      button.setAttribute('aria-label', T.copy);
    });
    document.addEventListener('click', function (e) {
      var button = e.target.closest && e.target.closest('.clip-button');
      if (!button) return;
      setTimeout(function () {
        var tip = button.firstChild;
        if (!tip) return;
        if (tip.innerText === 'Copied!') tip.innerText = T.copied;
        else if (tip.innerText === 'Clipboard error!') tip.innerText = T.copyFailed;
      }, 0);
    });
  }

  function setupForm() {
    var found = marked();
    var main = document.querySelector('main');
    if ((!found.blocks.length && !found.spans.length) || !main) return;
    var used = {};
    found.blocks.forEach(function (el) {
      placeholderSpots(el).forEach(function (s) { used[s[2]] = true; });
    });
    found.spans.forEach(function (el) { used[el.getAttribute('data-ph')] = true; });
    var shown = FIELDS.filter(function (f) {
      return used[f[0]] || f[0] === 'account' || f[0] === 'region' || f[0] === 'partition';
    });
    var values = load();

    /* The build writes the closed box, with its summary, into every page
       that has something to personalise (engine/site/mod.rs place_form, the
       same test as above), so that filling it in moves nothing. */
    var box = main.querySelector('details.ln-personalise');
    if (!box) return;
    var form = document.createElement('form');
    form.noValidate = true;
    var grid = document.createElement('div');
    grid.className = 'ln-fields';
    form.appendChild(grid);
    var datalist = document.createElement('datalist');
    datalist.id = 'ln-regions';
    Object.keys(REGION_PARTITION).forEach(function (r) {
      var o = document.createElement('option'); o.value = r; datalist.appendChild(o);
    });
    form.appendChild(datalist);
    var inputs = {};
    shown.forEach(function (f) {
      // The label names the field; the message describes it (aria-describedby),
      // so a screen reader does not read the error as the field's name.
      var cell = document.createElement('div');
      cell.className = 'ln-field';
      var label = document.createElement('label');
      label.textContent = T.labels[f[0]];
      cell.appendChild(label);
      var input;
      if (f[0] === 'partition') {
        input = document.createElement('select');
        Object.keys(REGIONS).forEach(function (p) {
          var o = document.createElement('option'); o.value = p; o.textContent = p; input.appendChild(o);
        });
      } else {
        input = document.createElement('input');
        input.type = 'text';
        input.placeholder = f[1];
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.setAttribute('autocapitalize', 'off');
        if (f[3] === 'digits') input.inputMode = 'numeric';
        if (f[0] === 'region') input.setAttribute('list', 'ln-regions');
      }
      input.name = f[0];
      input.id = 'ln-value-' + f[0];
      label.htmlFor = input.id;
      input.value = values[f[0]] || (f[0] === 'partition' ? 'aws' : '');
      var msg = document.createElement('small');
      msg.className = 'ln-msg';
      msg.id = input.id + '-msg';
      msg.setAttribute('aria-live', 'polite');
      input.setAttribute('aria-describedby', msg.id);
      cell.appendChild(input);
      cell.appendChild(msg);
      grid.appendChild(cell);
      inputs[f[0]] = { input: input, msg: msg, field: f };
    });
    var foot = document.createElement('div');
    foot.className = 'ln-form-foot';
    var reset = document.createElement('button');
    reset.type = 'reset';
    reset.textContent = T.reset;
    var status = document.createElement('span');
    status.className = 'ln-applied';
    status.setAttribute('role', 'status');
    var note = document.createElement('p');
    note.className = 'ln-note';
    note.textContent = T.note;
    foot.appendChild(reset);
    foot.appendChild(status);
    form.appendChild(foot);
    form.appendChild(note);
    box.appendChild(form);

    function refresh(store) {
      var now = {};
      Object.keys(inputs).forEach(function (k) {
        var v = normalise(inputs[k].field, inputs[k].input.value);
        if (v && !(k === 'partition' && v === 'aws')) now[k] = v;
      });
      Object.keys(inputs).forEach(function (k) {
        var it = inputs[k], text = problem(it.field, now[k] || '', now);
        it.msg.textContent = text;
        if (text) it.input.setAttribute('aria-invalid', 'true'); else it.input.removeAttribute('aria-invalid');
      });
      if (store) {
        var all = load();
        Object.keys(inputs).forEach(function (k) { delete all[k]; });
        Object.keys(now).forEach(function (k) { all[k] = now[k]; });
        save(all);
        now = all;
      } else {
        now = Object.assign(load(), now);
      }
      var n = personalise(found, now);
      status.textContent = n ? fill(T.applied, 'n', n) : '';
    }
    form.addEventListener('input', function () { refresh(true); });
    form.addEventListener('change', function () { refresh(true); });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    // Reset empties this form's fields and forgets only their values: what
    // other pages' fields hold stays (the reader cannot see it here).
    form.addEventListener('reset', function () {
      setTimeout(function () { Object.keys(inputs).forEach(function (k) { inputs[k].input.value = k === 'partition' ? 'aws' : ''; }); refresh(true); }, 0);
    });
    window.addEventListener('storage', function (e) {
      if (e.key !== STORE) return;
      var v = load();
      Object.keys(inputs).forEach(function (k) { inputs[k].input.value = v[k] || (k === 'partition' ? 'aws' : ''); });
      refresh(false);
    });

    refresh(false);
  }

  /* ---------- language switcher ---------- */

  /* Switching language keeps the reader's section (heading ids are shared by
     the editions, engine/site/anchors.rs): the address's anchor, else the heading
     of the section in view. The choice is remembered for the landing page. */
  function setupSwitcher() {
    document.querySelectorAll('.ln-langs a[hreflang]').forEach(function (link) {
      link.addEventListener('click', function () {
        try { localStorage.setItem('lambda-notes.lang', link.getAttribute('hreflang')); } catch (e) { /* private mode */ }
        if (link.classList.contains('ln-current')) return;
        var url = new URL(link.href, document.baseURI);
        if (url.pathname.split('/').pop() === 'index.html' && location.pathname.split('/').pop() !== 'index.html') return;
        var anchor = location.hash.slice(1);
        if (!anchor) {
          var bar = document.getElementById('mdbook-menu-bar');
          var top = bar ? bar.getBoundingClientRect().bottom + 8 : 60;
          document.querySelectorAll('main h1[id], main h2[id], main h3[id], main h4[id]').forEach(function (h) {
            if (h.getBoundingClientRect().top <= top) anchor = h.id;
          });
          var first = document.querySelector('main h1[id]');
          if (first && anchor === first.id) anchor = '';
        }
        if (anchor) { url.hash = anchor; link.href = url.href; }
      });
    });
  }

  /* ---------- skip link ---------- */

  /* Focus the content itself: also right on 404 pages, whose <base> would
     send "#mdbook-content" to the edition's start page. */
  function setupSkipLink() {
    var skip = document.querySelector('.ln-skip');
    var main = document.querySelector('#mdbook-content main');
    if (!skip || !main) return;
    skip.addEventListener('click', function (e) {
      e.preventDefault();
      main.setAttribute('tabindex', '-1');
      main.focus();
    });
  }

  /* ---------- table regions ---------- */

  /* A focused table region scrolls with ← and →: keep mdBook's chapter
     navigation (book.js, on document) from taking those keys away. */
  function setupTableRegions() {
    document.querySelectorAll('.table-wrapper[tabindex]').forEach(function (region) {
      region.addEventListener('keydown', function (e) {
        if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
          e.stopPropagation();
        }
      });
    });
  }

  setupSearch();
  guardBadExamples();
  wordCopyButtons();
  highlightLanding();
  setupForm();
  setupSwitcher();
  setupSkipLink();
  setupTableRegions();
})();
