// Select2 draws its own combobox and a textbox inside it, both named by the chosen value,
// which is empty until a person is picked: give them the name of the select they stand for,
// once the page has loaded and on each row the admin adds (axe: aria-input-field-name).
(function () {
  "use strict";
  function name(root) {
    root.querySelectorAll("select.admin-autocomplete[aria-label]").forEach(function (select) {
      var label = select.getAttribute("aria-label");
      var holder = select.parentElement;
      holder.querySelectorAll(".select2-selection, .select2-selection__rendered").forEach(
        function (part) {
          part.removeAttribute("aria-labelledby");
          part.setAttribute("aria-label", label);
        }
      );
    });
  }
  window.addEventListener("load", function () {
    window.setTimeout(function () { name(document); }, 0);
  });
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () { name(event.target); }, 0);
  });
})();
