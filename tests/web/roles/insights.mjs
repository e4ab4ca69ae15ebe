// Insights (issue 20): the MDO admin of MHA opens the org's dashboard, narrows the months, reads the same figures
// the API answers (charts and tables), and downloads the enrolments report; the SPV admin opens every org's
// dashboard and goes from it to one org's. The refresh runs first (the dev server's stand-in of the nightly job),
// so the figures include what the other journeys did. Every page is checked at phone and desktop width in
// English and Hindi (axe, no sideways scrolling).

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const ENGLISH_NUMBER = (n) => new Intl.NumberFormat("en-IN").format(n);

async function main() {
  const browser = await launchBrowser();
  try {
    let figures = null;
    await step("the nightly refresh runs now (dev server)", async () => {
      const response = await fetch(`${BASE}/_local/insights/refresh`, { method: "POST" });
      expect(response.status === 200, `refresh answered ${response.status}`);
      const run = await response.json();
      expect(run.aggregates > 0, "the refresh wrote aggregates");
    });
    await step("the API's figures for the admin's org", async () => {
      const token = await apiLogin(ACCOUNTS.admin);
      await ensureCompetencyProfile(token, "administration");
      const me = await apiAs(token, "GET", "/me");
      const answer = await apiAs(token, "GET", `/orgs/${encodeURIComponent(me.body.orgId)}/insights`);
      expect(answer.status === 200, `insights answered ${answer.status}`);
      figures = answer.body;
      expect(figures.reports.length === 4, "four reports are ready");
    });

    const { context, page } = await desktopPage(browser, { acceptDownloads: true });
    const main = page.getByRole("main");

    await step("the MDO admin opens Insights from Administration", async () => {
      await login(page, ACCOUNTS.admin.username, ACCOUNTS.admin.password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).first().click({ timeout: 15_000 });
      await heading(page, "Administration");
      await main.getByRole("link", { name: "Insights", exact: true }).click();
      await heading(page, `Insights — ${figures.orgName}`);
    });

    await step("the dashboard shows the API's totals and a table per chart", async () => {
      const total = main.locator(".ins-total", { hasText: "Enrolments" }).locator("dd");
      expect((await total.textContent()).trim() === ENGLISH_NUMBER(figures.totals.enrolments),
        `enrolments total ${await total.textContent()} = ${figures.totals.enrolments}`);
      const months = main.getByRole("region", { name: "By month" }).first().locator("tbody tr");
      expect(await months.count() === figures.byMonth.length, "one row per month of the range");
      const last = figures.byMonth[figures.byMonth.length - 1];
      const row = main.getByRole("region", { name: "By month" }).first().locator("tbody tr").last();
      expect((await row.locator("th").textContent()).trim() === last.month, "the last row is the range's last month");
      expect((await row.locator("td").nth(1).textContent()).trim() === ENGLISH_NUMBER(last.completions), "its completions");
      await main.locator("figure.org-chart-figure[data-ready=true]").first().waitFor({ timeout: 15_000 });
    });

    await step("narrow the range to the last month", async () => {
      const last = figures.byMonth[figures.byMonth.length - 1].month;
      await main.getByLabel("From", { exact: true }).fill(last);
      await main.getByLabel("To", { exact: true }).fill(last);
      await main.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/from=/);
      await page.waitForFunction(() => document.querySelectorAll("main .ins-table")[0]?.querySelectorAll("tbody tr").length === 1);
    });

    await step("download the enrolments report (CSV, escaped cells)", async () => {
      const button = main.locator('button[data-report="enrolments"]');
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), button.click()]);
      const file = await download.path();
      const { readFile } = await import("node:fs/promises");
      const text = await readFile(file, "utf8");
      expect(text.startsWith("\ufeffenrolment_id,user_id,employee_id,name,designation"), "the report's header");
      const rows = text.trim().split("\r\n").length - 1;
      const listed = figures.reports.find((r) => r.report === "enrolments").rows;
      expect(rows >= listed, `the file has its ${listed} rows (${rows} lines)`);
      expect(!/\r\n[=+@]/.test(text), "no line starts with a formula");
    });

    await step("the org dashboard everywhere", async () => {
      await everywhere(page, "/app/admin/insights", "insights-org", async (p) => { await p.locator("main .ins-table").first().waitFor(); });
    });
    await context.close();

    const { context: spvContext, page: spv } = await desktopPage(browser);
    const spvMain = spv.getByRole("main");
    await step("the SPV admin opens every org's insights", async () => {
      await ensureCompetencyProfile(await apiLogin(ACCOUNTS.spvAdmin), "Platform administration");
      await login(spv, ACCOUNTS.spvAdmin.username, ACCOUNTS.spvAdmin.password);
      await spv.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).first().click({ timeout: 15_000 });
      await heading(spv, "Administration");
      await spv.getByRole("main").getByRole("link", { name: "Insights across organisations" }).click();
      await heading(spv, "Insights across organisations");
      await spvMain.getByRole("link", { name: `Open ${figures.orgName}` }).waitFor();
    });
    await step("and from there one org's dashboard", async () => {
      await spvMain.getByRole("link", { name: `Open ${figures.orgName}` }).click();
      await heading(spv, `Insights — ${figures.orgName}`);
      const total = spvMain.locator(".ins-total", { hasText: "Enrolments" }).locator("dd");
      expect((await total.textContent()).trim() === ENGLISH_NUMBER(figures.totals.enrolments), "the same totals as the org's admin sees");
    });
    await step("every org's dashboard everywhere", async () => {
      await everywhere(spv, "/app/admin/insights/all", "insights-all", async (p) => { await p.locator("main .ins-table").first().waitFor(); });
    });
    await spvContext.close();
  } finally {
    await browser.close();
  }
}

runJourney("insights", main);
