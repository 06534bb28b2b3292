// The desk editor: django-prose-editor's ProseMirror bundle with Dateline's body elements,
// autosave, presence and the pickers. Imported by URL, not through an import map: the
// site's CSP allows no inline script (docs/decisions/0010-body-editor.md).
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Editor, Gapcursor, HardBreak, Heading,
  History, HorizontalRule, Italic, Link, ListItem, Menu, Node, OrderedList, Paragraph, Strike,
  Subscript, Superscript, Table, TableCell, TableHeader, TableRow, Text, Underline,
} from "../../django_prose_editor/editor.js";

const form = document.getElementById("item-form");
const strings = JSON.parse(document.getElementById("desk-strings").textContent);
const stateLine = document.getElementById("save-state");
const readOnly = form.dataset.readOnly === "1";
const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

// -- Dateline's body elements --------------------------------------------------------------

function captionParts(figcaption) {
  if (!figcaption) return { caption: "", credit: "" };
  const copy = figcaption.cloneNode(true);
  const cite = copy.querySelector("cite");
  const credit = cite ? cite.textContent.trim() : "";
  if (cite) cite.remove();
  return { caption: copy.textContent.trim(), credit };
}

// <figure><img src alt><figcaption>caption <cite>credit</cite></figcaption></figure>
const DeskImage = Node.create({
  name: "deskImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return { src: { default: "" }, alt: { default: "" }, caption: { default: "" }, credit: { default: "" } };
  },
  parseHTML() {
    return [{
      tag: "figure",
      getAttrs: (el) => {
        const img = el.querySelector("img");
        if (el.classList.length || !img) return false;
        return { src: img.getAttribute("src") || "", alt: img.getAttribute("alt") || "",
          ...captionParts(el.querySelector("figcaption")) };
      },
    }];
  },
  renderHTML({ node }) {
    const a = node.attrs;
    const caption = a.credit ? ["figcaption", {}, `${a.caption} `, ["cite", {}, a.credit]]
      : ["figcaption", {}, a.caption];
    return ["figure", {}, ["img", { src: a.src, alt: a.alt }], caption];
  },
});

// <figure class="embed" data-provider><a href>url</a><figcaption>…</figcaption></figure>,
// the element the WordPress importer writes; readers get a click-to-load facade.
const DeskEmbed = Node.create({
  name: "deskEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  priority: 200,
  addAttributes() {
    return { url: { default: "" }, provider: { default: "" }, caption: { default: "" } };
  },
  parseHTML() {
    return [{
      tag: "figure.embed",
      priority: 70,
      getAttrs: (el) => {
        const link = el.querySelector("a");
        const caption = el.querySelector("figcaption");
        return { url: link ? link.getAttribute("href") : "", provider: el.dataset.provider || "",
          caption: caption ? caption.textContent.trim() : "" };
      },
    }];
  },
  renderHTML({ node }) {
    const a = node.attrs;
    return ["figure", { class: "embed", "data-provider": a.provider },
      ["a", { href: a.url }, a.url], ["figcaption", {}, a.caption || a.provider]];
  },
});

// <figure class="gallery"> holding image figures, the gallery the WordPress importer writes;
// its pictures are DeskImage nodes, so each keeps its own alt text, caption and credit.
const DeskGallery = Node.create({
  name: "deskGallery",
  group: "block",
  content: "deskImage+",
  draggable: true,
  isolating: true,
  parseHTML() { return [{ tag: "figure.gallery", priority: 70 }]; },
  renderHTML() { return ["figure", { class: "gallery" }, 0]; },
});

// <figure class="factbox"><figcaption>title</figcaption> paragraphs and lists </figure>: a box
// of key facts beside the story, written in place like the rest of the body.
const FactboxTitle = Node.create({
  name: "factboxTitle",
  content: "text*",
  marks: "",
  defining: true,
  parseHTML() { return [{ tag: "figcaption", context: "deskFactbox/" }]; },
  renderHTML() { return ["figcaption", 0]; },
});
const DeskFactbox = Node.create({
  name: "deskFactbox",
  group: "block",
  content: "factboxTitle (paragraph | bulletList | orderedList)+",
  defining: true,
  isolating: true,
  parseHTML() { return [{ tag: "figure.factbox", priority: 70 }]; },
  renderHTML() { return ["figure", { class: "factbox" }, 0]; },
});

// -- the editor ------------------------------------------------------------------------------

const textarea = form.querySelector("textarea[name=body]");
const wrapper = document.createElement("div");
wrapper.className = "prose-editor";
textarea.before(wrapper);
wrapper.append(textarea);

async function embedFor(url) {
  const response = await fetch(`${form.dataset.embed}?url=${encodeURIComponent(url)}`,
    { headers: { Accept: "application/json" } });
  return response.ok ? response.json() : null;
}

const editor = new Editor({
  element: wrapper,
  editable: !readOnly,
  content: textarea.value,
  extensions: [
    Document, Paragraph, Text, HardBreak, History, Dropcursor, Gapcursor, Menu,
    Heading.configure({ levels: [2, 3, 4] }), Bold, Italic, Underline, Strike, Subscript,
    Superscript, BulletList, OrderedList, ListItem, Blockquote, HorizontalRule,
    Link.configure({ openOnClick: false }), Table, TableRow, TableHeader, TableCell,
    DeskImage, DeskEmbed, DeskGallery, FactboxTitle, DeskFactbox,
  ],
  editorProps: {
    attributes: {
      dir: "auto",
      lang: form.dataset.language,
      "aria-labelledby": "body-label",
      "aria-multiline": "true",
      role: "textbox",
    },
    // A pasted address of a known provider becomes an embed; anything else pastes as usual.
    handlePaste(view, event) {
      const text = (event.clipboardData?.getData("text/plain") || "").trim();
      if (!/^https?:\/\/\S+$/.test(text) || event.clipboardData.getData("text/html")) return false;
      embedFor(text).then((found) => {
        if (found) {
          editor.chain().focus().insertContent({ type: "deskEmbed", attrs: found }).run();
        } else {
          editor.chain().focus().insertContent(text).run();
        }
      });
      return true;
    },
  },
  onUpdate({ editor: e }) {
    const html = e.getHTML();
    textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
    changed();
    countWords();
  },
  onBlur() { if (dirty) save(); },
});
window.deskEditor = editor;

// -- counters --------------------------------------------------------------------------------

const wordCount = document.getElementById("word-count");
const segmenter = "Segmenter" in Intl ? new Intl.Segmenter(form.dataset.language, { granularity: "word" }) : null;

function countWords() {
  const text = editor.getText();
  const words = segmenter
    ? [...segmenter.segment(text)].filter((s) => s.isWordLike).length
    : text.split(/\s+/).filter(Boolean).length;
  const minutes = Math.max(1, Math.ceil(words / 200));
  wordCount.textContent = `${words} ${strings.words} · ${minutes} ${strings.minutes}`;
}
countWords();

const headline = form.querySelector("[name=headline]");
const counter = document.getElementById("headline-counter");
const slug = form.querySelector("[name=slug]");
const slugify = (value) => value.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "")
  .trim().replace(/[-\s]+/g, "-").slice(0, 200);
let slugFollows = slug && !slug.disabled && (slug.value === "" || slug.value === slugify(headline.value));

function countHeadline() {
  const limit = Number(headline.dataset.counter);
  counter.textContent = `${headline.value.length} / ${limit} ${strings.chars}`;
  counter.classList.toggle("over", headline.value.length > limit);
}
headline.addEventListener("input", () => {
  countHeadline();
  if (slugFollows) slug.value = slugify(headline.value);
});
slug?.addEventListener("input", () => { slugFollows = slug.value === ""; });
countHeadline();

// -- autosave ------------------------------------------------------------------------------

let dirty = false;
let saving = null;
let timer = null;
const AUTOSAVE_MS = 3000;

function show(state, text) {
  stateLine.dataset.state = state;
  stateLine.textContent = text;
}

function changed() {
  if (readOnly || form.dataset.readOnly === "1") return;
  dirty = true;
  show("dirty", strings.unsaved);
  clearTimeout(timer);
  timer = setTimeout(save, AUTOSAVE_MS);
}

function showProblems(problems) {
  const box = document.getElementById("problems");
  if (!box || !problems) return;
  box.hidden = problems.length === 0;
  box.replaceChildren();
  if (!problems.length) return;
  const list = document.createElement("ul");
  for (const problem of problems) {
    const item = document.createElement("li");
    item.textContent = problem;
    list.append(item);
  }
  box.append(list);
}

async function save() {
  clearTimeout(timer);
  if (form.dataset.readOnly === "1") return;
  if (saving) { await saving; if (!dirty) return; }
  if (!dirty) return;
  dirty = false;
  show("saving", strings.saving);
  saving = (async () => {
    let response;
    try {
      response = await fetch(form.dataset.autosave, {
        method: "POST", body: new FormData(form), headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
    } catch {
      dirty = true;
      show("failed", strings.failed);
      timer = setTimeout(save, AUTOSAVE_MS * 2);
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      form.querySelector("[name=base_version]").value = data.version;
      if (!dirty) show("saved", `${strings.saved} ${data.at}`);
      showProblems(data.problems);
    } else if (response.status === 409) {
      dirty = true;
      show("conflict", strings.conflict);
    } else if (response.status === 423) {
      dirty = true;
      becomeReadOnly(data.locked);
    } else {
      dirty = true;
      const why = data.refused ? Object.values(data.refused).join("; ")
        : data.errors ? Object.entries(data.errors).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ") : "";
      show("failed", `${strings.failed}${why ? ": " + why : ""}`);
    }
  })();
  await saving;
  saving = null;
  if (dirty && stateLine.dataset.state === "dirty") timer = setTimeout(save, AUTOSAVE_MS);
}

form.addEventListener("input", (event) => { if (event.target !== textarea) changed(); });
form.addEventListener("change", (event) => { if (event.target !== textarea) changed(); });
form.addEventListener("focusout", (event) => {
  if (dirty && !wrapper.contains(event.target)) save();
});
form.addEventListener("submit", (event) => { event.preventDefault(); dirty = true; save(); });
document.addEventListener("visibilitychange", () => { if (document.hidden && dirty) save(); });
window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    dirty = true;
    save();
  }
});
// A workflow step acts on what is saved: save first, then take it.
for (const stepForm of document.querySelectorAll("form[data-step-form]")) {
  stepForm.addEventListener("submit", async (event) => {
    if (!dirty && !saving) return;
    event.preventDefault();
    const button = event.submitter;
    await save();
    if (!dirty) stepForm.requestSubmit(button);
  });
}

// -- presence ------------------------------------------------------------------------------

function becomeReadOnly(message) {
  form.dataset.readOnly = "1";
  editor.setEditable(false);
  for (const field of form.elements) if (field.type !== "hidden") field.disabled = true;
  const banner = document.getElementById("lock-banner");
  banner.hidden = false;
  banner.textContent = message;
  show("failed", strings.failed);
}

async function beat() {
  const body = new FormData();
  body.append("page", form.dataset.page);
  const response = await fetch(form.dataset.presence, {
    method: "POST", body, headers: { "X-CSRFToken": csrf },
  }).catch(() => null);
  if (!response?.ok) return;
  const data = await response.json();
  if (!data.mine && form.dataset.readOnly !== "1") {
    becomeReadOnly(strings.taken.replace("%(name)s", data.holder));
  }
}
if (!readOnly) {
  setInterval(beat, 20000);
  window.addEventListener("pagehide", () => {
    const body = new FormData();
    body.append("release", "1");
    body.append("page", form.dataset.page);
    body.append("csrfmiddlewaretoken", csrf);
    navigator.sendBeacon(form.dataset.presence, body);
  });
}

// -- pictures and embeds -----------------------------------------------------------------------

const picker = document.getElementById("picker");
const grid = document.getElementById("picker-grid");
let pickFor = "body";
// The pictures ticked for a new gallery, in the order they were chosen.
let galleryPicks = [];
const galleryBar = document.getElementById("gallery-bar");
const galleryInsert = document.getElementById("gallery-insert");

// After a selected picture or embed, never over it: inserting replaces a node selection.
function insertBlock(node) {
  editor.chain().focus().insertContentAt(editor.state.selection.to, node).run();
}

const imageNode = (asset) => ({ type: "deskImage",
  attrs: { src: asset.url, alt: asset.alt, caption: asset.caption, credit: asset.credit } });

function showPicks() {
  galleryInsert.textContent = `${strings.gallery} (${galleryPicks.length})`;
  galleryInsert.disabled = galleryPicks.length === 0;
  for (const button of grid.querySelectorAll(".media-choice")) {
    button.setAttribute("aria-pressed", String(galleryPicks.some((a) => String(a.id) === button.dataset.id)));
  }
}

function choose(asset) {
  if (pickFor === "gallery") {
    const at = galleryPicks.findIndex((a) => a.id === asset.id);
    if (at >= 0) galleryPicks.splice(at, 1); else galleryPicks.push(asset);
    showPicks();
    return;
  }
  picker.close();
  if (pickFor === "lead") {
    form.querySelector("[name=lead_media]").value = asset.id;
    const preview = document.getElementById("lead-preview");
    const img = document.createElement("img");
    img.src = asset.url;
    img.alt = asset.alt;
    preview.replaceChildren(img);
    changed();
  } else {
    insertBlock(imageNode(asset));
  }
}

galleryInsert.addEventListener("click", () => {
  picker.close();
  if (galleryPicks.length) insertBlock({ type: "deskGallery", content: galleryPicks.map(imageNode) });
  galleryPicks = [];
});

async function loadLibrary(term = "") {
  const response = await fetch(`${form.dataset.media}?q=${encodeURIComponent(term)}`);
  const { items } = await response.json();
  grid.replaceChildren(...items.map((asset) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "media-choice";
    button.dataset.id = asset.id;
    button.setAttribute("aria-label", `${strings.choose}: ${asset.caption || asset.alt || asset.id}`);
    const img = document.createElement("img");
    img.src = asset.url;
    img.alt = "";
    img.loading = "lazy";
    button.append(img);
    button.addEventListener("click", () => choose(asset));
    item.append(button);
    return item;
  }));
  if (pickFor === "gallery") showPicks();
}

function openPicker(mode) {
  pickFor = mode;
  galleryPicks = [];
  galleryBar.hidden = mode !== "gallery";
  picker.showModal();
  loadLibrary();
}

let searchTimer = null;
document.getElementById("picker-q").addEventListener("input", (event) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => loadLibrary(event.target.value), 250);
});

document.getElementById("up-send").addEventListener("click", async () => {
  const file = document.getElementById("up-file").files[0];
  const error = document.getElementById("up-error");
  error.textContent = "";
  if (!file) return;
  const body = new FormData();
  body.append("file", file);
  body.append("caption", document.getElementById("up-caption").value);
  body.append("credit", document.getElementById("up-credit").value);
  body.append("alt_text", document.getElementById("up-alt").value);
  const response = await fetch(form.dataset.upload, { method: "POST", body, headers: { "X-CSRFToken": csrf } });
  const data = await response.json();
  if (!response.ok) { error.textContent = data.error; return; }
  // Ready for the next picture: another upload must not reuse this one's words.
  for (const id of ["up-file", "up-caption", "up-credit", "up-alt"]) document.getElementById(id).value = "";
  choose(data);
  if (pickFor === "gallery") loadLibrary(document.getElementById("picker-q").value);
});

const embedDialog = document.getElementById("embed-dialog");
document.getElementById("embed-add").addEventListener("click", async () => {
  const url = document.getElementById("embed-url").value.trim();
  const found = url ? await embedFor(url) : null;
  if (!found) {
    document.getElementById("embed-error").textContent = strings.failed;
    return;
  }
  embedDialog.close();
  insertBlock({ type: "deskEmbed", attrs: found });
});

// Caption, credit and alt text of the picture selected in the body.
const figureDialog = document.getElementById("figure-dialog");
const figureFields = ["caption", "credit", "alt"].map((n) => document.getElementById(`fig-${n}`));
function editFigure() {
  const node = editor.state.selection.node;
  if (!node || node.type.name !== "deskImage") return false;
  figureFields.forEach((input, i) => { input.value = node.attrs[["caption", "credit", "alt"][i]]; });
  figureDialog.showModal();
  return true;
}
figureDialog.addEventListener("close", () => {
  const [caption, credit, alt] = figureFields.map((input) => input.value.trim());
  editor.chain().focus().updateAttributes("deskImage", { caption, credit, alt }).run();
});

// A fact box with its title selected, ready to be typed over, and one empty list item.
function insertFactbox() {
  const at = editor.state.selection.to;
  editor.chain().focus().insertContentAt(at, { type: "deskFactbox", content: [
    { type: "factboxTitle", content: [{ type: "text", text: strings.facts }] },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
  ] }).run();
  const { doc } = editor.state;
  let found = false;
  doc.nodesBetween(Math.max(0, at - 1), doc.content.size, (node, pos) => {
    if (found) return false;
    if (node.type.name !== "factboxTitle") return true;
    editor.commands.setTextSelection({ from: pos + 1, to: pos + node.nodeSize - 1 });
    found = true;
    return false;
  });
}

for (const button of document.querySelectorAll("[data-insert]")) {
  button.disabled = readOnly;
  button.addEventListener("click", () => {
    const kind = button.dataset.insert;
    if (kind === "image") openPicker("body");
    else if (kind === "gallery") openPicker("gallery");
    else if (kind === "factbox") insertFactbox();
    else if (kind === "embed") embedDialog.showModal();
    else editFigure();
  });
}
document.querySelector("[data-pick=lead]")?.addEventListener("click", () => openPicker("lead"));
wrapper.addEventListener("dblclick", () => editFigure());
editor.on("selectionUpdate", () => {
  const details = document.querySelector("[data-insert=details]");
  const node = editor.state.selection.node;
  if (details) details.hidden = !(node && node.type.name === "deskImage");
});
