// The page's behaviour: file choosing, filters, and moving between a finding and its place.
// Everything also works without this script (plain links and a plain form); it only helps.
"use strict";
(function () {
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function setUpForm() {
    var form = document.getElementById("upload");
    if (!form) return;
    var input = document.getElementById("files");
    var drop = document.getElementById("drop");
    var list = document.getElementById("chosen-list");
    var maxBytes = Number(form.dataset.maxBytes);
    function show() {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var li = document.createElement("li");
        li.textContent = file.name + "（" + (file.size / 1048576).toFixed(2) + " MB）";
        if (file.size > maxBytes) {
          var big = document.createElement("span");
          big.className = "big";
          big.textContent = " " + form.dataset.tooBig;
          li.appendChild(big);
        }
        list.appendChild(li);
      });
      document.getElementById("chosen").hidden = input.files.length === 0;
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
    form.addEventListener("submit", function () {
      if (!input.files.length) return;
      document.getElementById("check").disabled = true;
      var busy = document.getElementById("busy");
      busy.hidden = false;
      // A scan is read page by page: ask how far, and say so, until the results arrive.
      var key = "";
      for (var k = 0; k < 4; k += 1) key += Math.random().toString(36).slice(2, 8);
      document.getElementById("progress").value = key;
      window.setInterval(function () {
        fetch("/progress/" + key).then(function (r) { return r.json(); }).then(function (p) {
          if (p && p.total) {
            busy.textContent = form.dataset.reading.replace("{name}", p.name).replace("{done}", p.done).replace("{total}", p.total);
          }
        }).catch(function () {});
      }, 1000);
    });
    show();
  }

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
  }

  function placeOf(target) {
    return target.closest("td, p, h3, .loose") || target;
  }

  function setUpResults() {
    var items = Array.prototype.slice.call(document.querySelectorAll(".finding"));
    if (!items.length && !document.getElementById("filters")) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".filter-sev"));
    var cat = document.getElementById("filter-cat");
    var shown = document.getElementById("shown");
    function apply() {
      var severities = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var category = cat ? cat.value : "";
      var visible = {};
      var count = 0;
      items.forEach(function (li) {
        var on = severities.indexOf(li.dataset.sev) >= 0 && (!category || li.dataset.cat === category);
        li.hidden = !on;
        var report = li.id.split("-")[1];
        visible[report + "-" + li.id.split("-")[2]] = on;
        if (on) count += 1;
      });
      document.querySelectorAll("[data-f]").forEach(function (el) {
        var report = el.closest(".report").id.split("-")[1];
        var any = el.dataset.f.split(" ").some(function (n) { return visible[report + "-" + n]; });
        el.classList.toggle("off", !any);
      });
      if (shown) shown.textContent = shown.dataset.template.replace("{shown}", count).replace("{total}", items.length);
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    if (cat) cat.addEventListener("change", apply);
    apply();

    document.addEventListener("click", function (e) {
      var link = e.target.closest("a.goto, a.tag");
      if (!link) return;
      var id = link.getAttribute("href").slice(1);
      var target = document.getElementById(id);
      if (!target) return;
      e.preventDefault();
      history.replaceState(null, "", "#" + id);
      var place = link.classList.contains("goto") ? placeOf(target) : target;
      place.scrollIntoView({ block: "center" });
      flash(place);
    });
  }

  ready(function () {
    setUpForm();
    setUpResults();
  });
})();
