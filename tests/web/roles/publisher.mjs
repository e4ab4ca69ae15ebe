// The content publisher's journey: the review queue, a course in review with each content previewed, "Send
// back" with a comment on one content, then — once its author resubmitted it (through the API here: the
// creator's journey does that in the browser) — publish it, see the review history, find it among the
// published courses and retire it after a confirmation.

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const stamp = Date.now();
const TITLE = `Record retention schedule ${stamp}`;
const LINK = "Retention schedule of 2026";

function courseBody(url) {
  return {
    title: TITLE, description: "What to keep, for how long, and how to weed out files.", language: "en", competencies: [],
    modules: [{ id: "m1", title: "Retention", contents: [
      { id: "schedule", title: LINK, type: "link", durationMinutes: 10, mandatory: true, url },
      { id: "check", title: "Retention check", type: "quiz", durationMinutes: 5, quiz: { passPercent: 50, maxAttempts: 3, questions: [
        { id: "q1", text: "Who approves weeding out of files?", kind: "single",
          options: [{ id: "a", text: "The record officer" }, { id: "b", text: "Anyone" }], correct: ["a"] }] } },
    ] }],
  };
}

async function main() {
  const browser = await launchBrowser();
  try {
    const { page } = await desktopPage(browser);
    const creator = await apiLogin(ACCOUNTS.creator);
    // the demo publisher has not filled the first-login competency form yet: done through the API
    await ensureCompetencyProfile(await apiLogin(ACCOUNTS.publisher), "Publisher");
    const created = await apiAs(creator, "POST", "/courses", courseBody("https://example.gov.in/retention-2019"));
    expect(created.status === 201, `create: ${created.status} ${JSON.stringify(created.body)}`);
    const courseId = created.body.id;
    const submitted = await apiAs(creator, "POST", `/courses/${courseId}/review`);
    expect(submitted.status === 200, `review: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const coursePage = `/app/review/${encodeURIComponent(courseId)}`;

    await step("publisher: log in and open the review queue", async () => {
      await login(page, ACCOUNTS.publisher.username, ACCOUNTS.publisher.password);
      await page.getByRole("link", { name: "Review", exact: true }).first().waitFor();
      await page.getByRole("link", { name: "Review", exact: true }).first().click();
      await heading(page, "Review courses");
      await page.getByRole("link", { name: TITLE }).waitFor();
      await everywhere(page, "/app/review", "publisher-queue", async (p) => {
        await p.locator("main form[role=search]").waitFor();
      });
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
    });

    await step("publisher: open the course and preview its link content", async () => {
      await page.getByRole("link", { name: TITLE }).click();
      await heading(page, TITLE);
      await everywhere(page, coursePage, "publisher-course-in-review", (p) => p.locator(".send-back-form").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
      await page.getByRole("link", { name: `Preview as a learner: ${LINK}` }).click();
      await heading(page, `Preview as a learner: ${LINK}`);
      await page.getByRole("link", { name: "Open link" }).waitFor();
      await everywhere(page, page.url(), "publisher-preview", (p) => p.locator(".player-stage a").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
      await page.getByRole("link", { name: `Back to ${TITLE}` }).click();
      await heading(page, TITLE);
    });

    await step("publisher: send the course back with a comment on one content", async () => {
      await page.getByRole("button", { name: "Send back with comments" }).click();
      await page.getByText("Write at least one comment.").first().waitFor();
      await page.getByLabel(`Comment on “${LINK}”`).fill("This is the 2019 schedule; link the 2026 one.");
      await page.getByRole("button", { name: "Send back with comments" }).click();
      await heading(page, "Review courses");
      const course = (await apiAs(creator, "GET", `/courses/${courseId}`)).body;
      expect(course.status === "Draft", `the course is a Draft again: ${course.status}`);
      const reviews = (await apiAs(creator, "GET", `/courses/${courseId}/reviews`)).body.items;
      expect(reviews.at(-1)?.comments?.[0]?.contentId === "schedule", "the comment is kept with its content");
    });

    await step("publisher: the author resubmits; publish it and see the history", async () => {
      const draft = (await apiAs(creator, "GET", `/courses/${courseId}`)).body;
      const body = courseBody("https://example.gov.in/retention-2026");
      delete body.modules[0].contents[1].quiz; // the stored quiz is kept
      const fixed = await apiAs(creator, "PUT", `/courses/${courseId}`, { ...body, version: draft.version });
      expect(fixed.status === 200, `fix: ${fixed.status} ${JSON.stringify(fixed.body)}`);
      expect((await apiAs(creator, "POST", `/courses/${courseId}/review`)).status === 200, "resubmitted");
      await page.goto(`${BASE}/app/review`);
      await page.getByRole("link", { name: TITLE }).click();
      await heading(page, TITLE);
      await page.locator(".review-history").getByText("Sent back").waitFor();
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByRole("heading", { name: "Retire" }).waitFor();
      await page.getByText("Live", { exact: true }).first().waitFor();
      await page.locator(".review-history").getByText("Published").waitFor();
      await everywhere(page, coursePage, "publisher-live-course", (p) => p.locator(".retire").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
    });

    await step("publisher: find the published course and retire it after confirming", async () => {
      await page.goto(`${BASE}/app/review`);
      await page.getByLabel(/^Course title/).fill(`Record retention schedule ${stamp}`);
      await page.getByRole("main").getByRole("button", { name: "Search" }).click();
      await page.getByRole("list", { name: "Courses found" }).getByRole("link", { name: TITLE }).click();
      await heading(page, TITLE);
      await page.getByRole("button", { name: "Retire this course…" }).click();
      await page.getByRole("button", { name: "Cancel" }).click();
      const live = (await apiAs(creator, "GET", `/courses/${courseId}`)).body;
      expect(live.status === "Live", "cancelling retires nothing");
      await page.getByRole("button", { name: "Retire this course…" }).click();
      await page.getByText(`Retire “${TITLE}”?`).waitFor();
      await page.getByRole("button", { name: "Yes, retire it" }).click();
      await page.getByText("Retired", { exact: true }).first().waitFor();
      const retired = (await apiAs(creator, "GET", `/courses/${courseId}`)).body;
      expect(retired.status === "Retired", `retired: ${retired.status}`);
    });
  } finally {
    await browser.close();
  }
}

runJourney("publisher", main);
