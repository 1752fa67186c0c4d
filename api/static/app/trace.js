// Trace page: GET /queries/trace_down or /queries/trace_up, shown as a collapsible tree
// (like `luocdo trace`) and as a Cytoscape graph with a hierarchical (dagre) layout.
// Large fan-outs (a plan's tasks) are collapsed into one group node until opened.
import {
  api, documentPath, el, evidenceLink, formatDate, initPage, kindLabel, local, pageUrl, param, shorten,
  showError, startMain, t,
} from "./common.js";

const RELATIONS = ["implements", "alignsWith", "basedOn", "cites", "replaces", "amends", "guides"];
const DEFAULT_RELATIONS = ["implements", "alignsWith"];
const GROUP_AT = 12; // more task children than this: one group node in the graph, closed in the tree
const COLOURS = { root: "#8a1c7c", document: "#1f6fb2", task: "#2e8b57", group: "#b5651d" };

const scopeOf = (iri) => (/\/eli\/([^/]+)\//.exec(iri ?? "") ?? [])[1] ?? "";

function nodeLabel(row, reached) {
  if (row.kind === "Task" || (reached ?? "").includes("/task/")) {
    return `${t("task.of", { n: row.taskNumber ?? local(reached), doc: row.plan ?? "" })}: ${shorten(row.content, 110)}`;
  }
  return [kindLabel(row.kind), row.symbol ?? local(reached)].filter(Boolean).join(" ");
}

function nodeUrl(iri, row) {
  if ((iri ?? "").includes("/task/")) return pageUrl("document", { id: iri.replace(/\/task\/.*$/, ""), task: iri });
  return pageUrl("document", { id: iri });
}

/** "Nhiệm vụ 3.1 của …/2502/ubnd" for a task IRI given without its row. */
function taskName(iri) {
  const m = /^(.*)\/task\/([^/]+)$/.exec(iri);
  return m ? t("task.of", { n: m[2], doc: m[1].replace(/^.*\/eli\//, "") }) : local(iri);
}

function filters(state, provinces) {
  const form = el("form", { class: "filters", method: "get", action: "/app/trace" },
    el("input", { type: "hidden", name: "id", value: state.id }));
  const direction = el("select", { name: "direction", id: "f-direction" },
    ["down", "up"].map((d) => el("option", { value: d, selected: d === state.direction }, t(`trace.${d}`))));
  const relations = el("fieldset", { class: "checks" }, el("legend", {}, t("trace.relation")),
    RELATIONS.map((r) => el("label", {}, el("input", { type: "checkbox", name: "relations", value: r, checked: state.relations.includes(r) }), ` ${t(`edge.${r}`)}`)));
  const province = el("select", { name: "province", id: "f-province" },
    el("option", { value: "" }, t("trace.allProvinces")),
    provinces.map((p) => el("option", { value: local(p.unit), selected: local(p.unit) === state.province }, p.name)));
  const depth = el("select", { name: "depth", id: "f-depth" },
    el("option", { value: "" }, "∞"), [1, 2, 3, 4, 5].map((d) => el("option", { value: d, selected: String(d) === state.depth }, String(d))));
  form.append(
    el("label", { for: "f-direction" }, t("trace.switchDir"), direction),
    relations,
    el("label", { for: "f-province" }, t("trace.province"), province),
    el("label", { for: "f-depth" }, t("trace.depth"), depth),
    el("button", { type: "submit" }, t("trace.apply")));
  return form;
}

/** The hops of the trace, kept by the depth and province filters, as from -> [rows]. */
function hops(rows, state) {
  const down = state.direction === "down";
  const children = new Map();
  const context = new Map(); // task -> its plan, for tasks reached without their plan
  for (const row of rows) {
    if (row.context) { context.set(row.child, row); continue; }
    if (state.depth && row.depth > Number(state.depth)) continue;
    const reached = down ? row.child : row.parent;
    if (state.province && !scopeOf(reached).endsWith(state.province) && scopeOf(reached) !== state.province) continue;
    const from = down ? row.parent : row.child;
    if (!children.has(from)) children.set(from, []);
    children.get(from).push({ ...row, reached, from });
  }
  return { children, context };
}

function who(row) {
  const parts = [];
  if (row.lead) parts.push(`${t("tasks.lead")}: ${row.lead}`);
  if (row.coordinators) parts.push(`${t("tasks.coordinators")}: ${row.coordinators}`);
  if (row.timeframe) parts.push(`${t("tasks.timeframe")}: ${row.timeframe}`);
  if (row.product) parts.push(`${t("tasks.product")}: ${row.product}`);
  return parts.join(" · ");
}

/** Opens or closes the list after a tree node's toggle button. */
function setOpen(toggle, open) {
  toggle.setAttribute("aria-expanded", String(open));
  const list = toggle.parentElement.querySelector(":scope > ul");
  if (list) list.hidden = !open;
}

function tree(root, rootLabel, graph) {
  const seen = new Set([root]);
  function item(row) {
    const line = [el("a", { href: nodeUrl(row.reached, row) }, nodeLabel(row, row.reached)),
      " ", el("span", { class: "rel" }, `— ${t(`edge.${local(row.relation)}`)}`)];
    const ev = evidenceLink(row.evidenceDocument, row.evidenceStart, row.evidenceEnd, row.evidenceText && shorten(row.evidenceText, 80));
    const details = [];
    if (who(row)) details.push(el("span", { class: "who" }, who(row)));
    const ctx = graph.context.get(row.reached);
    if (ctx && ctx.parent !== row.from) {
      details.push(el("span", { class: "who" }, "↳ ", el("a", { href: nodeUrl(ctx.parent) }, `${kindLabel("Plan")} ${row.plan ?? ctx.plan ?? local(ctx.parent)}`)));
    }
    if (ev) details.push(el("span", { class: "who" }, ev));
    const below = seen.has(row.reached) ? [] : graph.children.get(row.reached) ?? [];
    seen.add(row.reached);
    if (!below.length) return el("li", {}, el("span", { class: "leaf" }), line, details);
    const open = below.length <= GROUP_AT;
    const list = el("ul", { hidden: !open }, below.map(item));
    const toggle = el("button", { type: "button", class: "toggle", "aria-expanded": String(open),
      "aria-label": t("tree.toggle", { name: nodeLabel(row, row.reached) }) });
    toggle.addEventListener("click", () => setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true"));
    return el("li", {}, toggle, line, ` (${below.length})`, details, list);
  }
  const top = graph.children.get(root) ?? [];
  return el("div", { class: "tree" }, el("ul", {}, el("li", {}, el("strong", {}, rootLabel),
    el("ul", {}, top.map(item)))));
}

function drawGraph(container, root, rootLabel, graph) {
  const cy = window.cytoscape({
    container,
    maxZoom: 1.3,
    minZoom: 0.2,
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "data(colour)", color: "#1b1f24", "font-size": 11,
        "text-wrap": "wrap", "text-max-width": 130, "text-valign": "bottom", "text-margin-y": 3, width: 16, height: 16 } },
      { selector: "node.group", style: { shape: "round-rectangle", width: 26, height: 18 } },
      { selector: "node.root", style: { width: 22, height: 22, "font-weight": "bold", "font-size": 12 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 9, color: "#4a5563", width: 1.2, "line-color": "#9aa5b1",
        "target-arrow-shape": "triangle", "target-arrow-color": "#9aa5b1", "curve-style": "bezier", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge.context", style: { "line-style": "dashed" } },
    ],
  });
  const added = new Set();
  const addNode = (id, label, kind, extra = {}) => {
    if (added.has(id)) return;
    added.add(id);
    cy.add({ group: "nodes", data: { id, label, colour: COLOURS[kind], ...extra }, classes: kind });
  };
  addNode(root, rootLabel.split(" (")[0].split(" — ")[0], "root", { url: nodeUrl(root) });
  const expanded = new Set();
  const edge = (from, to, relation) => {
    const id = `${from}|${to}|${relation}`;
    if (!cy.getElementById(id).length) cy.add({ group: "edges", data: { id, source: from, target: to, label: t(`edge.${local(relation)}`) } });
  };
  function grow(from, visited = new Set()) {
    if (visited.has(from)) return;
    visited.add(from);
    const below = graph.children.get(from) ?? [];
    const tasks = below.filter((r) => local(r.relation) === "taskOf" || local(r.relation) === "parentTask");
    const grouped = tasks.length > GROUP_AT && !expanded.has(from);
    for (const row of below) {
      if (grouped && tasks.includes(row)) continue;
      const isTask = row.reached.includes("/task/");
      addNode(row.reached, shorten(nodeLabel(row, row.reached), 60), isTask ? "task" : "document", { url: nodeUrl(row.reached, row) });
      edge(from, row.reached, row.relation);
      // a task reached without its plan: the plan beside it, joined by a dashed edge
      const ctx = graph.context.get(row.reached);
      if (ctx && !added.has(ctx.parent)) {
        addNode(ctx.parent, `${kindLabel("Plan")} ${row.plan ?? local(ctx.parent)}`, "document", { url: nodeUrl(ctx.parent) });
        const id = `${ctx.parent}|${row.reached}|context`;
        cy.add({ group: "edges", data: { id, source: ctx.parent, target: row.reached, label: t("edge.taskOf") }, classes: "context" });
      }
      grow(row.reached, visited);
    }
    if (grouped) {
      const id = `group:${from}`;
      addNode(id, t("trace.group", { n: tasks.length, doc: cy.getElementById(from).data("label") ?? "" }), "group", { from });
      edge(from, id, tasks[0].relation);
    }
  }
  const layout = () => cy.layout({ name: "dagre", rankDir: "TB", nodeSep: 30, rankSep: 70, nodeDimensionsIncludeLabels: true, fit: true, padding: 24, animate: false }).run();
  grow(root);
  layout();
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.hasClass("group")) {
      expanded.add(node.data("from"));
      cy.remove(node);
      grow(root);
      layout();
    } else if (node.data("url")) {
      location.href = node.data("url");
    }
  });
  return cy;
}

async function main() {
  initPage();
  const state = {
    id: param("id"), direction: param("direction") === "up" ? "up" : "down",
    relations: new URLSearchParams(location.search).getAll("relations").filter((r) => RELATIONS.includes(r)),
    province: param("province"), depth: param("depth"),
  };
  if (!state.relations.length) state.relations = DEFAULT_RELATIONS;
  const main = startMain(t("trace.title", { direction: t(`trace.${state.direction}`), doc: state.id }));
  let rows;
  let info = null;
  let provinces = [];
  try {
    [rows, info, provinces] = await Promise.all([
      api(`/queries/trace_${state.direction}`, { document: state.id, relations: state.relations.join(" ") }).then((r) => r.rows),
      // a task has no document of its own (GET /documents would answer 404)
      state.id.includes("/task/") ? null : api(documentPath(state.id)).then((r) => r.document).catch(() => null),
      api("/queries/provinces").then((r) => r.rows).catch(() => []),
    ]);
  } catch (error) {
    showError(main, error);
    return;
  }
  const root = info?.iri ?? (rows[0] ? (state.direction === "down" ? rows[0].parent : rows[0].child) : state.id);
  const rootLabel = info ? [kindLabel(info.kind), info.symbol].filter(Boolean).join(" ")
    + (info.jurisdiction ? ` (${info.jurisdiction})` : "") + (info.dateIssued ? `, ${formatDate(info.dateIssued)}` : "")
    + (info.ingested ? "" : ` — ${t("doc.citedOnly")}`) : taskName(state.id);
  main.querySelector("h1").textContent = t("trace.title", { direction: t(`trace.${state.direction}`), doc: info?.symbol ?? (info ? state.id : rootLabel) });
  const graph = hops(rows, state);
  const reached = new Set([...graph.children.values()].flat().map((r) => r.reached));
  const tasks = [...reached].filter((x) => x.includes("/task/")).length;
  main.append(filters(state, provinces),
    el("p", { role: "status" }, t("trace.summary", { docs: reached.size - tasks, tasks })),
    el("div", { class: "actions" }, el("span", { class: "note" }, `${t("doc.export")}:`),
      ["gexf", "graphml", "cyjs"].map((f) => el("a", { class: "button",
        href: `/export?format=${f}&focus=${encodeURIComponent(root)}&depth=${state.depth || 3}` }, t(`export.${f}`)))));
  if (!reached.size) { main.append(el("p", {}, t("trace.none", { direction: t(`trace.${state.direction}`) }))); return; }
  const treeTab = el("button", { type: "button", role: "tab", id: "tab-tree", "aria-selected": "true", "aria-controls": "panel-tree" }, t("trace.tree"));
  const graphTab = el("button", { type: "button", role: "tab", id: "tab-graph", "aria-selected": "false", "aria-controls": "panel-graph", tabindex: "-1" }, t("trace.graph"));
  const treePanel = el("div", { role: "tabpanel", id: "panel-tree", "aria-labelledby": "tab-tree" },
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => treePanel.querySelectorAll("button.toggle").forEach((b) => setOpen(b, true)) }, t("trace.expandAll")),
      el("button", { type: "button", onclick: () => treePanel.querySelectorAll("button.toggle").forEach((b) => setOpen(b, false)) }, t("trace.collapseAll"))),
    tree(root, rootLabel, graph));
  const canvas = el("div", { id: "graph", role: "img", "aria-label": t("trace.graph") });
  const graphPanel = el("div", { role: "tabpanel", id: "panel-graph", "aria-labelledby": "tab-graph", hidden: true },
    el("p", { class: "note" }, t("trace.graphHelp")),
    el("div", { class: "legend" }, el("span", { class: "doc" }, t("kind.document")), el("span", { class: "task" }, t("kind.Task")),
      el("span", { class: "group" }, t("kind.TaskGroup"))),
    canvas);
  let cy = null;
  const select = (tab) => {
    for (const [button, panel] of [[treeTab, treePanel], [graphTab, graphPanel]]) {
      const on = button === tab;
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
      panel.hidden = !on;
    }
    if (tab === graphTab && !cy) cy = drawGraph(canvas, root, rootLabel, graph);
    tab.focus();
  };
  treeTab.addEventListener("click", () => select(treeTab));
  graphTab.addEventListener("click", () => select(graphTab));
  for (const tab of [treeTab, graphTab]) {
    tab.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") select(tab === treeTab ? graphTab : treeTab);
    });
  }
  main.append(el("div", { role: "tablist", "aria-label": t("trace.title", { direction: "", doc: "" }) }, treeTab, graphTab), treePanel, graphPanel);
  if (param("view") === "graph") select(graphTab);
}

main();
