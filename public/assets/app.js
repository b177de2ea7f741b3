// Filtering, sorting and a shareable URL for the table of pilots. Without
// this script the full table is still there; with it, the filters appear.
(function () {
  "use strict";
  var table = document.getElementById("pilots");
  var box = document.querySelector(".filters");
  if (!table || !box) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var q = document.getElementById("q");
  var province = document.getElementById("province");
  var batch = document.getElementById("batch");
  var count = document.getElementById("count");
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(document.documentElement.lang || "zh-CN", { numeric: true });
  var sort = { col: -1, dir: "ascending" };
  var text = rows.map(function (r) { return r.textContent.toLowerCase().replace(/\s+/g, " "); });

  function apply() {
    var needle = q.value.trim().toLowerCase().replace(/\s+/g, " ");
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = (!needle || text[i].indexOf(needle) >= 0) &&
        (!province.value || r.getAttribute("data-province") === province.value) &&
        (!batch.value || r.getAttribute("data-batch") === batch.value);
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = table.getAttribute("data-count-template")
      .replace("{shown}", shown).replace("{total}", rows.length);
    save();
  }

  function sortBy(col, dir) {
    sort = { col: col, dir: dir };
    var numeric = headers[col].getAttribute("data-type") === "number";
    var sign = dir === "ascending" ? 1 : -1;
    var order = rows.map(function (r, i) { return i; });
    order.sort(function (a, b) {
      var x = rows[a].cells[col].textContent.trim(), y = rows[b].cells[col].textContent.trim();
      var c = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return sign * c || a - b;
    });
    order.forEach(function (i) { tbody.appendChild(rows[i]); });
    headers.forEach(function (th, i) {
      if (i === col) th.setAttribute("aria-sort", dir); else th.removeAttribute("aria-sort");
    });
    save();
  }

  function save() {
    var p = new URLSearchParams();
    if (q.value) p.set("q", q.value);
    if (province.value) p.set("province", province.value);
    if (batch.value) p.set("batch", batch.value);
    if (sort.col >= 0) { p.set("sort", sort.col); p.set("dir", sort.dir === "ascending" ? "asc" : "desc"); }
    var s = p.toString();
    try { history.replaceState(null, "", s ? "?" + s : location.pathname); } catch (e) { /* file:// in some browsers */ }
  }

  headers.forEach(function (th, i) {
    var b = document.createElement("button");
    b.type = "button";
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () {
      sortBy(i, sort.col === i && sort.dir === "ascending" ? "descending" : "ascending");
    });
  });
  [q, province, batch].forEach(function (el) { el.addEventListener("input", apply); });

  var p = new URLSearchParams(location.search);
  q.value = p.get("q") || "";
  if (p.get("province")) province.value = p.get("province");
  if (p.get("batch")) batch.value = p.get("batch");
  var col = parseInt(p.get("sort"), 10);
  if (col >= 0 && col < headers.length) sortBy(col, p.get("dir") === "desc" ? "descending" : "ascending");
  box.hidden = false;
  apply();
})();
