// The SPV administrator (sanjay.gupta@igotkarmayogi.gov.in): the directory, read only for now (organisations by
// type, an organisation's page with its parent, email domains and the organisations under it; designations;
// career paths), and the competency framework: creates a competency with its five levels, then edits it.
// Every page is checked at phone and desktop width in English and Hindi (axe, no sideways scrolling).

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, launchBrowser, login,
  runJourney, step, watchPage,
} from "../harness.mjs";

const STAMP = Date.now();
const COMPETENCY = `Grievance data analysis ${STAMP}`;
const LEVELS = [
  "Reads a grievance dashboard and finds the oldest open cases.",
  "Groups grievances by cause and office with a spreadsheet.",
  "Finds recurring causes and proposes fixes to the section head.",
  "Designs the office's grievance indicators and reviews them monthly.",
  "Sets grievance analytics practice for a ministry and trains others.",
];

async function main() {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-IN" });
    const page = await context.newPage();
    watchPage(page);
    const main = page.getByRole("main");
    let competencyUrl = "";

    await step("the SPV admin logs in", async () => {
      // A first login asks for the competency profile first (the learner journey covers that form).
      await ensureCompetencyProfile(await apiLogin(ACCOUNTS.spvAdmin), "Platform administration");
      await login(page, ACCOUNTS.spvAdmin.username, ACCOUNTS.spvAdmin.password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directory" }).first().waitFor();
    });

    await step("the directory lists organisations with type, parent and email domains", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directory" }).first().click();
      await heading(page, "Directory");
      await main.getByLabel("Type").selectOption("department");
      await main.getByLabel(/^Name/).fill("Official Language");
      await main.getByRole("button", { name: "Apply" }).click();
      const dol = main.locator(".org-card").filter({ hasText: "Department of Official Language" });
      await dol.waitFor();
      await dol.getByText("rajbhasha.gov.in").waitFor();
      await dol.getByRole("link", { name: "Ministry of Home Affairs" }).waitFor();
      await everywhere(page, "/app/directory", "directory-orgs", async (p) => {
        await p.getByRole("main").locator(".org-card").first().waitFor();
      });
    });

    await step("an organisation's page: details and the organisations under it", async () => {
      await page.goto(`${BASE}/app/directory`);
      await heading(page, "Directory");
      await main.getByLabel(/^Name/).fill("Home Affairs");
      await main.getByRole("button", { name: "Apply" }).click();
      await main.getByRole("link", { name: "Ministry of Home Affairs" }).first().click();
      await heading(page, "Ministry of Home Affairs");
      await main.getByText("mha.gov.in").first().waitFor();
      await main.getByRole("link", { name: "Department of Official Language" }).waitFor();
      await everywhere(page, "/app/directory/orgs/mha", "directory-org", async (p, lang) => {
        await p.getByRole("main").locator("h1").filter({ hasText: lang === "hi" ? "गृह मंत्रालय" : "Ministry of Home Affairs" }).waitFor();
      });
    });

    await step("designations", async () => {
      await page.goto(`${BASE}/app/directory`);
      await main.getByRole("navigation", { name: "Directory" }).getByRole("link", { name: "Designations" }).click();
      await heading(page, "Designations");
      await main.locator(".designation").first().waitFor();
      await everywhere(page, "/app/directory/designations", "directory-designations", async (p) => {
        await p.getByRole("main").locator(".designation").first().waitFor();
      });
    });

    await step("career paths", async () => {
      await page.goto(`${BASE}/app/directory/career-paths`);
      await heading(page, "Career paths");
      await main.locator(".career-path").first().waitFor();
      await everywhere(page, "/app/directory/career-paths", "directory-career-paths", async (p) => {
        await p.getByRole("main").locator(".career-path").first().waitFor();
      });
    });

    await step("the competency framework and the new-competency form", async () => {
      await page.goto(`${BASE}/app/directory`);
      await main.getByRole("navigation", { name: "Directory" }).getByRole("link", { name: "Competency framework" }).click();
      await heading(page, "Competency framework");
      await main.locator(".competency-card").first().waitFor();
      await everywhere(page, "/app/competencies", "framework", async (p) => {
        await p.getByRole("main").locator(".competency-card").first().waitFor();
      });
      await everywhere(page, "/app/competencies/new", "framework-new");
    });

    await step("creates a competency with five levels", async () => {
      await page.goto(`${BASE}/app/competencies`);
      await heading(page, "Competency framework");
      await main.getByRole("link", { name: "New competency" }).click();
      await heading(page, "New competency");
      await main.getByLabel(/^Name/).fill(COMPETENCY);
      await main.getByLabel(/^Area/).selectOption("functional");
      await main.getByLabel(/^Description/).fill("Turning grievance records into decisions that close them faster.");
      for (let n = 1; n <= 5; n += 1) {
        await main.getByRole("group", { name: `Level ${n}` }).getByLabel(/^What a person/).fill(LEVELS[n - 1]);
      }
      await main.getByRole("button", { name: "Create competency" }).click();
      await heading(page, COMPETENCY);
      await main.getByRole("cell", { name: LEVELS[2] }).waitFor();
      competencyUrl = new URL(page.url()).pathname;
      await everywhere(page, competencyUrl, "competency", async (p) => {
        await p.getByRole("main").locator("table tbody tr").nth(4).waitFor();
      });
    });

    await step("edits the competency", async () => {
      await page.goto(`${BASE}${competencyUrl}`);
      await heading(page, COMPETENCY);
      await main.getByRole("link", { name: "Edit competency" }).click();
      await heading(page, `Edit ${COMPETENCY}`);
      await everywhere(page, `${competencyUrl}/edit`, "competency-edit", async (p) => {
        await p.getByRole("main").locator("form textarea").first().waitFor();
      });
      await page.goto(`${BASE}${competencyUrl}/edit`);
      await heading(page, `Edit ${COMPETENCY}`);
      await main.getByLabel(/^Description/).fill("Turning grievance records into decisions that close them within 30 days.");
      const level3 = main.getByRole("group", { name: "Level 3" });
      await level3.getByLabel(/^Level name/).fill("Practitioner");
      await level3.getByLabel(/^What a person/).fill("Finds recurring causes, proposes fixes and follows them up.");
      await main.getByRole("button", { name: "Save changes" }).click();
      await heading(page, COMPETENCY);
      await main.getByText("within 30 days").waitFor();
      await main.getByRole("cell", { name: "Practitioner" }).waitFor();
      await main.getByRole("cell", { name: "Finds recurring causes, proposes fixes and follows them up." }).waitFor();
    });
  } finally {
    await browser.close();
  }
}

runJourney("spv-admin", main);
