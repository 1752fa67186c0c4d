// Gaps page: GET /validate — the completeness report of the whole store, counted by
// severity, by province (each document's jurisdiction as the report states it), by lead
// agency, by document and by check; each finding links to its document and its span.
import { api, el, evidenceLink, initPage, lang, pageUrl, shorten, showError, startMain, t } from "./common.js";

const SEVERITIES = ["violation", "warning", "info"];
const PAGE_SIZE = 50;

const zero = () => ({ violation: 0, warning: 0, info: 0, documents: 0 });
const bySeverity = (a, b) => b.violation - a.violation || b.warning - a.warning || b.info - a.info;

/** A table of counts: one row per [label cells..., counts], paged past PAGE_SIZE rows. */
function countTable(id, title, heads, rows) {
  const body = el("tbody");
  const pager = el("div", { class: "pager" });
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  let page = 0;
  const render = () => {
    body.replaceChildren(...rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map(([cells, counts]) => el("tr", {},
      cells.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c))),
      SEVERITIES.map((s) => el("td", {}, String(counts[s] ?? 0))))));
    pager.replaceChildren(...(pages === 1 ? [] : [
      el("button", { type: "button", disabled: page === 0, onclick: () => { page -= 1; render(); } }, t("tasks.prev")),
      el("span", {}, t("tasks.page", { page: page + 1, pages })),
      el("button", { type: "button", disabled: page >= pages - 1, onclick: () => { page += 1; render(); } }, t("tasks.next"))]));
  };
  render();
  return el("section", { "aria-labelledby": id }, el("h2", { id }, `${title} (${rows.length})`),
    el("table", {},
      el("caption", { class: "visually-hidden" }, title),
      el("thead", {}, el("tr", {}, heads.map((h) => el("th", { scope: "col" }, h)),
        SEVERITIES.map((s) => el("th", { scope: "col" }, t(`sev.${s}`))))),
      body),
    pager);
}

/** Counts of results by key (a result may count under several keys, or none). */
function tally(results, keys) {
  const out = new Map();
  for (const r of results) {
    for (const k of keys(r)) {
      if (!out.has(k)) out.set(k, zero());
      out.get(k)[r.severity] += 1;
    }
  }
  return out;
}

async function main() {
  initPage();
  const main = startMain(t("gaps.title"));
  main.setAttribute("aria-busy", "true");
  const wait = el("p", { role: "status", class: "loading" }, t("gaps.wait"));
  main.append(wait);
  let report;
  try {
    report = (await api("/validate")).report;
  } catch (error) {
    wait.remove();
    main.removeAttribute("aria-busy");
    showError(main, error);
    return;
  }
  main.removeAttribute("aria-busy");
  wait.classList.remove("loading");
  wait.textContent = `${t("gaps.summary", { n: report.documents.length })}: ${t("sev.counts", report.counts)}`;
  const noProvince = t("gaps.noProvince");
  const documents = new Map(report.documents.map((d) => [d.document, d]));
  const provinceOf = (iri) => documents.get(iri)?.province || noProvince;
  const nameOf = (iri) => documents.get(iri)?.name?.[lang] || documents.get(iri)?.symbol || iri;

  // every validated document counts, those without findings too
  const perDocument = tally(report.results, (r) => [r.document]);
  const docRows = report.documents.map((d) => ({ d, c: perDocument.get(d.document) ?? zero() }))
    .sort((a, b) => bySeverity(a.c, b.c) || nameOf(a.d.document).localeCompare(nameOf(b.d.document), "vi"));
  const perProvince = tally(report.results, (r) => [provinceOf(r.document)]);
  for (const d of report.documents) {
    const p = provinceOf(d.document);
    if (!perProvince.has(p)) perProvince.set(p, zero());
    perProvince.get(p).documents += 1;
  }
  const provinces = [...perProvince.entries()].sort((a, b) => bySeverity(a[1], b[1]) || a[0].localeCompare(b[0], "vi"));
  // a finding about a task counts for each of its lead agencies
  const leads = [...tally(report.results, (r) => r.leads ?? []).entries()].sort((a, b) => bySeverity(a[1], b[1]) || a[0].localeCompare(b[0], "vi"));
  const checks = [...tally(report.results, (r) => [r.check]).entries()].sort((a, b) => bySeverity(a[1], b[1]));
  const checkLabel = new Map(report.results.map((r) => [r.check, r.label?.[lang] ?? r.check]));

  main.append(
    countTable("h-by-province", t("gaps.byProvince"), [t("gaps.province"), t("gaps.documents")],
      provinces.map(([p, c]) => [[p, String(c.documents)], c])),
    countTable("h-by-lead", t("gaps.byLead"), [t("tasks.lead")], leads.map(([lead, c]) => [[lead], c])),
    countTable("h-by-doc", t("gaps.byDocument"), [t("gaps.document"), t("gaps.province")],
      docRows.map(({ d, c }) => [[el("a", { href: pageUrl("document", { id: d.document }) }, nameOf(d.document)), provinceOf(d.document)], c])),
    countTable("h-by-check", t("gaps.byCheck"), [t("gaps.check")], checks.map(([k, c]) => [[checkLabel.get(k)], c])));

  const severity = el("select", { id: "gaps-severity" },
    SEVERITIES.map((s) => el("option", { value: s, selected: s === (report.counts.violation ? "violation" : "warning") }, t(`sev.${s}`))));
  const province = el("select", { id: "gaps-province" }, el("option", { value: "" }, t("trace.allProvinces")),
    provinces.map(([p]) => el("option", { value: p }, p)));
  const list = el("ul", { class: "report" });
  const pager = el("div", { class: "pager" });
  let page = 0;
  const render = () => {
    const shown = report.results.filter((r) => r.severity === severity.value && (!province.value || provinceOf(r.document) === province.value));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    list.replaceChildren(...shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((r) => el("li", {},
      el("span", { class: `badge ${r.severity}` }, t(`sev.${r.severity}`)), " ",
      el("a", { href: pageUrl("document", { id: r.document }) }, nameOf(r.document)), ": ",
      r.message?.[lang] ?? r.message?.vi ?? "",
      r.span ? [" ", evidenceLink(r.span.document, r.span.start, r.span.end, r.span.exact ? shorten(r.span.exact.replace(/\s+/g, " ").trim(), 60) : null)] : [])));
    pager.replaceChildren(
      el("span", {}, t("gaps.shown", { n: shown.length })),
      el("button", { type: "button", disabled: page === 0, onclick: () => { page -= 1; render(); } }, t("tasks.prev")),
      el("span", {}, t("tasks.page", { page: page + 1, pages })),
      el("button", { type: "button", disabled: page >= pages - 1, onclick: () => { page += 1; render(); } }, t("tasks.next")));
  };
  severity.addEventListener("change", () => { page = 0; render(); });
  province.addEventListener("change", () => { page = 0; render(); });
  render();
  main.append(el("section", { "aria-labelledby": "h-results" }, el("h2", { id: "h-results" }, t("gaps.results")),
    el("div", { class: "filters" },
      el("div", { class: "field" }, el("label", { for: "gaps-severity" }, t("gaps.severity")), severity),
      el("div", { class: "field" }, el("label", { for: "gaps-province" }, t("gaps.province")), province)),
    list, pager));
}

main();
