// The MDO admin's journey (MHA): finds people, grants and removes a role, suspends and restores a learner,
// edits a designation's requirements, previews and applies a CSV, creates a competency building plan, assigns
// it by designation and by person, publishes it, follows its per-person progress, retires it, and reads the
// gaps chart and the leaderboard. Every page it uses is checked at phone and desktop width in both languages.

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const LEARNER = "Priya Sharma"; // the seeded learner of MHA
const DESIGNATION = "ae"; // Assistant Engineer: nobody of MHA holds it, so the edits change nobody's gaps

async function ensureProfile(account) {
  const token = await apiLogin(account);
  await ensureCompetencyProfile(token, "administration");
  return token;
}

async function main() {
  const browser = await launchBrowser();
  const suffix = Date.now();
  try {
    await step("the admin's competency profile is filled in (API)", async () => { await ensureProfile(ACCOUNTS.admin); });
    const { page } = await desktopPage(browser);
    const main = page.locator("main");

    await step("log in as the MDO admin and open Administration", async () => {
      await login(page, ACCOUNTS.admin.username, ACCOUNTS.admin.password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).first().click({ timeout: 15_000 }).catch(async () => {
        await page.goto(`${BASE}/app/admin`);
      });
      await heading(page, "Administration");
      for (const card of ["People of the organisation", "Designation requirements", "Competency building plans", "Leaderboard"]) {
        expect(await main.getByRole("link", { name: card }).count() === 1, `the workspace links to ${card}`);
      }
    });

    await step("search the org's people by name", async () => {
      await page.goto(`${BASE}/app/admin/people`);
      await heading(page, "People of the organisation");
      await page.getByRole("searchbox", { name: "Search people by name" }).fill("pri");
      await main.getByRole("button", { name: "Search" }).click();
      await page.waitForFunction(() => {
        const found = [...document.querySelectorAll("main article.org-person h3")].map((el) => el.textContent);
        return found.length === 1 && found[0].startsWith("Priya Sharma");
      }, null, { timeout: 15_000 });
    });

    const card = main.locator("article.org-person", { hasText: LEARNER });
    await step("grant a role and remove it again (with a confirmation)", async () => {
      await card.getByLabel("Grant a role").selectOption("CONTENT_CREATOR");
      await card.getByRole("button", { name: `Grant: ${LEARNER}` }).click();
      await card.getByText(`Content creator granted to ${LEARNER}.`).waitFor();
      await card.getByRole("button", { name: `Remove: Content creator, ${LEARNER}` }).click();
      await card.getByText(`Remove the role Content creator from ${LEARNER}?`).waitFor();
      await card.getByRole("button", { name: "Yes, remove the role" }).click();
      await card.getByText(`Content creator removed from ${LEARNER}.`).waitFor();
      expect(await card.getByRole("button", { name: `Remove: Content creator, ${LEARNER}` }).count() === 0, "the role is gone");
    });

    await step("suspend the learner and restore the account", async () => {
      await card.getByRole("button", { name: `Suspend account: ${LEARNER}` }).click();
      await card.getByRole("button", { name: "Yes, suspend" }).click();
      await card.getByText(`The account of ${LEARNER} is suspended.`).waitFor();
      const refused = await fetch(`${BASE}/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ACCOUNTS.learner) });
      expect(refused.status >= 400, `a suspended account cannot log in (${refused.status})`);
      await card.getByRole("button", { name: `Restore account: ${LEARNER}` }).click();
      await card.getByRole("button", { name: "Yes, restore" }).click();
      await card.getByText(`The account of ${LEARNER} is restored.`).waitFor();
      const back = await fetch(`${BASE}/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ACCOUNTS.learner) });
      expect(back.status === 200, `the restored account logs in again (${back.status})`);
    });

    await step("people page everywhere", async () => {
      await everywhere(page, "/app/admin/people?q=pri", "mdo-admin-people", async (p) => { await p.locator("article.org-person").first().waitFor(); });
    });

    const level = 1 + (suffix % 5);
    const csvLevel = (level % 5) + 1;
    await step("edit a designation's requirements", async () => {
      await page.goto(`${BASE}/app/admin/requirements`);
      await heading(page, "Designation requirements");
      const mapping = main.locator(`article.org-mapping[data-designation-id="${DESIGNATION}"]`);
      await mapping.getByRole("button", { name: /^Edit requirements/ }).click();
      const selects = mapping.locator("select[name=competencyId]");
      const values = await selects.evaluateAll((els) => els.map((el) => el.value));
      let index = values.indexOf("c-communication");
      if (index < 0) {
        await mapping.getByRole("button", { name: "Add a competency" }).click();
        index = values.length;
        await selects.nth(index).selectOption("c-communication");
      }
      await mapping.locator("select[name=level]").nth(index).selectOption(String(level));
      await mapping.getByRole("button", { name: "Save requirements" }).click();
      await mapping.getByText("Requirements of Assistant Engineer saved.").waitFor();
      const row = mapping.locator("tr", { hasText: "Communication" });
      expect((await row.locator("td").nth(1).textContent()).trim() === String(level), "the table shows the new level");
    });

    await step("upload a CSV: preview what changes, then apply it", async () => {
      const csv = `designationId,competencyId,level\n${DESIGNATION},c-communication,${csvLevel}\nastronaut,c-integrity,2\n`;
      await page.getByLabel("Or paste the CSV").fill(csv);
      await main.getByRole("button", { name: "Preview changes" }).click();
      await main.getByText("Preview: 1 changes, 1 rows with problems. Nothing is saved yet.").waitFor();
      const preview = main.getByRole("region", { name: "What the file would change" });
      const cells = await preview.locator("tbody tr td").allTextContents();
      expect(cells.join("|") === `2|Assistant Engineer|Communication|${level}|${csvLevel}`, `the preview shows the change: ${cells.join("|")}`);
      await main.getByText("Line 3: no such designation").waitFor();
      const mapping = main.locator(`article.org-mapping[data-designation-id="${DESIGNATION}"]`);
      expect((await mapping.locator("tr", { hasText: "Communication" }).locator("td").nth(1).textContent()).trim() === String(level), "nothing saved by the preview");
      await main.getByRole("button", { name: "Apply these changes" }).click();
      await main.getByText("Loaded 1 rows; 1 rows with problems were skipped.").waitFor();
      await mapping.locator("tr", { hasText: "Communication" }).locator("td").nth(1).filter({ hasText: String(csvLevel) }).waitFor();
    });

    await step("a bad CSV gets a clear, translated message", async () => {
      await page.getByLabel("Or paste the CSV").fill("designationId,competencyId,level\n\n");
      await main.getByRole("button", { name: "Preview changes" }).click();
      await main.getByText("The CSV has no rows.").waitFor();
    });

    await step("requirements page everywhere", async () => {
      await everywhere(page, "/app/admin/requirements", "mdo-admin-requirements", async (p) => { await p.locator("article.org-mapping").first().waitFor(); });
    });

    const token = await apiLogin(ACCOUNTS.admin);
    const courses = await apiAs(token, "GET", "/courses?limit=5");
    const course = courses.body.items[0];
    expect(course, "a live course to plan");
    const planName = `Journey plan ${suffix}`;
    const due = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

    await step("create a plan assigned by designation and by person", async () => {
      await page.goto(`${BASE}/app/admin/plans`);
      await heading(page, "Competency building plans");
      await main.getByRole("link", { name: "New plan" }).click();
      await heading(page, "New plan");
      await page.getByLabel(/^Plan name/).fill(planName);
      await page.getByLabel(/^Due date/).fill(due);
      const courses = main.getByRole("group", { name: "Courses" });
      await courses.getByRole("searchbox", { name: "Search courses" }).fill(course.title.split(" ")[0]);
      await courses.getByRole("button", { name: "Search" }).click();
      await courses.getByRole("button", { name: `Add: ${course.title}` }).first().click();
      await main.getByRole("group", { name: "Assign to designations" }).getByLabel("Assistant Section Officer", { exact: true }).check();
      const people = main.getByRole("group", { name: "Assign to people" });
      await people.getByRole("searchbox", { name: "Search people by name" }).fill("Priya");
      await people.getByRole("button", { name: "Search" }).click();
      await people.getByRole("button", { name: /^Add: Priya Sharma/ }).click();
      await main.getByRole("button", { name: "Create plan" }).click();
      await heading(page, planName);
      await main.getByText(`Plan ${planName} saved.`).waitFor();
      await main.getByText("Draft", { exact: true }).first().waitFor();
    });

    await step("plan form everywhere", async () => {
      await everywhere(page, "/app/admin/plans/new", "mdo-admin-plan-form", async (p) => { await p.locator("main input[name=name]").waitFor(); });
    });

    let planUrl = "";
    await step("publish the plan and follow each person's progress", async () => {
      await page.goto(`${BASE}/app/admin/plans`);
      await main.getByRole("link", { name: planName }).click();
      await heading(page, planName);
      planUrl = new URL(page.url()).pathname;
      await main.getByRole("button", { name: "Publish", exact: true }).click();
      await main.getByText(`Plan ${planName} published: the assignees see it in My plans.`).waitFor();
      await main.getByText("Published", { exact: true }).first().waitFor();
      const priya = main.locator("article.org-progress", { hasText: LEARNER });
      await priya.waitFor();
      await priya.getByText(/of 1 courses completed/).waitFor();
      await priya.getByText(/Upcoming|Completed/).first().waitFor();
    });

    await step("plan pages everywhere", async () => {
      await everywhere(page, "/app/admin/plans", "mdo-admin-plans", async (p) => { await p.locator("article.org-plan").first().waitFor(); });
      await everywhere(page, `/app${planUrl.replace(/^\/app/, "")}`, "mdo-admin-plan", async (p) => { await p.locator("article.org-progress").first().waitFor(); });
    });

    await step("retire the plan (with a confirmation)", async () => {
      await page.goto(`${BASE}${planUrl}`);
      await heading(page, planName);
      await main.getByRole("button", { name: "Retire plan" }).click();
      await main.getByRole("button", { name: "Yes, retire" }).click();
      await main.getByText(`Plan ${planName} retired.`).waitFor();
      await main.getByText("Retired", { exact: true }).first().waitFor();
      expect(await main.getByRole("button", { name: "Publish", exact: true }).count() === 0, "a retired plan cannot be published");
    });

    await step("the gaps chart with its data table, and the leaderboard", async () => {
      await page.goto(`${BASE}/app/admin/competency-gaps`);
      await heading(page, "Organisation competency gaps");
      await main.locator("figure.org-chart-figure[data-ready=true]").first().waitFor();
      expect(await main.locator("figure.org-chart-figure canvas[role=img]").count() === 1, "a chart is drawn");
      await main.getByRole("region", { name: "The chart's figures" }).waitFor();
      await everywhere(page, "/app/admin/competency-gaps", "mdo-admin-gaps", async (p) => { await p.locator("figure.org-chart-figure[data-ready=true]").first().waitFor(); });
      await page.goto(`${BASE}/app/admin/leaderboard`);
      await heading(page, "Leaderboard");
      await page.getByLabel("Month").waitFor();
      await everywhere(page, "/app/admin/leaderboard", "mdo-admin-leaderboard");
    });
  } finally {
    await browser.close();
  }
}

runJourney("mdo-admin", main);
