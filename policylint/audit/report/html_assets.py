"""The HTML report's inline stylesheet and script: constants, so their hashes (in the page's
Content-Security-Policy) are fixed, and the page loads nothing from anywhere.

The script only enhances: it reveals the filter controls, sorts the repository table when a
column header is clicked (``aria-sort`` follows), and hides rows that do not match the text
filter or the grade/status filter. Without it the page shows everything, in name order.
"""

from __future__ import annotations

CSS = """
:root{--bg:#f5f6f8;--card:#fff;--text:#1c2230;--muted:#5d6676;--line:#e2e5ea;--track:#eceef2;
--accent:#2a55c9;--A:#1a7f37;--B:#56a03a;--C:#c69100;--D:#dd6a10;--F:#cf222e;--err:#6e7781;
color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0e1116;--card:#161b22;--text:#e6edf3;
--muted:#9aa4b1;--line:#2d333b;--track:#21262d;--accent:#6ea8fe}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 20px 60px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 12px}
p{margin:6px 0}.muted{color:var(--muted);fill:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:18px 0}
.card,section{background:var(--card);border:1px solid var(--line);border-radius:12px}
.card{padding:14px 16px}.card .value{display:block;font-size:30px;font-weight:700;line-height:1.2}
.card .what{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.04em}
section{padding:18px 22px;margin-top:22px}
.charts{display:grid;grid-template-columns:1fr;gap:0}
svg.chart{width:100%;height:auto;max-width:780px;display:block;font-size:13px}
svg .label,svg .value{fill:var(--text)}svg .value{font-weight:600}
svg .track{fill:var(--track)}svg .axis{stroke:var(--line)}
.g-A{fill:var(--A);background:var(--A)}.g-B{fill:var(--B);background:var(--B)}
.g-C{fill:var(--C);background:var(--C)}.g-D{fill:var(--D);background:var(--D)}
.g-F{fill:var(--F);background:var(--F)}.g-error,.g-none{background:var(--err)}
.grade{display:inline-block;min-width:1.9em;padding:0 6px;border-radius:6px;color:#fff;
font-weight:700;text-align:center;font-size:13px}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin-top:8px;color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:13px;color:var(--muted);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:var(--track)}td:first-child{min-width:14em}
th button{all:unset;cursor:pointer}th button:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
.name{font-weight:600;overflow-wrap:anywhere}.sub{display:block;color:var(--muted);font-size:12px;
overflow-wrap:anywhere;font-weight:400}
a{color:var(--accent)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--track);
padding:1px 5px;border-radius:4px;overflow-wrap:anywhere}
.chips{display:flex;flex-wrap:wrap;gap:4px}
.chip{font-size:12px;background:var(--track);border:1px solid var(--line);border-radius:999px;
padding:1px 9px}
.nowrap{white-space:nowrap}
.sev-error::before,.sev-warning::before,.sev-note::before{content:"";display:inline-block;
width:7px;height:7px;border-radius:50%;margin-right:5px;vertical-align:1px}
.sev-error::before{background:var(--F)}.sev-warning::before{background:var(--C)}
.sev-note::before{background:var(--err)}
.reason{color:var(--F);white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px}
.state-expired{color:var(--F);font-weight:600}.state-expiring{color:var(--C);font-weight:600}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 12px}
.controls input,.controls select{font:inherit;padding:6px 10px;border:1px solid var(--line);
border-radius:8px;background:var(--bg);color:var(--text)}
.controls input{flex:1;min-width:220px}
details{margin-top:10px}summary{cursor:pointer;color:var(--accent)}
.scroll{overflow-x:auto}
[hidden]{display:none !important}
svg .trend{stroke:var(--accent);stroke-width:2.5}svg .point{fill:var(--accent)}
svg.spark{display:block}svg.spark .trend{stroke-width:1.8}
.changes{margin:4px 0 10px;padding-left:20px}.changes li{margin:3px 0}
h3{font-size:16px;margin:14px 0 6px}h4{font-size:14px;margin:10px 0 4px}
details.repo{border-top:1px solid var(--line);padding:6px 0}
details.repo[open]{background:var(--bg);border-radius:8px;padding:8px 12px}
details.repo summary{font-weight:600}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:13px}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.rule ul{margin:4px 0;padding-left:20px}.fix{white-space:pre-wrap;font-size:13px}
.uncovered{color:var(--muted);font-size:13px}
"""

JS = """
(function () {
  "use strict";
  var table = document.getElementById("repositories");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter-text");
  var grade = document.getElementById("filter-grade");
  var shown = document.getElementById("filter-count");
  rows.forEach(function (row, index) { row.setAttribute("data-index", String(index)); });
  document.getElementById("controls").hidden = false;

  function key(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-sort");
    if (value === null) { value = cell.textContent; }
    return numeric ? parseFloat(value) : value.toLowerCase();
  }

  function sortBy(header) {
    var column = header.cellIndex;
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, column, numeric), y = key(b, column, numeric);
      var order = x < y ? -1 : (x > y ? 1 : 0);
      if (!ascending) { order = -order; }
      return order || a.getAttribute("data-index") - b.getAttribute("data-index");
    });
    var fragment = document.createDocumentFragment();
    sorted.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  function applyFilter() {
    var needle = text.value.trim().toLowerCase();
    var wanted = grade.value;
    var count = 0;
    rows.forEach(function (row) {
      var match = (!needle || row.getAttribute("data-search").indexOf(needle) !== -1) &&
        (!wanted || row.getAttribute("data-grade") === wanted ||
         row.getAttribute("data-status") === wanted);
      row.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " repositories";
    filterDetails(needle);
  }

  var details = Array.prototype.slice.call(document.querySelectorAll("details.repo"));

  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    }
  }

  function filterDetails(needle) {
    details.forEach(function (item) {
      item.hidden = !!needle && item.getAttribute("data-search").indexOf(needle) === -1;
    });
  }

  window.addEventListener("hashchange", openTarget);
  openTarget();
  Array.prototype.forEach.call(table.tHead.querySelectorAll("th button"), function (button) {
    button.addEventListener("click", function () { sortBy(button.parentNode); });
  });
  text.addEventListener("input", applyFilter);
  grade.addEventListener("change", applyFilter);
  applyFilter();
}());
"""
