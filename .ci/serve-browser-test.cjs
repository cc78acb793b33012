// Drives headless Chromium over a running `repogov serve` (started by the Go test
// TestBrowser in server/browser_test.go): every page renders, logs no console error and
// requests nothing outside the origin; links resolve; filters work with and without
// JavaScript; a screenshot of each page goes to the directory given.
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
