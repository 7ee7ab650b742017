/* lambda-notes: Terraform (HCL) for mdBook's highlight.js 10, which has no
   `hcl`. Loaded right after highlight.js and before book.js highlights the
   page (engine/site/mod.rs adds the script tag), so ```hcl blocks are coloured
   and no "Could not find the language" warning is printed. Kept small: the
   parts of HCL the notes use (blocks, attributes, strings with ${…},
   heredocs, numbers, comments, function calls). */
(function () {
  'use strict';
  if (typeof hljs === 'undefined' || hljs.getLanguage('hcl')) return;
  hljs.registerLanguage('hcl', function (hljs) {
    var interpolation = { className: 'subst', begin: /\$\{/, end: /\}/, contains: [] };
    var string = {
      className: 'string', begin: /"/, end: /"/,
      contains: [hljs.BACKSLASH_ESCAPE, interpolation]
    };
    var heredoc = { className: 'string', begin: /<<-?\s*([A-Z_]+)\s*$/, end: /^\s*[A-Z_]+\s*$/, contains: [interpolation] };
    var number = { className: 'number', begin: /\b\d+(\.\d+)?([eE][+-]?\d+)?\b/, relevance: 0 };
    var literal = { className: 'literal', begin: /\b(true|false|null)\b/ };
    var call = { className: 'built_in', begin: /\b[a-z_][a-z0-9_]*(?=\()/, relevance: 0 };
    var attribute = { className: 'attr', begin: /^\s*[A-Za-z_][A-Za-z0-9_-]*(?=\s*=(?!=))/, relevance: 0 };
    var block = {
      className: 'keyword',
      begin: /^\s*(resource|data|variable|output|locals|module|provider|terraform|moved|import|check)\b/
    };
    var comments = [hljs.HASH_COMMENT_MODE, hljs.C_LINE_COMMENT_MODE, hljs.C_BLOCK_COMMENT_MODE];
    interpolation.contains = [string, number, literal, call];
    return {
      name: 'HCL',
      aliases: ['terraform', 'tf'],
      contains: comments.concat([block, attribute, heredoc, string, number, literal, call])
    };
  });
})();
