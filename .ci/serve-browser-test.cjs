// Drives headless Chromium over a running `repogov serve` (started by the Go test
// TestBrowser in server/browser_test.go): every page renders, logs no console error and
// requests nothing outside the origin; links resolve; filters work with and without
// JavaScript; every text meets WCAG AA contrast and every control is reachable by keyboard
// with a visible focus ring, in the light and the dark scheme; a screenshot of each page
// goes to the directory given.
"use strict";
const { chromium } = require("playwright-core");

const [base, shots, repoPath, rulePath, diffPath, token] = process.argv.slice(2);
const origin = new URL(base).origin;
let failures = 0;
function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures++;
}

async function watch(page) {
  const problems = [];
  const outside = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.type() + ": " + m.text()); });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("request", (r) => { const u = r.url(); if (!u.startsWith(origin + "/") && !u.startsWith("data:")) outside.push(u); });
  return { problems, outside };
}

// contrastAudit runs in the page: for every visible element that shows text (text nodes,
// form controls, placeholders, SVG text), its colour against its effective background —
// the first opaque background up the ancestors, with the translucent ones between and
// every ancestor's opacity blended in — and the WCAG 2 AA threshold (4.5:1; 3:1 for large
// text: ≥ 24px, or ≥ 18.66px bold). Returns what it checked and what fails.
function contrastAudit() {
  function parse(c) {
    const m = /^rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)$/.exec(c.trim());
    if (!m) return null;
    let a = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4] && m[4].endsWith("%")) a /= 100;
    return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), a];
  }
  const over = (top, under) => { // top composited over an opaque colour
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const unknown = [];
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage && cs.backgroundImage !== "none") unknown.push(describe(el) + ": background image on " + e.tagName);
      const c = parse(cs.backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    // The canvas under everything: the root's colour scheme decides it.
    let bg = matchMedia("(prefers-color-scheme: dark)").matches ? [18, 18, 18, 1] : [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  }
  function opacity(el) {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  }
  function describe(el) {
    let d = el.tagName.toLowerCase();
    if (el.id) d += "#" + el.id;
    else if (el.classList.length) d += "." + [...el.classList].join(".");
    const parent = el.closest("[id], table, nav, header, form, svg");
    if (parent && parent !== el) d = (parent.id ? "#" + parent.id : parent.tagName.toLowerCase()) + " " + d;
    return d;
  }
  function visible(el) {
    const cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && cs.display !== "none" && el.getClientRects().length > 0;
  }
  const targets = new Map(); // element -> what text (for the report)
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || ["SCRIPT", "STYLE", "OPTION", "TITLE"].includes(el.tagName)) continue;
    if (!targets.has(el)) targets.set(el, n.textContent.trim());
  }
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    targets.set(el, el.tagName === "SELECT" ? (el.selectedOptions[0] || {}).textContent || "" : el.value || "(control)");
  }
  const failures = [];
  let checked = 0;
  function check(el, text, fgCss, pseudo) {
    const cs = getComputedStyle(el);
    const fg0 = parse(fgCss);
    if (!fg0) { unknown.push(describe(el) + ": colour " + fgCss); return; }
    const bg = background(el);
    const fg = over([fg0[0], fg0[1], fg0[2], fg0[3] * opacity(el)], bg);
    const size = parseFloat(cs.fontSize);
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    const need = large ? 3 : 4.5;
    const r = ratio(fg, bg);
    checked++;
    if (r + 1e-9 < need) {
      const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
      failures.push(`${describe(el)}${pseudo || ""} "${text.slice(0, 30)}": ${r.toFixed(2)}:1 < ${need}:1 (${hex(fg)} on ${hex(bg)}, ${size}px${bold ? " bold" : ""})`);
    }
  }
  for (const [el, text] of targets) {
    if (!visible(el)) continue;
    const svgText = el instanceof SVGElement;
    const cs = getComputedStyle(el);
    check(el, text, svgText ? cs.fill : cs.color);
    if ((el.tagName === "INPUT" || el.tagName === "TEXTAREA") && el.placeholder && !el.value) {
      check(el, el.placeholder, getComputedStyle(el, "::placeholder").color, "::placeholder");
    }
  }
  return { checked, failures, unknown };
}

// keyboardAudit tabs through the page from the top: the first stop is the skip link, every
// focusable control is reached, and each shows a focus indicator (outline or box-shadow).
async function keyboardAudit(page, name) {
  const want = await page.$$eval("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea, summary, [tabindex]:not([tabindex='-1'])",
    (els) => els.filter((e) => e.getClientRects().length > 0 || e.classList.contains("skip")).map((e, i) => { e.dataset.kbd = String(i); return i; }).length);
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  const reached = new Set();
  const unfocused = [];
  let first = null;
  for (let step = 0; step < want + 5; step++) {
    await page.keyboard.press("Tab");
    const st = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const cs = getComputedStyle(e);
      const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow && cs.boxShadow !== "none");
      return { kbd: e.dataset.kbd, cls: e.className, what: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " + (e.textContent || e.name || "").trim().slice(0, 30), ring, fv: e.matches(":focus-visible") };
    });
    if (!st) break; // focus left the document: the cycle is complete
    if (first === null) first = st;
    if (st.kbd !== undefined && reached.has(st.kbd)) break;
    if (st.kbd !== undefined) reached.add(st.kbd);
    if (!st.ring || !st.fv) unfocused.push(st.what);
  }
  check(first && first.cls === "skip", `${name}: the first Tab stop is the skip link (${first && first.what})`);
  check(reached.size === want, `${name}: Tab reaches every one of the ${want} controls and links (${reached.size} reached)`);
  check(unfocused.length === 0, `${name}: every focused control shows a focus ring ${unfocused.slice(0, 10).join(", ")}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Sign in through the form: the server was started with --auth-token-file.
    {
      const page = await ctx.newPage();
      const w = await watch(page);
      const resp = await page.goto(base + "/", { waitUntil: "load" });
      check(new URL(page.url()).pathname === "/login", "an unauthenticated visit lands on the login form");
      await page.screenshot({ path: `${shots}/login.png` });
      await page.fill("#token", "wrong");
      await page.click("button[type=submit]");
      check(await page.locator(".error").isVisible(), "a wrong token is refused");
      w.problems.length = 0; // the refused login's 401 is logged by the browser as a failed load
      await page.fill("#token", token);
      await page.click("button[type=submit]");
      await page.waitForLoadState("load");
      check(new URL(page.url()).pathname === "/", "the right token signs in and returns to the page asked for");
      const cookies = await ctx.cookies();
      const c = cookies.find((c) => c.name === "repogov_session");
      check(c && c.httpOnly && c.sameSite === "Strict", "the session cookie is HttpOnly and SameSite=Strict");
      check(w.problems.length === 0, "login: no console errors " + w.problems.join("; "));
      void resp;
      await page.close();
    }
    const pages = [
      ["overview", "/"],
      ["repositories", "/repos"],
      ["repositories-filtered", "/repos?rule=readme&status=fail&sort=score"],
      ["repository", repoPath],
      ["rule", rulePath],
      ["runs", "/runs"],
      ["diff", diffPath],
      ["teams", "/teams"],
    ];
    const links = new Set();
    for (const [name, path] of pages) {
      const page = await ctx.newPage();
      const w = await watch(page);
      const resp = await page.goto(base + path, { waitUntil: "load" });
      check(resp.status() === 200, `${name}: ${path} answers 200`);
      check((await page.title()).endsWith("· repogov"), `${name}: has a title`);
      check(await page.locator("h1").count() === 1, `${name}: one h1`);
      check(await page.locator("main table, main svg, main p").count() > 0, `${name}: renders content`);
      const unlabelled = await page.$$eval("input:not([type=hidden]), select", (els) => els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.name));
      check(unlabelled.length === 0, `${name}: every control has a label ${unlabelled.join(",")}`);
      for (const href of await page.$$eval("a[href]", (as) => as.map((a) => a.href))) {
        if (href.startsWith(origin + "/")) links.add(href.split("#")[0]);
      }
      await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
      check(w.problems.length === 0, `${name}: no console errors or warnings ${w.problems.join("; ")}`);
      check(w.outside.length === 0, `${name}: no request leaves the origin ${w.outside.join(" ")}`);
      await page.close();
    }

    // Contrast (WCAG AA) and keyboard access of every page in both colour schemes.
    for (const scheme of ["light", "dark"]) {
      const sctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, storageState: await ctx.storageState() });
      const audited = [...pages, ["login", "/login"], ["login-refused", "/login"]];
      for (const [name, path] of audited) {
        const page = await sctx.newPage();
        await page.goto(base + path, { waitUntil: "load" });
        if (name === "login-refused") {
          await page.fill("#token", "wrong");
          await page.click("button[type=submit]");
          await page.waitForLoadState("load");
        }
        const a = await page.evaluate(contrastAudit);
        check(a.checked > 5 && a.unknown.length === 0, `${name} (${scheme}): ${a.checked} texts audited for contrast ${a.unknown.slice(0, 5).join("; ")}`);
        check(a.failures.length === 0, `${name} (${scheme}): every text meets WCAG AA contrast` + a.failures.map((f) => "\n       " + f).join(""));
        if (name !== "login-refused") await keyboardAudit(page, `${name} (${scheme})`);
        await page.close();
      }
      await sctx.close();
    }

    // Every link on those pages resolves.
    const broken = [];
    for (const href of links) {
      const r = await ctx.request.get(href);
      if (r.status() !== 200) broken.push(`${href} → ${r.status()}`);
    }
    check(broken.length === 0, `all ${links.size} same-origin links answer 200 ${broken.slice(0, 5).join(", ")}`);

    // Filters as you type (JavaScript) agree with the JSON API.
    {
      const page = await ctx.newPage();
      const w = await watch(page);
      await page.goto(base + "/repos", { waitUntil: "load" });
      const api = async (q) => (await (await ctx.request.get(base + "/api/v1/repositories?" + q)).json()).total;
      const want = await api("q=repo-0000");
      await page.fill("#f-q", "repo-0000");
      await page.waitForFunction((n) => document.getElementById("count").textContent.startsWith(n + " "), want, { timeout: 5000 });
      const names = await page.$$eval("#results tbody tr td:first-child a", (as) => as.map((a) => a.textContent));
      check(names.length > 0 && names.every((n) => n.includes("repo-0000")), `typing filters the list (${want} matches)`);
      check(page.url().includes("q=repo-0000"), "the address follows the filter");
      const wantFail = await api("q=repo-0000&rule=readme&status=fail");
      await page.selectOption("#f-rule", "readme");
      await page.selectOption("#f-status", "fail");
      await page.waitForFunction((n) => document.getElementById("count").textContent.startsWith(n + " "), wantFail, { timeout: 5000 });
      check(true, `rule + status selects filter (${wantFail} matches)`);
      // Keyboard: the first Tab reaches the skip link, the next ones the navigation.
      await page.goto(base + "/repos", { waitUntil: "load" });
      await page.keyboard.press("Tab");
      check(await page.evaluate(() => document.activeElement.className) === "skip", "the first Tab stop is the skip link");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      check(await page.evaluate(() => document.activeElement.textContent) === "Overview", "Tab moves on to the navigation");
      check(w.problems.length === 0, "filtering: no console errors " + w.problems.join("; "));
      await page.close();
    }
    // Without JavaScript the form still filters (server-side).
    {
      const nojs = await browser.newContext({ javaScriptEnabled: false, storageState: await ctx.storageState() });
      const page = await nojs.newPage();
      await page.goto(base + "/repos", { waitUntil: "load" });
      await page.selectOption("#f-status", "compliant");
      await page.click("form.filters button[type=submit]");
      await page.waitForLoadState("load");
      check(page.url().includes("status=compliant"), "without JavaScript the filter form submits");
      const rows = await page.locator("#results tbody tr").count();
      const total = (await (await ctx.request.get(base + "/api/v1/repositories?status=compliant")).json()).total;
      check(rows === Math.min(total, 50), `without JavaScript the filtered list shows ${rows} rows`);
      await page.goto(base + "/repos", { waitUntil: "load" });
      const next = page.locator("a[rel=next]");
      if (await next.count()) {
        await next.click();
        await page.waitForLoadState("load");
        check(page.url().includes("page=2"), "pagination links work");
      }
      await nojs.close();
    }
    // Dark mode follows prefers-color-scheme.
    {
      const page = await ctx.newPage();
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(base + "/", { waitUntil: "load" });
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      check(bg === "rgb(13, 17, 23)", `dark mode background (${bg})`);
      await page.screenshot({ path: `${shots}/overview-dark.png` });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  if (failures > 0) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
})().catch((e) => { console.error(e); process.exit(1); });
