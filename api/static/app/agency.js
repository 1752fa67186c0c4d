// Agency page: GET /queries/tasks?agency=<IRI>&page_size=50 — the tasks an agency leads and
// coordinates across all documents, a page at a time in the query's order (plan, task
// number), the next page from the answer's cursor (next), those due before today marked
// overdue; and GET /agencies/succession — who answers for its duties today after the 2025
// reorganization, and whose duties it took over, each change with its legal basis.
import { api, el, formatDate, initPage, local, pageUrl, param, provinceNames, showError, startMain, t } from "./common.js";

const PAGE_SIZE = 50;

function dueKey(due) {
  // a due year or month counts as its last day, as in queries/tasks.rq
  if (!due) return "";
  if (/^\d{4}$/.test(due)) return `${due}-12-31`;
  if (/^\d{4}-\d{2}$/.test(due)) {
    const [y, m] = due.split("-").map(Number);
    return `${due}-${String(new Date(y, m, 0).getDate()).padStart(2, "0")}`;
  }
  return due;
}

function bases(basis) {
  return basis.flatMap((b, i) => [i ? "; " : "", el("cite", { title: b.title }, b.cite),
    b.review === "not reviewed against a text in ../shared" ? el("span", { class: "badge warning" }, t("agency.notReviewed")) : ""]);
}

function stepItem(s, link, showScope = true) {
  return el("li", {},
    link ? el("a", { href: pageUrl("agency", { id: link.iri, name: link.name }) }, t("agency.step", { before: s.before, after: s.after, on: formatDate(s.on) }))
      : t("agency.step", { before: s.before, after: s.after, on: formatDate(s.on) }),
    showScope && s.scope ? ` [${s.scope}]` : "", " — ", t("agency.basis"), ...bases(s.basis),
    s.certain ? "" : el("span", { class: "badge warning", title: s.note ?? "" }, t("agency.uncertain")));
}

async function succession(main, id, today) {
  let data;
  try {
    data = await api("/agencies/succession", { agency: id, name: param("name") || undefined, as_of: today });
  } catch (error) {
    showError(main, error);
    return;
  }
  const section = el("section", { "aria-labelledby": "agency-succession" },
    el("h2", { id: "agency-succession" }, t("agency.succession")));
  if (data.changed) {
    section.append(el("p", {}, t("agency.now", { today: formatDate(today) })),
      el("ul", {}, ...data.responsible.map((r) => el("li", {},
        el("a", { href: pageUrl("agency", { id: r.iri, name: r.body }) }, r.body), r.scope ? ` [${r.scope}]` : "",
        el("ol", {}, ...r.steps.map((s) => stepItem(s, null, false)))))));
    if (data.split) section.append(el("p", { role: "note" }, t("agency.split")));
  } else {
    section.append(el("p", {}, t("agency.unchanged", { today: formatDate(today) })));
  }
  if (data.predecessors.length) {
    section.append(el("h3", {}, t("agency.predecessors")),
      el("ul", {}, ...data.predecessors.map((s) => stepItem(s, { iri: s.before_iri, name: s.before }))));
  }
  main.append(section);
}

async function main() {
  initPage();
  const id = param("id");
  const provinces = await provinceNames();
  const scope = (/\/agency\/([^/]+)\//.exec(id) ?? [])[1];
  const name = `${param("name") || local(id)}${scope && provinces.get(scope) ? ` (${provinces.get(scope)})` : ""}`;
  const main = startMain(t("agency.title", { agency: name }));
  // the pages seen: cursors[n] gives page n (the first needs none), each answer's next the one after
  const cursors = [undefined];
  const load = (n) => api("/queries/tasks", { agency: id, page_size: PAGE_SIZE, after: cursors[n] });
  let data;
  try {
    data = await load(0);
  } catch (error) {
    showError(main, error);
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  main.append(el("p", { role: "status" }, t("agency.total", { total: data.total })));
  await succession(main, id, today);
  const body = el("tbody");
  const pager = el("div", { class: "pager" });
  let page = 0;
  const render = () => {
    body.replaceChildren(...data.rows.map((r) => el("tr", {},
      el("td", {}, el("a", { href: pageUrl("document", { id: r.document, task: r.task }) }, r.symbol ?? local(r.document))),
      el("td", {}, r.provinceName ?? ""), el("td", {}, r.taskNumber ?? ""), el("td", {}, r.content ?? ""),
      el("td", {}, t(`agency.${r.role}`)), el("td", {}, r.timeframe ?? ""),
      el("td", {}, formatDate(r.due), r.due && dueKey(r.due) < today ? el("span", { class: "badge warning" }, t("agency.overdue")) : ""),
      r.product ? el("td", {}, r.product) : el("td", { class: "missing" }, t("tasks.noProduct")))));
    const go = async (n) => {
      pager.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      try {
        data = await load(n);
      } catch (error) {
        showError(main, error);
        return;
      }
      page = n;
      if (data.next) cursors[n + 1] = data.next;
      render();
    };
    pager.replaceChildren(
      el("button", { type: "button", disabled: page === 0, onclick: () => go(page - 1) }, t("tasks.prev")),
      el("span", {}, t("tasks.page", { page: page + 1, pages })),
      el("button", { type: "button", disabled: !data.next, onclick: () => go(page + 1) }, t("tasks.next")));
  };
  if (data.next) cursors[1] = data.next;
  render();
  main.append(
    el("div", { class: "filters" },
      el("a", { class: "button", href: `/export?format=xlsx&agency=${encodeURIComponent(id)}` }, t("export.xlsx")),
      el("a", { class: "button", href: `/export?format=csv&agency=${encodeURIComponent(id)}` }, t("export.csv"))),
    el("table", { "aria-label": t("agency.title", { agency: name }) },
      el("thead", {}, el("tr", {}, ["agency.document", "doc.province", "tasks.number", "tasks.content", "agency.role",
        "tasks.timeframe", "agency.due", "tasks.product"].map((k) => el("th", { scope: "col" }, t(k))))),
      body),
    pager);
}

main();
