// Drives headless Chromium over the HTML report: see browser-test.sh.
"use strict";
const { chromium } = require("playwright-core");

const file = process.argv[2];
let failures = 0;
function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures++;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    const requests = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.type() + ": " + m.text()); });
    page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.goto("file://" + file, { waitUntil: "load" });

    check(await page.title() !== "", "the page has a title");
    const rows = page.locator("#matrix tbody tr");
    const total = await rows.count();
    check(total > 0, `the matrix renders (${total} repositories)`);
    check(await page.locator("#fig-scanned").isVisible(), "headline figures are visible");
    check(await page.locator("svg.bar").count() > 0 && await page.locator("svg.bar rect").count() > 0, "a bar chart per rule renders");
    const visible = async () => page.locator("#matrix tbody tr:not([hidden])").count();

    // Filter by name: the first repository's name matches at least itself.
    const first = await rows.first().getAttribute("data-name");
    await page.fill("#filter", first);
    const byName = await visible();
    check(byName >= 1 && byName < total, `name filter "${first}" shows ${byName} of ${total}`);
    check((await page.textContent("#count")).includes(`${byName} of ${total}`), "the count announces the filter");
    await page.fill("#filter", "no-such-repository-xyz");
    check(await visible() === 0, "a name matching nothing hides every row");
    await page.fill("#filter", "");
    check(await visible() === total, "clearing the filter shows every row");

    // Status filter: "fail" shows exactly the rows with a failing cell.
    const failing = await page.locator('#matrix tbody tr:has(td[data-status="fail"])').count();
    await page.selectOption("#status-filter", "fail");
    check(await visible() === failing, `status filter "fail" shows the ${failing} failing repositories`);
    const compliant = await page.locator('#matrix tbody tr[data-statuses~="compliant"]').count();
    await page.selectOption("#status-filter", "compliant");
    check(await visible() === compliant, `status filter "compliant" shows ${compliant}`);
    const hiddenDetails = await page.locator("details[hidden]").count();
    check(hiddenDetails === total - compliant, "filtering hides the matching drill-down sections too");
    await page.selectOption("#status-filter", "");

    // Rule + status filter.
    const rule = await page.locator("#rule-filter option").nth(1).getAttribute("value");
    const rulePass = await page.locator(`#matrix tbody tr:has(td[data-rule="${rule}"][data-status="pass"])`).count();
    await page.selectOption("#rule-filter", rule);
    await page.selectOption("#status-filter", "pass");
    check(await visible() === rulePass, `rule ${rule} = pass shows ${rulePass}`);
    await page.selectOption("#rule-filter", "");
    await page.selectOption("#status-filter", "");

    // Sorting by score, both ways.
    const scores = async () => (await page.$$eval("#matrix tbody tr", (trs) => trs.map((tr) => parseFloat(tr.cells[1].getAttribute("data-sort")))));
    await page.click("#matrix thead th:nth-child(2) button");
    let s = await scores();
    check(s.every((v, i) => i === 0 || s[i - 1] <= v), "sorting by score ascending");
    await page.click("#matrix thead th:nth-child(2) button");
    s = await scores();
    check(s.every((v, i) => i === 0 || s[i - 1] >= v), "sorting by score descending");
    check(await page.getAttribute("#matrix thead th:nth-child(2)", "aria-sort") === "descending", "aria-sort follows the sort");

    // Drill-down: the repository link opens its details.
    const link = page.locator("#matrix tbody tr a.drill").first();
    const target = (await link.getAttribute("href")).slice(1);
    await link.click();
    check(await page.locator(`details#${target}`).evaluate((d) => d.open), "a repository link opens its findings");

    // The embedded data parses and agrees with the page.
    const n = await page.evaluate(() => JSON.parse(document.getElementById("report-data").textContent).repositories.length);
    check(n === total, "embedded JSON data matches the matrix");

    await page.screenshot({ path: process.env.SCREENSHOT || "/tmp/repogov-report.png", fullPage: false });
    check(requests.length === 0, "no network requests" + (requests.length ? ": " + requests.join(", ") : ""));
    check(problems.length === 0, "no console errors" + (problems.length ? ": " + problems.join(" | ") : ""));
  } finally {
    await browser.close();
  }
  console.log(failures === 0 ? "browser test: all checks passed" : `browser test: ${failures} checks failed`);
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
