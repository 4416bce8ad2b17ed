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
