/* Copy links and citations. Without JavaScript every anchor is still a plain link
   and every citation plain text to select; this only adds the copying. */
(function () {
  var status;
  function say(text) {
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(done); }, function () {});
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.anchor, a.pnum");
    if (!link) return;
    var url = window.location.href.split("#")[0] + link.getAttribute("href");
    copy(url, "Link copied: " + url);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".cite-text").forEach(function (text) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy citation";
      button.addEventListener("click", function () {
        copy(text.textContent.trim(), "Citation copied");
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy citation"; }, 2000);
      });
      text.insertAdjacentElement("afterend", button);
    });
  });
})();
