"""The inline stylesheet and script of the ``html`` format (no network, no CDN, no build step).

Kept as Python strings so the report works from any install without package data. The
script only filters and sorts what the server-side markup already holds: it never builds
markup from report text, so escaping happens in one place (`auditor.formats.html`).
"""

CSS = """
:root { --error: #b3261e; --warning: #a15c00; --info: #1f6fb2; --line: #d8dde3; --muted: #5f6b76;
  --bg-error: #fbe9e7; --bg-warning: #fff4de; --bg-info: #e8f1fb; }
* { box-sizing: border-box; }
body { margin: 0; color: #1d2329; background: #f6f7f9; line-height: 1.55;
  font: 15px/1.55 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "WenQuanYi Micro Hei", "Source Han Sans SC", system-ui, sans-serif; }
header, main, #overview, #filters { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
h1 { font-size: 24px; margin: 24px 0 4px; }
h2 { font-size: 18px; margin: 0; word-break: break-all; }
.meta, .muted { color: var(--muted); font-size: 13px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 26px; }
.card.sev-error b { color: var(--error); } .card.sev-warning b { color: var(--warning); }
.card.sev-info b { color: var(--info); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 12px 0; }
.bars { display: grid; grid-template-columns: max-content 1fr max-content; gap: 6px 10px; align-items: center; }
.bars button { all: unset; cursor: pointer; color: #1d2329; }
.bars button:hover, .bars button:focus { text-decoration: underline; }
.bar { display: flex; height: 14px; background: #eef1f4; border-radius: 3px; overflow: hidden; }
.seg.sev-error { background: var(--error); } .seg.sev-warning { background: var(--warning); }
.seg.sev-info { background: var(--info); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th.sortable { cursor: pointer; user-select: none; white-space: nowrap; }
th.sortable::after { content: " ↕"; color: #aab3bc; }
th[aria-sort=ascending]::after { content: " ↑"; color: #1d2329; }
th[aria-sort=descending]::after { content: " ↓"; color: #1d2329; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
#filters { position: sticky; top: 0; z-index: 2; background: #f6f7f9; padding-top: 8px; padding-bottom: 8px;
  border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; }
#filters label { white-space: nowrap; }
#filters input[type=search] { min-width: 220px; padding: 4px 8px; }
.report { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 16px 0; padding: 14px 16px; }
.report > header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: baseline; padding: 0; margin: 0; max-width: none; }
.coverage { font-size: 13px; color: var(--muted); margin: 8px 0; }
.coverage .fact { display: inline-block; margin: 0 10px 2px 0; }
.coverage .fact.zero { color: #b0b7be; text-decoration: line-through; }
.alert { border-left: 4px solid var(--warning); background: var(--bg-warning); padding: 6px 10px; margin: 8px 0; }
.alert.bad { border-color: var(--error); background: var(--bg-error); }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
ol.findings { list-style: none; margin: 8px 0 0; padding: 0; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.finding.sev-error { border-left-color: var(--error); } .finding.sev-warning { border-left-color: var(--warning); }
.finding .head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; font-size: 13px; }
.badge { border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: var(--info); }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.msg { margin: 6px 0; font-size: 15px; }
.values { display: flex; gap: 18px; margin: 4px 0; font-size: 14px; }
.values b { font-weight: 600; margin-left: 4px; }
.values .expected b { color: #1e7b34; } .values .actual b { color: var(--error); }
pre.ctx { background: #f7f8fa; border: 1px solid #e6e9ed; border-radius: 4px; padding: 6px 8px; margin: 6px 0;
  white-space: pre-wrap; word-break: break-all; font: 13px/1.6 ui-monospace, "DejaVu Sans Mono", "WenQuanYi Micro Hei", monospace; }
pre.ctx .ln { display: inline-block; min-width: 3.5em; color: #9aa4ae; user-select: none; }
mark { background: #ffe08a; padding: 0 1px; border-radius: 2px; }
table.row { font-size: 13px; margin: 6px 0; }
table.row caption { text-align: left; color: var(--muted); font-size: 12px; }
table.row tr.above td { color: var(--muted); background: #fafbfc; }
table.row td.rel { background: #fff4c2; }
table.row td.hit { background: #ffe08a; font-weight: 600; outline: 2px solid var(--warning); }
.related { font-size: 13px; color: var(--muted); margin: 4px 0 0; }
.none-shown { color: var(--muted); font-style: italic; }
@media print { #filters { display: none; } body { background: #fff; } .report { break-inside: avoid-page; } }
"""

JS = """
(function () {
  "use strict";
  var $ = function (s) { return document.querySelector(s); };
  var $$ = function (s, root) { return Array.prototype.slice.call((root || document).querySelectorAll(s)); };
  var findings = $$(".finding");

  function apply() {
    var severities = {};
    $$("input[name=severity]:checked").forEach(function (i) { severities[i.value] = true; });
    var category = $("#f-category").value, file = $("#f-file").value;
    var query = $("#f-search").value.trim().toLowerCase();
    var shown = 0;
    findings.forEach(function (li) {
      var ok = severities[li.dataset.severity] && (!category || li.dataset.category === category) &&
        (!file || li.dataset.file === file) && (!query || li.textContent.toLowerCase().indexOf(query) !== -1);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    $$(".report").forEach(function (section) {
      section.hidden = Boolean(file) && section.dataset.file !== file;
      var all = $$(".finding", section).length, visible = $$(".finding:not([hidden])", section).length;
      var none = section.querySelector(".none-shown");
      if (none) { none.hidden = all === 0 || visible > 0; }
    });
    $("#shown").textContent = String(shown);
  }

  function key(li, by) {
    if (by === "severity") { return [-Number(li.dataset.rank), Number(li.dataset.order)]; }
    if (by === "code") { return [li.dataset.code, Number(li.dataset.order)]; }
    if (by === "category") { return [li.dataset.category, Number(li.dataset.order)]; }
    return [Number(li.dataset.order)];
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i += 1) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }

  function sortFindings() {
    var by = $("#f-sort").value;
    $$("ol.findings").forEach(function (list) {
      $$(".finding", list).map(function (li) { return [key(li, by), li]; })
        .sort(function (a, b) { return compare(a[0], b[0]); })
        .forEach(function (pair) { list.appendChild(pair[1]); });
    });
  }

  function sortTable(th) {
    var table = th.closest("table"), body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    $$("th", table).forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    Array.prototype.slice.call(body.rows).map(function (row) {
      var cell = row.cells[index], value = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
      return [numeric ? Number(value) : value, row];
    }).sort(function (a, b) {
      var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return ascending ? c : -c;
    }).forEach(function (pair) { body.appendChild(pair[1]); });
  }

  $$("#filters input, #filters select").forEach(function (el) {
    el.addEventListener(el.type === "search" ? "input" : "change", el.id === "f-sort" ? sortFindings : apply);
  });
  $$("th.sortable").forEach(function (th) {
    th.addEventListener("click", function () { sortTable(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortTable(th); } });
  });
  $$("[data-category-filter]").forEach(function (button) {
    button.addEventListener("click", function () {
      $("#f-category").value = button.dataset.categoryFilter;
      apply();
      $("#filters").scrollIntoView();
    });
  });
  apply();
})();
"""
