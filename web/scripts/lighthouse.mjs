// Lighthouse (npm `lighthouse`, its default mobile emulation: a mid-range phone, simulated slow 4G and a 4x
// slower CPU) on the learner's pages of a running dev server, signed in, in Debian's Chromium (CHROME_PATH);
// and Chromium's own installability check (CDP Page.getInstallabilityErrors; Lighthouse 12 has no PWA
// category any more). bench/lighthouse.py starts the server and the learner's enrolment and runs this.
//
//   BASE=http://127.0.0.1:3000 TOKENS='{"accessToken": …}' PAGES='["/app/", …]' CHROME_PATH=/usr/bin/chromium \
//     node web/scripts/lighthouse.mjs
//
// Signing in: the app keeps its tokens in sessionStorage (per tab); they are put there in the tab Lighthouse
// then drives, and storage is not reset between the audits (so the pages load as on a return visit, with the
// service worker installed and the app shell precached; the first warm-up visit installs it). Prints one JSON
// document: per page the three category scores (0-100) and the key timings, and the installability errors.

import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const BASE = (process.env.BASE ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const TOKENS = process.env.TOKENS ?? "";
const PAGES = JSON.parse(process.env.PAGES ?? '["/app/"]');
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices"];
const TIMINGS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

const browser = await puppeteer.launch({
  executablePath: CHROME_PATH,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${BASE}/app/`, { waitUntil: "networkidle0" });
  if (TOKENS) await page.evaluate((tokens) => sessionStorage.setItem("karmayogi.tokens", tokens), TOKENS);
  await page.reload({ waitUntil: "networkidle0" });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 30_000 });
  const cdp = await page.createCDPSession();
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  const results = [];
  for (const path of PAGES) {
    const runner = await lighthouse(`${BASE}${path}`, {
      logLevel: "error",
      output: "json",
      onlyCategories: CATEGORIES,
      disableStorageReset: true,
    }, undefined, page);
    const lhr = runner.lhr;
    results.push({
      path,
      finalUrl: lhr.finalDisplayedUrl,
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
      timings: Object.fromEntries(TIMINGS.map((a) => [a, lhr.audits[a]?.displayValue ?? null])),
      failedAudits: CATEGORIES.flatMap((c) => lhr.categories[c].auditRefs
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 0.9 && c !== "performance")
        .map((ref) => {
          const node = lhr.audits[ref.id].details?.items?.[0]?.node;
          return `${c}: ${ref.id}${node ? ` (${node.snippet ?? node.selector})` : ""}`;
        })),
      lighthouseVersion: lhr.lighthouseVersion,
      formFactor: lhr.configSettings.formFactor,
      throttling: lhr.configSettings.throttlingMethod,
    });
  }
  process.stdout.write(`${JSON.stringify({ installabilityErrors, pages: results }, null, 2)}\n`);
} finally {
  await browser.close();
}
