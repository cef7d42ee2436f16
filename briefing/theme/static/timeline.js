/* Timeline filters: narrow the chart and the list to a person, a theme, a status and a
   date range. An event matches a range its possible span overlaps (a date known only to
   the year matches any range within that year); one whose span reaches beyond the range is
   said to be dated too loosely to tell whether it falls within it. Without JavaScript the form stays hidden
   and every event is shown. The choice is kept in the address
   (?person=…&theme=…&status=…&from=YYYY-MM-DD&to=YYYY-MM-DD), so a filtered timeline can
   be linked to. */
(function () {
  var form = document.getElementById("tl-filter");
  if (!form) return;
  var fields = ["person", "theme", "status", "from", "to"].map(function (name) {
    return form.elements[name];
  });
  var count = document.getElementById("tl-count");
  var items = document.querySelectorAll(".tl-item");
  var marks = document.querySelectorAll(".tl-mark");
  /* A mark for a crowded stretch says how many of its events the filters leave ("3 of 7 events: day by day below"),
     in its words and its name alike (a screen reader read "8 events" where it showed "1 of 8 events"). */
  function counted(el, left, all) {
    var label = el.querySelector("text");
    if (!label || all < 2) return;
    if (!label.hasAttribute("data-all")) label.setAttribute("data-all", label.firstChild.nodeValue);
    if (!el.hasAttribute("data-name")) el.setAttribute("data-name", el.getAttribute("aria-label") || "");
    function kept(words) { return left === all ? words : words.replace(/^(\d+) events/, left + " of $1 events"); }
    label.firstChild.nodeValue = kept(label.getAttribute("data-all"));
    el.setAttribute("aria-label", kept(el.getAttribute("data-name")));
  }

  function value(name) { return form.elements[name].value; }
  function has(el, attr, wanted) {
    return !wanted || (" " + el.getAttribute(attr) + " ").indexOf(" " + wanted + " ") >= 0;
  }
  function overlaps(el) {
    // an open end is "" (no earliest or latest day); ISO dates compare as text
    var from = value("from"), to = value("to");
    var earliest = el.getAttribute("data-earliest"), latest = el.getAttribute("data-latest");
    return (!from || !latest || latest >= from) && (!to || !earliest || earliest <= to);
  }
  function within(el) {  // certainly inside the range: its whole possible span is
    var from = value("from"), to = value("to");
    var earliest = el.getAttribute("data-earliest"), latest = el.getAttribute("data-latest");
    return (!from || (!!earliest && earliest >= from)) && (!to || (!!latest && latest <= to));
  }
  function loosely(el, on) {  // the item's note, made the first time it is needed
    var note = el.querySelector(".tl-loose");
    if (on && !note) {  // under the event's date
      note = document.createElement("span");
      note.className = "tl-loose";
      note.textContent = "Dated too loosely to tell whether it falls within these dates";
      (el.querySelector(".event-date") || el).appendChild(note);
    }
    if (note) note.hidden = !on;
  }
  function matches(el) {
    return has(el, "data-people", value("person")) && has(el, "data-themes", value("theme")) &&
      has(el, "data-status", value("status")) && overlaps(el);
  }
  function apply() {
    var shown = 0, loose = 0, on = {};
    items.forEach(function (el) {
      var match = matches(el), maybe = match && !within(el);
      el.hidden = !match;
      loosely(el, maybe);
      on[el.getAttribute("data-id")] = match;
      if (match) shown += 1;
      if (maybe) loose += 1;
    });
    marks.forEach(function (el) {
      // a mark stands for one event, or for a crowded stretch of them (data-members)
      var members = (el.getAttribute("data-members") || "").split(" ");
      var match = members.some(function (id) { return on[id]; });
      el.classList.toggle("off", !match);
      counted(el, members.filter(function (id) { return on[id]; }).length, members.length);
      if (match) el.removeAttribute("tabindex"); else el.setAttribute("tabindex", "-1");
    });
    document.querySelectorAll(".tl-group").forEach(function (group) {
      group.hidden = !group.querySelector(".tl-item:not([hidden])");
    });
    var filtered = fields.some(function (field) { return field.value; });
    document.querySelectorAll(".tl-gap").forEach(function (gap) { gap.hidden = filtered; });
    document.querySelectorAll(".toc a").forEach(function (a) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      a.parentNode.hidden = !!(target && target.parentNode.hidden);
    });
    var total = items.length;
    count.textContent = !filtered ? total + " events" : shown + " of " + total + " events" + (loose ?
      ", " + loose + " of them dated too loosely to tell whether they fall within these dates" :
      !shown ? ": none matches all these filters; clear one, or all" : "");
  }
  window.briefingFilters(form, fields, apply, function (field, wanted) {
    if (field.tagName === "SELECT") return false;
    field.value = /^\d{4}-\d{2}-\d{2}$/.test(wanted) ? wanted : "";  // a date field: a day or nothing
    return true;
  });
  apply();
})();
