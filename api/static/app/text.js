// Source text at a quoted span: GET /queries/spans gives every span of a document's text
// that a fact was read from (the store keeps these, not the whole text); they are laid out
// at their character offsets, the gaps between them marked, the quoted span highlighted.
import { api, documentPath, el, initPage, local, pageUrl, param, showError, startMain, t } from "./common.js";

/** Runs of covered text: overlapping or touching spans merged, characters from their quotes. */
export function runs(spans) {
  const out = [];
  for (const span of [...spans].filter((s) => s.exact).sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) {
        last.text += span.exact.slice(last.end - span.start);
        last.end = span.end;
      }
    } else {
      out.push({ start: span.start, end: span.end, text: span.exact });
    }
  }
  return out;
}

async function main() {
  initPage();
  const documentIri = param("document");
  const start = Number(param("start"));
  const end = Number(param("end"));
  const main = startMain(t("text.title", { doc: local(documentIri) }));
  let spans;
  let info;
  try {
    [spans, info] = await Promise.all([
      api("/queries/spans", { document: documentIri }).then((r) => r.rows),
      api(documentPath(documentIri)).then((r) => r.document),
    ]);
  } catch (error) {
    showError(main, error);
    return;
  }
  const name = info.symbol ?? t("doc.unnumbered");
  main.querySelector("h1").textContent = t("text.title", { doc: name });
  main.append(el("p", { class: "note" }, t("text.note")),
    el("p", {}, el("a", { href: pageUrl("document", { id: info.iri }) }, t("text.back")), " · ",
      t("text.quoted", { start, end })));
  const box = el("div", { class: "spans", tabindex: "0", role: "region", "aria-label": t("doc.spanText") });
  let position = 0;
  let mark = null;
  for (const run of runs(spans)) {
    if (run.start > position) box.append(el("span", { class: "gap" }, t("text.gap", { n: run.start - position })));
    if (start >= run.start && end <= run.end && end > start) {
      mark = el("mark", { id: "quoted" }, run.text.slice(start - run.start, end - run.start));
      box.append(run.text.slice(0, start - run.start), mark, run.text.slice(end - run.start));
    } else {
      box.append(run.text);
    }
    position = run.end;
  }
  main.append(box);
  // scroll the text box, not the page, so that the heading stays in view
  if (mark) box.scrollTop = mark.offsetTop - box.clientHeight / 2;
}

main();
