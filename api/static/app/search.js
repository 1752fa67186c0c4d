// Search page (and home page): GET /queries/search, hits grouped as documents, tasks, agencies.
import {
  api, el, formatDate, hitLabel, hitUrl, initPage, kindLabel, pageUrl, param, provinceNames, showError, startMain, t,
} from "./common.js";

const GROUPS = [
  ["search.documents", (row) => row.kind !== "Task" && !AGENCY.has(row.kind)],
  ["search.tasks", (row) => row.kind === "Task"],
  ["search.agencies", (row) => AGENCY.has(row.kind)],
];
const AGENCY = new Set(["Agency", "CollectiveAssignee", "AdministrativeUnit"]);
const EXAMPLES = ["qd 569", "08-NQ/TU", "so khoa hoc va cong nghe", "2502/KH-UBND", "03/NQ-CP"];

/** The documents read from files (GET /queries/documents), newest first. */
async function documents(main) {
  let rows;
  try {
    rows = (await api("/queries/documents")).rows.filter((r) => r.ingested);
  } catch (error) {
    showError(main, error);
    return;
  }
  main.append(el("section", { "aria-labelledby": "h-docs" },
    el("h2", { id: "h-docs" }, `${t("home.documents")} (${rows.length})`),
    el("table", { "aria-labelledby": "h-docs" },
      el("thead", {}, el("tr", {}, ["doc.number", "doc.type", "doc.date", "doc.province", "doc.title"]
        .map((k) => el("th", { scope: "col" }, t(k))))),
      el("tbody", {}, rows.map((r) => el("tr", {},
        el("td", {}, el("a", { href: pageUrl("document", { id: r.document }) }, r.symbol ?? t("doc.unnumbered"))),
        el("td", {}, kindLabel(r.kind)), el("td", {}, formatDate(r.dateIssued)),
        el("td", {}, r.jurisdiction ?? ""), el("td", {}, r.title ?? "")))))));
}

async function main() {
  initPage();
  const q = param("q").trim();
  const main = startMain(t("search.title"));
  if (!q) {
    main.append(el("p", {}, t("search.intro")),
      el("h2", {}, t("search.examples")),
      el("ul", { class: "examples" }, EXAMPLES.map((x) => el("li", {}, el("a", { href: pageUrl("search", { q: x }) }, x)))));
    await documents(main);
    return;
  }
  let rows;
  let names;
  try {
    [rows, names] = await Promise.all([api("/queries/search", { text: q }).then((r) => r.rows), provinceNames()]);
  } catch (error) {
    showError(main, error);
    return;
  }
  main.append(el("p", { role: "status" }, rows.length ? t("search.results", { q, n: rows.length }) : t("search.none", { q })));
  for (const [key, keep] of GROUPS) {
    const hits = rows.filter(keep);
    if (!hits.length) continue;
    main.append(el("section", { "aria-labelledby": `h-${key}` },
      el("h2", { id: `h-${key}` }, `${t(key)} (${hits.length})`),
      el("ul", { class: "hits" }, hits.map((row) => el("li", {}, el("a", { href: hitUrl(row) }, hitLabel(row, names)))))));
  }
}

main();
