// Sorting and filtering of the report's tables; the state can be set from
// the address (#outlets-sort=score:desc&outlets-filter=RT), so that a link
// or a headless browser opens a table sorted and filtered.
(function () {
  "use strict";
  function value(td) {
    var v = td.getAttribute("data-v");
    return v === null ? td.textContent : v;
  }
  function isNumber(s) {
    return s.trim() !== "" && !isNaN(Number(s));
  }
  function sortTable(t, col, desc) {
    var body = t.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) {
      var s = value(r.cells[col]);
      return s.trim() === "" || isNumber(s);
    });
    rows.sort(function (a, b) {
      var x = value(a.cells[col]), y = value(b.cells[col]);
      // Empty cells go last whichever the direction.
      if (x.trim() === "" || y.trim() === "") {
        return (x.trim() === "") - (y.trim() === "");
      }
      var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return desc ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    var heads = t.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      heads[i].removeAttribute("aria-sort");
    }
    heads[col].setAttribute("aria-sort", desc ? "descending" : "ascending");
    t.setAttribute("data-sort", heads[col].textContent + (desc ? ":desc" : ":asc"));
  }
  function filterTable(t, query) {
    var q = query.toLowerCase();
    var rows = t.tBodies[0].rows, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var keep = q === "" || rows[i].textContent.toLowerCase().indexOf(q) >= 0;
      rows[i].hidden = !keep;
      if (keep) { shown++; }
    }
    t.setAttribute("data-shown", String(shown));
    var count = document.getElementById(t.id + "-count");
    if (count) {
      count.textContent = shown + " of " + rows.length + " rows shown" + leftOut(t, q) + ".";
    }
  }
  // What a filter finds among the rows the page leaves out: the table
  // lists their names (data-cut: distinct texts, and each row's indices
  // into them), so that a filter for an outlet cut from the page says that
  // its rows are in the CSV, not that there are none.
  function leftOut(t, q) {
    var n = Number(t.getAttribute("data-left-out") || "0");
    if (q === "" || n === 0) { return ""; }
    var file = t.getAttribute("data-file");
    var raw = t.getAttribute("data-cut");
    if (raw === null) {
      return "; the " + n + " rows left out of this page (in " + file + ") are not searched";
    }
    if (!t.slantCut) { t.slantCut = JSON.parse(raw); }
    var hit = t.slantCut.v.map(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
    var m = 0;
    t.slantCut.r.forEach(function (r) {
      if (r.some(function (i) { return hit[i]; })) { m++; }
    });
    if (m === 0) { return ""; }
    return "; " + m + (m === 1 ? " row" : " rows") + " for this filter " +
      (m === 1 ? "is" : "are") + " only in " + file + " (left out of this page)";
  }
  function column(t, name) {
    var heads = t.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].textContent === name) { return i; }
    }
    return -1;
  }
  function setUp(t, params) {
    var heads = t.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener("click", function () {
        sortTable(t, i, th.getAttribute("aria-sort") === "ascending");
      });
    });
    var input = document.getElementById(t.id + "-filter");
    if (input) {
      input.addEventListener("input", function () { filterTable(t, input.value); });
    }
    var sort = params.get(t.id + "-sort");
    if (sort) {
      var parts = sort.split(":");
      var col = column(t, parts[0]);
      if (col >= 0) { sortTable(t, col, parts[1] === "desc"); }
    }
    var filter = params.get(t.id + "-filter");
    if (filter !== null && input) { input.value = filter; }
    filterTable(t, input ? input.value : "");
  }
  window.addEventListener("error", function (e) {
    document.body.setAttribute("data-error", String(e.message));
  });
  try {
    var params = new URLSearchParams(window.location.hash.slice(1));
    Array.prototype.forEach.call(document.querySelectorAll("table.data"), function (t) {
      setUp(t, params);
    });
    document.body.setAttribute("data-ready", "1");
  } catch (e) {
    document.body.setAttribute("data-error", String(e));
  }
})();
