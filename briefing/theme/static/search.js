/* Search in the browser, over the index the build writes to search/ (see briefing/search.py).
   Parts of the index are script files, added one <script> at a time as a query needs them:
   browsers run scripts from file:// where they refuse fetch(), so this works from disk too.
   Results are built with DOM nodes and textContent only: no index text is ever parsed as HTML. */
(function () {
  "use strict";
  var PAGE = 20;            // results shown at a time
  var MAX_PREFIX_PARTS = 12; // a word part split finer than this is matched whole, not as a prefix
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u3099\u309a]/g; // folding.py
  var WORD = /[\p{L}\p{N}]+/gu;
  // folding.py's UNSPACED and HANGUL: scripts that write a word, or a name and its particle, without a space
  var UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff";
  var CJK = new RegExp("[" + UNSPACED + "\uac00-\ud7af]");
  var RUN = new RegExp("^[" + UNSPACED + "]"), RUNS = new RegExp("[" + UNSPACED + "]+|[^" + UNSPACED + "]+", "g");
  var KIND_NAMES = {event: "Event", person: "Person", theme: "Theme", quote: "Quote", claim: "Claim",
                    source: "Source", paragraph: "Article text"};
  var loaded = {meta: {}, w: {}, d: {}};
  var loading = {};
  var FIELDS = ["q", "kind", "person", "theme", "status", "from", "to"]; // the form's state, kept in the address
  var meta = null, stop = null, shards = null, spelling = null, folder = "", root = "";
  var form, status, suggest, list, more, run = 0, pending = null;

  window.briefingSearch = {
    add: function (part, key, data) { loaded[part][key] = data; }
  };

  // letters NFKD leaves as they are, as plain letters (folding.py's LETTERS, lower case)
  var FOLD = {"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
              "ٱ": "ا", "ى": "ي", "ة": "ه", "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6",
              "٧": "7", "٨": "8", "٩": "9", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6",
              "۷": "7", "۸": "8", "۹": "9"};
  var FOLDED = new RegExp("[" + Object.keys(FOLD).join("") + "]", "g");
  var APOSTROPHE = /(?<=[а-яёіїєґ])['’ʼ](?=[а-яёіїєґ])/g; // folding.py's _INNER_APOSTROPHE: "п'ять" is "пять"
  function fold(text) {
    return text.toLowerCase().replace(APOSTROPHE, "").replace(FOLDED, function (c) { return FOLD[c]; })
      .normalize("NFKD").replace(MARKS, "");
  }

  /* A folded word spelt as the index spells it: British as American, by the list the build wrote, and any
     "-isation" as "-ization" (folding.py). */
  function spelt(w) { return spelling.get(w) || w.replace(/isation(s?)$/, "ization$1"); }

  function words(text) {
    var out = [];
    (fold(text).match(WORD) || []).map(pairs).flat().forEach(function (w) {
      // length in characters, not UTF-16 units, as Python counts: "𠀋" is one letter
      if (stop.has(w) || (Array.from(w).length < 2 && !/^\p{Nd}$/u.test(w))) return;
      w = spelt(w);
      if (out.indexOf(w) < 0) out.push(w);
    });
    return out;
  }

  /* A word's runs of a script written without spaces as each two letters next to each other, as the index holds
     them ("汇率风险": "汇率", "率风", "风险"), the rest as it is (folding.py's pairs). */
  function pairs(word) {
    return word.match(RUNS).map(function (run) {
      if (!RUN.test(run)) return [run];
      var out = [];
      for (var i = 0; i < Math.max(1, run.length - 1); i++) out.push(run.slice(i, i + 2));
      return out;
    }).flat();
  }

  function fileName(key) {
    var out = "";
    Array.from(key).forEach(function (c) {  // by character: one beyond U+FFFF is one _hex_, as in Python
      out += /[A-Za-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    });
    return out || "_";
  }

  function load(part, key, file) {
    var id = part + "/" + key;
    if (!loading[id]) {
      loading[id] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        // under the index's build: a copy of a part an earlier build made is never read with this one's meta.js
        script.src = folder + part + "/" + file + ".js" + (meta && meta.build ? "?v=" + meta.build : "");
        script.onload = function () { resolve(loaded[part][key]); };
        script.onerror = function () { reject(new Error("could not load " + script.src)); };
        document.head.appendChild(script);
      });
    }
    return loading[id];
  }

  function shardOf(term) {
    for (var n = term.length; n > 0; n--) {
      if (shards.has(term.slice(0, n))) return term.slice(0, n);
    }
    return null;
  }

  function decode(gaps) {
    var ids = new Array(gaps.length), at = 0;
    for (var i = 0; i < gaps.length; i++) { at += gaps[i]; ids[i] = at; }
    return ids;
  }

  function union(lists) {
    var seen = new Set();
    lists.forEach(function (l) { l.forEach(function (id) { seen.add(id); }); });
    return Array.from(seen).sort(function (a, b) { return a - b; });
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  /* Whether a word is looked for as the start of longer ones: of 3 letters or more ("beij" finds Beijing), or any
     of Chinese, Japanese or Korean, written without spaces ("欧阳" finds "欧阳建国表示"). */
  function prefixable(term) { return term.length >= 3 || CJK.test(term); }

  /* The documents holding `term`, and the index words it matched: words of 3 letters or more
     match as prefixes ("beij" finds Beijing), shorter ones exactly. */
  function lookup(term, exact) {
    var keys = [], own = shardOf(term);
    if (own) keys.push(own);
    if (!exact && prefixable(term)) {
      var longer = meta.shards.filter(function (k) { return k !== own && k.indexOf(term) === 0; });
      if (longer.length <= MAX_PREFIX_PARTS) keys = keys.concat(longer); else exact = true;
    }
    return Promise.all(keys.map(function (k) { return load("w", k, fileName(k)); })).then(function (parts) {
      var lists = [], matched = [];
      parts.forEach(function (part) {
        Object.keys(part).forEach(function (w) {
          if (w === term || (!exact && prefixable(term) && w.indexOf(term) === 0)) {
            lists.push(decode(part[w]));
            if (w.charAt(0) !== "@" && w.charAt(0) !== "!") matched.push(w);
          }
        });
      });
      return {ids: union(lists), words: matched};
    });
  }

  /* Items whose title holds more of the words first; otherwise the index order
     (events by date, people, themes, quotes, claims, sources, then article text). */
  function ranked(ids, titles, whole) {
    if (!titles.length) return ids;
    var hits = new Map();
    titles.forEach(function (f) { f.ids.forEach(function (id) { hits.set(id, (hits.get(id) || 0) + 1); }); });
    // a title (or a person's other name) of just the words asked for, first: "Kim Jong Un" is the person
    whole.ids.forEach(function (id) { hits.set(id, (hits.get(id) || 0) + titles.length + 1); });
    return ids.map(function (id, i) { return [hits.get(id) || 0, i, id]; })
      .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
      .map(function (x) { return x[2]; });
  }

  function values() {
    var data = new FormData(form), out = {};
    FIELDS.forEach(function (k) { out[k] = (data.get(k) || "").trim(); });
    return out;
  }

  /* The address of a search: the form's values, `q` as given, and how many results are shown if more than a page. */
  function address(v, q, shown) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (k) { if (k === "q" ? q : v[k]) params.set(k, k === "q" ? q : v[k]); });
    if (shown > PAGE) params.set("shown", shown);
    return params.toString() ? "?" + params.toString() : location.pathname;
  }

  /* After a reload or Back: as many results as were shown, at the place the reader left. */
  function restore(wanted, y, mine) {
    if (mine !== run) return;
    if (list.children.length < wanted && !more.hidden) {
      return show().then(function () { return restore(wanted, y, mine); });
    }
    if (y) window.scrollTo(0, y);
  }

  /* `push`: a search of its own in the history (Back returns to the one before); typing on replaces it. */
  function search(wanted, y, push) {
    var v = values(), mine = ++run;
    if (v.from && v.to && v.from > v.to) {  // dates given the wrong way round: the range they name
      var to = v.from;
      form.elements.namedItem("from").value = v.from = v.to;
      form.elements.namedItem("to").value = v.to = to;
    }
    try {
      var url = address(v, v.q, wanted || 0);
      if (push && url !== (location.search || location.pathname)) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    } catch (e) { /* some browsers refuse this on file://: the search still runs */ }
    var terms = v.q ? words(v.q) : [];
    suggest.hidden = true;
    suggest.textContent = "";
    if (!terms.length && !FIELDS.some(function (k) { return k !== "q" && v[k]; })) {
      list.textContent = "";
      more.hidden = true;
      say(!v.q ? "Type a word or a name, or choose a kind, a person, a theme, a status or dates."
          : /[\p{L}\p{N}]/u.test(v.q) ? "Those words are too common to search for; try a name, a place or a rarer word."
          : "Search finds words, names and numbers; \u201c" + v.q + "\u201d holds none.");
      return;
    }
    say("Searching…");
    var asks = terms.map(function (t) { return lookup(t, false); });
    [["person", "@p:"], ["theme", "@t:"], ["status", "@s:"]].forEach(function (f) {
      if (v[f[0]]) asks.push(lookup(f[1] + v[f[0]], true));
    });
    var titles = Promise.all(terms.map(function (t) { return lookup("!" + t, false); }));
    var whole = lookup("=" + terms.slice().sort().join("_"), true);
    Promise.all([Promise.all(asks), titles, whole]).then(function (both) {
      if (mine !== run) return;
      var found = both[0], pool = found.length ? {ids: found[0].ids, parts: []} : everything(v.kind);
      found.slice(1).forEach(function (f) { pool.ids = intersect(pool.ids, f.ids); });
      var ids = ranked(pool.ids, both[1], both[2]);
      if (v.kind) ids = ofKind(ids, v.kind);
      var matched = [];
      found.forEach(function (f) { matched = matched.concat(f.words); });
      pending = {ids: ids, parts: pool.parts, at: 0, shown: 0, added: 0, reads: 0, words: matched, v: v, run: mine,
                 terms: terms, found: found, loose: []};
      list.textContent = "";
      return show().then(function () { return restore(wanted || 0, y, mine); });
    }).catch(failed);
  }

  /* The ids of the documents of one kind (none if the index has no such kind). */
  function ofKind(ids, kind) {
    var range = meta.kinds.filter(function (k) { return k[0] === kind; })[0];
    return range ? ids.filter(function (id) { return id >= range[1] && id < range[2]; }) : [];
  }

  /* Every document (of one kind), for a search by filters alone: the items' ids from their ranges; the
     paragraphs' ids skip, so they are read from their document parts as those load (`candidates`). */
  function everything(kind) {
    var ids = [], parts = [];
    meta.kinds.forEach(function (k) {
      if (kind && k[0] !== kind) return;
      if (k[0] !== "paragraph") {
        for (var id = k[1]; id < k[2]; id++) ids.push(id);
      } else {
        meta.docs.forEach(function (first, n) { if (first >= k[1]) parts.push(n); });
      }
    });
    return {ids: ids, parts: parts};
  }

  /* At least `n` candidates past the pending search's place, while document parts remain to be read for ids. */
  function candidates(p, n) {
    if (p.ids.length - p.at >= n || !p.parts.length) return Promise.resolve();
    var k = String(p.parts.shift());
    return load("d", k, k).then(function (part) {
      var first = meta.docs[Number(k)];
      Object.keys(part.docs).map(Number).sort(function (a, b) { return a - b; })
        .forEach(function (i) { p.ids.push(first + i); });
      return candidates(p, n);
    });
  }

  function docPart(id) {
    var lo = 0, hi = meta.docs.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.docs[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* Shows the next PAGE results of the pending search, loading their document parts.
     With a date filter, candidates are read ahead in larger batches until PAGE pass it: first those certainly
     within its dates, then, once every candidate is read, those dated too loosely to tell, marked so. */
  function show() {
    var p = pending, dated = p.v.from || p.v.to, size = dated ? PAGE * 4 : PAGE;
    return candidates(p, size).then(function () {
      var batch = p.ids.slice(p.at, p.at + size), parts = {};
      batch.forEach(function (id) { parts[docPart(id)] = true; });
      return Promise.all(Object.keys(parts).map(function (n) { return load("d", n, n); })).then(function () {
        if (p.run !== run) return;
        for (var i = 0; i < batch.length && p.added < PAGE; i++) {
          var id = batch[i], n = docPart(id), part = loaded.d[String(n)];
          var item = describe(part.docs[id - meta.docs[n]], part);
          p.at++;
          if (dated && !within(item, p.v.from, p.v.to)) continue;
          if (dated && !inside(item, p.v.from, p.v.to)) { p.loose.push(item); continue; }  // after the others
          list.appendChild(render(item, p.words));
          p.shown++;
          p.added++;
        }
        var left = p.at < p.ids.length || p.parts.length > 0;
        while (!left && p.loose.length && p.added < PAGE) {  // every candidate read: now those dated loosely
          list.appendChild(render(p.loose.shift(), p.words, true));
          p.shown++;
          p.added++;
        }
        // read on while nothing is added ("Show more" always shows more, or says all is shown), else a few times
        if (p.added < PAGE && left && (++p.reads < 10 || !p.added)) return show();
        p.added = 0;
        p.reads = 0;
        more.hidden = !left && !p.loose.length;
        tell(p, dated || p.parts.length);
      });
    });
  }

  /* The pending search's count in the status line (`open`: its total is not known yet), and, with none found,
     the words it might have meant. */
  function tell(p, open) {
    var total = p.ids.length, plural = function (n) { return n + " result" + (n === 1 ? "" : "s"); };
    if (!p.shown && more.hidden) {
      say("No results" + describeQuery(p.v) + ".");
      offer(p);
    } else if (open) say(plural(p.shown) + describeQuery(p.v) + (more.hidden ? "." : " so far; more may follow."));
    else say(plural(total) + describeQuery(p.v) + (more.hidden ? "." : ", the first " + p.shown + " shown."));
  }

  /* "Did you mean", when nothing is found: each query word the index lacks becomes one of the 3 words of the part
     its lookup loaded nearest to it (edit distance, transpositions counting 1: at most 1 for 4 letters or fewer,
     else 2), the nearest and then the most frequent first; with none lacking (the words are there, never
     together: "gordon browne"), one word at a time is, and then each word alone. Only a query that finds
     something, with the same filters, is offered, each a link that runs it. */
  function offer(p) {
    var n = p.terms.length, missing = p.terms.filter(function (t, i) { return !p.found[i].ids.length; });
    var near = p.terms.map(function (t) { return nearest(t).filter(function (w) { return w !== t; }); });
    var base = p.terms.map(function (t, i) { return [t, p.found[i].ids]; });  // each word: [word, its documents]
    function option(i, w) { return [w, decode((loaded.w[shardOf(p.terms[i])] || {})[w])]; }
    var tries = [];  // the queries to try, as such words
    if (missing.length) {  // every lacking word changed, the others as they are
      tries = [[]];
      p.terms.forEach(function (t, i) {
        var choices = p.found[i].ids.length ? [base[i]] : near[i].map(function (w) { return option(i, w); });
        tries = [].concat.apply([], tries.map(function (words) {
          return choices.map(function (c) { return words.concat([c]); });
        }));
      });
    } else {  // one word changed at a time
      p.terms.forEach(function (t, i) {
        near[i].forEach(function (w) { var words = base.slice(); words[i] = option(i, w); tries.push(words); });
      });
    }
    var queries = [];
    function found(words) {
      var q = words.map(function (w) { return w[0]; }).join(" ");
      if (q === p.terms.join(" ") || queries.indexOf(q) >= 0 || queries.length >= 3) return;
      var ids = words.map(function (w) { return w[1]; }).concat(p.found.slice(n).map(function (f) { return f.ids; }))
        .reduce(intersect);
      if (p.v.kind) ids = ofKind(ids, p.v.kind);
      if (ids.length) queries.push(q);
    }
    tries.forEach(found);
    // the words all there, never together, and no nearer word makes them meet ("blair federer"): each alone
    if (!queries.length && !missing.length && n > 1) base.forEach(function (word) { found([word]); });
    if (!queries.length) return;
    suggest.appendChild(document.createTextNode("Did you mean "));
    queries.forEach(function (q, i) {
      if (i) suggest.appendChild(document.createTextNode(i === queries.length - 1 ? " or " : ", "));
      var a = document.createElement("a");
      a.href = address(p.v, q);
      a.textContent = q;
      suggest.appendChild(a);
    });
    suggest.appendChild(document.createTextNode("?"));
    suggest.hidden = false;
  }

  function nearest(term) {
    var own = shardOf(term), part = own === null ? {} : loaded.w[own] || {};
    var most = Array.from(term).length > 4 ? 2 : 1;
    return Object.keys(part).map(function (w) { return [distance(term, w, most), -part[w].length, w]; })
      .filter(function (x) { return x[0] <= most; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); })
      .slice(0, 3).map(function (x) { return x[2]; });
  }

  /* Optimal string alignment distance between two words, by characters; more than `most` when their lengths
     differ by more. */
  function distance(a, b, most) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var before = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i];
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        row.push(d);
      }
      before = prev;
      prev = row;
    }
    return prev[b.length];
  }

  function describeQuery(v) {
    var bits = [];
    if (v.q) bits.push(" for \u201c" + v.q + "\u201d");
    ["kind", "person", "theme", "status"].forEach(function (f) {
      if (v[f]) {
        var select = document.getElementById(f);
        bits.push(" (" + select.options[select.selectedIndex].text + ")");
      }
    });
    if (v.from || v.to) bits.push(" dated " + (v.from || "any time") + " to " + (v.to || "now"));
    return bits.join("");
  }

  function within(item, from, to) {  // may fall within the range: its possible span overlaps it
    if (!item.start) return false; // undated items cannot be placed in a range
    return (!to || item.start <= to) && (!from || item.end >= from);
  }

  function inside(item, from, to) {  // certainly within it: its whole possible span is
    return (!from || item.start >= from) && (!to || item.end <= to);
  }

  /* A stored record as what a result shows: kind, title, link, line under the title, text. */
  function describe(doc, part) {
    if (doc[0] === "paragraph") {
      var a = part.articles[String(doc[1])], anchor = doc[2];
      var where = anchor.charAt(0) === "p" ? "\u00b6 " + anchor.slice(1)
                : anchor.charAt(0) === "s" ? "heading " + anchor.slice(1) : anchor;
      return {kind: "paragraph", title: a[0], url: a[1] + "#" + anchor, sub: where + " \u00b7 " + a[2],
              text: doc[3], start: a[3], end: a[4]};
    }
    return {kind: doc[0], title: doc[1], url: doc[2], sub: doc[3], text: doc[4], start: doc[5], end: doc[6]};
  }

  /* A result; `loose`, one whose dates may fall outside the range asked for, as it says (the timeline's words). */
  function render(item, matched, loose) {
    var li = document.createElement("li");
    li.className = "search-result";
    var kind = document.createElement("p");
    kind.className = "result-kind";
    kind.textContent = KIND_NAMES[item.kind] + (item.sub ? " \u00b7 " + item.sub : "") +
      (loose ? " \u00b7 dated too loosely to tell whether it falls within these dates" : "");
    var h = document.createElement("h2");
    h.dir = "auto";  // a title or snippet in Arabic reads right to left among English labels
    var a = document.createElement("a");
    a.href = root + item.url;
    a.textContent = item.title;
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(kind);
    if (item.text) {
      var p = document.createElement("p");
      p.className = "result-snippet";
      p.dir = "auto";
      snippet(p, item.kind === "quote" ? "\u201c" + item.text + "\u201d" : item.text, matched);
      li.appendChild(p);
    }
    return li;
  }

  /* About 40 words around the first match, every match marked. */
  function snippet(into, text, matched) {
    var spans = [], m;
    function hit(at, piece) {  // a word, or two letters of a run (pairs), marked where it matched
      var w = spelt(fold(piece)), last = spans[spans.length - 1];
      if (!matched.some(function (t) { return w === t || (prefixable(t) && w.indexOf(t) === 0); })) return;
      if (last && last[1] >= at) last[1] = Math.max(last[1], at + piece.length);  // pairs overlap: one mark
      else spans.push([at, at + piece.length]);
    }
    var written = /[\p{L}\p{N}\p{M}]+/gu;  // a word with its marks, which fold drops: "يُعَدُّ" is marked whole
    while ((m = written.exec(text)) !== null) {
      var at = m.index;
      m[0].match(RUNS).forEach(function (run) {
        if (!RUN.test(run) || run.length < 2) hit(at, run);
        else for (var i = 0; i < run.length - 1; i++) hit(at + i, run.slice(i, i + 2));
        at += run.length;
      });
    }
    var start = 0, end = text.length;
    var first = spans.length ? spans[0][0] : 0;
    if (text.length > 280) {
      start = Math.max(0, first - 90);
      if (start > 0) start = text.indexOf(" ", start) + 1;
      end = Math.min(text.length, start + 280);
      if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), first + 1);
    }
    if (start > 0) into.appendChild(document.createTextNode("\u2026 "));
    var at = start;
    spans.forEach(function (s) {
      if (s[0] < start || s[1] > end) return;
      into.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      into.appendChild(mark);
      at = s[1];
    });
    into.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " \u2026" : "")));
  }

  function say(text) { status.textContent = text; }

  function failed(error) {
    say("The search index could not be loaded (" + error.message + "). If this copy of the site is " +
        "missing its search/ folder, build it again; everything is also listed on the timeline, people, " +
        "themes and sources pages.");
  }

  function start() {
    form = document.querySelector(".search-form");
    status = document.getElementById("search-status");
    list = document.getElementById("search-results");
    more = document.getElementById("search-more");
    // a briefing's own search.html, made from an older one, may lack it: the suggestions then go nowhere
    suggest = document.getElementById("search-suggest") || document.createElement("p");
    var metaScript = document.getElementById("search-meta");
    meta = loaded.meta[""];
    if (!form || !metaScript) return;
    if (!meta) { failed(new Error("search/meta.js did not load")); return; }
    folder = metaScript.src.replace(/meta\.js([?#].*)?$/, "");
    root = folder.replace(/search\/$/, "");
    stop = new Set(meta.stop);
    shards = new Set(meta.shards);
    spelling = new Map(Object.entries(meta.spelling));
    var statuses = form.elements.namedItem("status");
    if (statuses) meta.statuses.forEach(function (s) { statuses.appendChild(new Option(s[1], s[0])); });
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (k) {
      var field = form.elements.namedItem(k);
      if (field && params.get(k)) field.value = params.get(k);
    });
    var narrow = document.getElementById("search-narrow");
    if (narrow && FIELDS.some(function (k) { return k !== "q" && params.get(k); })) narrow.open = true;
    var timer = null, settled = true;  // settled: the search shown is one the reader may come Back to
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(0, null, settled);
                                                   settled = true; });
    form.addEventListener("input", function (e) {
      if (e.target.name !== "q") return;  // a filter's own "change" searches
      clearTimeout(timer);
      timer = setTimeout(function () { search(0, null, settled); settled = false; }, 200);
    });
    form.addEventListener("change", function () { clearTimeout(timer); search(0, null, settled); settled = true; });
    window.addEventListener("popstate", function (e) {  // Back or Forward to another search of this page
      var at = new URLSearchParams(location.search);
      FIELDS.forEach(function (k) {
        var field = form.elements.namedItem(k);
        if (field) field.value = at.get(k) || "";
      });
      settled = true;
      search(Number(at.get("shown")) || 0, (e.state || {}).y);
    });
    more.addEventListener("click", function () {
      if (!pending) return;
      var next = list.children.length;
      show().then(function () {
        var first = list.children[next] && list.children[next].querySelector("a");
        if (first) first.focus();
        var v = values();
        keep(address(v, v.q, list.children.length), null);
      }).catch(failed);
    });
    // where the reader was, kept in the page's history entry when they leave it (for Back and reload)
    window.addEventListener("pagehide", function () { keep(location.search || location.pathname, window.scrollY); });
    say("Type a word or a name, or choose a kind, a person, a theme, a status or dates.");
    var state = history.state || {};
    if (params.toString()) search(Number(params.get("shown")) || 0, state.y);
  }

  function keep(url, y) {
    try {
      history.replaceState(y === null ? history.state : {y: y}, "", url);
    } catch (e) { /* some browsers refuse this on file://: the results stay as they are */ }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
