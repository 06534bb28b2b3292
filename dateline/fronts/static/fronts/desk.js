// The desk's fronts pages: search as you type, and dragging blocks and placed items.
// Every action also works without this script (plain forms and Up/Down buttons).

const debounce = (fn, ms) => {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
};

// Search as you type: the search form's results are redrawn from its <template>.
for (const form of document.querySelectorAll("form.item-search[data-search]")) {
  const input = form.querySelector("input[type=search]");
  const list = document.getElementById(form.dataset.results);
  const template = document.getElementById(form.dataset.template);
  if (!input || !list || !template) continue;
  let asked = "";
  const draw = async () => {
    const q = input.value.trim();
    if (q === asked) return;
    asked = q;
    if (!q) { list.replaceChildren(); return; }
    const url = `${form.dataset.search}?language=${encodeURIComponent(form.dataset.language)}&q=${encodeURIComponent(q)}`;
    const answer = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!answer.ok || q !== asked) return;
    const { items } = await answer.json();
    list.replaceChildren(...items.map((item) => {
      const row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("[data-slot=headline]").textContent = item.headline;
      row.querySelector("[data-slot=id]").textContent = `#${item.id}${item.published ? " · " + item.published : ""}`;
      for (const field of row.querySelectorAll("input[name=article]")) field.value = item.id;
      row.dataset.article = item.id;
      return row;
    }));
    dragFound();
  };
  input.addEventListener("input", debounce(draw, 200));
  form.addEventListener("submit", (event) => { event.preventDefault(); asked = ""; draw(); });
}

// Dragging: a drop sends the new order through the page's hidden #reorder form.
const reorder = document.getElementById("reorder");
const send = (action, block, order) => {
  reorder.elements.action.value = action;
  reorder.elements.block.value = block || "";
  reorder.elements.order.value = order.join(",");
  reorder.submit();
};

const sortable = (list, rowSelector, onDrop) => {
  let dragged = null;
  for (const row of list.querySelectorAll(`:scope > ${rowSelector}`)) {
    row.draggable = true;
    row.addEventListener("dragstart", (event) => {
      event.stopPropagation();
      dragged = row;
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.id);
    });
    row.addEventListener("dragend", () => { row.classList.remove("dragging"); dragged = null; });
  }
  list.addEventListener("dragover", (event) => {
    if (!dragged || dragged.parentElement !== list) return;
    event.preventDefault();
    const after = [...list.querySelectorAll(`:scope > ${rowSelector}:not(.dragging)`)].find((row) => {
      const box = row.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    });
    list.insertBefore(dragged, after || null);
  });
  list.addEventListener("drop", (event) => {
    if (!dragged || dragged.parentElement !== list) return;
    event.preventDefault();
    onDrop([...list.querySelectorAll(`:scope > ${rowSelector}`)].map((row) => row.dataset.id));
  });
};

if (reorder) {
  const blocks = document.getElementById("blocks");
  if (blocks) sortable(blocks, "li.block", (order) => send("order_blocks", "", order));
  for (const placed of document.querySelectorAll("ol.placed")) {
    sortable(placed, "li.placed-item", (order) => send("order_items", placed.dataset.block, order));
    // A search result dropped on a block is placed in it (its own Place form, this block).
    placed.closest("li.block").addEventListener("dragover", (event) => {
      if (event.dataTransfer.types.includes("application/x-dateline-item")) {
        event.preventDefault();
        placed.classList.add("drop-target");
      }
    });
    placed.closest("li.block").addEventListener("dragleave", () => placed.classList.remove("drop-target"));
    placed.closest("li.block").addEventListener("drop", (event) => {
      const article = event.dataTransfer.getData("application/x-dateline-item");
      if (!article) return;
      event.preventDefault();
      event.stopPropagation();
      const row = document.querySelector(`#found li[data-article="${CSS.escape(article)}"]`);
      const form = row && row.querySelector("form");
      if (!form) return;
      form.elements.block.value = placed.dataset.block;
      form.submit();
    });
  }
}

function dragFound() {
  for (const row of document.querySelectorAll("#found li.found-item")) {
    row.draggable = true;
    row.addEventListener("dragstart", (event) => {
      event.dataTransfer.effectAllowed = "copy";
      event.dataTransfer.setData("application/x-dateline-item", row.dataset.article);
    });
  }
}
dragFound();
