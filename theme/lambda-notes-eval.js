/* lambda-notes: a small IAM policy evaluator for the "fix it" exercises.
   The build (engine/pipeline/exercise/prove.rs) writes each requirement as the request
   its own evaluator saw, and the must-deny probes (requests the model answer
   denies); this judges the reader's policy on both.
   It knows Effect, Action/NotAction, Resource/NotResource, Principal (AWS,
   Service, "*") and the common condition operators; anything else throws
   {unsupported: name}, and the page says it cannot judge. */
var LN_EVAL = (function () {
  'use strict';

  function list(v) { return v === undefined ? [] : Array.isArray(v) ? v : [v]; }

  /* IAM wildcards: * any run of characters, ? one character. */
  function like(pattern, value, ignoreCase) {
    var re = '^' + String(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$';
    return new RegExp(re, ignoreCase ? 'i' : '').test(value);
  }

  function actionMatches(s, action) {
    if (s.Action !== undefined) return list(s.Action).some(function (p) { return like(p, action, true); });
    if (s.NotAction !== undefined) return !list(s.NotAction).some(function (p) { return like(p, action, true); });
    return false;
  }

  function resourceMatches(s, resource) {
    var test = function (p) { return p === '*' || (resource !== '' && like(p, resource, false)); };
    if (s.Resource !== undefined) return list(s.Resource).some(test);
    if (s.NotResource !== undefined) return !list(s.NotResource).some(test);
    return resource === ''; /* a trust policy's statements name no resource */
  }

  function roleOf(arn) {
    var m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn || '');
    return m ? 'arn:' + m[1] + ':iam::' + m[2] + ':role/' + m[3] : null;
  }

  function principalMatches(s, p) {
    if (s.NotPrincipal !== undefined) throw { unsupported: 'NotPrincipal' };
    if (s.Principal === undefined) return false;
    if (s.Principal === '*') return true;
    var ok = false;
    Object.keys(s.Principal).forEach(function (type) {
      list(s.Principal[type]).forEach(function (v) {
        if (type === 'AWS') {
          if (v === '*') ok = true;
          else if (/^\d{12}$/.test(v) || /^arn:[^:]+:iam::\d{12}:root$/.test(v)) ok = ok || p.account === v.replace(/^arn:[^:]+:iam::(\d{12}):root$/, '$1');
          else ok = ok || v === p.arn || v === roleOf(p.arn);
        } else if (type === 'Service') {
          ok = ok || v === p.service;
        } else {
          throw { unsupported: 'Principal ' + type };
        }
      });
    });
    return ok;
  }

  var TESTS = {
    StringEquals: function (p, v) { return p === v; },
    StringNotEquals: function (p, v) { return p === v; },
    StringEqualsIgnoreCase: function (p, v) { return p.toLowerCase() === v.toLowerCase(); },
    StringNotEqualsIgnoreCase: function (p, v) { return p.toLowerCase() === v.toLowerCase(); },
    StringLike: function (p, v) { return like(p, v, false); },
    StringNotLike: function (p, v) { return like(p, v, false); },
    ArnEquals: function (p, v) { return like(p, v, false); },
    ArnLike: function (p, v) { return like(p, v, false); },
    ArnNotEquals: function (p, v) { return like(p, v, false); },
    ArnNotLike: function (p, v) { return like(p, v, false); },
    Bool: function (p, v) { return String(p).toLowerCase() === String(v).toLowerCase(); }
  };

  /* One operator and key against the request context. */
  function condition(op, key, values, context) {
    var base = op, ifExists = false, set = null;
    var q = /^(ForAnyValue|ForAllValues):(.*)$/.exec(base);
    if (q) { set = q[1]; base = q[2]; }
    if (/IfExists$/.test(base)) { ifExists = true; base = base.replace(/IfExists$/, ''); }
    var got = context[key.toLowerCase()];
    if (base === 'Null') {
      var absent = got === undefined;
      return list(values).some(function (v) { return String(v) === String(absent); });
    }
    var test = TESTS[base];
    if (!test) throw { unsupported: op };
    var negated = /Not/.test(base);
    if (got === undefined) return ifExists || negated || set === 'ForAllValues';
    var hit = function (v) { return list(values).some(function (p) { return test(String(p), v); }); };
    var matched = set === 'ForAllValues' ? got.every(hit) : got.some(hit);
    if (set === 'ForAllValues') return negated ? !got.some(hit) : matched;
    return negated ? !matched : matched;
  }

  function conditionsHold(s, context) {
    var block = s.Condition || {};
    return Object.keys(block).every(function (op) {
      return Object.keys(block[op]).every(function (key) { return condition(op, key, block[op][key], context); });
    });
  }

  /* 'allow', 'explicit-deny' or 'implicit-deny' for one request. */
  function evaluate(doc, request, kind) {
    var allowed = false, denied = false;
    list(doc && doc.Statement).forEach(function (s) {
      if (!s || typeof s !== 'object') return;
      var who = kind === 'identity-policy' ? s.Principal === undefined && s.NotPrincipal === undefined
        : principalMatches(s, request.principal);
      if (who && actionMatches(s, request.action) && resourceMatches(s, request.resource) && conditionsHold(s, request.context)) {
        if (s.Effect === 'Deny') denied = true;
        else if (s.Effect === 'Allow') allowed = true;
      }
    });
    return denied ? 'explicit-deny' : allowed ? 'allow' : 'implicit-deny';
  }

  /* The same policy, written any way: Sids dropped, lists sorted, actions lower-cased. */
  function normal(doc) {
    var statements = list(doc && doc.Statement).map(function (s) {
      var out = {};
      Object.keys(s || {}).sort().forEach(function (k) {
        if (k === 'Sid') return;
        var v = s[k];
        if (k === 'Action' || k === 'NotAction') v = list(v).map(function (a) { return String(a).toLowerCase(); });
        if (k === 'Action' || k === 'NotAction' || k === 'Resource' || k === 'NotResource') v = sortedSet(v);
        out[k] = canonical(v);
      });
      return JSON.stringify(out);
    });
    return JSON.stringify([doc && doc.Version, sortedSet(statements)]);
  }
  function sortedSet(v) { return list(v).map(String).filter(function (x, i, a) { return a.indexOf(x) === i; }).sort(); }
  function canonical(v) {
    if (Array.isArray(v)) return v.length === 1 ? canonical(v[0]) : v.map(canonical).sort();
    if (v && typeof v === 'object') {
      var out = {};
      Object.keys(v).sort().forEach(function (k) { out[k] = canonical(v[k]); });
      return out;
    }
    return v;
  }

  return { evaluate: evaluate, same: function (a, b) { return normal(a) === normal(b); } };
})();
