/* Timeline filters: narrow the chart and the list to one person and/or one theme.
   Without JavaScript the form stays hidden and every event is shown. The choice is
   kept in the address (?person=…&theme=…), so a filtered timeline can be linked to. */
(function () {
  var form = document.getElementById("tl-filter");
  if (!form) return;
  var person = document.getElementById("tl-person");
  var theme = document.getElementById("tl-theme");
  var count = document.getElementById("tl-count");
  var items = document.querySelectorAll(".tl-item");
  var marks = document.querySelectorAll(".tl-mark");

  function has(el, attr, value) {
    return !value || (" " + el.getAttribute(attr) + " ").indexOf(" " + value + " ") >= 0;
  }
  function matches(el) {
    return has(el, "data-people", person.value) && has(el, "data-themes", theme.value);
  }
  function apply() {
    var shown = 0;
    items.forEach(function (el) {
      var on = matches(el);
      el.hidden = !on;
      if (on) shown += 1;
    });
    marks.forEach(function (el) {
      var on = matches(el);
      el.classList.toggle("off", !on);
      if (on) el.removeAttribute("tabindex"); else el.setAttribute("tabindex", "-1");
    });
    document.querySelectorAll("section.year").forEach(function (section) {
      section.hidden = !section.querySelector(".tl-item:not([hidden])");
    });
    document.querySelectorAll(".toc a").forEach(function (a) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      a.parentNode.hidden = !!(target && target.parentNode.hidden);
    });
    var total = items.length;
    count.textContent = person.value || theme.value
      ? shown + " of " + total + " events"
      : total + " events";
    var params = new URLSearchParams(location.search);
    [["person", person.value], ["theme", theme.value]].forEach(function (pair) {
      if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
    });
    var query = params.toString();
    try {
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (e) { /* some browsers refuse replaceState on file:// pages; the filter still works */ }
  }
  function pick(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.value = value; return; }
    }
  }
  var params = new URLSearchParams(location.search);
  pick(person, params.get("person") || "");
  pick(theme, params.get("theme") || "");
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
