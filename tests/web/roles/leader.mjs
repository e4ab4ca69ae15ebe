// The MDO leader's journey (DoPT): reads the org's people, requirements, plans with each person's progress,
// the gaps chart and the leaderboard, and finds no button that would change them. A plan of DoPT is made for it
// first through the API by DoPT's MDO admin. Every page is checked at phone and desktop width in both languages.

import {
  apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser, login,
  PASSWORD, runJourney, step,
} from "../harness.mjs";

const LEADER = { username: "meenakshi.iyer@dopt.gov.in", password: PASSWORD }; // MDO_LEADER of DoPT
const DOPT_ADMIN = { username: "rajesh.kumar@dopt.gov.in", password: PASSWORD }; // MDO_ADMIN of DoPT

/** The buttons and links of main that would change something (none may be there for a leader). */
async function writeControls(page) {
  const names = /^(Grant|Remove|Suspend account|Restore account|Edit requirements|Preview changes|New plan|Edit|Publish|Publish changes|Retire plan|Save|Create plan)\b/;
  const buttons = await page.locator("main").getByRole("button", { name: names }).count();
  const links = await page.locator("main").getByRole("link", { name: names }).count();
  return buttons + links;
}

async function ensureProfile(account) {
  const token = await apiLogin(account);
  await ensureCompetencyProfile(token, "administration");
  return token;
}

async function main() {
  const browser = await launchBrowser();
  const suffix = Date.now();
  try {
    await step("the leader's competency profile is filled in (API)", async () => { await ensureProfile(LEADER); });
    const planName = `Leader journey plan ${suffix}`;
    await step("DoPT's admin publishes a plan (API)", async () => {
      const token = await apiLogin(DOPT_ADMIN);
      const course = (await apiAs(token, "GET", "/courses?limit=1")).body.items[0];
      const due = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
      const created = await apiAs(token, "POST", "/orgs/dopt/plans", {
        name: planName, courseIds: [course.id], assignTo: { designations: ["so"], userIds: [] }, dueDate: due });
      expect(created.status === 201, `plan created: ${created.status} ${JSON.stringify(created.body)}`);
      const published = await apiAs(token, "POST", `/orgs/dopt/plans/${created.body.id}/publish`, { version: created.body.version });
      expect(published.status === 200, `plan published: ${published.status}`);
    });

    const { page } = await desktopPage(browser);
    const main = page.locator("main");

    await step("log in as the leader: the nav shows the Administration workspace", async () => {
      await login(page, LEADER.username, LEADER.password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).first().waitFor({ timeout: 15_000 });
      await page.goto(`${BASE}/app/admin`);
      await heading(page, "Administration");
      for (const card of ["People of the organisation", "Designation requirements", "Competency building plans", "Organisation competency gaps", "Leaderboard"]) {
        expect(await main.getByRole("link", { name: card }).count() === 1, `the workspace links to ${card}`);
      }
      expect(await main.getByRole("link", { name: "Batches" }).count() === 0, "no batches card for a leader");
    });

    await step("reads the org's people, with no write buttons", async () => {
      await page.goto(`${BASE}/app/admin/people`);
      await heading(page, "People of the organisation");
      await main.locator("article.org-person", { hasText: "Rajesh Kumar" }).waitFor();
      expect(await writeControls(page) === 0, "no write buttons on people");
      await everywhere(page, "/app/admin/people", "leader-people", async (p) => { await p.locator("article.org-person").first().waitFor(); });
    });

    await step("reads the designation requirements, with no write buttons", async () => {
      await page.goto(`${BASE}/app/admin/requirements`);
      await heading(page, "Designation requirements");
      await main.locator("article.org-mapping").first().waitFor();
      expect(await writeControls(page) === 0, "no write buttons on requirements");
      expect(await main.getByLabel("Or paste the CSV").count() === 0, "no CSV upload");
      await everywhere(page, "/app/admin/requirements", "leader-requirements", async (p) => { await p.locator("article.org-mapping").first().waitFor(); });
    });

    let planUrl = "";
    await step("reads the plans and one plan's progress per person", async () => {
      await page.goto(`${BASE}/app/admin/plans`);
      await heading(page, "Competency building plans");
      await main.getByRole("link", { name: planName }).waitFor();
      expect(await writeControls(page) === 0, "no write buttons on plans");
      await main.getByRole("link", { name: planName }).click();
      await heading(page, planName);
      planUrl = new URL(page.url()).pathname;
      await main.locator("article.org-progress").first().waitFor();
      await main.locator("article.org-progress", { hasText: "Mohammed Irfan" }).getByText(/of 1 courses completed/).waitFor();
      expect(await writeControls(page) === 0, "no write buttons on a plan");
      await everywhere(page, "/app/admin/plans", "leader-plans", async (p) => { await p.locator("article.org-plan").first().waitFor(); });
      await everywhere(page, planUrl, "leader-plan", async (p) => { await p.locator("article.org-progress").first().waitFor(); });
    });

    await step("reads the gaps chart and the leaderboard", async () => {
      await page.goto(`${BASE}/app/admin/competency-gaps`);
      await heading(page, "Organisation competency gaps");
      await main.locator("figure.org-chart-figure[data-ready=true]").first().waitFor();
      await everywhere(page, "/app/admin/competency-gaps", "leader-gaps", async (p) => { await p.locator("figure.org-chart-figure[data-ready=true]").first().waitFor(); });
      await everywhere(page, "/app/admin/leaderboard", "leader-leaderboard");
    });

    await step("a leader cannot open the plan form", async () => {
      await page.goto(`${BASE}/app/admin/plans/new`);
      await heading(page, "Not allowed");
    });
  } finally {
    await browser.close();
  }
}

runJourney("leader", main);
