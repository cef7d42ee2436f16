/* Light or dark: follows the system unless the reader chose, and remembers the choice.
   Loaded in <head> (not deferred) so a chosen theme applies before the first paint. */
(function () {
  var KEY = "briefing-theme";
  var root = document.documentElement;
  // Scripts run here: controls that need them (the timeline's filter) show from the first
  // paint, rather than pushing the page down when their script comes (a layout shift).
  root.classList.add("js");
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(theme) {
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
  }
  apply(stored());
  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var place = document.querySelector(".masthead-tools");
    if (!place) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "theme-toggle";
    function label() {  // what it does, not a state: "Light theme" was announced as pressed while dark was on
      var other = current() === "dark" ? "light" : "dark";
      button.textContent = other === "dark" ? "Dark theme" : "Light theme";
      button.setAttribute("aria-label", "Switch to the " + other + " theme");
    }
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      apply(next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: the choice lasts this page */ }
      label();
    });
    label();
    place.appendChild(button);
  });
})();
