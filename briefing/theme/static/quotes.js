/* Quotes filters and pages: narrow the list to a kind of speaker, a theme, an event, a
   source article or a speaker, and show it a page at a time ("Show more"), so that
   thousands of quotes stay usable. Without JavaScript the form stays hidden and every
   quote is shown, grouped by speaker. The choice is kept in the address
   (?kind=…&theme=…&event=…&source=…&speaker=…), so a filtered list can be linked to.
   A link to one quote (#q-ID) shows it whatever the filters and the page: analysts cite
   those addresses. Each quote holds the ids it matches in data- attributes named as the
   form's fields (data-theme="a b"). */
(function () {
  var form = document.getElementById("quotes_filter");
  if (!form) return;
  var fields = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = document.getElementById("quotes_count");
  var more = document.getElementById("quotes_more");
  var size = parseInt(document.querySelector(".q-list").getAttribute("data-page-size"), 10) || 50;
  var groups = document.querySelectorAll(".q-group");
  var items = Array.prototype.map.call(document.querySelectorAll(".q-item"), function (el) {
    var values = {};  // each field's ids, padded with spaces so that " id " finds a whole one
    fields.forEach(function (field) {
      values[field.name] = " " + (el.getAttribute("data-" + field.name) || "") + " ";
    });
    return { el: el, values: values, group: el.parentNode };
  });
  var limit = size;
  var pinned = null;  // the quote the address leads to, shown whatever the filters

  function linked() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* a malformed address */ }
    var el = id && document.getElementById(id);
    return el && el.closest ? el.closest(".q-item") : null;
  }
  function matches(item) {
    return fields.every(function (field) {
      return !field.value || item.values[field.name].indexOf(" " + field.value + " ") >= 0;
    });
  }
  function number(n) { return n.toLocaleString("en"); }
  function show() {
    var matched = 0, open = [];
    items.forEach(function (item) {
      var match = matches(item);
      if (match) matched += 1;
      var on = (match && matched <= limit) || item.el === pinned;
      if (on && open[open.length - 1] !== item.group) open.push(item.group);  // a group's quotes are together
      if (item.el.hidden === on) item.el.hidden = !on;
    });
    Array.prototype.forEach.call(groups, function (group) { group.hidden = open.indexOf(group) < 0; });
    var filtered = fields.some(function (field) { return field.value; });
    var total = items.length;
    var words = (filtered ? number(matched) + " of " + number(total) : number(total)) +
      (total === 1 ? " quote" : " quotes");
    count.textContent = words + (matched > limit ? ", the first " + number(limit) + " shown" :
      filtered && !matched ? ": none matches all these filters; clear one, or all" : "");
    var left = matched - Math.min(matched, limit);
    more.parentNode.hidden = left <= 0;
    more.textContent = "Show " + number(Math.min(size, left)) + " more";
  }
  function chosen() {
    // the reader asked for other quotes: the first page of them, and the linked one no longer kept
    limit = size;
    pinned = null;
    show();
  }
  window.briefingFilters(form, fields, chosen);
  more.addEventListener("click", function () {
    var next = items.filter(function (item) { return item.el.hidden && matches(item); })[0];
    limit += size;
    show();
    if (next) {  // where the new quotes start, for keyboards and screen readers
      next.el.setAttribute("tabindex", "-1");
      next.el.focus();
    }
  });
  function land() {
    // the quote shown and at the top, where hiding the quotes above it would have moved it
    pinned = linked();
    show();
    if (pinned) pinned.scrollIntoView();
  }
  window.addEventListener("hashchange", land);
  // On paper every quote the filters match: a page at a time is for the screen, and "Show more" is not printed.
  var shown = size;
  window.addEventListener("beforeprint", function () { shown = limit; limit = Infinity; show(); });
  window.addEventListener("afterprint", function () { limit = shown; show(); });
  land();
})();
