/* Copy links and citations. Without JavaScript every anchor is still a plain link and
   every citation plain text to select; this only adds the copying, and says what it did
   in a status line that screen readers announce. And a link that names a part of the page
   the page does not hold (a withdrawn quote's #q-ID, say) is said to, not left at the top. */
(function () {
  var status;
  function say(text) {
    if (!status) return;
    status.textContent = "";  // the same words twice are announced twice
    window.clearTimeout(say.timer);
    window.setTimeout(function () { status.textContent = text; clearOf(document.activeElement); }, 50);
    say.timer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }
  /* Never over the control that has the focus (WCAG 2.4.11: zoomed in, it covered "Copy citation" and the link
     after it): at the top of the window where it would be, and gone once the focus moves on. */
  function clearOf(focused) {
    status.classList.remove("copy-status-top");
    if (!focused || focused === document.body) return;
    var a = status.getBoundingClientRect(), b = focused.getBoundingClientRect();
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      status.classList.add("copy-status-top");
    }
  }
  document.addEventListener("focusin", function () {
    if (status && status.textContent) status.textContent = "";
  });
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return Promise.reject(new Error("no clipboard"));
  }
  function permalink() {
    /* The canonical address when it is absolute (the site has a base_url), so a link
       copied from a local copy still points at the published page; else this page. */
    var canonical = document.querySelector('link[rel="canonical"]');
    var href = canonical && canonical.getAttribute("href");
    return href && /^https?:/.test(href) ? canonical.href : window.location.href.split("#")[0];
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.anchor, a.pnum");
    if (!link) return;
    var url = permalink() + link.getAttribute("href");
    copy(url).then(function () { say("Link copied: " + url); }, function () {});
  });
  /* The address names a quote, claim, change or paragraph this page does not hold: said at the top of the page. Made
     here, not in the page, where a text browser (which has no `hidden`) showed it on every page. */
  function gone() {
    var note = document.getElementById("anchor_gone"), main = document.getElementById("main");
    var name = location.hash.slice(1);
    try { name = decodeURIComponent(name); } catch (e) { /* a malformed address: named as written */ }
    var lost = /^(?:[qce]-.+|p\d+)$/.test(name) && document.getElementById(name) === null;
    if (!note && lost && main) note = notice(main);
    if (!note) return;
    note.hidden = !lost;
    note.querySelector("code").textContent = "#" + name;
  }
  function notice(main) {
    var note = document.createElement("p");
    note.className = "anchor-gone";
    note.id = "anchor_gone";
    note.appendChild(document.createTextNode("The link you followed leads to "));
    note.appendChild(document.createElement("code"));
    note.appendChild(document.createTextNode(", which this page does not hold: it may have been withdrawn or " +
                                             "merged into another."));
    var home = document.querySelector("a.brand");  // the site's root, as this page reaches it
    if (main.hasAttribute("data-editions") && home) {
      var link = document.createElement("a");
      link.href = new URL("changes/index.html", home.href).href;
      link.textContent = "What changed";
      note.appendChild(document.createTextNode(" "));
      note.appendChild(link);
      note.appendChild(document.createTextNode(" says what was, and when."));
    }
    return main.insertBefore(note, main.firstChild);
  }
  window.addEventListener("hashchange", gone);
  /* On paper, a site with no base_url gives the page's path at the foot of each sheet: served, the address it is
     served at is better (and a search's, with its words); the page not found, served at any address, gets its own. */
  window.addEventListener("beforeprint", function () {
    if (!/^https?:$/.test(location.protocol)) return;
    var style = document.querySelector('style[media="print"]');
    if (style && /content: "[a-z]+:\/\//.test(style.textContent)) return;  // absolute already: the base_url's
    if (!style) {
      style = document.createElement("style");
      style.media = "print";
      document.head.appendChild(style);
    }
    var here = location.origin + location.pathname.replace(/index\.html$/, "") + location.search;
    style.textContent = "@page { @bottom-left { content: " + JSON.stringify(here) + "; } }";
  });
  document.addEventListener("DOMContentLoaded", function () {
    gone();
    status = document.createElement("p");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    var served = /^https?:$/.test(window.location.protocol);
    document.querySelectorAll(".cite-text").forEach(function (text) {
      text.querySelectorAll("a").forEach(function (link) {
        if (served && !/^https?:/.test(link.textContent)) {
          link.textContent = link.href.replace(/index\.html(?=#|$)/, "");  // no base_url: the address it is served at
        }
      });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy citation";
      button.addEventListener("click", function () {
        copy(text.textContent.trim()).then(function () {
          button.textContent = "Copied";
          say("Citation copied");
          window.setTimeout(function () { button.textContent = "Copy citation"; }, 2000);
        }, function () {
          window.getSelection().selectAllChildren(text);
          say("Citation selected: copy it with Ctrl+C (\u2318C on a Mac)");
        });
      });
      text.insertAdjacentElement("afterend", button);
    });
  });
})();
