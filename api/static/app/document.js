// Document page (lược đồ): GET /documents/{ref}, /queries/related, /queries/document_tasks
// and /validate?document=. Relations grouped as the legal portals show them, a task table
// that sorts, filters and pages, the completeness report; every fact links to its evidence.
import {
  api, documentPath, el, evidenceLink, formatDate, initPage, kindLabel, local, pageUrl, param, showError, startMain, t,
} from "./common.js";

const ORDER = ["basedOn", "implements", "alignsWith", "replaces", "amends", "guides", "repeals",
  "corrects", "consolidates", "cites"];
const PAGE_SIZE = 40;

function docName(info) {
  return [kindLabel(info.kind), info.symbol ?? t("doc.unnumbered")].filter(Boolean).join(" ");
}

function metadata(info) {
  const rows = [
    ["doc.number", info.symbol], ["doc.type", kindLabel(info.kind)], ["doc.date", formatDate(info.dateIssued)],
    ["doc.issuer", info.issuer], ["doc.province", info.jurisdiction], ["doc.title", info.title],
    ["doc.tasks", info.tasks],
  ];
  const dl = el("dl", { class: "meta" });
  for (const [key, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(el("dt", {}, t(key)), el("dd", {}, String(value)));
  }
  dl.append(el("dt", {}, t("doc.status")), el("dd", {}, info.ingested ? t("doc.ingested")
    : el("span", { class: "badge cited" }, t("doc.citedOnly"))));
  return dl;
}

function actions(info) {
  const focus = info.iri;
  const exportLink = (format) => el("a", { class: "button", href: `/export?format=${format}&focus=${encodeURIComponent(focus)}&depth=2`,
    download: `${(info.symbol ?? "luocdo").replace(/[^\w.-]+/g, "_")}.${format === "cyjs" ? "cyjs.json" : format}` }, t(`export.${format}`));
  return el("div", { class: "actions" },
    el("a", { class: "button", href: pageUrl("trace", { id: focus, direction: "down" }) }, t("doc.traceDown")),
    el("a", { class: "button", href: pageUrl("trace", { id: focus, direction: "up" }) }, t("doc.traceUp")),
    el("span", { class: "note" }, `${t("doc.export")}:`), exportLink("gexf"), exportLink("graphml"), exportLink("cyjs"));
}

function relationItem(row, related, self) {
  const info = related.get(row.other) ?? {};
  const isTask = row.kind === "Task";
  const label = isTask ? t("task.of", { n: row.taskNumber ?? local(row.other), doc: row.symbol ?? "" })
    : [kindLabel(row.kind), row.symbol ?? t("doc.unnumbered")].filter(Boolean).join(" ");
  const href = isTask ? null : pageUrl("document", { id: row.other });
  const item = el("li", {}, href ? el("a", { href }, label) : label);
  if (info.dateIssued) item.append(` (${formatDate(info.dateIssued)})`);
  if (!isTask && info.ingested === false) item.append(el("span", { class: "badge cited" }, t("doc.citedOnly")));
  const stated = (row.statedIn ?? "").split(" ").filter((x) => x && x !== self);
  if (stated.length && row.direction === "out") {
    item.append(" ", el("span", { class: "note" }, `${t("doc.statedIn")} `,
      stated.map((iri) => el("a", { href: pageUrl("document", { id: iri }) }, iri.replace(/^.*\/eli\//, "")))));
  }
  const link = evidenceLink(row.evidenceDocument, row.evidenceStart, row.evidenceEnd, row.evidenceText);
  if (link) item.append(" ", link);
  return item;
}

function relations(rows, related, self) {
  const groups = new Map();
  for (const row of rows) {
    const key = `rel.${row.direction}.${local(row.relation)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  const rank = (key) => { const [, dir, rel] = key.split("."); return ORDER.indexOf(rel) * 2 + (dir === "out" ? 0 : 1); };
  const section = el("section", { "aria-labelledby": "h-relations" }, el("h2", { id: "h-relations" }, t("doc.relations")));
  if (!groups.size) { section.append(el("p", {}, t("doc.norelations"))); return section; }
  const grid = el("div", { class: "relations" });
  for (const key of [...groups.keys()].sort((a, b) => rank(a) - rank(b))) {
    const list = groups.get(key);
    const id = `h-${key.replace(/\./g, "-")}`;
    grid.append(el("section", { "aria-labelledby": id }, el("h3", { id }, `${t(key)} (${list.length})`),
      el("ul", {}, list.map((row) => relationItem(row, related, self)))));
  }
  section.append(grid);
  return section;
}

const COLUMNS = [
  ["taskNumber", "tasks.number"], ["content", "tasks.content"], ["lead", "tasks.lead"],
  ["coordinators", "tasks.coordinators"], ["timeframe", "tasks.timeframe"], ["product", "tasks.product"],
  ["source", "tasks.source"],
];

function numberKey(value) {
  // "3.1" after "3", "10" after "9", prose tasks (p1, p2…) by their number too
  return String(value ?? "").split(/[.\-]/).map((part) => {
    const n = parseInt(part.replace(/^\D+/, ""), 10);
    return Number.isNaN(n) ? part : String(n).padStart(6, "0");
  }).join(".");
}

function fold(text) {
  return String(text ?? "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
}

function taskTable(tasks, documentIri, focusTask) {
  const state = { sort: null, asc: true, filter: "", source: "", page: 0 };
  const total = tasks.length;
  const table = tasks.filter((x) => x.source === "table").length;
  const status = el("p", { role: "status", class: "note" });
  const body = el("tbody");
  const headRow = el("tr");
  const pager = el("div", { class: "pager" });
  const filter = el("input", { type: "search", id: "task-filter", placeholder: t("tasks.filterPlaceholder") });
  const source = el("select", { id: "task-source" },
    el("option", { value: "" }, t("tasks.sourceAll")), el("option", { value: "table" }, t("tasks.sourceTable")),
    el("option", { value: "prose" }, t("tasks.sourceProse")));
  for (const [key, label] of COLUMNS) {
    const th = el("th", { scope: "col", "aria-sort": "none" },
      el("button", { type: "button", "aria-label": t("tasks.sortBy", { column: t(label) }) }, t(label)));
    th.querySelector("button").addEventListener("click", () => {
      state.asc = state.sort === key ? !state.asc : true;
      state.sort = key;
      for (const other of headRow.children) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", state.asc ? "ascending" : "descending");
      render();
    });
    headRow.append(th);
  }
  headRow.append(el("th", { scope: "col" }, t("tasks.evidence")));

  function rows() {
    const words = fold(state.filter).split(/\s+/).filter(Boolean);
    let out = tasks.filter((task) => (!state.source || task.source === state.source)
      && words.every((w) => fold([task.taskNumber, task.content, task.lead, task.coordinators, task.timeframe, task.product].join(" ")).includes(w)));
    if (state.sort) {
      const key = state.sort === "taskNumber" ? (x) => numberKey(x.taskNumber) : (x) => fold(x[state.sort]);
      out = [...out].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (state.asc ? 1 : -1));
    }
    return out;
  }

  function render() {
    const shown = rows();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    body.replaceChildren(...shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).map((task) => {
      const tr = el("tr", { id: `task-${local(task.task)}`, class: task.task === focusTask ? "focus" : null },
        el("td", {}, task.taskNumber ?? ""), el("td", {}, task.content ?? ""), el("td", {}, task.lead ?? ""),
        el("td", {}, task.coordinators ?? ""), el("td", {}, task.timeframe ?? ""),
        task.product ? el("td", {}, task.product)
          : task.subtasks ? el("td", { class: "note" }, t("tasks.inSubtasks"))
            : el("td", { class: "missing" }, t("tasks.noProduct")),
        el("td", {}, t(task.source === "table" ? "tasks.tableShort" : "tasks.proseShort")),
        el("td", {}, evidenceLink(documentIri, task.evidenceStart, task.evidenceEnd,
          `${task.evidenceStart}–${task.evidenceEnd}`) ?? "", " ",
          el("a", { href: pageUrl("trace", { id: task.task, direction: "up" }), class: "evidence",
                    "aria-label": `${t("doc.traceUp")}: ${t("task.label", { n: task.taskNumber ?? "" })}` }, `↑ ${t("doc.traceUp")}`)));
      return tr;
    }));
    status.textContent = t("tasks.shown", { shown: shown.length, total, table, prose: total - table });
    pager.replaceChildren(
      el("button", { type: "button", disabled: state.page === 0, onclick: () => { state.page -= 1; render(); } }, t("tasks.prev")),
      el("span", {}, t("tasks.page", { page: state.page + 1, pages })),
      el("button", { type: "button", disabled: state.page >= pages - 1, onclick: () => { state.page += 1; render(); } }, t("tasks.next")));
  }
  filter.addEventListener("input", () => { state.filter = filter.value; state.page = 0; render(); });
  source.addEventListener("change", () => { state.source = source.value; state.page = 0; render(); });
  if (focusTask) {
    const index = tasks.findIndex((x) => x.task === focusTask);
    if (index >= 0) state.page = Math.floor(index / PAGE_SIZE);
  }
  render();
  return el("section", { "aria-labelledby": "h-tasks" },
    el("h2", { id: "h-tasks" }, `${t("doc.taskTable")} (${total})`),
    el("div", { class: "filters" },
      el("div", { class: "field" }, el("label", { for: "task-filter" }, t("tasks.filter")), filter),
      el("div", { class: "field" }, el("label", { for: "task-source" }, t("tasks.source")), source),
      el("a", { class: "button", href: `/export?format=xlsx&focus=${encodeURIComponent(documentIri)}&depth=1` }, t("export.xlsx")),
      el("a", { class: "button", href: `/export?format=csv&focus=${encodeURIComponent(documentIri)}&depth=1` }, t("export.csv"))),
    status,
    el("table", { "aria-labelledby": "h-tasks" }, el("thead", {}, headRow), body),
    pager);
}

function targets(rows, documentIri) {
  const goals = rows.filter((r) => r.kind === "Target");
  const duties = rows.filter((r) => r.kind === "ReportingDuty");
  const ev = (r) => evidenceLink(documentIri, r.evidenceStart, r.evidenceEnd, `${r.evidenceStart}–${r.evidenceEnd}`) ?? "";
  const out = el("div");
  if (goals.length) {
    out.append(el("section", { "aria-labelledby": "h-targets" }, el("h2", { id: "h-targets" }, `${t("doc.targets")} (${goals.length})`),
      el("table", { "aria-labelledby": "h-targets" },
        el("thead", {}, el("tr", {}, ["target.about", "target.value", "target.year", "tasks.evidence"].map((k) => el("th", { scope: "col" }, t(k))))),
        el("tbody", {}, goals.map((r) => el("tr", {}, el("td", {}, r.about ?? ""),
          el("td", {}, [r.value, r.unit].filter((x) => x !== null && x !== undefined).join(" ")),
          el("td", {}, r.year ?? ""), el("td", {}, ev(r))))))));
  }
  if (duties.length) {
    out.append(el("section", { "aria-labelledby": "h-duties" }, el("h2", { id: "h-duties" }, `${t("doc.duties")} (${duties.length})`),
      el("table", { "aria-labelledby": "h-duties" },
        el("thead", {}, el("tr", {}, ["duty.about", "duty.reporter", "duty.to", "duty.when", "tasks.evidence"].map((k) => el("th", { scope: "col" }, t(k))))),
        el("tbody", {}, duties.map((r) => el("tr", {}, el("td", {}, r.about ?? ""), el("td", {}, r.reporter ?? ""),
          el("td", {}, r.reportTo ?? ""),
          el("td", {}, [r.deadline, r.recurrence ? t(`recurrence.${r.recurrence}`) : null].filter(Boolean).join(", ")),
          el("td", {}, ev(r))))))));
  }
  return out;
}

function report(data) {
  const counts = data.counts ?? {};
  const section = el("section", { "aria-labelledby": "h-report" },
    el("h2", { id: "h-report" }, t("doc.completeness")),
    el("p", { role: "status" }, t("sev.counts", counts)));
  if (!data.results?.length) { section.append(el("p", {}, t("doc.completenessNone"))); return section; }
  for (const severity of ["violation", "warning", "info"]) {
    const results = data.results.filter((r) => r.severity === severity);
    if (!results.length) continue;
    const details = el("details", { open: severity !== "info" },
      el("summary", {}, el("span", { class: `badge ${severity}` }, t(`sev.${severity}`)), ` ${results.length}`),
      el("ul", { class: "report" }, results.map((r) => el("li", {}, r.message?.[document.documentElement.lang] ?? r.message?.vi ?? "",
        r.span ? [" ", evidenceLink(r.span.document, r.span.start, r.span.end, `${r.span.start}–${r.span.end}`)] : []))));
    section.append(details);
  }
  return section;
}

async function main() {
  initPage();
  const id = param("id");
  const focusTask = param("task");
  const main = startMain(id);
  let data;
  try {
    data = await api(documentPath(id));
  } catch (error) {
    showError(main, error);
    return;
  }
  const info = data.document;
  main.querySelector("h1").textContent = docName(info);
  document.title = `${docName(info)} · luocdo`;
  const relatedRows = api("/queries/related", { document: info.iri }).then((r) => r.rows).catch(() => []);
  const tasks = info.tasks ? api("/queries/document_tasks", { document: info.iri }).then((r) => r.rows) : Promise.resolve([]);
  const validation = info.ingested ? api("/validate", { document: info.iri }).then((r) => r.report) : null;
  const goals = info.ingested ? api("/queries/document_targets", { document: info.iri }).then((r) => r.rows).catch(() => []) : Promise.resolve([]);
  main.append(metadata(info), actions(info));
  const related = new Map((await relatedRows).map((row) => [row.other, row]));
  main.append(relations(data.relations, related, info.iri));
  const taskSlot = el("div");
  const targetSlot = el("div");
  const reportSlot = el("div", {}, el("p", { class: "note" }, t("loading")));
  main.append(taskSlot, targetSlot, reportSlot);
  try {
    const rows = await tasks;
    if (rows.length) taskSlot.append(taskTable(rows, info.iri, focusTask));
    if (focusTask) document.getElementById(`task-${local(focusTask)}`)?.scrollIntoView({ block: "center" });
  } catch (error) {
    showError(taskSlot, error);
  }
  targetSlot.append(targets(await goals, info.iri));
  if (!validation) { reportSlot.replaceChildren(); return; }
  try {
    reportSlot.replaceChildren(report(await validation));
  } catch (error) {
    reportSlot.replaceChildren();
    showError(reportSlot, error);
  }
}

main();
