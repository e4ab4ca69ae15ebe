// A learner's events and career (priya.sharma@mha.gov.in): Upcoming and Past events (a short event that has
// ended, a future one registered for on its page) with "Add to calendar"; an opening (posted through the API
// by her org's admin) applied for; the opening then says so and offers no second Apply; "My applications" shows
// it with its state, which follows the admin's decision.

import fs from "node:fs";
import path from "node:path";

import {
  ACCOUNTS, apiAs, apiLogin, ARTIFACTS, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage,
  launchBrowser, login, runJourney, step,
} from "../harness.mjs";

const istDay = (offset) => new Date(Date.now() + 5.5 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
const istIso = (ms) => `${new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 19)}+05:30`;

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now()}`;
  const pastTitle = `Short briefing ${suffix}`;
  const upcomingTitle = `Citizen charter workshop ${suffix}`;
  const openingTitle = `Section Officer (Records) ${suffix}`;
  try {
    const { page } = await desktopPage(browser, { acceptDownloads: true });
    const tokens = {};
    const ids = {};
    let pastEnds = 0;

    await step("set-up: a short event the learner attends, a future one and an opening (through the API)", async () => {
      tokens.admin = await apiLogin(ACCOUNTS.admin);
      tokens.learner = await apiLogin(ACCOUNTS.learner);
      await ensureCompetencyProfile(tokens.learner, "Drafting");
      const start = Date.now() + 12_000;
      pastEnds = start + 2_000;
      const past = await apiAs(tokens.admin, "POST", "/events", {
        title: pastTitle, description: "Five minutes on the new leave rules.", startTime: istIso(start), endTime: istIso(pastEnds),
        capacity: 10, location: "Conference room 2, North Block",
      });
      expect(past.status === 201, `past event: ${past.status} ${JSON.stringify(past.body)}`);
      ids.past = past.body.id;
      const registered = await apiAs(tokens.learner, "POST", `/events/${ids.past}/registrations`, {});
      expect(registered.body?.status === "REGISTERED", `registration: ${JSON.stringify(registered.body)}`);
      const upcoming = await apiAs(tokens.admin, "POST", "/events", {
        title: upcomingTitle, description: "Writing a citizen charter that people use.", startTime: `${istDay(9)}T11:00:00+05:30`,
        endTime: `${istDay(9)}T12:30:00+05:30`, capacity: 50, joinUrl: "https://meet.example.com/charter",
      });
      ids.upcoming = upcoming.body.id;
      const opening = await apiAs(tokens.admin, "POST", "/career/openings", {
        title: openingTitle, description: "Keep the ministry's records in order.", location: "New Delhi",
        closingDate: istDay(20), requiredCompetencies: [],
      });
      expect(opening.status === 201, `opening: ${opening.status} ${JSON.stringify(opening.body)}`);
      ids.opening = opening.body.id;
    });

    await step("learner logs in", async () => {
      await login(page, ACCOUNTS.learner.username, ACCOUNTS.learner.password);
      await heading(page, "Namaste");
    });

    await step("register for the upcoming event on its page", async () => {
      await page.goto(`${BASE}/app/events/${ids.upcoming}`);
      await heading(page, upcomingTitle);
      await page.getByRole("button", { name: "Register" }).click();
      await page.getByText("You are registered.").waitFor();
    });

    await step("Upcoming: my event with Add to calendar (an iCalendar file)", async () => {
      await page.goto(`${BASE}/app/events`);
      await heading(page, "Events");
      const upcoming = page.getByRole("tabpanel", { name: "Upcoming" });
      const mine = upcoming.locator(`[data-event-id="${ids.upcoming}"]`).first();
      await mine.waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        mine.getByRole("button", { name: `Add to calendar: ${upcomingTitle}` }).click(),
      ]);
      const file = path.join(ARTIFACTS, "applicant-event.ics");
      await download.saveAs(file);
      const ics = fs.readFileSync(file, "utf8");
      expect(ics.includes("BEGIN:VCALENDAR") && ics.includes("Citizen charter workshop"), "the download is the event's iCalendar file");
    });

    await step("Past: the event that has ended", async () => {
      const wait = pastEnds + 1000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await page.goto(`${BASE}/app/events`);
      await page.getByRole("tab", { name: "Past" }).click();
      const past = page.getByRole("tabpanel", { name: "Past" });
      await past.locator(`[data-event-id="${ids.past}"]`).first().waitFor();
      expect(await page.getByRole("tabpanel", { name: "Upcoming" }).isHidden(), "only one tab's events show");
      expect(await past.locator(`[data-event-id="${ids.upcoming}"]`).count() === 0, "an upcoming event is not in Past");
    });

    await step("events page everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, "/app/events", "applicant-events", async (p) => {
        await p.locator(`[data-event-id="${ids.upcoming}"]`).first().waitFor();
      });
    });

    await step("apply for the opening from the career page", async () => {
      await page.goto(`${BASE}/app/career`);
      await heading(page, "Career");
      const card = page.locator(`[data-opening-id="${ids.opening}"]`);
      await card.getByRole("button", { name: `Apply: ${openingTitle}` }).click();
      await card.getByText("You have applied:").waitFor();
      await page.reload();
      await card.getByText("You have applied:").waitFor();
      expect(await card.getByRole("button", { name: /^Apply/ }).count() === 0, "no second Apply after a reload");
    });

    await step("the opening's page says it was applied for", async () => {
      await page.locator(`[data-opening-id="${ids.opening}"]`).getByRole("link", { name: openingTitle }).click();
      await heading(page, openingTitle);
      await page.getByText("You have applied:").waitFor();
      expect(await page.getByRole("button", { name: /^Apply/ }).count() === 0, "no Apply on the opening's page");
    });

    await step("My applications shows it with its state, which follows the admin's decision", async () => {
      await page.getByRole("link", { name: "My applications" }).first().click();
      await heading(page, "My applications");
      const mine = await apiAs(tokens.learner, "GET", "/me/applications");
      const application = mine.body.items.find((a) => a.openingId === ids.opening);
      expect(application, "the application is mine");
      const row = page.locator(`[data-application-id="${application.id}"]`);
      await row.getByText("Applied").first().waitFor();
      const moved = await apiAs(tokens.admin, "POST", `/career/applications/${application.id}/status`, { status: "SHORTLISTED" });
      expect(moved.status === 200, `shortlisted: ${moved.status}`);
      await page.reload();
      await row.getByText("Shortlisted").waitFor();
    });

    await step("career pages everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, "/app/career/applications", "applicant-applications", async (p) => {
        await p.locator("[data-application-id]").first().waitFor();
      });
      await everywhere(page, `/app/career/openings/${ids.opening}`, "applicant-opening", async (p) => {
        await p.locator(".coord-apply").waitFor();
      });
      await everywhere(page, "/app/career", "applicant-career", async (p) => {
        await p.locator(`[data-opening-id="${ids.opening}"] .coord-apply`).waitFor();
      });
    });
  } finally {
    await browser.close();
  }
}

runJourney("applicant", main);
