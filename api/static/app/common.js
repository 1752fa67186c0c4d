// What every page shares: the language, labels, dates, safe DOM building, API calls,
// the header's search box with suggestions, and links between pages.
import { MESSAGES } from "./messages.js";

const LANG_KEY = "luocdo.lang";
export const lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "vi";

/** The label `key` in the current language, with {name} placeholders filled. */
export function t(key, values = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

/** A date of the store (YYYY, YYYY-MM or YYYY-MM-DD) as dd/mm/yyyy (or mm/yyyy, yyyy). */
export function formatDate(value) {
  if (!value) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(value));
  if (!m) return String(value);
  return [m[3], m[2], m[1]].filter(Boolean).join("/");
}

/**
 * An element: el("a", {href: "/x", class: "y"}, "text", child...). Strings become text
 * nodes (never HTML), so text from documents is shown as written, escaped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export class ApiFailure extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/** GET an API path with parameters; the JSON answer, or an ApiFailure. */
export async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const err = body.error ?? {};
    throw new ApiFailure(response.status, err.code ?? "error", err.message ?? response.statusText);
  }
  return body;
}

/** A page URL: page("document", {id: "569/QĐ-TTg"}). */
export function pageUrl(page, params = {}) {
  const url = new URL(`/app/${page}`, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  return url.pathname + url.search;
}

const ID_PREFIX = "https://w3id.org/luocdo/id/";

/** /documents/{ref}: an IRI of the store by its path, a number and symbol as typed. */
export function documentPath(ref) {
  const path = ref.startsWith(ID_PREFIX) ? ref.slice(ID_PREFIX.length) : ref;
  return `/documents/${path.split("/").map(encodeURIComponent).join("/")}`;
}

export const param = (name) => new URLSearchParams(location.search).get(name) ?? "";

export const local = (iri) => (iri ? String(iri).replace(/^.*[#/]/, "") : "");

/** The label of a class (Plan, Task…) or of an already translated kind. */
export function kindLabel(kind) {
  if (!kind) return "";
  const key = `kind.${kind}`;
  return t(key) === key ? kind : t(key);
}

/** A link to the source text of a document at [start, end), the quoted words highlighted. */
export function evidenceLink(documentIri, start, end, text) {
  if (documentIri === null || documentIri === undefined || start === null || start === undefined) return null;
  return el("a", { href: pageUrl("text", { document: documentIri, start, end }), class: "evidence",
                   title: t("text.quoted", { start, end }) },
            `«${text ?? `${start}–${end}`}»`);
}

/** The main element, emptied, with a heading. */
export function startMain(title) {
  const main = document.getElementById("main");
  main.replaceChildren(el("h1", {}, title));
  document.title = `${title} · luocdo`;
  return main;
}

export function showError(main, error) {
  const text = error instanceof ApiFailure && error.status === 404 ? error.message : t("error", { message: error.message });
  main.append(el("p", { class: "error", role: "alert" }, text));
}

function fillLabels() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-msg]")) node.textContent = t(node.dataset.msg);
  for (const node of document.querySelectorAll("[data-placeholder]")) node.placeholder = t(node.dataset.placeholder);
  for (const node of document.querySelectorAll("[data-label]")) node.setAttribute("aria-label", t(node.dataset.label));
  const button = document.getElementById("lang");
  button.textContent = t("lang.switch");
  button.setAttribute("aria-label", t("lang.label"));
  button.setAttribute("lang", lang === "vi" ? "en" : "vi");
  button.addEventListener("click", () => {
    localStorage.setItem(LANG_KEY, lang === "vi" ? "en" : "vi");
    location.reload();
  });
}

/** Where a search hit leads: a document's page, a task's plan, an agency's tasks. */
export function hitUrl(row) {
  if (row.kind === "Task") return pageUrl("document", { id: row.document ?? row.symbol, task: row.node });
  if (["Agency", "CollectiveAssignee"].includes(row.kind)) return pageUrl("agency", { id: row.node, name: row.label });
  if (row.kind === "AdministrativeUnit") return pageUrl("search", { q: row.label });
  return pageUrl("document", { id: row.node });
}

let provinceCache = null;

/** Province names by the scope of IRIs (vn-tay-ninh -> Tây Ninh), from GET /queries/provinces. */
export function provinceNames() {
  provinceCache ??= api("/queries/provinces")
    .then((r) => new Map(r.rows.map((p) => [local(p.unit), p.name])))
    .catch(() => new Map());
  return provinceCache;
}

/** The province an agency's IRI is scoped to, when it is a provincial one. */
export function agencyProvince(iri, names) {
  const scope = (/\/(?:agency|collective)\/([^/]+)\//.exec(iri ?? "") ?? [])[1];
  return scope && scope !== "vn" ? names.get(scope) ?? "" : "";
}

export function hitLabel(row, names = new Map()) {
  if (row.kind === "Task") return `${t("kind.Task")} (${row.symbol ?? ""}): ${shorten(row.label, 120)}`;
  if (row.symbol && row.label !== row.symbol) return `${kindLabel(row.kind)} ${row.symbol}: ${shorten(row.label, 120)}`;
  const province = agencyProvince(row.node, names);
  return `${kindLabel(row.kind)} ${row.label}${province ? ` (${province})` : ""}`;
}

export function shorten(text, n) {
  const s = String(text ?? "");
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function searchBox() {
  const input = document.getElementById("q");
  const list = document.getElementById("suggestions");
  input.value = location.pathname === "/app/search" ? param("q") : "";
  let timer = 0;
  let active = -1;
  let asked = "";
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); };
  const mark = (i) => {
    const items = [...list.children];
    items.forEach((li, j) => li.setAttribute("aria-selected", String(i === j)));
    active = i;
    if (items[i]) input.setAttribute("aria-activedescendant", items[i].id);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      asked = q;
      let rows = [];
      try { rows = (await api("/queries/search", { text: q })).rows; } catch { rows = []; }
      if (asked !== q) return;
      const names = await provinceNames();
      list.replaceChildren(...rows.slice(0, 8).map((row, i) => el("li", { role: "option", id: `suggestion-${i}`, "aria-selected": "false" },
        el("a", { href: hitUrl(row), tabindex: "-1" }, hitLabel(row, names)))));
      list.hidden = rows.length === 0;
      input.setAttribute("aria-expanded", String(rows.length > 0));
    }, 180);
  });
  input.addEventListener("keydown", (event) => {
    const items = [...list.children];
    if (list.hidden || !items.length) return;
    if (event.key === "ArrowDown") { event.preventDefault(); mark((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark((active - 1 + items.length) % items.length); }
    else if (event.key === "Escape") close();
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); location.href = items[active].querySelector("a").href; }
  });
  input.addEventListener("blur", () => setTimeout(close, 200));
}

/** Sets up the header; call first on every page. */
export function initPage() {
  fillLabels();
  searchBox();
}
