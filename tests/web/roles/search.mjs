// Search (issue 19, "the search journey test"): a learner (priya.sharma@mha.gov.in) uses the header's search box.
// An English two-word query finds a new event among the results grouped by type and opens it; a Devanagari query
// (a Hindi event title) finds the Hindi event; a person's "first-name surname-prefix" query finds the admin; the
// type filter narrows the page to people; the results page everywhere (phone and desktop, English and Hindi, axe).

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const istDay = (offset) => new Date(Date.now() + 5.5 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now()}`;
  const englishTitle = `Gyan Samvad ${suffix}`;
  const hindiTitle = `ज्ञान संवाद ${suffix}`;
  try {
    const { page } = await desktopPage(browser);
    const ids = {};
    const tokens = {};

    await step("set-up: an English and a Hindi event by the learner's org admin (through the API)", async () => {
      tokens.admin = await apiLogin(ACCOUNTS.admin);
      tokens.learner = await apiLogin(ACCOUNTS.learner);
      await ensureCompetencyProfile(tokens.learner, "Drafting");
      for (const [key, title] of [["english", englishTitle], ["hindi", hindiTitle]]) {
        const made = await apiAs(tokens.admin, "POST", "/events", {
          title, description: "A conversation on learning at work.", startTime: `${istDay(12)}T11:00:00+05:30`,
          endTime: `${istDay(12)}T12:00:00+05:30`, capacity: 30, joinUrl: "https://meet.example.com/gyan",
        });
        expect(made.status === 201, `event: ${made.status} ${JSON.stringify(made.body)}`);
        ids[key] = made.body.id;
      }
      const me = await apiAs(tokens.admin, "GET", "/me");
      ids.adminId = me.body.userId;
      ids.adminName = me.body.name;
    });

    await step("learner logs in and searches from the header: two English words", async () => {
      await login(page, ACCOUNTS.learner.username, ACCOUNTS.learner.password);
      await heading(page, "Namaste");
      const box = page.getByRole("search", { name: "Search Karmayogi" }).getByRole("searchbox");
      await box.fill(`samvad ${suffix}`);
      await box.press("Enter");
      await heading(page, "Search");
      const events = page.locator('section[data-type="event"]');
      await events.getByRole("heading", { name: "Events" }).waitFor();
      await events.getByRole("link", { name: englishTitle }).waitFor();
      expect(await events.getByRole("link", { name: hindiTitle }).count() === 0, "the Hindi event does not match English words");
    });

    await step("open the result: the event's page", async () => {
      await page.locator('section[data-type="event"]').getByRole("link", { name: englishTitle }).click();
      await heading(page, englishTitle);
      expect(page.url().endsWith(`/events/${ids.english}`), `the event's page: ${page.url()}`);
    });

    await step("a Devanagari query finds the Hindi event", async () => {
      const box = page.getByRole("search", { name: "Search Karmayogi" }).getByRole("searchbox");
      await box.fill(`संवाद ${suffix}`);
      await box.press("Enter");
      await heading(page, "Search");
      const link = page.locator('section[data-type="event"]').getByRole("link", { name: hindiTitle });
      await link.waitFor();
      await link.click();
      await heading(page, hindiTitle);
    });

    await step("a person: first name and the beginning of the surname, then the People filter", async () => {
      const [first, last] = ids.adminName.split(" ");
      const q = `${first} ${last.slice(0, 3)}`;
      await page.goto(`${BASE}/app/search?q=${encodeURIComponent(q)}`);
      const people = page.locator('section[data-type="person"]');
      await people.getByRole("link", { name: ids.adminName }).first().waitFor();
      await page.getByLabel("Show").selectOption("person");
      await page.getByRole("main").getByRole("button", { name: "Search" }).click();
      await people.getByRole("link", { name: ids.adminName }).first().waitFor();
      expect(await page.locator('section[data-type="event"], section[data-type="course"]').count() === 0,
        "only people with the People filter");
      await people.getByRole("link", { name: ids.adminName }).first().click();
      await heading(page, ids.adminName);
    });

    await step("a query too short to search says so", async () => {
      await page.goto(`${BASE}/app/search?q=a`);
      await heading(page, "Search");
      await page.getByText("Type at least two letters").waitFor();
    });

    await step("search results everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, `/app/search?q=${encodeURIComponent(`samvad ${suffix}`)}`, "search-results", async (p) => {
        await p.locator('section[data-type="event"] a').first().waitFor();
      });
    });
  } finally {
    await browser.close();
  }
}

runJourney("search", main);
