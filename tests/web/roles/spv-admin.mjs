// The SPV administrator (sanjay.gupta@igotkarmayogi.gov.in): the directory (organisations by type, an
// organisation's page with its parent, email domains and the organisations under it; designations; career paths),
// the managed directory (creates an organisation with its own domain and edits it, creates a designation and a
// career path from it, then edits the path), and the competency framework: creates a competency with its five
// levels, then edits it.
// Every page is checked at phone and desktop width in English and Hindi (axe, no sideways scrolling).

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const STAMP = Date.now();
const ORG = `Digital Records Board ${STAMP}`;
const DOMAIN = `digirec${STAMP}.gov.in`;
const DESIGNATION = `Records Analyst ${STAMP}`;
const PATH = `Records ladder ${STAMP}`;
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
    const { page } = await desktopPage(browser);
    const main = page.getByRole("main");
    let competencyUrl = "";
    let orgUrl = "";

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

    await step("creates an organisation with its own email domain", async () => {
      await page.goto(`${BASE}/app/directory`);
      await heading(page, "Directory");
      await main.getByRole("link", { name: "Add an organisation" }).click();
      await heading(page, "New organisation");
      await everywhere(page, "/app/directory/new-org", "directory-org-new", async (p) => {
        await p.getByRole("main").locator("form textarea").waitFor();
      });
      await page.goto(`${BASE}/app/directory/new-org`);
      await heading(page, "New organisation");
      await main.getByLabel(/^Name \(English\)/).fill(ORG);
      await main.getByLabel(/^Name \(Hindi\)/).fill(`डिजिटल अभिलेख बोर्ड ${STAMP}`);
      await main.getByLabel(/^Type/).selectOption("organisation");
      await main.getByLabel(/^Part of/).selectOption("mha");
      await main.getByLabel(/^Email domains/).fill(`${DOMAIN}\n`);
      await main.getByRole("button", { name: "Create organisation" }).click();
      await heading(page, ORG);
      await main.getByText(DOMAIN).waitFor();
      await main.getByRole("link", { name: "Ministry of Home Affairs" }).waitFor();
      orgUrl = new URL(page.url()).pathname;
    });

    await step("edits the organisation: a new name and a second domain", async () => {
      await page.goto(`${BASE}${orgUrl}`);
      await heading(page, ORG);
      await main.getByRole("link", { name: "Edit organisation" }).click();
      await heading(page, `Edit ${ORG}`);
      await everywhere(page, `${orgUrl}/edit`, "directory-org-edit", async (p) => {
        await p.getByRole("main").locator("form textarea").waitFor();
      });
      await page.goto(`${BASE}${orgUrl}/edit`);
      await heading(page, `Edit ${ORG}`);
      await main.getByLabel(/^Name \(English\)/).fill(`${ORG} (Records)`);
      await main.getByLabel(/^Email domains/).fill(`${DOMAIN}\nrecords.${DOMAIN}`);
      await main.getByRole("button", { name: "Save changes" }).click();
      await heading(page, `${ORG} (Records)`);
      await main.getByText(`records.${DOMAIN}`).waitFor();
      // gov.in itself is refused with its translated reason, and nothing changes
      await page.goto(`${BASE}${orgUrl}/edit`);
      await heading(page, `Edit ${ORG} (Records)`);
      await main.getByLabel(/^Email domains/).fill("gov.in");
      await main.getByRole("button", { name: "Save changes" }).click();
      await main.getByText("gov.in and nic.in are shared by every organisation").first().waitFor();
    });

    await step("creates a designation", async () => {
      await page.goto(`${BASE}/app/directory/designations`);
      await heading(page, "Designations");
      const creator = main.getByRole("form", { name: "Add a designation" });
      await creator.getByLabel(/^Name \(English\)/).fill(DESIGNATION);
      await creator.getByLabel(/^Name \(Hindi\)/).fill(`अभिलेख विश्लेषक ${STAMP}`);
      await creator.getByRole("button", { name: "Create designation" }).click();
      await main.locator(".designation").filter({ hasText: DESIGNATION }).first().waitFor();
      const again = main.getByRole("form", { name: "Add a designation" });
      await again.getByLabel(/^Name \(English\)/).fill(DESIGNATION.toUpperCase());
      await again.getByRole("button", { name: "Create designation" }).click();
      await main.getByText("A designation with this name exists already").first().waitFor();
    });

    await step("creates a career path from the new designation, then edits it", async () => {
      await page.goto(`${BASE}/app/directory/career-paths`);
      await heading(page, "Career paths");
      await main.getByRole("link", { name: "Add a career path" }).click();
      await heading(page, "New career path");
      await everywhere(page, "/app/directory/career-paths/new", "directory-path-new", async (p) => {
        await p.getByRole("main").locator(".rung").nth(1).waitFor();
      });
      await page.goto(`${BASE}/app/directory/career-paths/new`);
      await heading(page, "New career path");
      await main.getByLabel(/^Title/).fill(PATH);
      const first = main.getByRole("group", { name: "First rung (where the path starts)" });
      await first.getByLabel(/^Designation/).selectOption({ label: DESIGNATION });
      const second = main.getByRole("group", { name: "Rung 2" });
      await second.getByLabel(/^Designation/).selectOption({ label: "Section Officer" });
      await second.getByRole("button", { name: "Add a competency" }).click();
      const competency = second.getByLabel(/^Competency/);
      const choice = await competency.locator("option").nth(1).getAttribute("value");
      await competency.selectOption(choice);
      await second.getByLabel(/^Level/).selectOption("3");
      await main.getByRole("button", { name: "Create career path" }).click();
      await heading(page, "Career paths");
      const card = main.locator(".career-path").filter({ hasText: PATH });
      await card.first().waitFor();
      await card.first().getByRole("link", { name: `Edit career path: ${PATH}` }).click();
      await heading(page, `Edit career path ${PATH}`);
      const editUrl = new URL(page.url()).pathname;
      await everywhere(page, editUrl, "directory-path-edit", async (p) => {
        await p.getByRole("main").locator(".rung").nth(1).waitFor();
      });
      await page.goto(`${BASE}${editUrl}`);
      await heading(page, `Edit career path ${PATH}`);
      await main.getByLabel(/^Title/).fill(`${PATH} (revised)`);
      await main.getByRole("group", { name: "Rung 2" }).getByLabel(/^Level/).selectOption("4");
      await main.getByRole("button", { name: "Save changes" }).click();
      await heading(page, "Career paths");
      await main.locator(".career-path").filter({ hasText: `${PATH} (revised)` }).first().waitFor();
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
