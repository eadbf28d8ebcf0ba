import { Router } from 'express';

/**
 * A small browsable rendering of /openapi.json, served from this process with no third-party assets (the API often
 * runs where no CDN is reachable). Script and style are separate files so the page runs under a strict CSP.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relance API</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header><h1>Relance API</h1><p id="info">Loading <a href="/openapi.json">/openapi.json</a>…</p>
<input id="filter" type="search" placeholder="Filter by path, method or summary" aria-label="Filter operations"></header>
<main id="operations"></main>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
header a{color:#9cc3ff}#filter{margin-top:8px;width:100%;max-width:480px;padding:6px 8px;border-radius:4px;border:0}
main{padding:16px 24px;max-width:1100px}details{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:8px 0}
summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:baseline}
.m{font-weight:700;text-transform:uppercase;width:64px;font-family:ui-monospace,monospace}
.get{color:#1565c0}.post{color:#2e7d32}.put,.patch{color:#ef6c00}.delete{color:#c62828}
.p{font-family:ui-monospace,monospace}.s{color:#5a6372}.roles{margin-left:auto;font-size:12px;color:#5a6372}
.body{padding:0 16px 12px}pre{background:#f0f2f5;padding:8px;border-radius:4px;overflow:auto;max-height:360px}
table{border-collapse:collapse}td,th{border-bottom:1px solid #e3e6eb;padding:4px 8px;text-align:left;vertical-align:top}
h4{margin:12px 0 4px}`;

const SCRIPT = `'use strict';
(function () {
  var el = function (tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  var resolve = function (doc, schema) {
    if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split('/').pop()] || schema;
    return schema;
  };
  var pre = function (value) { return el('pre', '', JSON.stringify(value, null, 2)); };
  function render(doc) {
    document.getElementById('info').textContent = (doc.info.description || '') + ' Version ' + doc.info.version + ' · OpenAPI ' + doc.openapi;
    var main = document.getElementById('operations');
    var all = [];
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var box = el('details');
        var sum = el('summary');
        sum.appendChild(el('span', 'm ' + method, method));
        sum.appendChild(el('span', 'p', path));
        sum.appendChild(el('span', 's', op.summary || ''));
        sum.appendChild(el('span', 'roles', op['x-roles'] ? 'roles: ' + op['x-roles'].join(', ') : 'public'));
        box.appendChild(sum);
        var body = el('div', 'body');
        if (op.description) body.appendChild(el('p', '', op.description));
        if (op.parameters && op.parameters.length) {
          body.appendChild(el('h4', '', 'Parameters'));
          var table = el('table');
          op.parameters.forEach(function (p) {
            var row = el('tr');
            row.appendChild(el('td', 'p', p.name));
            row.appendChild(el('td', '', p.in + (p.required ? ', required' : '')));
            row.appendChild(el('td', 'p', JSON.stringify(p.schema)));
            table.appendChild(row);
          });
          body.appendChild(table);
        }
        if (op.requestBody) {
          var content = op.requestBody.content['application/json'];
          body.appendChild(el('h4', '', 'Request body'));
          body.appendChild(pre(resolve(doc, content.schema)));
          if (content.example !== undefined) {
            body.appendChild(el('h4', '', 'Example'));
            body.appendChild(pre(content.example));
          }
        }
        body.appendChild(el('h4', '', 'Responses'));
        var responses = el('table');
        Object.keys(op.responses).forEach(function (code) {
          var row = el('tr');
          row.appendChild(el('td', 'p', code));
          row.appendChild(el('td', '', op.responses[code].description || ''));
          responses.appendChild(row);
        });
        body.appendChild(responses);
        box.appendChild(body);
        main.appendChild(box);
        all.push({ box: box, text: (method + ' ' + path + ' ' + (op.summary || '')).toLowerCase() });
      });
    });
    document.getElementById('filter').addEventListener('input', function (event) {
      var q = event.target.value.toLowerCase();
      all.forEach(function (o) { o.box.style.display = o.text.indexOf(q) === -1 ? 'none' : ''; });
    });
  }
  fetch('/openapi.json').then(function (r) { return r.json(); }).then(render, function (e) {
    document.getElementById('info').textContent = 'Could not load /openapi.json: ' + e;
  });
})();
`;

export function createDocsRouter(): Router {
  const router = Router();
  const csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'";
  router.get('/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.type('html').send(PAGE);
  });
  router.get('/docs/docs.js', (_req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.type('application/javascript').send(SCRIPT);
  });
  router.get('/docs/docs.css', (_req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.type('css').send(STYLE);
  });
  return router;
}
