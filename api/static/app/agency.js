// Agency page: GET /queries/tasks?agency=<IRI>&page_size=50 — the tasks an agency leads and
// coordinates across all documents, a page at a time in the query's order (plan, task
// number), the next page from the answer's cursor (next), those late today marked overdue
// (as the query's overdue_as_of counts them); a role filter (the query's role, paging from
// page 1 again); counts from the answers' totals: all rows, role=lead, and
// overdue_as_of=today (one row each; the agency by IRI, so a dated total is given); and
// GET /agencies/succession — who answers for its duties today after the 2025
// reorganization, and whose duties it took over, each change with its legal basis.
import { api, el, formatDate, initPage, local, pageUrl, param, provinceNames, showError, startMain, t } from "./common.js";

const PAGE_SIZE = 50;
const LATE_KINDS = ["deadline", "interval"]; // as queries/tasks.rq: the others are never late

function late(row, today) {
  // dueBy: the due date as a day (a year or month as its last day), from the query
  return Boolean(row.dueBy) && row.dueBy < today && (!row.timeframeKind || LATE_KINDS.includes(row.timeframeKind));
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
  const today = new Date().toISOString().slice(0, 10);
  const role = el("select", { id: "agency-role" }, el("option", { value: "" }, t("tasks.sourceAll")),
    el("option", { value: "lead" }, t("agency.lead")), el("option", { value: "coordinator" }, t("agency.coordinator")));
  // the pages seen with the role chosen: cursors[n] gives page n (the first needs none)
  let cursors = [undefined];
  const load = (n) => api("/queries/tasks", { agency: id, role: role.value, page_size: PAGE_SIZE, after: cursors[n] });
  const total = (params) => api("/queries/tasks", { agency: id, page_size: 1, ...params }).then((d) => d.total);
  let data;
  let counts;
  try {
    [data, ...counts] = await Promise.all([load(0), total({ role: "lead" }), total({ overdue_as_of: today })]);
  } catch (error) {
    showError(main, error);
    return;
  }
  const [lead, overdue] = counts;
  main.append(el("p", { role: "status" }, t("agency.counts", {
    total: data.total, lead, coordinator: data.total - lead, overdue: overdue ?? "?", today: formatDate(today) })));
  await succession(main, id, today);
  const body = el("tbody");
  const pager = el("div", { class: "pager" });
  let page = 0;
  let asked = 0; // the latest page asked for: an answer to an earlier one is dropped
  // focus: the pager button (0 previous, 1 next) pressed, given the focus again after the
  // pager is drawn anew (the other one when it is disabled now), so a keyboard keeps its place
  const go = async (n, restart = false, focus = null) => {
    const mine = ++asked;
    pager.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    if (restart) cursors = [undefined];
    let answer;
    try {
      answer = await load(n);
    } catch (error) {
      showError(main, error);
      return;
    }
    if (mine !== asked) return;
    data = answer;
    page = n;
    if (data.next) cursors[n + 1] = data.next;
    render();
    if (focus !== null) {
      const buttons = [...pager.querySelectorAll("button")];
      (buttons[focus].disabled ? buttons[1 - focus] : buttons[focus]).focus();
    }
  };
  const render = () => {
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    body.replaceChildren(...data.rows.map((r) => el("tr", {},
      el("td", {}, el("a", { href: pageUrl("document", { id: r.document, task: r.task }) }, r.symbol ?? local(r.document))),
      el("td", {}, r.provinceName ?? ""), el("td", {}, r.taskNumber ?? ""), el("td", {}, r.content ?? ""),
      el("td", {}, t(`agency.${r.role}`)), el("td", {}, r.timeframe ?? ""),
      el("td", {}, formatDate(r.due), late(r, today) ? el("span", { class: "badge warning" }, t("agency.overdue")) : ""),
      r.product ? el("td", {}, r.product) : el("td", { class: "missing" }, t("tasks.noProduct")))));
    pager.replaceChildren(
      el("button", { type: "button", disabled: page === 0, onclick: () => go(page - 1, false, 0) }, t("tasks.prev")),
      el("span", { "aria-live": "polite" }, t("tasks.page", { page: page + 1, pages })),
      el("button", { type: "button", disabled: !data.next, onclick: () => go(page + 1, false, 1) }, t("tasks.next")));
  };
  role.addEventListener("change", () => go(0, true));
  if (data.next) cursors[1] = data.next;
  render();
  main.append(
    el("div", { class: "filters" }, el("div", { class: "field" }, el("label", { for: "agency-role" }, t("agency.role")), role),
      el("a", { class: "button", href: `/export?format=xlsx&agency=${encodeURIComponent(id)}` }, t("export.xlsx")),
      el("a", { class: "button", href: `/export?format=csv&agency=${encodeURIComponent(id)}` }, t("export.csv"))),
    el("table", { "aria-label": t("agency.title", { agency: name }) },
      el("thead", {}, el("tr", {}, ["agency.document", "doc.province", "tasks.number", "tasks.content", "agency.role",
        "tasks.timeframe", "agency.due", "tasks.product"].map((k) => el("th", { scope: "col" }, t(k))))),
      body),
    pager);
}

main();
