/* What the filter forms share (the timeline's and the quotes'): the choice read from the
   page's address and kept in it, so that a filtered page can be linked to, and the form
   shown (without JavaScript it stays hidden) and wired up. `apply` redraws the page for
   the fields' values; `pick(field, wanted)`, if given, sets a field that is not a select
   and returns true. */
window.briefingFilters = function (form, fields, apply, pick) {
  function remember() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (field) {
      if (field.value) params.set(field.name, field.value); else params.delete(field.name);
    });
    var query = params.toString();
    try {
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (e) { /* some browsers refuse replaceState on file:// pages; the filter still works */ }
  }
  function choose(field, wanted) {
    if (pick && pick(field, wanted)) return;
    for (var i = 0; i < field.options.length; i++) {  // a value no option has is ignored
      if (field.options[i].value === wanted) { field.value = wanted; return; }
    }
  }
  function run() { apply(); remember(); }
  var params = new URLSearchParams(location.search);
  fields.forEach(function (field) { choose(field, params.get(field.name) || ""); });
  form.hidden = false;
  form.addEventListener("change", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
};
