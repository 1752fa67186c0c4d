// SPARQL page: YASGUI (@zazuko/yasgui, from npm) sending to this server's /sparql, with
// the ontology's prefixes and the named queries (GET /queries, /queries/{name}/sparql)
// as ready examples. Nothing is fetched from another host: the prefix and property
// look-ups YASGUI would make on the web are turned off.
import { api, el, initPage, startMain, t } from "./common.js";

const PREFIXES = {
  lo: "https://w3id.org/luocdo/ontology#", lod: "https://w3id.org/luocdo/id/",
  skos: "http://www.w3.org/2004/02/skos/core#", oa: "http://www.w3.org/ns/oa#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#", eli: "http://data.europa.eu/eli/ontology#",
  org: "http://www.w3.org/ns/org#", prov: "http://www.w3.org/ns/prov#", dcterms: "http://purl.org/dc/terms/",
};

async function main() {
  initPage();
  const main = startMain(t("sparql.title"));
  main.append(el("p", { class: "note" }, t("sparql.intro")));
  const examples = el("div", { class: "actions" }, el("span", { class: "note" }, `${t("sparql.examples")}:`));
  const box = el("div", { id: "yasgui" });
  main.append(examples, box);
  const Yasgui = window.Yasgui;
  const first = await fetch("/queries/documents/sparql").then((r) => r.text());
  const yasgui = new Yasgui(box, {
    requestConfig: { endpoint: "/sparql", method: "POST", acceptHeaderSelect: "application/sparql-results+json" },
    copyEndpointOnNewTab: false,
    showSnippetsBar: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: () => [{ endpoint: "/sparql" }] },
    yasqe: { value: first, autocompleters: ["variables"], resizeable: true, editorHeight: "320px" },
    yasr: { prefixes: PREFIXES },
  });
  const tab = yasgui.getTab();
  tab.getYasqe().addPrefixes(PREFIXES);
  tab.setQuery(first);
  let named = [];
  try {
    named = (await api("/queries")).filter((q) => q.params.every((p) => !p.required));
  } catch { named = []; }
  for (const q of named) {
    examples.append(el("button", { type: "button", title: q.summary, onclick: async () => {
      const text = await fetch(`/queries/${q.name}/sparql`).then((r) => r.text());
      yasgui.getTab().setQuery(text);
    } }, q.name));
  }
}

main();
