// Upload page: POST /documents — what the server reads from a file (document, references,
// tasks, targets) and its completeness report, as a preview (dry_run=true, nothing stored);
// and storing it, which needs the server's --enable-update and the token. The token is
// sent only in the Authorization header of that request: it is kept in the password
// field alone, never in localStorage nor in a URL (the field has no name, so no form
// submission can carry it).
import { el, formatDate, initPage, kindLabel, lang, pageUrl, startMain, t } from "./common.js";

function section(id, title, ...children) {
  return el("section", { "aria-labelledby": id }, el("h2", { id }, title), ...children);
}

function show(out, data) {
  const x = data.extracted ?? {};
  const doc = x.document ?? {};
  const tasks = x.tasks ?? [];
  const references = x.references ?? [];
  const targets = x.targets ?? [];
  out.replaceChildren(
    el("p", { role: "status" }, t("upload.read", { symbol: data.symbol ?? "?", tasks: tasks.length })),
    el("dl", { class: "meta" },
      el("dt", {}, t("doc.number")), el("dd", {}, doc.symbol ?? ""),
      el("dt", {}, t("doc.type")), el("dd", {}, doc.type ?? ""),
      el("dt", {}, t("doc.date")), el("dd", {}, formatDate(doc.date)),
      el("dt", {}, t("doc.title")), el("dd", {}, doc.title ?? "")),
    section("h-up-tasks", `${t("doc.taskTable")} (${tasks.length})`,
      tasks.length === 0 ? el("p", { class: "note" }, t("upload.noTasks")) : el("table", {}, el("thead", {}, el("tr", {}, ["tasks.number", "tasks.content", "tasks.lead", "tasks.timeframe", "tasks.product"]
        .map((k) => el("th", { scope: "col" }, t(k))))),
      el("tbody", {}, tasks.slice(0, 500).map((task) => el("tr", {},
        el("td", {}, task.number ?? ""), el("td", {}, task.content ?? ""),
        el("td", {}, (task.lead ?? []).map((a) => a.name ?? a.text ?? "").join("; ")),
        el("td", {}, task.timeframe ?? ""), el("td", {}, task.product ?? "")))))),
    section("h-up-refs", `${t("upload.references")} (${references.length})`,
      el("ul", {}, references.slice(0, 300).map((r) => el("li", {}, r.text ?? r.symbol ?? "",
        r.relation ? el("span", { class: "note" }, ` — ${t(`edge.${r.relation}`)}`) : "", el("span", { class: "note" }, ` [${r.start}–${r.end}]`))))),
    section("h-up-targets", `${t("upload.targets")} (${targets.length})`,
      el("ul", {}, targets.slice(0, 300).map((g) => el("li", {}, g.text ?? g.indicator ?? "", el("span", { class: "note" }, ` [${g.start}–${g.end}]`))))),
    readText(data.text, x),
    section("h-up-report", t("doc.completeness"),
      el("p", {}, t("sev.counts", data.validation?.counts ?? {})),
      el("ul", { class: "report" }, (data.validation?.results ?? []).slice(0, 300).map((r) => el("li", {},
        el("span", { class: `badge ${r.severity}` }, t(`sev.${r.severity}`)), " ", r.message?.[lang] ?? r.message?.vi ?? "")))));
}

// The text as the server read it, with what was extracted from it highlighted: references,
// tasks (their content) and targets, each mark titled with its kind. Spans count characters
// of that text (NFC), as the API gives them; overlapping spans keep the first.
function readText(text, x) {
  if (!text) return "";
  const spans = [];
  for (const r of x.references ?? []) spans.push({ start: r.start, end: r.end, kind: "reference" });
  for (const task of x.tasks ?? []) {
    const c = task.spans?.content;
    if (c) spans.push({ start: c.start, end: c.end, kind: "task" });
  }
  for (const g of x.targets ?? []) spans.push({ start: g.start, end: g.end, kind: "target" });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const box = el("div", { class: "spans", tabindex: "0", role: "region", "aria-label": t("upload.text") });
  let at = 0;
  for (const span of spans) {
    if (!(span.start >= at && span.end > span.start && span.end <= text.length)) continue;
    box.append(text.slice(at, span.start),
      el("mark", { class: `hl-${span.kind}`, title: t(`upload.mark.${span.kind}`) }, text.slice(span.start, span.end)));
    at = span.end;
  }
  box.append(text.slice(at));
  return section("h-up-text", t("upload.text"),
    el("p", { class: "note" }, t("upload.textNote")), box);
}

// What the page says for each error code of POST /documents, the server's own words beside it.
const ERROR_KEYS = {
  writes_disabled: "upload.err.writesDisabled",
  previews_disabled: "upload.err.previewsDisabled",
  too_large: "upload.err.tooLarge",
  extraction_too_large: "upload.err.tooLarge",
  unsupported_media_type: "upload.err.unsupported",
  extraction_timeout: "upload.err.timeout",
  too_many_requests: "upload.err.tooMany",
  busy: "upload.err.busy",
  query_timeout: "upload.err.busy",
};

function errorText(status, code, hadToken) {
  if (status === 401 || code === "unauthorized") return t(hadToken ? "upload.err.badToken" : "upload.err.needToken");
  if (ERROR_KEYS[code]) return t(ERROR_KEYS[code]);
  if (status === 422) return t("upload.err.unreadable");
  if (status === 503) return t("upload.err.busy");
  return t("upload.err.other");
}

function showStored(out, data) {
  const x = data.extracted?.document ?? {};
  const name = [kindLabel(x.type) || x.type, data.symbol ?? t("doc.unnumbered")].filter(Boolean).join(" ");
  show(out, data);  // what was read and its report, under the outcome
  out.prepend(
    el("p", { role: "status" }, t(`upload.stored.${data.stored}`, { name })),
    el("p", {}, el("a", { href: pageUrl("document", { id: data.document }) }, t("upload.openDocument", { name }))));
}

function main() {
  initPage();
  const main = startMain(t("upload.title"));
  const file = el("input", { type: "file", id: "upload-file", name: "file", accept: ".docx,.pdf,.html,.htm,.txt", required: true });
  const token = el("input", { type: "password", id: "upload-token", autocomplete: "off", spellcheck: "false",
                              "aria-describedby": "upload-token-note" });
  const out = el("div");
  const store = el("button", { type: "button" }, t("upload.store"));
  const form = el("form", { class: "filters", method: "post" },
    el("div", { class: "field" }, el("label", { for: "upload-file" }, t("upload.file")), file),
    el("button", { type: "submit" }, t("upload.submit")),
    el("div", { class: "field" }, el("label", { for: "upload-token" }, t("upload.token")), token),
    store);
  const send = async (dryRun) => {
    if (!file.files.length) { file.reportValidity(); return; }
    const secret = token.value.trim();
    out.replaceChildren(el("p", { role: "status" }, t(dryRun ? "loading" : "upload.storing")));
    const body = new FormData();
    body.append("file", file.files[0]);
    const headers = secret ? { Authorization: `Bearer ${secret}` } : {};
    let response;
    try {
      response = await fetch(dryRun ? "/documents?dry_run=true&text=true" : "/documents?text=true", { method: "POST", body, headers });
    } catch (error) {
      out.replaceChildren(el("p", { class: "error", role: "alert" }, t("error", { message: error.message })));
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const code = data.error?.code ?? "";
      const wait = response.headers.get("Retry-After");
      out.replaceChildren(el("div", { class: "error", role: "alert" },
        el("p", {}, errorText(response.status, code, Boolean(secret)), wait ? ` ${t("upload.retryAfter", { n: wait })}` : ""),
        el("p", { class: "note" }, t("upload.serverSays", { status: response.status, message: data.error?.message ?? response.statusText }))));
      return;
    }
    if (dryRun) show(out, data);
    else showStored(out, data);
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); send(true); });
  store.addEventListener("click", () => send(false));
  main.append(el("p", { class: "note" }, t("upload.intro")), form,
    el("p", { class: "note", id: "upload-token-note" }, t("upload.tokenNote")), out);
}

main();
