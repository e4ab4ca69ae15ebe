// The content creator's journey: create a course with a link and a quiz built in the quiz builder (single and
// multiple choice), preview it as a learner, send it to review; after a reviewer sends it back, see the comment
// beside the content it is about, fix it and send it again; once it is Live, see its learners and revise it
// as a new version. The reviewer's decisions are made through the API (the publisher's journey does them in
// the browser), so this journey depends on no other.

import {
  ACCOUNTS, apiAs, apiLogin, axe, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage,
  launchBrowser, login, runJourney, step,
} from "../harness.mjs";

const stamp = Date.now();
const TITLE = `Noting and drafting basics ${stamp}`;
const LINK = "Manual of Office Procedure";
const QUIZ = "Noting check";

async function main() {
  const browser = await launchBrowser();
  try {
    const { page } = await desktopPage(browser);
    const publisher = await apiLogin(ACCOUNTS.publisher);
    // the demo creator has not filled the first-login competency form yet: done through the API (the learner's journey does it in the browser)
    const creator = await apiLogin(ACCOUNTS.creator);
    await ensureCompetencyProfile(creator, "Course author");
    let courseId = "";
    const contentItem = (title) => page.locator("li.authoring-content").filter({ has: page.getByRole("heading", { name: new RegExp(`^${title}`) }) });

    await step("creator: log in and open My courses", async () => {
      await login(page, ACCOUNTS.creator.username, ACCOUNTS.creator.password);
      await page.getByRole("link", { name: "My courses" }).first().waitFor();
      await everywhere(page, "/app/authoring", "creator-my-courses", (p) => p.locator(".paged").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
      await everywhere(page, "/app/authoring/new", "creator-course-form", (p) => p.locator(".course-form").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
    });

    await step("creator: create a course with a link and a quiz from the quiz builder", async () => {
      await page.goto(`${BASE}/app/authoring`);
      await page.getByRole("link", { name: "Create a course" }).click();
      await heading(page, "New course");
      await page.getByLabel(/^Course title/).fill(TITLE);
      await page.getByLabel(/^Description/).fill("How to write a note on a file, with a short check at the end.");
      await page.getByLabel(/^Module title/).fill("Notes on files");
      const first = page.getByRole("group", { name: "Content 1 of module 1" });
      await first.getByLabel(/^Content title/).fill(LINK);
      await first.getByLabel(/^Type/).selectOption("link");
      await first.getByLabel(/^Address/).fill("https://example.gov.in/old-manual");
      await page.getByRole("button", { name: "Add a content" }).click();
      const quiz = page.getByRole("group", { name: "Content 2 of module 1" });
      await quiz.getByLabel(/^Content title/).fill(QUIZ);
      await quiz.getByLabel(/^Type/).selectOption("quiz");
      await quiz.getByLabel(/^Pass mark/).fill("50");
      const q1 = quiz.getByRole("group", { name: "Question 1" });
      await q1.getByLabel(/^Question text/).fill("Where is a note written?");
      await q1.getByRole("textbox", { name: /^Option 1\b(?! is)/ }).fill("On the note sheet of the file");
      await q1.getByRole("textbox", { name: /^Option 2\b(?! is)/ }).fill("On the correspondence side");
      await q1.getByLabel("Option 1 is correct").check();
      await quiz.getByRole("button", { name: "Add a question" }).click();
      const q2 = quiz.getByRole("group", { name: "Question 2" });
      await q2.getByLabel(/^Question text/).fill("Which belong in a note?");
      await q2.getByLabel(/^Answer type/).selectOption("multiple");
      await q2.getByRole("button", { name: "Add an option" }).click();
      await q2.getByRole("textbox", { name: /^Option 1\b(?! is)/ }).fill("The facts of the case");
      await q2.getByRole("textbox", { name: /^Option 2\b(?! is)/ }).fill("Personal opinions about colleagues");
      await q2.getByRole("textbox", { name: /^Option 3\b(?! is)/ }).fill("The rule that applies");
      await page.getByRole("button", { name: "Create draft" }).click();
      const firstBox = q2.getByLabel("Option 1 is correct");
      await page.locator("main [aria-invalid='true']").first().waitFor();
      expect((await firstBox.getAttribute("aria-invalid")) === "true", "a question without a correct option is refused on its field");
      await firstBox.check();
      await q2.getByLabel("Option 3 is correct").check();
      await axe(page, "creator-quiz-builder");
      await page.getByRole("button", { name: "Create draft" }).click();
      await heading(page, TITLE);
      courseId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
      await contentItem(QUIZ).getByText("Questions: 2 · pass mark 50%").waitFor();
    });

    await step("creator: preview the link as a learner, then send the course to review", async () => {
      await contentItem(LINK).getByRole("link", { name: `Preview as a learner: ${LINK}` }).click();
      await heading(page, `Preview as a learner: ${LINK}`);
      await page.getByText("Nothing you do here is recorded").waitFor();
      await page.getByRole("link", { name: "Open link" }).waitFor();
      await everywhere(page, page.url(), "creator-preview", (p) => p.locator(".player-stage a").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
      await page.getByRole("link", { name: `Back to ${TITLE}` }).click();
      await heading(page, TITLE);
      await page.getByRole("button", { name: "Send for review" }).click();
      await page.locator(".authoring-head").getByText("In review", { exact: true }).waitFor();
    });

    await step("creator: a reviewer sends it back; the comment shows beside its content", async () => {
      const course = (await apiAs(publisher, "GET", `/courses/${courseId}`)).body;
      const linkId = course.modules[0].contents[0].id;
      const sent = await apiAs(publisher, "POST", `/courses/${courseId}/send-back`, {
        comments: [{ contentId: linkId, text: "This address is the old manual; link the 2024 edition." }], version: course.version });
      expect(sent.status === 200, `send-back: ${sent.status} ${JSON.stringify(sent.body)}`);
      await page.reload();
      await heading(page, TITLE);
      await contentItem(LINK).locator(".review-comments").getByText("link the 2024 edition").waitFor();
      expect(await contentItem(QUIZ).locator(".review-comments").count() === 0, "the comment is beside its own content only");
      await page.getByRole("heading", { name: "Review history" }).waitFor();
      await everywhere(page, page.url(), "creator-sent-back", async (p) => {
        await p.locator(".review-comments").first().waitFor();
      });
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
    });

    await step("creator: fix the content (the quiz is kept) and send the course again", async () => {
      await page.getByRole("link", { name: "Edit draft" }).click();
      await heading(page, "Edit course");
      const first = page.getByRole("group", { name: "Content 1 of module 1" });
      await first.getByLabel(/^Address/).fill("https://example.gov.in/manual-2024");
      await page.getByRole("group", { name: "Content 2 of module 1" }).getByText("The saved quiz is kept: 2 questions").waitFor();
      await page.getByRole("button", { name: "Save draft" }).click();
      await heading(page, TITLE);
      await contentItem(QUIZ).getByText("Questions: 2 · pass mark 50%").waitFor();
      await page.getByRole("button", { name: "Send for review" }).click();
      await page.locator(".authoring-head").getByText("In review", { exact: true }).waitFor();
    });

    await step("creator: once Live, the course shows its learners and is revised as a new version", async () => {
      const published = await apiAs(publisher, "POST", `/courses/${courseId}/publish`);
      expect(published.status === 200, `publish: ${published.status} ${JSON.stringify(published.body)}`);
      await page.goto(`${BASE}/app/authoring/${encodeURIComponent(courseId)}`);
      await heading(page, TITLE);
      await page.getByRole("heading", { name: "Learners" }).waitFor();
      await everywhere(page, page.url(), "creator-live-course", (p) => p.locator(".revise button").waitFor());
      await page.reload(); // everywhere leaves the page as it last showed it (Hindi)
      await page.getByRole("button", { name: "Revise as a new version" }).click();
      await heading(page, "Edit course");
      await page.getByLabel(/^Course title/).fill(`${TITLE} (2027)`);
      await page.getByRole("button", { name: "Save draft" }).click();
      await heading(page, `${TITLE} (2027)`);
      await page.getByText("This is a new version of a published course").waitFor();
      await page.getByRole("button", { name: "Send for review" }).click();
      await page.locator(".authoring-head").getByText("In review", { exact: true }).waitFor();
      const live = (await apiAs(publisher, "GET", `/courses/${courseId}`)).body;
      expect(live.title === TITLE && live.status === "Live" && live.openRevisionId, "the Live course is unchanged while its revision is reviewed");
      await page.goto(`${BASE}/app/authoring/${encodeURIComponent(courseId)}`);
      await page.getByText("A new version of this course is being prepared.").waitFor();
    });
  } finally {
    await browser.close();
  }
}

runJourney("creator", main);
