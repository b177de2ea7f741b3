// The table of designations: filters, facets with counts, sorting, a
// shareable URL, and the visible rows as CSV; the charts as PNG; the
// citations' copy buttons and the date accessed.
// Without this script the full table and the charts' SVG and CSV files
// are still there, and no control that needs it shows: every one of them
// is hidden in the HTML and shown here.
(function () {
	"use strict";
	var lang = document.documentElement.lang || "zh-CN";
	var collator = new Intl.Collator(lang, { numeric: true });

	// The language switch keeps the page's state: filter, sort, anchor.
	function keepState() {
		var a = document.querySelector(".lang a");
		if (a) a.href = a.href.split(/[?#]/)[0] + location.search + location.hash;
	}

	// A citation's date accessed is today's; each citation can be copied.
	var today = new Date();
	var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" + String(today.getDate()).padStart(2, "0");
	Array.prototype.forEach.call(document.querySelectorAll(".today"), function (s) { s.textContent = iso; });
	Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (b) {
		if (!navigator.clipboard) return;
		b.parentNode.hidden = false;
		b.addEventListener("click", function () {
			navigator.clipboard.writeText(document.getElementById(b.getAttribute("data-copy")).textContent).then(function () {
				b.textContent = b.getAttribute("data-copied") || b.textContent;
			});
		});
	});

	// A map wider than the screen opens on its east, where most areas are.
	Array.prototype.forEach.call(document.querySelectorAll(".chart"), function (c) {
		if (c.querySelector("svg.tilemap") && c.scrollWidth > c.clientWidth) c.scrollLeft = c.scrollWidth - c.clientWidth;
	});

	// Each chart as PNG: its SVG file drawn on a canvas at twice its size.
	Array.prototype.forEach.call(document.querySelectorAll("a[data-png]"), function (a) {
		a.parentNode.hidden = false;
		a.addEventListener("click", function (ev) {
			ev.preventDefault();
			var img = new Image();
			img.onload = function () {
				var c = document.createElement("canvas");
				c.width = img.width * 2; c.height = img.height * 2;
				var g = c.getContext("2d");
				g.scale(2, 2);
				g.drawImage(img, 0, 0);
				c.toBlob(function (blob) {
					var d = document.createElement("a");
					d.href = URL.createObjectURL(blob);
					d.download = a.getAttribute("data-png");
					document.body.appendChild(d);
					d.click();
					d.remove();
				}, "image/png");
			};
			img.src = a.href;
		});
	});

	// The home held the table of every designation before it moved to the
	// lists page: a filtered view shared from the home opens there.
	var search = document.querySelector("form.search");
	if (search && /[?&](q|province|level|kind|batch|sort)=/.test(location.search)) {
		location.replace(search.action + location.search + "#list");
		return;
	}

	var table = document.getElementById("pilots");
	var box = document.getElementById("filters");
	if (!table || !box) { keepState(); return; }
	var tbody = table.tBodies[0];
	var rows = Array.prototype.slice.call(tbody.rows);
	var q = document.getElementById("q");
	var count = document.getElementById("count");
	var exp = document.getElementById("export");
	var facetBox = document.getElementById("facets");
	var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
	var keys = headers.map(function (th) { return th.getAttribute("data-key"); });
	// The sort parameter named a column by its place before the columns had
	// names; those addresses still sort by the same column.
	var oldOrder = ["batch", "seq", "province", "area", "area_en", "division_code", "level"];
	var selects = { province: document.getElementById("province"), batch: document.getElementById("batch") };
	var fields = ["province", "level", "kind", "batch"];
	var state = { q: "", province: "", level: "", kind: "", batch: "", sort: "", dir: "asc" };
	var text = rows.map(function (r) { return r.textContent.toLowerCase().replace(/\s+/g, " "); });
	var caption = table.caption.querySelector(".order");
	// A theme's own template may leave these out; the filters work without.
	var what = table.caption.querySelector(".what");
	var defaultWhat = what ? what.textContent : "";
	var nomatch = document.getElementById("nomatch");
	// The bar that says what a filter found, with a way back to every row,
	// and what the address asked for that the table does not hold.
	var bar = document.getElementById("searchbar");
	var matchesText = document.getElementById("matches");
	var unknown = [];

	function matches(i, except) {
		var r = rows[i];
		var needle = state.q.trim().toLowerCase().replace(/\s+/g, " ");
		if (needle && text[i].indexOf(needle) < 0) return false;
		for (var f = 0; f < fields.length; f++) {
			var k = fields[f];
			if (k !== except && state[k] && r.getAttribute("data-" + k) !== state[k]) return false;
		}
		return true;
	}

	function query(over) {
		var p = new URLSearchParams();
		["q"].concat(fields).forEach(function (k) {
			var v = over && k in over ? over[k] : state[k];
			if (v) p.set(k, v);
		});
		if (state.sort) { p.set("sort", state.sort); p.set("dir", state.dir); }
		var s = p.toString();
		return s ? "?" + s : "";
	}

	function apply() {
		var shown = 0;
		rows.forEach(function (r, i) {
			var ok = matches(i);
			r.hidden = !ok;
			if (ok) shown++;
		});
		count.textContent = table.getAttribute("data-count-template")
			.replace("{shown}", shown).replace("{total}", rows.length);
		// The caption says what the table shows: all of it, or the rows the
		// filters leave; a filter that leaves none says what the site holds.
		var filtered = state.q.trim() || fields.some(function (k) { return state[k]; });
		if (what) what.textContent = filtered ? count.textContent : defaultWhat;
		if (nomatch) nomatch.hidden = shown > 0;
		if (bar) {
			var said = unknown.slice();
			if (filtered) said.unshift(matchesText.getAttribute("data-matches").replace("{what}", described())
				.replace("{shown}", shown).replace("{total}", rows.length));
			matchesText.textContent = said.join(" · ");
			bar.hidden = !said.length;
		}
		exp.parentNode.hidden = shown === 0;
		exp.download = exportName();
		facets();
		exp.removeAttribute("data-ready");
		try { history.replaceState(null, "", (query() || location.pathname) + location.hash); } catch (e) { /* file:// in some browsers */ }
		keepState();
	}

	// The filters in force, as people named them: the text searched for,
	// quoted, then each value by its label.
	function described() {
		var parts = [];
		if (state.q.trim()) parts.push(matchesText.getAttribute("data-quote").replace("{}", state.q.trim()));
		fields.forEach(function (k) { if (state[k]) parts.push(label(k, state[k]) || state[k]); });
		return parts.join(lang.indexOf("zh") === 0 ? "、" : ", ");
	}

	// label is a value's name in a facet or select; field a facet's name.
	function label(k, v) {
		var el = facetBox.querySelector('[data-facet="' + k + '"] a[data-value="' + CSS.escape(v) + '"]');
		return el ? el.textContent.trim() : "";
	}
	function field(k) {
		var h = facetBox.querySelector('[data-facet="' + k + '"] h3');
		return h ? h.textContent.trim() : k;
	}

	// A value from the address that no row has is said to be unknown, and
	// not filtered by (a filter by it would hide every row for no reason);
	// one that names a value by its label (?province=Guangdong on the
	// English page) filters by that value.
	function known(k, v) {
		var values = rows.map(function (r) { return r.getAttribute("data-" + k); });
		if (values.indexOf(v) >= 0) return v;
		var links = facetBox.querySelectorAll('[data-facet="' + k + '"] a[data-value]');
		for (var i = 0; i < links.length; i++) {
			if (links[i].textContent.trim().toLowerCase() === v.trim().toLowerCase()) return links[i].getAttribute("data-value");
		}
		unknown.push(matchesText.getAttribute("data-unknown").replace("{field}", field(k)).replace("{value}", v));
		return "";
	}

	// Brings what a filter found into view: the filters, the bar and the
	// first row or the answer that none matches; the bar at the top where
	// the screen is too short for the filters too.
	function land() {
		if (!bar || bar.hidden) return;
		box.scrollIntoView({ block: "start" });
		var answer = nomatch && !nomatch.hidden ? nomatch : tbody.querySelector("tr:not([hidden]) td");
		if (answer && answer.getBoundingClientRect().bottom > window.innerHeight) bar.scrollIntoView({ block: "start" });
	}

	// Each facet value's count among the rows the other filters leave, and
	// a link to the view that filters by it (or, when it is the filter, to
	// the view without it).
	function facets() {
		Array.prototype.forEach.call(facetBox.querySelectorAll("[data-facet]"), function (sec) {
			var k = sec.getAttribute("data-facet");
			var n = {};
			rows.forEach(function (r, i) {
				if (matches(i, k)) { var v = r.getAttribute("data-" + k); n[v] = (n[v] || 0) + 1; }
			});
			Array.prototype.forEach.call(sec.querySelectorAll("a[data-value]"), function (a) {
				var v = a.getAttribute("data-value");
				var on = state[k] === v;
				var o = {}; o[k] = on ? "" : v;
				a.href = query(o) || location.pathname;
				if (on) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
				a.nextElementSibling.textContent = String(n[v] || 0);
				a.parentNode.hidden = !n[v] && !on;
			});
		});
	}

	// The export's file name says what it holds: the name of the file it
	// copies from with the filters before its extension,
	// designations-浙江省-pilot-3.excel.csv.
	function exportName() {
		var file = table.getAttribute("data-csv").split("/").pop();
		var dot = file.indexOf(".");
		var parts = [file.slice(0, dot)];
		["province", "level", "kind", "batch", "q"].forEach(function (k) {
			var v = state[k].trim();
			if (v) parts.push(v.replace(/[\\/:*?"<>|\s]+/g, "_"));
		});
		if (parts.length === 1) parts.push(exp.getAttribute("data-filtered"));
		return parts.join("-") + file.slice(dot);
	}

	function sortBy(key, dir) {
		var col = keys.indexOf(key);
		if (col < 0) return;
		state.sort = key; state.dir = dir;
		var numeric = headers[col].getAttribute("data-type") === "number";
		var sign = dir === "asc" ? 1 : -1;
		var value = function (r) { var c = r.cells[col]; return c.getAttribute("data-sort") || c.textContent.trim(); };
		var order = rows.map(function (r, i) { return i; });
		order.sort(function (a, b) {
			var x = value(rows[a]), y = value(rows[b]);
			var c = numeric ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
			return sign * c || a - b;
		});
		order.forEach(function (i) { tbody.appendChild(rows[i]); });
		headers.forEach(function (th, i) {
			if (i === col) th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending"); else th.removeAttribute("aria-sort");
		});
		if (caption) {
			caption.textContent = table.getAttribute("data-order-template")
				.replace("{column}", headers[col].textContent.trim())
				.replace("{dir}", table.getAttribute(dir === "asc" ? "data-asc" : "data-desc"));
		}
	}

	// The visible rows as CSV: the lines of the published CSV for
	// spreadsheets (data-csv, the .excel.csv of the table) whose list, batch
	// and number are shown, as they are in that file, in the order shown.
	// That file's cells are already defused against formulas, so the rows
	// reach a spreadsheet as the file does, by the build's one rule; this
	// script changes no cell.
	function parseCSV(s) {
		var records = [], start = 0, i = 0, quoted = false, cells = [], cell = "";
		for (; i <= s.length; i++) {
			var ch = s[i];
			if (quoted) {
				if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
			} else if (ch === '"') quoted = true;
			else if (ch === ",") { cells.push(cell); cell = ""; }
			else if (ch === "\n" || ch === undefined) {
				if (ch === undefined && start === i) break;
				cells.push(cell.replace(/\r$/, ""));
				records.push({ cells: cells, raw: s.slice(start, i + 1) });
				cells = []; cell = ""; start = i + 1;
			} else cell += ch;
		}
		return records;
	}

	// source is the published CSV, fetched and read once: its header line,
	// and each row's line by list, batch and number.
	var source = null;
	function load() {
		source = source || fetch(table.getAttribute("data-csv")).then(function (res) {
			if (!res.ok) throw new Error(res.status);
			return res.text();
		}).then(function (s) {
			var recs = parseCSV(s);
			var head = recs[0].cells;
			var at = { list: head.indexOf("list"), batch: head.indexOf("batch"), seq: head.indexOf("seq") };
			var byKey = {};
			recs.slice(1).forEach(function (r) { byKey[r.cells[at.list] + "-" + r.cells[at.batch] + "/" + r.cells[at.seq]] = r.raw; });
			return { head: recs[0].raw, byKey: byKey };
		});
		source.catch(function () { source = null; }); // a failed fetch is tried again on the next click
		return source;
	}

	// A page opened from a file may not read another file: the export says
	// so, and offers the whole file instead.
	var expNote = document.getElementById("export-note");
	function cannotExport(why) {
		expNote.firstChild.textContent = why;
		expNote.hidden = false;
		exp.hidden = true;
	}
	if (location.protocol === "file:") cannotExport(exp.getAttribute("data-local"));

	exp.addEventListener("click", function (ev) {
		if (exp.getAttribute("data-ready")) return;
		ev.preventDefault();
		load().then(function (src) {
			var byKey = src.byKey;
			var seqCol = keys.indexOf("seq");
			var out = [src.head];
			Array.prototype.forEach.call(tbody.rows, function (r) {
				if (r.hidden) return;
				var raw = byKey[r.getAttribute("data-batch") + "/" + r.cells[seqCol].textContent.trim()];
				if (raw) out.push(raw);
			});
			if (exp.href.indexOf("blob:") === 0) URL.revokeObjectURL(exp.href);
			// The file's byte order mark, which text() took off, so that Excel
			// reads the Chinese as UTF-8.
			exp.href = URL.createObjectURL(new Blob(["\uFEFF"].concat(out), { type: "text/csv;charset=utf-8" }));
			exp.setAttribute("data-ready", "1");
			exp.click();
		}).catch(function (e) {
			cannotExport(exp.getAttribute("data-error") + " (" + e.message + ").");
		});
	});

	headers.forEach(function (th, i) {
		var b = document.createElement("button");
		b.type = "button";
		b.setAttribute("aria-describedby", "sort-hint");
		while (th.firstChild) b.appendChild(th.firstChild);
		th.appendChild(b);
		b.addEventListener("click", function () {
			sortBy(keys[i], state.sort === keys[i] && state.dir === "asc" ? "desc" : "asc");
			apply();
		});
	});
	q.addEventListener("input", function () { state.q = q.value; apply(); });
	Object.keys(selects).forEach(function (k) {
		selects[k].addEventListener("input", function () { state[k] = selects[k].value; apply(); });
	});
	facetBox.addEventListener("click", function (ev) {
		var a = ev.target.closest("a[data-value]");
		if (!a) return;
		ev.preventDefault();
		var k = a.closest("[data-facet]").getAttribute("data-facet");
		var v = a.getAttribute("data-value");
		set(k, state[k] === v ? "" : v);
		apply();
		land();
	});
	document.getElementById("clear").addEventListener("click", function () {
		unknown = [];
		q.value = state.q = "";
		fields.forEach(function (k) { set(k, ""); });
		apply();
		q.focus();
	});

	function set(k, v) {
		state[k] = v;
		if (selects[k]) selects[k].value = v;
	}

	var p = new URLSearchParams(location.search);
	q.value = state.q = p.get("q") || "";
	fields.forEach(function (k) { if (p.get(k)) set(k, p.get(k)); });
	// A batch is named with its kind (pilot-3); an address from before,
	// ?batch=3, named a batch of the national pilots, the first kind.
	var first = table.getAttribute("data-first-kind");
	if (/^[0-9]+$/.test(state.batch) && first) set("batch", first + "-" + state.batch);
	fields.forEach(function (k) { if (state[k]) set(k, known(k, state[k])); });
	var sort = p.get("sort");
	if (/^[0-9]+$/.test(sort || "")) sort = oldOrder[parseInt(sort, 10)];
	var dir = p.get("dir") === "desc" ? "desc" : "asc";
	if (sort) sortBy(sort, dir);
	box.hidden = false;
	facetBox.hidden = false;
	apply();
	land();
})();
