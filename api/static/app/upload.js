// Upload page: POST /documents?dry_run=true — what the server reads from a file (document,
// references, tasks, targets) and its completeness report; nothing is stored. Storing needs
// the server's --enable-update and the token, as the API requires, and is left to programs.
import { el, formatDate, initPage, lang, startMain, t } from "./common.js";

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
      el("table", {}, el("thead", {}, el("tr", {}, ["tasks.number", "tasks.content", "tasks.lead", "tasks.timeframe", "tasks.product"]
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
    section("h-up-report", t("doc.completeness"),
      el("p", {}, t("sev.counts", data.validation?.counts ?? {})),
      el("ul", { class: "report" }, (data.validation?.results ?? []).slice(0, 300).map((r) => el("li", {},
        el("span", { class: `badge ${r.severity}` }, t(`sev.${r.severity}`)), " ", r.message?.[lang] ?? r.message?.vi ?? "")))));
}

function main() {
  initPage();
  const main = startMain(t("upload.title"));
  const file = el("input", { type: "file", id: "upload-file", name: "file", accept: ".docx,.pdf,.html,.htm,.txt", required: true });
  const out = el("div");
  const form = el("form", { class: "filters" },
    el("div", { class: "field" }, el("label", { for: "upload-file" }, t("upload.file")), file),
    el("button", { type: "submit" }, t("upload.submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) return;
    out.replaceChildren(el("p", { role: "status" }, t("loading")));
    const body = new FormData();
    body.append("file", file.files[0]);
    const response = await fetch("/documents?dry_run=true", { method: "POST", body });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      out.replaceChildren(el("p", { class: "error", role: "alert" }, t("error", { message: data.error?.message ?? response.statusText })));
      return;
    }
    show(out, data);
  });
  main.append(el("p", { class: "note" }, t("upload.intro")), form, out);
}

main();
