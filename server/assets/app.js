// repogov serve: progressive enhancement only. Every page reads and works without this
// script; with it, the repository filters apply as you type (and on change), fetching the
// server-rendered result from this origin (or, in a static export, filtering the rows of
// the page on the client).
"use strict";
(function () {
  const form = document.querySelector("form.filters");
  if (!form || !document.getElementById("results")) return;
  const exported = document.body.dataset.export === "true";
  let timer = 0;
  let seq = 0;
  function localFilter() {
    const q = (form.querySelector("[name=q]").value || "").toLowerCase();
    let shown = 0;
    for (const tr of document.querySelectorAll("#results tbody tr")) {
      const hit = (tr.dataset.search || "").includes(q);
      tr.hidden = !hit;
      if (hit) shown++;
    }
    const count = document.getElementById("count");
    if (count) count.textContent = shown + " shown on this page";
  }
  async function refresh() {
    if (exported) return localFilter();
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params]) if (v === "") params.delete(k);
    const url = form.getAttribute("action") + (params.toString() ? "?" + params : "");
    const mine = ++seq;
    const resp = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!resp.ok || mine !== seq) return;
    const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
    const fresh = doc.getElementById("results");
    if (!fresh) return;
    document.getElementById("results").replaceWith(fresh);
    history.replaceState(null, "", url);
  }
  form.addEventListener("submit", (e) => {
    if (!exported) return;
    e.preventDefault();
    localFilter();
  });
  form.addEventListener("input", (e) => {
    if (e.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  form.addEventListener("change", (e) => { if (e.target.tagName === "SELECT") refresh(); });
})();
