/* What the filter forms share (the timeline's and the quotes'): the choice read from the
   page's address and kept in it, so that a filtered page can be linked to, and the form
   shown (without JavaScript it stays hidden) and wired up. `apply` redraws the page for
   the fields' values; `pick(field, wanted)`, if given, sets a field that is not a select
   and returns true. An option's former ids (data-former) still choose it; a value that
   matches nothing is not applied, and the form says so until the choice changes. */
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
    if (!wanted || (pick && pick(field, wanted))) return true;
    for (var i = 0; i < field.options.length; i++) {
      var option = field.options[i], former = " " + (option.getAttribute("data-former") || "") + " ";
      if (option.value === wanted || former.indexOf(" " + wanted + " ") >= 0) {
        field.value = option.value;
        return true;
      }
    }
    return false;
  }
  var note = null;
  function run() {
    if (note) { note.remove(); note = null; }
    apply();
    remember();
  }
  var params = new URLSearchParams(location.search);
  var missed = fields.filter(function (field) { return !choose(field, params.get(field.name) || ""); });
  if (missed.length) {  // an address from before a rename or a removal: say what was left out
    note = document.createElement("p");
    note.className = "filter-note";
    note.setAttribute("role", "status");
    note.textContent = "Not applied, as nothing here matches it: " + missed.map(function (field) {
      var label = form.querySelector('label[for="' + field.id + '"]');
      return (label ? label.textContent.toLowerCase() : field.name) + " “" + params.get(field.name) + "”";
    }).join(", ") + ".";
    form.appendChild(note);
  }
  form.hidden = false;
  form.addEventListener("change", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
};
