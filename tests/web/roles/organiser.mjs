// An MDO admin organising (sunita.verma@mha.gov.in): an event created as a draft, edited, rescheduled, published
// and cancelled after a confirmation; attendance marked for an event that has started (a learner registered
// through the API); an opening posted, a learner's application (through the API) shortlisted — the applicant is
// notified. Every page the organiser uses is checked at phone and desktop width, in English and Hindi, with axe.

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const istDay = (offset) => new Date(Date.now() + 5.5 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
const istIso = (ms) => `${new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 19)}+05:30`;

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now()}`;
  const title = `Organiser webinar ${suffix}`;
  const renamed = `RTI refresher ${suffix}`;
  try {
    const { page } = await desktopPage(browser);
    const tokens = {};
    let started = null;
    let startsAt = 0;

    await step("set-up: an event about to start, with a learner registered (through the API)", async () => {
      tokens.admin = await apiLogin(ACCOUNTS.admin);
      tokens.learner = await apiLogin(ACCOUNTS.learner);
      await ensureCompetencyProfile(tokens.admin, "Organising events");
      startsAt = Date.now() + 25_000;
      const made = await apiAs(tokens.admin, "POST", "/events", {
        title: `Attendance check ${suffix}`, description: "Starts in a moment.", startTime: istIso(startsAt),
        endTime: istIso(startsAt + 3600_000), capacity: 20, joinUrl: "https://meet.example.com/attendance",
      });
      expect(made.status === 201, `event: ${made.status} ${JSON.stringify(made.body)}`);
      started = made.body;
      const registered = await apiAs(tokens.learner, "POST", `/events/${started.id}/registrations`, {});
      expect(registered.body?.status === "REGISTERED", `registration: ${JSON.stringify(registered.body)}`);
    });

    await step("organiser logs in", async () => {
      await login(page, ACCOUNTS.admin.username, ACCOUNTS.admin.password);
      await heading(page, "Namaste");
    });

    let eventPath = "";
    await step("create an event as a draft", async () => {
      await page.goto(`${BASE}/app/admin/events`);
      await heading(page, "Organise events");
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Description").fill("How to answer RTI applications on time.");
      await page.getByLabel("Starts").fill(`${istDay(10)}T10:00`);
      await page.getByLabel("Ends").fill(`${istDay(10)}T11:00`);
      await page.getByLabel("Capacity").fill("40");
      await page.getByLabel("Joining link").fill("https://meet.example.com/rti");
      await page.getByLabel("Save as a draft").check();
      await page.getByRole("button", { name: "Create event" }).click();
      await heading(page, title);
      await page.getByText(`Event ${title} created as a draft.`).waitFor();
      await page.locator("dl").getByText("Draft").waitFor();
      eventPath = new URL(page.url()).pathname;
    });

    await step("edit it, then reschedule it", async () => {
      const form = page.locator("form");
      await form.getByLabel("Title").fill(renamed);
      await form.getByLabel("Capacity").fill("60");
      await form.getByRole("button", { name: "Save changes" }).click();
      await page.getByText(`${renamed} saved.`).waitFor();
      await heading(page, title); // the page heading stays until reloaded; the facts change
      await page.locator("dl").getByText("0 of 60 registered").waitFor();
      await form.getByLabel("Starts").fill(`${istDay(12)}T15:00`);
      await form.getByLabel("Ends").fill(`${istDay(12)}T16:30`);
      await page.locator("form").getByRole("button", { name: "Save changes" }).click();
      await page.getByText(`${renamed} now starts`).waitFor();
      const dd = await page.locator("dl dd").nth(1).textContent();
      expect(/3:00|15:00/.test(dd ?? ""), `the new start time is shown: ${dd}`);
    });

    await step("publish the draft", async () => {
      await page.getByRole("button", { name: "Publish" }).click();
      await page.getByText(`${renamed} is published.`).waitFor();
      await page.locator("dl").getByText("Published").waitFor();
    });

    await step("organiser's event pages everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, eventPath, "organiser-event");
      await everywhere(page, "/app/admin/events", "organiser-events", async (p) => {
        await p.locator("main form").waitFor();
      });
    });

    await step("cancel the event, after a confirmation", async () => {
      await page.goto(`${BASE}${eventPath}`);
      await heading(page, renamed);
      await page.getByRole("button", { name: "Cancel the event" }).click();
      await page.getByText("Cancel this event?").waitFor();
      await page.getByRole("button", { name: "No, keep it" }).click();
      await page.locator("dl").getByText("Published").waitFor();
      await page.getByRole("button", { name: "Cancel the event" }).click();
      await page.getByRole("button", { name: "Yes, cancel the event" }).click();
      await page.getByText(`${renamed} is cancelled`).waitFor();
      await page.locator("dl").getByText("Cancelled").waitFor();
      const listed = await apiAs(tokens.learner, "GET", `/events/${eventPath.split("/").pop()}`);
      expect(listed.body?.status === "CANCELLED", "the API says cancelled");
    });

    await step("mark attendance of the event that has started", async () => {
      const wait = startsAt + 1500 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await page.goto(`${BASE}/app/admin/events/${started.id}`);
      await heading(page, `Attendance check ${suffix}`);
      await page.getByRole("link", { name: `Mark attendance: Attendance check ${suffix}` }).click();
      await heading(page, "Attendance");
      await page.getByRole("searchbox", { name: "Find an attendee" }).fill("Priya");
      await page.getByRole("main").getByRole("search").getByRole("button", { name: "Search" }).click();
      await page.getByRole("button", { name: "Add: Priya Sharma" }).click();
      await page.getByRole("button", { name: "Save attendance" }).click();
      await page.getByText("Attendance recorded: karma points credited to 1;").waitFor();
    });

    let openingPath = "";
    const openingTitle = `Under Secretary (Training) ${suffix}`;
    await step("post an opening", async () => {
      await page.goto(`${BASE}/app/admin/openings`);
      await heading(page, "Post openings");
      await page.getByLabel("Title").fill(openingTitle);
      await page.getByLabel("Description").fill("Plan and run the ministry's training calendar.");
      await page.getByLabel("Location").fill("New Delhi");
      await page.getByLabel("Closing date").fill(istDay(30));
      await page.getByRole("button", { name: "Post an opening" }).click();
      await heading(page, openingTitle);
      await page.getByText("Nobody has applied yet.").waitFor();
      openingPath = new URL(page.url()).pathname;
    });

    await step("review an application and shortlist it: the applicant is notified", async () => {
      const openingId = openingPath.split("/").pop();
      const applied = await apiAs(tokens.learner, "POST", `/career/openings/${openingId}/applications`, {});
      expect(applied.status === 201, `application: ${applied.status} ${JSON.stringify(applied.body)}`);
      await page.goto(`${BASE}${openingPath}`);
      const row = page.locator(`[data-application-id="${applied.body.id}"]`);
      await row.getByText("Applied").first().waitFor();
      await row.getByRole("progressbar").waitFor();
      await row.getByRole("button", { name: "Shortlist: Priya Sharma" }).click();
      await row.getByText("The application of Priya Sharma was updated; they are notified.").waitFor();
      await row.getByText("Shortlisted").first().waitFor();
      expect(await row.getByRole("button", { name: "Select: Priya Sharma" }).isVisible(), "the next step is offered");
      const mine = await apiAs(tokens.learner, "GET", "/me/applications");
      expect(mine.body.items.find((a) => a.id === applied.body.id)?.status === "SHORTLISTED", "the learner's application is shortlisted");
      let told = false;
      for (let i = 0; i < 20 && !told; i += 1) {
        const notes = await apiAs(tokens.learner, "GET", "/me/notifications?limit=20");
        told = (notes.body?.items ?? []).some((n) => JSON.stringify(n).includes(openingTitle));
        if (!told) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(told, "the applicant has a notification about the opening");
    });

    await step("career pages everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, openingPath, "organiser-opening", async (p) => {
        await p.locator("[data-application-id]").first().waitFor();
      });
      await everywhere(page, "/app/admin/openings", "organiser-openings", async (p) => {
        await p.locator(".opening-card").first().waitFor();
      });
    });
  } finally {
    await browser.close();
  }
}

runJourney("organiser", main);
