/* lambda-notes: the "check yourself" exercises (engine/pipeline/exercise/ renders them)
   and the reader's progress. Progress lives in this browser only
   (localStorage, under each exercise's edition-independent id), so switching
   language keeps it; it can be exported and imported as a small JSON file.
   Nothing is sent anywhere. */
(function () {
  'use strict';

  var lang = (document.documentElement.lang || 'en').split('-')[0];
  var WORDS = {
    en: {
      pick: 'Pick an answer first.', right: '✓ Correct.', wrong: '✗ Not quite. The right answer is marked.',
      badJson: '✗ This is not valid JSON: {m}', unsupported: 'This checker does not understand {m}; compare with the model answer.',
      fixRight: '✓ Correct: your policy meets every requirement.', same: ' It is the same as the model answer.',
      other: ' It is written differently from the model answer, which is fine.',
      fixWrong: '✗ Requirement {n} is not met: {got} instead of {want}.',
      allowed: 'allowed', denied: 'denied',
      fixBroad: '✗ Your fix also allows this request, which the model answer denies: {r}{m}. It meets every requirement, but grants more than the question asks for.',
      without: ' (without {k})',
      chapter: 'This chapter: {a} of {t} exercises answered, {f} right at the first try.',
      overall: 'Overall: {a} answered, {f} right at the first try.',
      reset: 'Reset my progress', resetAsk: 'Forget every answer saved in this browser?',
      exp: 'Export progress', imp: 'Import progress', imported: 'Answers imported: {n}.', badFile: 'That file is not a lambda-notes progress file.',
      cell: '{a} answered, {f} right at the first try'
    },
    ja: {
      pick: '先に答えを選んでください。', right: '✓ 正解です。', wrong: '✗ 不正解です。正しい答えに印を付けました。',
      badJson: '✗ JSON として正しくありません: {m}', unsupported: 'この判定器は {m} を扱えません。模範解答と見比べてください。',
      fixRight: '✓ 正解です。すべての条件を満たしています。', same: '模範解答と同じ内容です。',
      other: '模範解答とは書き方が違いますが、問題ありません。',
      fixWrong: '✗ 条件 {n} を満たしていません（{want}べきところが{got}）。',
      allowed: '許可される', denied: '拒否される',
      fixBroad: '✗ この修正は、模範解答が拒否する次のリクエストも許可してしまいます: {r}{m}。すべての条件は満たしていますが、問題が求める以上の権限を与えています。',
      without: '（{k} なし）',
      chapter: 'この章: {t} 問中 {a} 問に回答、最初の回答で正解したのは {f} 問。',
      overall: '全体: {a} 問に回答、最初の回答で正解したのは {f} 問。',
      reset: '進み具合をリセット', resetAsk: 'このブラウザーに保存した回答をすべて消去しますか？',
      exp: '進み具合を書き出す', imp: '進み具合を読み込む', imported: '{n} 問分の回答を読み込みました。', badFile: 'lambda-notes の進み具合のファイルではありません。',
      cell: '回答 {a} 問、最初の回答で正解 {f} 問'
    },
    ko: {
      pick: '먼저 답을 고르십시오.', right: '✓ 정답입니다.', wrong: '✗ 틀렸습니다. 정답에 표시했습니다.',
      badJson: '✗ 올바른 JSON이 아닙니다: {m}', unsupported: '이 채점기는 {m}을(를) 다루지 못합니다. 모범 답안과 비교해 보십시오.',
      fixRight: '✓ 정답입니다. 모든 조건을 만족합니다.', same: ' 모범 답안과 같습니다.',
      other: ' 모범 답안과 작성 방식은 다르지만 괜찮습니다.',
      fixWrong: '✗ 조건 {n}을(를) 만족하지 않습니다. {want}야 하는데 {got}니다.',
      allowed: '허용됩', denied: '거부됩',
      fixBroad: '✗ 이 수정은 모범 답안이 거부하는 다음 요청도 허용합니다: {r}{m}. 모든 조건은 만족하지만, 문제가 요구하는 것보다 많은 권한을 줍니다.',
      without: ' ({k} 없음)',
      chapter: '이 장: 문제 {t}개 중 {a}개에 답했고, 첫 시도에 맞힌 문제는 {f}개입니다.',
      overall: '전체: {a}개에 답했고, 첫 시도에 맞힌 문제는 {f}개입니다.',
      reset: '진행 상황 초기화', resetAsk: '이 브라우저에 저장한 답을 모두 지울까요?',
      exp: '진행 상황 내보내기', imp: '진행 상황 가져오기', imported: '답 {n}개를 가져왔습니다.', badFile: 'lambda-notes 진행 상황 파일이 아닙니다.',
      cell: '답함 {a}개, 첫 시도에 맞힘 {f}개'
    }
  };
  var T = WORDS[lang] || WORDS.en;
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? '' : values[k]; });
  }

  /* ---------- progress ---------- */

  var KEY = 'lambda-notes-exercises';
  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || '{}');
      return data && typeof data.answers === 'object' && data.answers ? data : { version: 1, answers: {} };
    } catch (e) { return { version: 1, answers: {} }; }
  }
  function save(data) {
    try { localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) { /* private mode: progress is not kept */ }
  }
  /* The chapter an exercise belongs to, the same in every edition: its page's file name. */
  var chapter = (location.pathname.split('/').pop() || 'index.html').replace(/\.html$/, '');

  function record(id, correct) {
    var data = load();
    var seen = data.answers[id];
    if (!seen) {
      seen = data.answers[id] = { chapter: chapter, firstTry: correct, correct: false };
    }
    seen.correct = seen.correct || correct;
    save(data);
    showProgress();
  }

  /* ---------- answering ---------- */

  function setResult(section, text, ok) {
    var result = section.querySelector('.ln-exercise-result');
    result.textContent = text;
    result.className = 'ln-exercise-result ' + (ok ? 'ln-right' : 'ln-wrong');
    section.classList.add('ln-answered');
  }

  function checkChoice(section) {
    var picked = section.querySelector('input[type=radio]:checked');
    if (!picked) {
      section.querySelector('.ln-exercise-result').textContent = T.pick;
      return;
    }
    var answer = section.getAttribute('data-ln-answer');
    var ok = picked.value === answer;
    section.querySelectorAll('input[type=radio]').forEach(function (input) {
      var label = input.closest('label');
      label.classList.toggle('ln-correct-choice', input.value === answer);
      label.classList.toggle('ln-wrong-choice', input === picked && !ok);
    });
    setResult(section, ok ? T.right : T.wrong, ok);
    record(section.getAttribute('data-ln-exercise'), ok);
  }

  function checkFix(section) {
    var dataNode = section.querySelector('.ln-fix-data');
    var data = JSON.parse(dataNode.textContent);
    var text = section.querySelector('.ln-fix-text').value;
    var doc;
    try { doc = JSON.parse(text); } catch (e) {
      setResult(section, fill(T.badJson, { m: e.message }), false);
      return;
    }
    try {
      for (var i = 0; i < data.cases.length; i++) {
        var c = data.cases[i];
        var decision = c.applies ? LN_EVAL.evaluate(doc, c, data.kind) : 'implicit-deny';
        var allowed = decision === 'allow';
        if (allowed !== (c.expect === 'allow')) {
          setResult(section, fill(T.fixWrong, { n: i + 1, got: allowed ? T.allowed : T.denied, want: allowed ? T.denied : T.allowed }), false);
          record(section.getAttribute('data-ln-exercise'), false);
          return;
        }
      }
      /* Requests near the allowed cases that the model answer denies (the
         build derived them): a fix that allows one is broader than asked. */
      var probes = data.probes || [];
      for (var j = 0; j < probes.length; j++) {
        var p = probes[j];
        if (p.applies && LN_EVAL.evaluate(doc, p, data.kind) === 'allow') {
          var without = (p.missing || []).map(function (k) { return fill(T.without, { k: k }); }).join('');
          setResult(section, fill(T.fixBroad, { r: p.request, m: without }), false);
          record(section.getAttribute('data-ln-exercise'), false);
          return;
        }
      }
    } catch (e) {
      if (e && e.unsupported) {
        setResult(section, fill(T.unsupported, { m: e.unsupported }), false);
        return;
      }
      throw e;
    }
    var same = LN_EVAL.same(doc, data.model);
    setResult(section, T.fixRight + (same ? T.same : T.other), true);
    record(section.getAttribute('data-ln-exercise'), true);
  }

  function wire(section) {
    section.classList.add('ln-exercise-js');
    var check = section.querySelector('.ln-exercise-check');
    var isFix = section.getAttribute('data-ln-kind') === 'fix-it';
    check.addEventListener('click', function () { (isFix ? checkFix : checkChoice)(section); });
    var reset = section.querySelector('.ln-fix-reset');
    if (reset) {
      reset.addEventListener('click', function () {
        var area = section.querySelector('.ln-fix-text');
        area.value = area.getAttribute('data-ln-original');
        area.focus();
      });
    }
    var seen = load().answers[section.getAttribute('data-ln-exercise')];
    if (seen) section.classList.add('ln-done');
  }

  /* ---------- progress display, export, import, reset ---------- */

  var bar = null;
  function showProgress() {
    var data = load();
    var all = Object.keys(data.answers).map(function (k) { return data.answers[k]; });
    var here = Array.prototype.slice.call(document.querySelectorAll('.ln-exercise'));
    var answeredHere = here.filter(function (s) { return data.answers[s.getAttribute('data-ln-exercise')]; });
    var firstHere = answeredHere.filter(function (s) { return data.answers[s.getAttribute('data-ln-exercise')].firstTry; });
    if (!bar) return;
    bar.querySelector('.ln-progress-chapter').textContent = here.length
      ? fill(T.chapter, { a: answeredHere.length, t: here.length, f: firstHere.length }) : '';
    bar.querySelector('.ln-progress-overall').textContent = fill(T.overall, {
      a: all.length, f: all.filter(function (a) { return a.firstTry; }).length
    });
    showInSidebar(all);
    document.querySelectorAll('[data-ln-progress-chapter]').forEach(function (node) {
      var name = node.getAttribute('data-ln-progress-chapter');
      var mine = all.filter(function (a) { return a.chapter === name; });
      node.textContent = fill(T.cell, { a: mine.length, f: mine.filter(function (a) { return a.firstTry; }).length });
    });
  }

  /* Each chapter's link in the sidebar gets "✓ n" once the reader has
     answered some of its exercises (the sidebar is beside the page, so the
     mark moves nothing the reader is reading). */
  function showInSidebar(all) {
    document.querySelectorAll('mdbook-sidebar-scrollbox a[href], .sidebar a[href]').forEach(function (link) {
      var name = (link.getAttribute('href').split('#')[0].split('/').pop() || '').replace(/\.html$/, '');
      var mine = all.filter(function (a) { return a.chapter === name; });
      var mark = link.querySelector('.ln-sidebar-progress');
      if (!mine.length) { if (mark) mark.remove(); return; }
      if (!mark) {
        mark = document.createElement('span');
        mark.className = 'ln-sidebar-progress';
        link.appendChild(mark);
      }
      var first = mine.filter(function (a) { return a.firstTry; }).length;
      mark.innerHTML = '';
      mark.appendChild(document.createTextNode(' ✓' + mine.length));
      var said = document.createElement('span');
      said.className = 'ln-sr';
      said.textContent = ' (' + fill(T.cell, { a: mine.length, f: first }) + ')';
      mark.appendChild(said);
    });
  }

  function button(text, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  function buildBar(main) {
    bar = document.createElement('div');
    bar.className = 'ln-progress';
    bar.setAttribute('role', 'status');
    bar.innerHTML = '<p class="ln-progress-chapter"></p><p class="ln-progress-overall"></p><div class="ln-progress-tools"></div><p class="ln-progress-note" aria-live="polite"></p>';
    var tools = bar.querySelector('.ln-progress-tools');
    var note = bar.querySelector('.ln-progress-note');
    tools.appendChild(button(T.exp, function () {
      var blob = new Blob([JSON.stringify(load(), null, 2) + '\n'], { type: 'application/json' });
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'lambda-notes-progress.json';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }));
    var file = document.createElement('input');
    file.type = 'file';
    file.accept = 'application/json,.json';
    file.className = 'ln-progress-file';
    file.setAttribute('aria-label', T.imp);
    file.addEventListener('change', function () {
      var chosen = file.files && file.files[0];
      if (!chosen) return;
      file.value = ''; /* so that choosing the same file again reads it again */
      chosen.text().then(function (text) {
        var incoming;
        try { incoming = JSON.parse(text); } catch (e) { incoming = null; }
        if (!incoming || typeof incoming.answers !== 'object' || !incoming.answers) {
          note.textContent = T.badFile;
          return;
        }
        var data = load();
        var n = 0;
        Object.keys(incoming.answers).forEach(function (id) {
          var a = incoming.answers[id];
          if (!/^[a-z0-9-]+$/.test(id) || !a || typeof a.chapter !== 'string') return;
          data.answers[id] = { chapter: a.chapter, firstTry: a.firstTry === true, correct: a.correct === true };
          n++;
        });
        save(data);
        note.textContent = fill(T.imported, { n: n });
        showProgress();
      });
    });
    var label = button(T.imp, function () { file.click(); });
    tools.appendChild(label);
    tools.appendChild(file);
    tools.appendChild(button(T.reset, function () {
      if (!window.confirm(T.resetAsk)) return;
      save({ version: 1, answers: {} });
      document.querySelectorAll('.ln-exercise').forEach(function (s) { s.classList.remove('ln-done'); });
      showProgress();
    }));
    // Beside the exercises (at the chapter's end), or at the end of the
    // onboarding page: a box added above what the reader sees would push
    // the page down after load (layout shift).
    var first = main.querySelector('.ln-exercise');
    if (first) first.parentNode.insertBefore(bar, first);
    else main.appendChild(bar);
  }

  var sections = document.querySelectorAll('.ln-exercise');
  sections.forEach(wire);
  var main = document.querySelector('main');
  if (main && (sections.length || document.querySelector('[data-ln-progress-chapter]'))) {
    buildBar(main);
    showProgress();
  } else {
    var saved = load().answers;
    showInSidebar(Object.keys(saved).map(function (k) { return saved[k]; }));
  }
})();
