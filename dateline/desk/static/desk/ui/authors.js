/* The author picker: the plain multiple select becomes chips and a combobox (ARIA 1.2
   pattern) that suggests people as the journalist types, in either spelling of a name.
   The select stays in the form, hidden: its selected options, in document order, are the
   reporters in byline order, so the form and autosave send them as before. Without this
   script the select itself is the picker. */
(function () {
  "use strict";
  var root = document.querySelector("[data-author-picker]");
  if (!root || !window.fetch) return;
  var select = root.querySelector("select");
  if (!select || select.disabled) return;
  var form = select.form;
  var n = 0;
  function text(name, value) {
    var template = root.getAttribute("data-" + name) || "";
    return value === undefined ? template : template.replace("%s", value);
  }

  var chips = document.createElement("ul");
  chips.className = "author-chips";
  chips.setAttribute("aria-label", root.querySelector("label").textContent);
  var combo = document.createElement("div");
  combo.className = "author-combo";
  var input = document.createElement("input");
  input.type = "text";
  input.id = select.id + "-search";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("dir", "auto");
  input.setAttribute("autocomplete", "off");
  var list = document.createElement("ul");
  list.id = select.id + "-options";
  list.className = "author-options";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  var label = document.createElement("label");
  label.htmlFor = input.id;
  label.textContent = text("add");
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  combo.append(label, input, list, status);
  select.hidden = true;
  root.querySelector("label[for='" + select.id + "']").hidden = true;
  select.after(chips, combo);

  function announce(message) { status.textContent = message; }
  function changed() { select.dispatchEvent(new Event("change", { bubbles: true })); }

  function chosen() {
    return Array.prototype.filter.call(select.options, function (o) { return o.selected; });
  }
  function drawChips() {
    chips.textContent = "";
    chosen().forEach(function (option) {
      var chip = document.createElement("li");
      chip.dataset.id = option.value;
      var name = document.createElement("span");
      name.textContent = option.textContent;
      name.setAttribute("dir", "auto");
      var remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.setAttribute("aria-label", text("remove", option.textContent));
      remove.addEventListener("click", function () {
        option.selected = false;
        drawChips();
        announce(text("removed", option.textContent));
        input.focus();
        changed();
      });
      chip.append(name, remove);
      chips.append(chip);
    });
  }

  function add(person) {
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === String(person.id);
    });
    if (!option) {
      option = new Option(person.names || person.name, String(person.id));
    }
    if (option.selected) { close(); return; }
    // After the last chosen one: document order is byline order.
    var last = chosen().pop();
    if (last) last.after(option); else select.prepend(option);
    option.selected = true;
    drawChips();
    announce(text("added", option.textContent));
    input.value = "";
    close();
    changed();
  }

  var results = [];
  var active = -1;
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function highlight(index) {
    var items = list.querySelectorAll("[role=option]");
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === active)); });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }
  function show(people) {
    results = people;
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!people.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = text("none");
      list.append(none);
      announce(text("none"));
    }
    people.forEach(function (person, i) {
      var item = document.createElement("li");
      item.id = list.id + "-" + (++n);
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("dir", "auto");
      item.textContent = person.label;
      // mousedown, not click: the input keeps its focus.
      item.addEventListener("mousedown", function (event) { event.preventDefault(); add(people[i]); });
      list.append(item);
    });
    if (people.length) announce(text("found", people.length));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  var timer = null;
  var asked = 0;
  input.addEventListener("input", function (event) {
    // Typing a name is no edit of the item: autosave waits for a pick.
    event.stopPropagation();
    window.clearTimeout(timer);
    var term = input.value.trim();
    if (!term) { close(); return; }
    timer = window.setTimeout(function () {
      var ask = ++asked;
      fetch(root.getAttribute("data-lookup") + "?q=" + encodeURIComponent(term), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.ok ? r.json() : { people: [] }; })
        .then(function (doc) { if (ask === asked) show(doc.people || []); })
        .catch(function () { /* offline: the next keystroke asks again */ });
    }, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden && results.length) show(results);
      highlight(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Enter") {
      // Enter picks a suggestion; it never submits the whole form from here.
      event.preventDefault();
      if (!list.hidden && active >= 0 && results[active]) add(results[active]);
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  if (form) form.addEventListener("submit", close);
  drawChips();
})();
