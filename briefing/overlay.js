(function () {
  var url = document.currentScript.src.replace(/overlay\.js.*$/, "errors.json");
  function show(errors) {
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "briefing-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff;color:#0b0c0c;border-top:6px solid #d4351c;padding:1rem 1.25rem;" +
      "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
    var h = document.createElement("strong");
    h.textContent = "Build failed: " + errors.length + " error" + (errors.length === 1 ? "" : "s") + ". " +
      (document.body.hasAttribute("data-no-build") ? "No build has worked yet" : "Showing the last good build") +
      "; fix the files and save.";
    h.style.cssText = "display:block;font-family:system-ui,sans-serif;font-size:17px;margin-bottom:.5rem";
    box.appendChild(h);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.2rem";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e;
      list.appendChild(li);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }
  fetch(url, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : []; }).then(function (errors) {
    if (document.body) show(errors);
    else document.addEventListener("DOMContentLoaded", function () { show(errors); });
  }, function () {});
})();
