// Rich-text editing for article bodies. The textarea stays the form field; the editable area
// mirrors it. Pasted office HTML is reduced here to plain structure; the server sanitises again.
(function () {
  "use strict";
  var KEEP = { P: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, A: 1, UL: 1, OL: 1, LI: 1, H2: 1,
    H3: 1, H4: 1, BLOCKQUOTE: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1 };

  function cleanNode(node, doc) {
    var out = doc.createDocumentFragment();
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) { out.appendChild(doc.createTextNode(child.textContent)); return; }
      if (child.nodeType !== 1) { return; }
      var tag = child.tagName.toUpperCase();
      if (tag === "STYLE" || tag === "SCRIPT" || tag === "META" || tag.indexOf(":") > 0) { return; }
      var inner = cleanNode(child, doc);
      if (KEEP[tag] && !(tag === "B" && /font-weight:\s*normal/.test(child.getAttribute("style") || ""))) {
        var el = doc.createElement(tag);
        if (tag === "A" && child.getAttribute("href")) { el.setAttribute("href", child.getAttribute("href")); }
        el.appendChild(inner);
        out.appendChild(el);
      } else {
        out.appendChild(inner);
      }
    });
    return out;
  }

  function bind(box) {
    var area = box.querySelector(".richtext__area");
    var field = box.querySelector("textarea");
    // Start inside a paragraph so typed text is never left bare.
    area.innerHTML = field.value.trim() || "<p><br></p>";
    document.execCommand("defaultParagraphSeparator", false, "p");
    var sync = function () { field.value = area.innerHTML; };
    area.addEventListener("input", sync);
    area.addEventListener("paste", function (event) {
      var html = event.clipboardData && event.clipboardData.getData("text/html");
      if (!html) { return; }
      event.preventDefault();
      var parsed = new DOMParser().parseFromString(html, "text/html");
      var holder = document.createElement("div");
      holder.appendChild(cleanNode(parsed.body, document));
      document.execCommand("insertHTML", false, holder.innerHTML);
      sync();
    });
    box.querySelectorAll("[data-cmd]").forEach(function (button) {
      button.addEventListener("click", function () {
        var arg = button.dataset.arg || null;
        if (button.dataset.cmd === "createLink") { arg = window.prompt("Link address (https://…)"); if (!arg) { return; } }
        document.execCommand(button.dataset.cmd, false, arg);
        area.focus();
        sync();
      });
    });
    var form = box.closest("form");
    if (form) { form.addEventListener("submit", sync); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-richtext]").forEach(bind);
  });
})();
