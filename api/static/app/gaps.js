// Gaps page: GET /validate — the completeness report of the whole store, counted by
// severity, by document and by check; each finding links to its document and span.
import { api, el, evidenceLink, initPage, lang, pageUrl, showError, startMain, t } from "./common.js";

const SEVERITIES = ["violation", "warning", "info"];
const PAGE_SIZE = 50;

function countTable(caption, rows, first) {
  return el("table", {},
    el("caption", { class: "visually-hidden" }, caption),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, first), SEVERITIES.map((s) => el("th", { scope: "col" }, t(`sev.${s}`))))),
    el("tbody", {}, rows.map(([label, counts]) => el("tr", {}, el("td", {}, label), SEVERITIES.map((s) => el("td", {}, String(counts[s] ?? 0)))))));
}

function tally(results, key) {
  const out = new Map();
  for (const r of results) {
    const k = key(r);
    if (!out.has(k)) out.set(k, { violation: 0, warning: 0, info: 0, first: r });
    out.get(k)[r.severity] += 1;
  }
  return [...out.values()].sort((a, b) => b.violation - a.violation || b.warning - a.warning || b.info - a.info);
}

async function main() {
  initPage();
  const main = startMain(t("gaps.title"));
  const wait = el("p", { role: "status" }, t("gaps.wait"));
  main.append(wait);
  let report;
  try {
    report = (await api("/validate")).report;
  } catch (error) {
    wait.remove();
    showError(main, error);
    return;
  }
  wait.textContent = `${report.documents.length} ${t("gaps.document").toLowerCase()}: ${t("sev.counts", report.counts)}`;
  const byDocument = tally(report.results, (r) => r.document).map((c) => [
    el("a", { href: pageUrl("document", { id: c.first.document }) }, c.first.symbol ?? c.first.document), c]);
  const byCheck = tally(report.results, (r) => r.check).map((c) => [c.first.label?.[lang] ?? c.first.check, c]);
  // a finding counts for each lead agency of the task it is about
  const perLead = report.results.flatMap((r) => (r.leads ?? []).map((lead) => ({ ...r, lead })));
  const byLead = tally(perLead, (r) => r.lead).slice(0, 30).map((c) => [c.first.lead, c]);
  main.append(
    el("section", { "aria-labelledby": "h-by-check" }, el("h2", { id: "h-by-check" }, t("gaps.byCheck")),
      countTable(t("gaps.byCheck"), byCheck, t("gaps.check"))),
    el("section", { "aria-labelledby": "h-by-doc" }, el("h2", { id: "h-by-doc" }, t("gaps.byDocument")),
      countTable(t("gaps.byDocument"), byDocument, t("gaps.document"))),
    el("section", { "aria-labelledby": "h-by-lead" }, el("h2", { id: "h-by-lead" }, t("gaps.byLead")),
      countTable(t("gaps.byLead"), byLead, t("tasks.lead"))));
  const severity = el("select", { id: "gaps-severity" },
    SEVERITIES.map((s) => el("option", { value: s, selected: s === (report.counts.violation ? "violation" : "warning") }, t(`sev.${s}`))));
  const list = el("ul", { class: "report" });
  const pager = el("div", { class: "pager" });
  let page = 0;
  const render = () => {
    const shown = report.results.filter((r) => r.severity === severity.value);
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    list.replaceChildren(...shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((r) => el("li", {},
      el("span", { class: `badge ${r.severity}` }, t(`sev.${r.severity}`)), " ",
      el("a", { href: pageUrl("document", { id: r.document }) }, r.symbol ?? r.document), ": ",
      r.message?.[lang] ?? r.message?.vi ?? "",
      r.span ? [" ", evidenceLink(r.span.document, r.span.start, r.span.end, `${r.span.start}–${r.span.end}`)] : [])));
    pager.replaceChildren(
      el("button", { type: "button", disabled: page === 0, onclick: () => { page -= 1; render(); } }, t("tasks.prev")),
      el("span", {}, t("tasks.page", { page: page + 1, pages })),
      el("button", { type: "button", disabled: page >= pages - 1, onclick: () => { page += 1; render(); } }, t("tasks.next")));
  };
  severity.addEventListener("change", () => { page = 0; render(); });
  render();
  main.append(el("section", { "aria-labelledby": "h-results" }, el("h2", { id: "h-results" }, t("gaps.results")),
    el("div", { class: "filters" }, el("div", { class: "field" }, el("label", { for: "gaps-severity" }, t("gaps.severity")), severity)),
    list, pager));
}

main();
