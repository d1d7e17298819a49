/* The curators' studio: an exhibition's working draft edited in place over the JSON API
   (GET/PUT /api/v1/exhibitions/{slug}/draft with If-Match), with no page load after it opens.
   The document is the one truth: every change edits it, re-draws what moved, keeps the last
   documents for Undo, and is saved about 1.5 s after the last change. Field ids and data-path
   follow the API's field paths (sections.1.blocks.3.region), so that a 422 lands by its field. */

import Sortable from "../vendor/sortablejs/sortable.esm.js";
import { parseRegion, regionViewer } from "./studio-region.js";

const config = JSON.parse(document.getElementById("studio-config").textContent);
const W = config.words;
const csrf = document.querySelector("meta[name=csrf-token]").content;
const $ = (id) => document.getElementById(id);
const SAVE_DELAY = 1500;
const HISTORY = 100;
const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const RTL = /^(ar|fa|he|ur|ug|ps|yi|dv|ckb|sd)(-|$)|-(Arab|Hebr)(-|$)/;
const NEW_BLOCKS = ["text", "quote", "gallery", "compare", "map", "timeline"];
const ITEM_BLOCKS = ["gallery", "compare"];
const LIST_BLOCKS = ["map", "timeline"];

const PLURALS = new Intl.PluralRules(document.documentElement.lang || "en");
const NUMBERS = new Intl.NumberFormat(document.documentElement.lang || "en");

/* A word of the studio with its values; a word about a count ({n}) comes as its forms by plural
   category, and numbers are written in the page language's digits. */
function say(key, values = {}) {
  let template = W[key] || key;
  if (typeof template === "object") template = template[PLURALS.select(values.n)] || template.other;
  return template.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in values)) return `{${name}}`;
    return typeof values[name] === "number" ? NUMBERS.format(values[name]) : values[name];
  });
}

/* ------------------------------------------------------------------ state */

const state = {
  slug: config.slug,
  doc: null,          // {title, summary, cover, sections}
  etag: null,         // the draft's version, for If-Match
  info: null,         // the draft's answer without its document (status, review, exists)
  languages: [],
  history: [],        // earlier documents (JSON), newest last
  saving: false,
  dirty: false,       // changed since the last save began
  failed: null,       // "invalid" | "offline" | "conflict" | null
  timer: null,
  focus: null,        // {s, b}: the block in focus (where the finder adds)
  records: new Map(), // object id -> its API record (a promise while asked)
  viewers: new Map(), // item path -> its region viewer
};

/* ------------------------------------------------------------------ the API */

async function api(method, path, { body, etag } = {}) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrf };
  if (body !== undefined) { headers["Content-Type"] = "application/json"; }
  if (etag !== undefined && etag !== null) { headers["If-Match"] = `"${etag}"`; }
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin",
                                   body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    return { status: 0, ok: false, data: null };
  }
  let data = null;
  if (response.status !== 204) {
    try { data = await response.json(); } catch (error) { data = null; }
  }
  return { status: response.status, ok: response.ok, data };
}

const draftPath = () => `/api/v1/exhibitions/${state.slug}/draft`;

function pick(map) {
  if (!map || typeof map !== "object") { return map || ""; }
  const texts = map[config.language] || map.none || map.en || Object.values(map)[0] || [""];
  return Array.isArray(texts) ? texts[0] || "" : texts;
}

function record(objectId) {
  if (!state.records.has(objectId)) {
    state.records.set(objectId, api("GET", `/api/v1/objects/${encodeURIComponent(objectId)}`)
      .then((answer) => (answer.ok ? answer.data : null)));
  }
  return state.records.get(objectId);
}

/* ------------------------------------------------------------------ the document */

function documentOf(answer) {
  const doc = { title: answer.title || {}, sections: [] };
  if (answer.summary) { doc.summary = answer.summary; }
  if (answer.cover) { doc.cover = answer.cover; }
  doc.sections = (answer.sections || []).map((section) => {
    const kept = { title: section.title || {}, blocks: section.blocks || [] };
    if (section.text) { kept.text = section.text; }
    return kept;
  });
  return doc;
}

function languagesOf(doc, known = []) {
  const found = new Set(known);
  const walk = (value, key) => {
    if (Array.isArray(value)) { value.forEach((item) => walk(item)); return; }
    if (!value || typeof value !== "object") { return; }
    for (const [name, inner] of Object.entries(value)) {
      if (TEXT_KEYS.includes(name) && inner && typeof inner === "object" && !Array.isArray(inner)) {
        Object.keys(inner).filter((tag) => tag !== "none").forEach((tag) => found.add(tag));
      } else {
        walk(inner, name);
      }
    }
  };
  walk(doc);
  if (!found.size) { found.add(config.language); }
  return [...found];
}

function at(path) {
  return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), state.doc);
}

function setAt(path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  const parent = keys.reduce((object, key) => object[key], state.doc);
  if (value === undefined) { delete parent[last]; } else { parent[last] = value; }
}

/* What is sent: texts left empty are left out, so that a half-written draft saves what it has;
   a required text still missing is the server's to name (a 422 by its field). */
const TEXT_KEYS = ["title", "summary", "text", "caption", "quote", "attribution", "transcript"];

function payload() {
  const clean = (value) => {
    if (Array.isArray(value)) { return value.map(clean); }
    if (!value || typeof value !== "object") { return value; }
    const out = {};
    for (const [name, inner] of Object.entries(value)) {
      const empty = TEXT_KEYS.includes(name) && inner && typeof inner === "object" && !Object.keys(inner).length;
      if (!empty) { out[name] = clean(inner); }
    }
    return out;
  };
  return clean(state.doc);
}

/* ------------------------------------------------------------------ changes, undo, saving */

let lastField = null;

/* Before a change: keep the document as it was, once per burst of typing in one field. */
function remember(field = null) {
  if (field && field === lastField) { return; }
  lastField = field;
  state.history.push(JSON.stringify(state.doc));
  if (state.history.length > HISTORY) { state.history.shift(); }
}

function changed() {
  state.dirty = true;
  if (state.failed !== "conflict") { state.failed = null; }
  showState();
  clearTimeout(state.timer);
  state.timer = setTimeout(save, SAVE_DELAY);
}

/* A change to the structure: remembered, applied, drawn again. */
function change(apply, focus) {
  remember();
  apply();
  render(focus);
  changed();
}

function undo() {
  const earlier = state.history.pop();
  if (!earlier) { announce(say("nothing_to_undo")); return; }
  lastField = null;
  state.doc = JSON.parse(earlier);
  state.languages = languagesOf(state.doc, state.languages);
  render();
  changed();
  announce(say("undone"));
}

function unsaved() {
  return state.dirty || state.saving || state.failed !== null;
}

async function save() {
  clearTimeout(state.timer);
  if (state.saving || !state.dirty || state.failed === "conflict") { return; }
  state.saving = true;
  state.dirty = false;
  showState();
  const answer = await api("PUT", draftPath(), { body: payload(), etag: state.etag });
  state.saving = false;
  if (answer.ok) {
    adopt(answer.data, false);
    state.failed = null;
    showErrors([]);
    refreshPreview();
  } else if (answer.status === 412) {
    state.dirty = true;
    state.failed = "conflict";
    openConflict();
  } else if (answer.status === 422 || answer.status === 400) {
    state.failed = "invalid";
    showErrors(answer.data && answer.data.errors || [{ field: "body", message: answer.data && answer.data.detail }]);
  } else if (answer.status === 0 || answer.status >= 500) {
    state.dirty = true;
    state.failed = "offline";
  } else {
    state.dirty = true;
    state.failed = "invalid";
    showErrors([{ field: "body", message: say("error.request", { detail: answer.data && answer.data.detail }) }]);
  }
  showState();
  if (state.dirty && !state.failed) { state.timer = setTimeout(save, SAVE_DELAY); }
}

/* Wait for the save in flight and send what is waiting: before publishing or submitting. */
async function flush() {
  while (state.saving) { await new Promise((resolve) => setTimeout(resolve, 50)); }
  if (state.dirty && !state.failed) { await save(); }
  return !unsaved();
}

/* The draft's answer: its version and state (and, when asked, its document). */
function adopt(answer, withDocument) {
  state.etag = answer.draft_version;
  state.info = answer;
  if (withDocument) {
    state.doc = documentOf(answer);
    state.languages = languagesOf(state.doc, state.languages);
  }
  showStatus();
}

function showState() {
  const element = $("save-state");
  let key = "saved";
  if (state.saving) { key = "saving"; } else if (state.failed) { key = state.failed === "offline" ? "offline" : "unsaved"; }
  else if (state.dirty) { key = "unsaved"; }
  const text = state.failed === "invalid" ? say("state.invalid", { n: document.querySelectorAll(".field-error").length })
    : say(`state.${key}`);
  if (element.textContent !== text) { element.textContent = text; }
  element.dataset.state = key;
  $("undo").disabled = !state.history.length;
}

function showStatus() {
  const info = state.info;
  const status = $("studio-status");
  if (status && info) {
    status.className = `status status-${info.status}`;
    status.textContent = say(`status.${info.status}`) + (info.exists ? ` · ${say("has_draft")}` : "")
      + (info.review && info.review.state !== "none"
        ? ` · ${say(`review.${info.review.state}`, { comment: info.review.comment || "" })}` : "");
  }
  const review = config.reviewRequired;
  $("publish").hidden = review && !config.isEditor;
  $("publish").textContent = review && info && info.review && info.review.state === "submitted" ? say("approve") : say("publish");
  $("submit-review").hidden = !review || (info && info.review && info.review.state === "submitted");
  const returnable = config.isEditor && info && info.review && info.review.state === "submitted";
  $("return-review").hidden = !returnable;
  if (!returnable) { $("return-box").hidden = true; $("return-review").setAttribute("aria-expanded", "false"); }
  showSlug();
  $("discard").hidden = !(info && info.exists);
  $("studio-title").textContent = pick(state.doc && state.doc.title) || say("new_title");
}

window.addEventListener("beforeunload", (event) => {
  if (state.doc && unsaved()) {
    event.preventDefault();
    event.returnValue = say("leave_warning");
  }
});

/* ------------------------------------------------------------------ errors by field */

function showErrors(errors) {
  document.querySelectorAll(".field-error").forEach((element) => element.remove());
  document.querySelectorAll("[aria-invalid]").forEach((element) => element.removeAttribute("aria-invalid"));
  const general = $("studio-errors");
  general.replaceChildren();
  errors.forEach((error, n) => {
    const path = String(error.field || "body");
    let target = null;
    for (let parts = path.split("."); parts.length && !target; parts.pop()) {
      target = document.querySelector(`[data-path="${CSS.escape(parts.join("."))}"]`);
    }
    const message = h("p", { class: "field-error", id: `error-${n}` }, `${path === "body" ? "" : `${path}: `}${error.message}`);
    if (!target) { general.append(message); return; }
    message.textContent = error.message;
    const anchor = target.querySelector(":scope > .field-label, :scope > legend, :scope > .st-block-head, :scope > .st-section-head");
    (anchor || target).after(message);
    target.querySelectorAll("input, select, [contenteditable]").forEach((field) => {
      if (field.closest("[data-path]") === target || field.dataset.field === path) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", message.id);
      }
    });
  });
  general.hidden = !general.childElementCount;
}

/* ------------------------------------------------------------------ drawing the editor */

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) { continue; }
    if (name.startsWith("on")) { element.addEventListener(name.slice(2), value); } else { element.setAttribute(name, value === true ? "" : value); }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

const idOf = (path) => `f-${path.replace(/\./g, "-")}`;

/* A text in each language of the exhibition, side by side; a language without it while others
   have it is marked missing. Rich texts are a contenteditable with bold, italic and link. */
function texts(path, label, { rich = false, required = false } = {}) {
  const group = h("div", { class: `lang-group${rich ? " rich" : ""}`, "data-path": path, role: "group",
                           "aria-labelledby": `${idOf(path)}-label` },
    h("p", { class: "field-label", id: `${idOf(path)}-label` }, label));
  const columns = h("div", { class: "lang-columns" });
  for (const language of state.languages) {
    const id = `${idOf(path)}-${language}`;
    const map = at(path) || {};
    const value = (map[language] || [""])[0] || "";
    const dir = RTL.test(language) ? "rtl" : "ltr";
    let field;
    if (rich) {
      field = h("div", { id, class: "rich-text", contenteditable: "true", role: "textbox", "aria-multiline": "true",
                         "aria-labelledby": `${idOf(path)}-label ${id}-tag`, lang: language, dir, "data-field": path,
                         "data-lang": language, spellcheck: "true" });
      field.innerHTML = value;
    } else {
      field = h("input", { id, value, lang: language, dir, "data-field": path, "data-lang": language,
                           "aria-required": required ? "true" : null, autocomplete: "off" });
    }
    const column = h("div", { class: "lang-column" },
      h(rich ? "span" : "label", rich ? { class: "lang-tag", id: `${id}-tag` } : { class: "lang-tag", for: id, id: `${id}-tag` },
        language, h("span", { class: "missing-mark" })),
      rich ? toolbar(field) : null, field);
    columns.append(column);
  }
  group.append(columns);
  markMissing(group);
  return group;
}

function toolbar(field) {
  const command = (name, label, text) => h("button", { type: "button", class: "tool", "aria-label": label, title: label,
    onmousedown: (event) => event.preventDefault(),
    onclick: () => {
      field.focus();
      if (name === "createLink") {
        const address = window.prompt("https://");
        if (address && /^(https?:|mailto:)/.test(address)) { document.execCommand(name, false, address); }
      } else {
        document.execCommand(name);
      }
      fieldInput(field);
    } }, text);
  return h("div", { class: "rich-tools", role: "toolbar", "aria-label": `${say("tools")} (${field.getAttribute("lang")})` },
    command("bold", say("tool.bold"), h("b", {}, "B")), command("italic", say("tool.italic"), h("i", {}, "I")),
    command("createLink", say("tool.link"), h("span", { class: "tool-link" }, say("tool.link"))));
}

function markMissing(group) {
  const fields = [...group.querySelectorAll("[data-lang]")];
  const value = (field) => (field.isContentEditable ? field.textContent : field.value).trim();
  const some = fields.some((field) => value(field));
  fields.forEach((field) => {
    const missing = some && !value(field);
    const column = field.closest(".lang-column");
    column.classList.toggle("missing", missing);
    column.querySelector(".missing-mark").textContent = missing ? ` · ${say("missing")}` : "";
    if (missing) { field.setAttribute("aria-description", say("missing_translation", { language: field.lang })); }
    else { field.removeAttribute("aria-description"); }
  });
}

function fieldInput(field) {
  const path = field.dataset.field;
  remember(`${path}.${field.dataset.lang}`);
  const map = { ...(at(path) || {}) };
  const raw = field.isContentEditable ? richValue(field) : field.value;
  if (raw.trim()) { map[field.dataset.lang] = [raw]; } else { delete map[field.dataset.lang]; }
  setAt(path, map);
  markMissing(field.closest(".lang-group"));
  if (path === "title") { $("studio-title").textContent = pick(state.doc.title) || say("new_title"); }
  changed();
}

/* A rich text as the server keeps it: its text empty when only whitespace or a lone <br> is left. */
function richValue(field) {
  return field.textContent.trim() ? field.innerHTML.replace(/<div>/g, "<p>").replace(/<\/div>/g, "</p>") : "";
}

function tools(kind, s, b, count) {
  const what = kind === "section" ? say("section", { n: s + 1 }) : blockName(s, b);
  const buttons = h("div", { class: "st-tools" },
    h("button", { type: "button", class: "secondary small", "data-move": "up", disabled: (b ?? s) === 0,
                  "aria-label": `${say("move_up")}: ${what}`,
                  onclick: () => (kind === "section" ? moveSection(s, s - 1, "up") : moveBlock(s, b, s, b - 1, "up")) },
      "↑ ", say("move_up")),
    h("button", { type: "button", class: "secondary small", "data-move": "down", disabled: (b ?? s) === count - 1,
                  "aria-label": `${say("move_down")}: ${what}`,
                  onclick: () => (kind === "section" ? moveSection(s, s + 1, "down") : moveBlock(s, b, s, b + 1, "down")) },
      "↓ ", say("move_down")));
  if (kind === "block" && state.doc.sections.length > 1) {
    const select = h("select", { class: "move-to", "aria-label": `${say("move_to")} ${what}`,
      onchange: () => {
        const to = Number(select.value);
        if (!Number.isNaN(to) && select.value !== "") { moveBlock(s, b, to, state.doc.sections[to].blocks.length, "to"); }
      } },
      h("option", { value: "" }, say("move_to")),
      state.doc.sections.map((section, n) => (n === s ? null
        : h("option", { value: n }, `${say("section", { n: n + 1 })}${pick(section.title) ? `: ${pick(section.title)}` : ""}`))));
    buttons.append(select);
  }
  buttons.append(h("button", { type: "button", class: "danger small", "aria-label": `${say(kind === "section" ? "delete_section" : "delete_block")}: ${what}`,
    onclick: () => (kind === "section" ? removeSection(s) : removeBlock(s, b)) }, say(kind === "section" ? "delete_section" : "delete_block")));
  return buttons;
}

function handle(what, onArrow) {
  return h("button", { type: "button", class: "handle", "aria-label": say("drag_handle", { what }),
    onkeydown: (event) => {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") { event.preventDefault(); onArrow(event.key === "ArrowUp" ? -1 : 1); }
    } }, "⠿");
}

function blockName(s, b) {
  const block = state.doc.sections[s].blocks[b];
  return say("block_label", { type: say(`block.${block.type}`), n: b + 1 });
}

function render(focus) {
  state.viewers.forEach((viewer) => viewer.destroy());
  state.viewers.clear();
  const root = $("doc");
  const scroll = window.scrollY;
  root.replaceChildren(
    h("section", { class: "st-card st-exhibition", "aria-labelledby": "exhibition-heading" },
      h("h2", { id: "exhibition-heading", class: "visually-hidden" }, say("ex_title")),
      languageBar(),
      texts("title", say("ex_title"), { required: true }),
      texts("summary", say("summary"), { rich: true }),
      coverField()),
    h("h2", { class: "st-sections-heading" }, say("sections")),
    h("div", { id: "sections", class: "st-sections" }, state.doc.sections.map(sectionEditor)),
    h("button", { type: "button", id: "add-section", class: "secondary", onclick: addSection }, "+ ", say("add_section")));
  makeSortable();
  showState();
  showStatus();
  window.scrollTo(0, scroll);
  // The first of the selectors that finds an element gets the focus.
  const target = [].concat(focus || []).map((selector) => document.querySelector(selector)).find(Boolean);
  if (target) { target.focus(); }
}

function languageBar() {
  const input = h("input", { id: "new-language", size: "8", "aria-label": say("language_tag"), placeholder: "fa", autocomplete: "off" });
  const add = () => {
    const tag = input.value.trim();
    if (!LANGUAGE_TAG.test(tag)) { announce(say("bad_language", { tag })); input.setAttribute("aria-invalid", "true"); return; }
    if (!state.languages.includes(tag)) { state.languages.push(tag); }
    render("#new-language");
  };
  return h("div", { class: "language-bar", role: "group", "aria-labelledby": "languages-label" },
    h("span", { id: "languages-label", class: "field-label" }, say("languages")),
    h("ul", { class: "language-list" }, state.languages.map((language) => h("li", { lang: language }, language))),
    input,
    h("button", { type: "button", class: "secondary small", id: "add-language", onclick: add }, say("add_language")));
}

function coverField() {
  const cover = state.doc.cover;
  const box = h("div", { class: "cover-field", "data-path": "cover" }, h("p", { class: "field-label" }, say("cover")));
  if (!cover) { box.append(h("p", { class: "hint" }, say("no_cover"))); return box; }
  const title = h("span", { class: "cover-title" }, cover.object);
  const thumb = h("img", { alt: "", class: "thumb", width: 64, height: 64 });
  record(cover.object).then((found) => {
    if (!found) { return; }
    title.textContent = pick(found.title);
    const image = (found.images || []).find((one) => one.id === cover.image) || (found.images || [])[0];
    if (image) { thumb.src = image.thumbnail; }
  });
  box.append(h("div", { class: "cover-row" }, thumb, title,
    h("button", { type: "button", class: "secondary small", onclick: () => change(() => { delete state.doc.cover; }, ".cover-field .hint") },
      say("remove_cover"))));
  return box;
}

function sectionEditor(section, s) {
  const path = `sections.${s}`;
  const heading = `${say("section", { n: s + 1 })}`;
  return h("section", { class: "st-section st-card", "data-path": path, "data-section": s, "aria-labelledby": `${idOf(path)}-heading` },
    h("div", { class: "st-section-head" },
      handle(heading, (step) => moveSection(s, s + step, step < 0 ? "up" : "down")),
      h("h3", { id: `${idOf(path)}-heading`, tabindex: "-1" }, heading,
        pick(section.title) ? h("span", { class: "st-subtitle" }, ` · ${pick(section.title)}`) : null),
      tools("section", s, undefined, state.doc.sections.length)),
    texts(`${path}.title`, say("section_title"), { required: true }),
    texts(`${path}.text`, say("section_text"), { rich: true }),
    h("ol", { class: "st-blocks", "data-section": s, "aria-label": `${heading}: ${say("add_block")}`.split(":")[0] },
      section.blocks.map((block, b) => blockEditor(block, s, b))),
    h("div", { class: "add-block", role: "group", "aria-labelledby": `${idOf(path)}-add` },
      h("span", { class: "field-label", id: `${idOf(path)}-add` }, say("add_block")),
      NEW_BLOCKS.map((type) => h("button", { type: "button", class: "secondary small", "data-add": type,
        onclick: () => addBlock(s, type) }, "+ ", say(`block.${type}`)))));
}

function blockEditor(block, s, b) {
  const path = `sections.${s}.blocks.${b}`;
  const name = blockName(s, b);
  const body = [];
  if (block.type === "text") { body.push(texts(`${path}.text`, say("text"), { rich: true, required: true })); }
  if (block.type === "object") { body.push(itemEditor(path, block, { layout: true })); }
  if (ITEM_BLOCKS.includes(block.type)) {
    if (block.type === "gallery") {
      body.push(choice(`${path}.style`, say("style"), ["grid", "strip"], block.style || "grid", "style"));
    }
    body.push(h("ol", { class: "st-items", "data-path": `${path}.items` },
      (block.items || []).map((item, i) => h("li", {}, itemEditor(`${path}.items.${i}`, item, { removable: true })))));
    if (!(block.items || []).length) { body.push(h("p", { class: "hint" }, say("no_object"))); }
  }
  if (LIST_BLOCKS.includes(block.type)) {
    body.push(objectList(path, block));
    if (block.type === "map") {
      body.push(h("label", { class: "check" }, h("input", { type: "checkbox", id: `${idOf(path)}-journey`, checked: !!block.journey,
        onchange: (event) => change(() => { block.journey = event.target.checked; }, `#${idOf(path)}-journey`) }), say("journey")));
    }
  }
  if (block.type === "quote") {
    body.push(texts(`${path}.quote`, say("quote"), { rich: true, required: true }), texts(`${path}.attribution`, say("attribution")));
  }
  if (block.type === "media") { body.push(h("p", { class: "hint" }, say("media_source"))); }
  if (["gallery", "compare", "media", "map", "timeline"].includes(block.type)) {
    body.push(texts(`${path}.caption`, say("caption"), { rich: true }));
  }
  if (block.type === "media") { body.push(texts(`${path}.transcript`, say("transcript"), { rich: true })); }
  return h("li", { class: `st-block st-block-${block.type}`, "data-path": path, "data-block": b, "data-section": s,
                   "aria-labelledby": `${idOf(path)}-heading` },
    h("div", { class: "st-block-head" },
      handle(name, (step) => moveBlock(s, b, s, b + step, step < 0 ? "up" : "down")),
      h("h4", { id: `${idOf(path)}-heading`, tabindex: "-1" }, name),
      tools("block", s, b, state.doc.sections[s].blocks.length)),
    body);
}

function choice(path, label, values, current, words) {
  const id = idOf(path);
  return h("div", { class: "choice", "data-path": path }, h("label", { for: id }, label),
    h("select", { id, onchange: (event) => change(() => setAt(path, event.target.value), `#${id}`) },
      values.map((value) => h("option", { value, selected: value === current }, say(`${words}.${value}`)))));
}

/* An object shown with its image and region: an object block, a gallery's or a compare's item. */
function itemEditor(path, item, { layout = false, removable = false } = {}) {
  const id = idOf(path);
  const box = h("div", { class: "st-item", "data-path": path, "data-object": item.object || "" });
  if (!item.object) { box.append(h("p", { class: "hint" }, say("no_object"))); return box; }
  const thumb = h("img", { alt: "", class: "thumb", width: 96, height: 96 });
  const title = h("a", { href: `/objects/${encodeURIComponent(item.object)}`, target: "_blank", rel: "noopener" }, item.object);
  const museum = h("span", { class: "meta" });
  const images = h("select", { id: `${id}-image`, "data-path": `${path}.image`,
    onchange: (event) => change(() => {
      setAt(`${path}.image`, event.target.value || undefined);
      setAt(`${path}.region`, undefined);
    }, `#${id}-image`) });
  const region = parseRegion(item.region) || ["", "", "", ""];
  const numbers = ["x", "y", "w", "h"].map((axis, n) => h("div", { class: "region-number" },
    h("label", { for: `${id}-region-${axis}` }, axis),
    h("input", { id: `${id}-region-${axis}`, type: "number", min: "0", step: "1", inputmode: "numeric", value: region[n],
                 "data-axis": axis, onchange: () => regionTyped(path, box) })));
  const viewerBox = h("div", { class: "region-viewer", id: `${id}-viewer`, hidden: true });
  const draw = h("button", { type: "button", class: "secondary small draw-region", "aria-pressed": "false",
                             "aria-controls": `${id}-viewer`, onclick: () => toggleDrawing(path, box, draw) }, say("draw_region"));
  box.append(
    h("div", { class: "st-item-head" }, thumb, h("p", { class: "st-item-title" }, title, h("br"), museum)),
    h("div", { class: "st-item-fields" },
      h("div", { class: "image-choice" }, h("label", { for: `${id}-image` }, say("image")), images),
      h("fieldset", { class: "region-field", "data-path": `${path}.region`, "aria-describedby": `${id}-region-hint` },
        h("legend", {}, say("region")),
        h("div", { class: "region-numbers" }, numbers),
        h("div", { class: "region-buttons" }, draw,
          h("button", { type: "button", class: "secondary small", onclick: () => change(() => setAt(`${path}.region`, undefined), `#${id}-region-x`) },
            say("clear_region"))),
        h("p", { class: "hint", id: `${id}-region-hint` }, say("region_hint")),
        viewerBox)),
    texts(`${path}.caption`, say("caption"), { rich: true }));
  const extra = h("div", { class: "st-item-actions" });
  if (layout) { extra.append(choice(`${path}.layout`, say("layout"), ["right", "left", "full"], item.layout || "right", "layout")); }
  extra.append(h("button", { type: "button", class: "secondary small", onclick: () => change(() => {
    state.doc.cover = { object: item.object, ...(item.image ? { image: item.image } : {}), ...(item.region ? { region: item.region } : {}) };
  }, ".cover-field button") }, say("use_as_cover")));
  if (removable) {
    const [, s, , b, , i] = path.split(".");
    extra.append(h("button", { type: "button", class: "danger small", onclick: () => change(() => {
      state.doc.sections[s].blocks[b].items.splice(Number(i), 1);
    }, `[data-path="sections.${s}.blocks.${b}"] h4`) }, say("remove")));
  }
  box.append(extra);
  record(item.object).then((found) => {
    if (!found) { return; }
    title.textContent = pick(found.title);
    museum.textContent = pick(found.museum && found.museum.name);
    const list = found.images || [];
    images.replaceChildren(...list.map((image, n) => h("option", { value: image.id, selected: image.id === item.image },
      say("image_n", { n: n + 1, width: image.width, height: image.height }))));
    const shown = list.find((image) => image.id === item.image) || list[0];
    if (shown) { thumb.src = shown.thumbnail; }
  });
  return box;
}

function regionTyped(path, box) {
  const values = [...box.querySelectorAll(".region-numbers input")].map((input) => input.value.trim());
  remember(`${path}.region`);
  if (values.every((value) => value === "")) { setAt(`${path}.region`, undefined); }
  else { setAt(`${path}.region`, values.map((value) => String(Math.max(0, Math.round(Number(value) || 0)))).join(",")); }
  const viewer = state.viewers.get(path);
  if (viewer) { viewer.setRegion(at(`${path}.region`)); }
  changed();
}

async function toggleDrawing(path, box, button) {
  const on = button.getAttribute("aria-pressed") !== "true";
  button.setAttribute("aria-pressed", String(on));
  button.textContent = on ? say("drawing") : say("draw_region");
  const element = box.querySelector(".region-viewer");
  element.hidden = false;
  let viewer = state.viewers.get(path);
  if (!viewer) {
    const item = at(path);
    const found = await record(item.object);
    const image = found && ((found.images || []).find((one) => one.id === item.image) || (found.images || [])[0]);
    if (!image || !window.OpenSeadragon) { return; }
    viewer = regionViewer(element, image, $("studio").dataset.osdImages, (region) => {
      remember(`${path}.region`);
      setAt(`${path}.region`, region);
      parseRegion(region).forEach((value, n) => { box.querySelectorAll(".region-numbers input")[n].value = value; });
      // One rectangle per press of the button: the image can be zoomed and panned again.
      button.setAttribute("aria-pressed", "false");
      button.textContent = say("draw_region");
      state.viewers.get(path).setDrawing(false);
      changed();
    });
    viewer.setRegion(item.region);
    state.viewers.set(path, viewer);
  }
  viewer.setDrawing(on);
}

function objectList(path, block) {
  const objects = block.objects || [];
  if (!objects.length) { return h("p", { class: "hint", "data-path": `${path}.objects` }, say("objects_all")); }
  return h("ul", { class: "st-object-list", "data-path": `${path}.objects` }, objects.map((objectId, i) => {
    const label = h("span", {}, objectId);
    record(objectId).then((found) => { if (found) { label.textContent = pick(found.title); } });
    return h("li", {}, label, h("button", { type: "button", class: "secondary small", onclick: () => change(() => {
      objects.splice(i, 1);
      if (!objects.length) { delete block.objects; }
    }, `[data-path="${path}"] h4`) }, say("remove")));
  }));
}

/* ------------------------------------------------------------------ structural changes */

function announce(text) {
  const element = $("announcer");
  element.textContent = "";
  // A new text in a live region is read; the same text again needs the region emptied first.
  requestAnimationFrame(() => { element.textContent = text; });
}

function moveSection(from, to, button) {
  if (to < 0 || to >= state.doc.sections.length || from === to) { return; }
  change(() => {
    const [section] = state.doc.sections.splice(from, 1);
    state.doc.sections.splice(to, 0, section);
  }, focusAfterMove(`[data-path="sections.${to}"] > .st-section-head`, button));
  announce(say("moved", { what: say("section", { n: from + 1 }), n: to + 1, total: state.doc.sections.length }));
}

function moveBlock(s, b, toSection, to, button) {
  const blocks = state.doc.sections[s].blocks;
  const target = state.doc.sections[toSection].blocks;
  if (to < 0 || (toSection === s && (to >= blocks.length || to === b))) { return; }
  const name = blockName(s, b);
  change(() => {
    const [block] = blocks.splice(b, 1);
    target.splice(Math.min(to, target.length), 0, block);
  }, focusAfterMove(`[data-path="sections.${toSection}.blocks.${Math.min(to, target.length)}"] > .st-block-head`, button));
  announce(toSection === s ? say("moved", { what: name, n: to + 1, total: target.length })
    : say("moved_to", { what: name, section: toSection + 1 }));
}

/* Focus stays on the moved item: on the button that moved it while it can move on, else its handle. */
function focusAfterMove(head, button) {
  const handle = `${head} .handle`;
  return button === "up" || button === "down" ? [`${head} [data-move="${button}"]:not([disabled])`, handle] : [handle];
}

function removeSection(s) {
  const what = say("section", { n: s + 1 });
  change(() => state.doc.sections.splice(s, 1), s > 0 ? `[data-path="sections.${s - 1}"] h3` : "#add-section");
  announce(say("deleted", { what }));
}

function removeBlock(s, b) {
  const what = blockName(s, b);
  change(() => state.doc.sections[s].blocks.splice(b, 1), `[data-path="sections.${s}"] [data-add="text"]`);
  announce(say("deleted", { what }));
}

function addSection() {
  const s = state.doc.sections.length;
  change(() => state.doc.sections.push({ title: {}, blocks: [] }), `#${idOf(`sections.${s}.title`)}-${state.languages[0]}`);
  announce(say("added", { what: say("section", { n: s + 1 }) }));
}

function newBlock(type) {
  if (type === "text") { return { type, text: {} }; }
  if (type === "quote") { return { type, quote: {} }; }
  if (ITEM_BLOCKS.includes(type)) { return { type, items: [] }; }
  return { type };
}

function addBlock(s, type, at = null) {
  const blocks = state.doc.sections[s].blocks;
  const b = at === null ? blocks.length : at;
  const focus = type === "text" ? `#${idOf(`sections.${s}.blocks.${b}.text`)}-${state.languages[0]}`
    : type === "quote" ? `#${idOf(`sections.${s}.blocks.${b}.quote`)}-${state.languages[0]}`
      : `[data-path="sections.${s}.blocks.${b}"] h4`;
  change(() => blocks.splice(b, 0, newBlock(type)), focus);
  state.focus = { s, b };
  announce(say("added", { what: say(`block.${type}`) }));
}

/* One click on a found object: into the block in focus if it lists objects, else a new object
   block after it (or at the end of the last section; a first section if there is none). */
function addObject(objectId, where = null) {
  const target = where || state.focus;
  change(() => {
    if (!state.doc.sections.length) { state.doc.sections.push({ title: {}, blocks: [] }); }
    let s = target ? Math.min(target.s, state.doc.sections.length - 1) : state.doc.sections.length - 1;
    const blocks = state.doc.sections[s].blocks;
    const focused = target && target.b !== undefined ? blocks[target.b] : null;
    if (!where && focused && ITEM_BLOCKS.includes(focused.type) && !(focused.type === "compare" && focused.items.length >= 2)) {
      focused.items.push({ object: objectId });
      return;
    }
    if (!where && focused && LIST_BLOCKS.includes(focused.type)) {
      focused.objects = [...(focused.objects || []), objectId];
      return;
    }
    const b = where ? where.b : focused ? target.b + 1 : blocks.length;
    blocks.splice(b, 0, { type: "object", object: objectId, layout: "right" });
    state.focus = { s, b };
  });
  const focus = state.focus;
  if (focus) {
    const element = document.querySelector(`[data-path="sections.${focus.s}.blocks.${focus.b}"]`);
    if (element) { element.classList.add("is-focus"); }
  }
  record(objectId).then((found) => announce(say("added", { what: found ? pick(found.title) : objectId })));
}

/* ------------------------------------------------------------------ drag and drop */

let sortables = [];

function makeSortable() {
  sortables.forEach((sortable) => sortable.destroy());
  sortables = [];
  const common = { animation: 150, handle: ".handle", ghostClass: "drag-ghost", fallbackOnBody: true, forceFallback: false };
  sortables.push(Sortable.create($("sections"), { ...common, draggable: ".st-section",
    onEnd: (event) => { if (event.oldIndex !== event.newIndex) { moveSection(event.oldIndex, event.newIndex); } } }));
  document.querySelectorAll(".st-blocks").forEach((list) => {
    sortables.push(Sortable.create(list, { ...common, draggable: ".st-block", group: { name: "blocks", pull: true, put: true },
      onEnd: (event) => {
        if (event.pullMode === "clone") { return; }
        const from = Number(event.from.dataset.section);
        const to = Number(event.to.dataset.section);
        if (from === to && event.oldIndex === event.newIndex) { return; }
        moveBlock(from, event.oldIndex, to, event.newIndex);
      },
      onAdd: (event) => {
        if (!event.item.dataset.object) { return; }
        event.item.remove();
        addObject(event.item.dataset.object, { s: Number(event.to.dataset.section), b: event.newIndex });
      } }));
  });
}

/* ------------------------------------------------------------------ the finder */

async function find(event) {
  if (event) { event.preventDefault(); }
  const form = $("finder-form");
  const query = new URLSearchParams({ size: "24" });
  for (const [name, value] of new FormData(form).entries()) {
    if (String(value).trim()) { query.set(name, String(value).trim()); }
  }
  $("found-count").textContent = "…";
  const answer = await api("GET", `/api/v1/search?${query}`);
  const list = $("found");
  if (!answer.ok) {
    list.replaceChildren();
    $("found-count").textContent = (answer.data && answer.data.detail) || say("nothing_found");
    return;
  }
  const types = $("find-types");
  if (answer.data.facets && answer.data.facets.object_type) {
    types.replaceChildren(...answer.data.facets.object_type.map((facet) => h("option", { value: facet.value }, facet.label || facet.value)));
  }
  $("found-count").textContent = answer.data.total ? say("found", { n: answer.data.total }) : say("nothing_found");
  list.replaceChildren(...answer.data.items.map((item) => {
    const title = pick(item.title);
    return h("li", { class: "found-item", "data-object": item.id },
      item.thumbnail ? h("img", { src: item.thumbnail, alt: "", width: 72, height: 72, loading: "lazy" }) : h("span", { class: "thumb-empty" }),
      h("span", { class: "found-text" }, h("span", { class: "found-title" }, title),
        h("span", { class: "meta" }, [pick(item.museum && item.museum.name), item.date && (pick(item.date.label) || item.date.display)].filter(Boolean).join(" · "))),
      h("button", { type: "button", class: "small", "aria-label": `${say("add")}: ${title}`, onclick: () => addObject(item.id) }, "+ ", say("add")));
  }));
}

function finderSortable() {
  Sortable.create($("found"), { group: { name: "blocks", pull: "clone", put: false }, sort: false, draggable: ".found-item",
                                animation: 150, filter: "button", preventOnFilter: false });
}

/* ------------------------------------------------------------------ conflict, publication, preview */

function openConflict() {
  const info = state.info || {};
  $("conflict-text").textContent = say("conflict.text", { who: say("someone") });
  $("conflict-note").textContent = "";
  api("GET", draftPath()).then((answer) => {
    if (answer.ok) { $("conflict-text").textContent = say("conflict.text", { who: answer.data.saved_by || say("someone") }); }
  });
  if (!$("conflict").open) { $("conflict").showModal(); }
  return info;
}

async function loadTheirs() {
  const answer = await api("GET", draftPath());
  if (!answer.ok) { return; }
  remember();
  adopt(answer.data, true);
  state.dirty = false;
  state.failed = null;
  $("conflict").close();
  render();
  announce(say("conflict.loaded"));
  refreshPreview();
}

async function keepMine() {
  const answer = await api("GET", draftPath());
  if (!answer.ok) { return; }
  state.etag = answer.data.draft_version;
  state.failed = null;
  state.dirty = true;
  $("conflict").close();
  await save();
}

async function copyMine() {
  const text = JSON.stringify(payload(), null, 2);
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    const area = h("textarea", { class: "visually-hidden" }, text);
    $("conflict").append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  $("conflict-note").textContent = say("conflict.copied");
}

async function act(path, done, method = "POST", body = undefined) {
  if (!(await flush())) { return false; }
  const answer = await api(method, `/api/v1/exhibitions/${state.slug}/${path}`, method === "DELETE" ? { etag: state.etag } : { body });
  if (!answer.ok) {
    showErrors(answer.data && answer.data.errors && answer.status === 422 ? answer.data.errors
      : [{ field: "body", message: say("error.request", { detail: answer.data ? answer.data.detail : answer.status }) }]);
    return false;
  }
  if (done === "published") { config.everPublished = true; }
  const draft = await api("GET", draftPath());
  if (draft.ok) { adopt(draft.data, true); }
  state.history = [];
  render();
  showErrors([]);
  announce(say(done));
  refreshPreview();
  return true;
}

function refreshPreview() {
  if ($("preview").hidden || !state.slug) { return; }
  const address = `/curate/${state.slug}/preview?at=${state.etag}`;
  $("preview").querySelectorAll("iframe").forEach((frame) => {
    if (frame.getAttribute("src") !== address) { frame.src = address; }
  });
  fitPreview();
}

/* Each frame is laid out at its device's width, then scaled down to fit its column. */
function fitPreview() {
  $("preview").querySelectorAll(".preview-window").forEach((box) => {
    const frame = box.querySelector("iframe");
    const width = Number(frame.dataset.width);
    const scale = Math.min(1, box.clientWidth / width);
    frame.style.width = `${width}px`;
    frame.style.height = `${Math.round(box.clientHeight / scale)}px`;
    frame.style.transform = `scale(${scale})`;
  });
}

function togglePreview() {
  const button = $("preview-toggle");
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  button.textContent = open ? say("close_preview") : say("preview");
  $("preview").hidden = !open;
  if (open) { refreshPreview(); $("preview").scrollIntoView({ block: "nearest" }); }
}

/* ------------------------------------------------------------------ opening */

function trackFocus() {
  $("doc").addEventListener("focusin", (event) => {
    const block = event.target.closest(".st-block");
    const section = event.target.closest(".st-section");
    document.querySelectorAll(".st-block.is-focus").forEach((element) => element.classList.remove("is-focus"));
    if (block) {
      block.classList.add("is-focus");
      state.focus = { s: Number(block.dataset.section), b: Number(block.dataset.block) };
    } else if (section) {
      state.focus = { s: Number(section.dataset.section) };
    }
  });
  $("doc").addEventListener("input", (event) => {
    if (event.target.dataset && event.target.dataset.field) { fieldInput(event.target); }
  });
  // Pasted text arrives as text: the rich fields keep only what their toolbar makes.
  $("doc").addEventListener("paste", (event) => {
    if (!event.target.closest || !event.target.closest(".rich-text")) { return; }
    event.preventDefault();
    document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
  });
  $("doc").addEventListener("focusout", () => { lastField = null; });
}

function keyboard() {
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z") {
      const editing = event.target.matches && event.target.matches("input:not([type=checkbox]), textarea, [contenteditable]");
      if (!editing) { event.preventDefault(); undo(); }
    }
  });
}

async function open() {
  const answer = await api("GET", draftPath());
  if (!answer.ok) {
    showErrors([{ field: "body", message: say("error.request", { detail: answer.data ? answer.data.detail : answer.status }) }]);
    return;
  }
  adopt(answer.data, true);
  $("studio-actions").hidden = false;
  $("finder").hidden = false;
  render();
}

/* The slug, with the address it makes: it may change until the exhibition is first published. */
function showSlug() {
  const box = $("slug-box");
  const fixed = Boolean(config.everPublished);
  if (!box || box.dataset.shown === `${state.slug}:${fixed}`) { return; }
  box.dataset.shown = `${state.slug}:${fixed}`;
  const preview = h("span", { id: "slug-address", class: "hint" }, `${location.origin}/exhibitions/${state.slug}`);
  const input = h("input", { id: "studio-slug", value: state.slug, size: 24,
    "aria-describedby": fixed ? "slug-address slug-fixed" : "slug-address", autocomplete: "off" });
  input.readOnly = fixed;
  input.addEventListener("input", () => { preview.textContent = `${location.origin}/exhibitions/${input.value.trim()}`; });
  const children = [h("label", { for: "studio-slug" }, say("slug")), " ", input, " "];
  if (fixed) {
    children.push(preview, " ", h("span", { id: "slug-fixed", class: "hint" }, say("slug_fixed")));
  } else {
    const form = h("form", { id: "slug-form", class: "slug-form" }, ...children,
      h("button", { type: "submit", class: "secondary small" }, say("rename")), " ", preview);
    form.addEventListener("submit", (event) => { event.preventDefault(); rename(input.value.trim()); });
    box.replaceChildren(form);
    return;
  }
  box.replaceChildren(...children);
}

async function rename(slug) {
  const box = $("slug-box");
  box.querySelectorAll(".field-error").forEach((element) => element.remove());
  $("studio-slug").removeAttribute("aria-invalid");
  if (slug === state.slug) { return; }
  const answer = await api("PATCH", `/api/v1/exhibitions/${state.slug}`, { body: { slug } });
  if (!answer.ok) {
    const error = answer.data && answer.data.errors && answer.data.errors.length
      ? answer.data.errors.map((e) => e.message).join("; ") : "";
    const detail = answer.data ? answer.data.detail : String(answer.status);
    $("studio-slug").setAttribute("aria-invalid", "true");
    box.append(h("span", { class: "field-error", id: "slug-error", role: "alert" }, error ? `${detail} (${error})` : detail));
    return;
  }
  const before = state.slug;
  state.slug = answer.data.slug;
  // The page's address and every link to the exhibition follow the new slug, without a reload.
  history.replaceState(null, "", location.pathname.replace(`/curate/${before}`, `/curate/${state.slug}`));
  document.querySelectorAll("#studio-meta a, #studio a[href*='/curate/'], #studio a[href*='/exhibitions/']").forEach((link) => {
    const url = new URL(link.href, location.href);
    url.pathname = url.pathname.split("/").map((part) => (part === before ? state.slug : part)).join("/");
    link.href = url.pathname + url.search;
  });
  showSlug();
  refreshPreview();
  announce(say("renamed", { slug: state.slug }));
}

function slugOf(title) {
  return title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
}

function newExhibition() {
  const form = $("new-form");
  const title = $("new-title");
  const slug = $("new-slug");
  let proposed = true;
  slug.addEventListener("input", () => { proposed = !slug.value; });
  title.addEventListener("input", () => { if (proposed) { slug.value = slugOf(title.value); } });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const language = $("new-language").value.trim() || config.language;
    const answer = await api("POST", "/api/v1/exhibitions",
      { body: { slug: slug.value.trim(), title: { [language]: [title.value.trim()] } } });
    if (!answer.ok) {
      const errors = answer.data && answer.data.errors && answer.data.errors.length ? answer.data.errors
        : [{ field: "slug", message: answer.data ? answer.data.detail : String(answer.status) }];
      form.querySelectorAll(".field-error").forEach((element) => element.remove());
      errors.forEach((error) => {
        const field = String(error.field).startsWith("title") ? title : slug;
        field.setAttribute("aria-invalid", "true");
        field.after(h("p", { class: "field-error" }, error.message));
      });
      return;
    }
    state.slug = answer.data.slug;
    state.languages = [language];
    // The studio's own address from now on, without loading a page.
    history.replaceState(null, "", `/curate/${state.slug}`);
    $("studio-meta").replaceChildren(h("span", { id: "slug-box" }), " ",
      h("span", { id: "studio-status", class: "status" }), " ",
      h("a", { href: `/curate/${state.slug}/history` }, say("history")), " ",
      h("a", { href: `/curate/${state.slug}/edit`, id: "form-link" }, say("form_link")));
    await open();
    const first = document.querySelector("#add-section");
    if (first) { first.focus(); }
  });
}

$("undo").addEventListener("click", undo);
$("publish").addEventListener("click", () => (state.info && state.info.review && state.info.review.state === "submitted"
  ? act("approve", "published") : act("publish", "published")));
$("submit-review").addEventListener("click", () => act("submit", "submitted"));
$("return-review").addEventListener("click", () => {
  const box = $("return-box");
  box.hidden = !box.hidden;
  $("return-review").setAttribute("aria-expanded", String(!box.hidden));
  if (!box.hidden) { $("return-comment").focus(); }
});
$("return-box").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await act("return", "returned", "POST", { comment: $("return-comment").value })) { $("return-comment").value = ""; }
});
$("discard").addEventListener("click", () => { if (window.confirm(say("discard_confirm"))) { act("draft", "discarded", "DELETE"); } });
$("preview-toggle").addEventListener("click", togglePreview);
$("conflict-theirs").addEventListener("click", loadTheirs);
$("conflict-mine").addEventListener("click", keepMine);
$("conflict-copy").addEventListener("click", copyMine);
$("conflict").addEventListener("cancel", (event) => event.preventDefault());
$("finder-form").addEventListener("submit", find);
window.addEventListener("resize", () => { if (!$("preview").hidden) { fitPreview(); } });
// The finder stays in view below the studio's bar, whatever the bar's height.
new ResizeObserver(() => document.documentElement.style.setProperty("--studio-bar", `${document.querySelector(".studio-bar").offsetHeight}px`))
  .observe(document.querySelector(".studio-bar"));
trackFocus();
keyboard();
finderSortable();
if (state.slug) { open(); } else { newExhibition(); }
