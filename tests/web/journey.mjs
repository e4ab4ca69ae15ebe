// The web client in headless Chromium, against a running dev server (tests/web/test_web_journey.py starts
// one): a new learner registers (OTPs read from the dev server's outbox), sets a password, logs in, fills
// the competency profile, searches the catalogue, enrols in a batch that needs approval; an MDO admin (at
// phone width) approves it and creates an event; the learner then learns with progress, passes the
// assessment, gets the certificate, registers for an event and downloads its calendar file; the UI is
// switched to Hindi; axe-core checks WCAG 2.1 AA on the main pages. A content creator creates a Draft course
// with a video, a pdf and a SCORM content, uploads a file for each straight to the media bucket, sees each become
// READY and sends the course for review; a publisher publishes it and a programme coordinator opens a batch
// (through the API), and the learner takes it in the players: the video to its end at 2x, every page of the
// pdf, the assessment, then the SCORM package, with the certificate issued only after the last one (the
// heartbeats verified by the server; phone width, Hindi and axe on the player pages). Screenshots go to
// ARTIFACTS_DIR.
//
//   KARMAYOGI_URL=http://127.0.0.1:3000 CREATOR_MEDIA_DIR=… node tests/web/journey.mjs
//
// CREATOR_MEDIA_DIR holds welcome.mp4 (VIDEO_SECONDS long), handout.pdf (PDF_PAGES pages) and rti-check.zip (a
// SCORM 1.2 package); tests/web/test_web_journey.py makes them.
//
// Exits non-zero on the first failed step (with a screenshot of the page as it was).

import fs from "node:fs";
import path from "node:path";

import {
  ARTIFACTS, BASE, PASSWORD, STEP_TIMEOUT_MS, api, apiAs, apiLogin, axe, completeFirstProfile, expect, expectChecked, heading, launchBrowser,
  log, login, otpFor, outboxCount, report, runJourney, shot, step, watchPage,
} from "./harness.mjs";

const ADMIN = { username: "sunita.verma@mha.gov.in", password: PASSWORD }; // MDO_ADMIN of MHA
const MODERATOR = { username: "ananya.das@nic.in", password: PASSWORD }; // COMMUNITY_MODERATOR, creator of the open communities
const CREATOR = { username: "vikram.singh@istm.gov.in", password: PASSWORD }; // CONTENT_CREATOR
const PUBLISHER = { username: "kavita.reddy@istm.gov.in", password: PASSWORD }; // CONTENT_PUBLISHER
const COORDINATOR = { username: "mohammed.irfan@dopt.gov.in", password: PASSWORD }; // PROGRAM_COORDINATOR
const CREATOR_MEDIA_DIR = process.env.CREATOR_MEDIA_DIR ?? "";
const VIDEO_SECONDS = Number(process.env.VIDEO_SECONDS ?? 3);
const PDF_PAGES = Number(process.env.PDF_PAGES ?? 2);
const PROCESSING_TIMEOUT_MS = 90_000;

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now() % 100000000}`.padStart(8, "0");
  const learner = {
    employeeId: `WEB-${suffix}`,
    // A name of its own, so that re-runs against the same dev server never meet their earlier learners.
    name: `Kiran ${suffix.replace(/\d/g, (d) => "abcdefghij"[Number(d)]).replace(/^./, (c) => c.toUpperCase())}`,
    email: `kiran.joshi.${suffix}@mha.gov.in`,
    mobile10: `9${suffix}${Math.floor(Math.random() * 10)}`,
    password: "Seva#Karmayogi2026",
  };
  const mobileE164 = `+91${learner.mobile10}`;
  const learnerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "en-IN" });
  learnerContext.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await learnerContext.newPage();
  watchPage(page);
  const consoleErrors = [];
  const watch = (p, who) => {
    p.on("pageerror", (error) => consoleErrors.push(`${who}: ${error}`));
    p.on("console", (message) => {
      if (/Content.Security.Policy/i.test(message.text())) consoleErrors.push(`${who}: ${message.text()}`);
    });
  };
  watch(page, "learner");

  try {
    // ------------------------------------------------------------------------------------- learner: sign up
    await step("landing page is served under /app/ and passes axe", async () => {
      await page.goto(`${BASE}/`);
      expect(new URL(page.url()).pathname === "/app/", `/ should redirect to /app/, got ${page.url()}`);
      await heading(page, "Learn, grow and serve");
      expect((await page.locator("header").count()) === 1 && (await page.locator("main").count()) === 1 && (await page.locator("footer").count()) === 1, "landmarks: one header, main and footer");
      await shot(page, "01-landing");
      await axe(page, "landing");
    });

    await step("keyboard: the skip link comes first and moves focus to main", async () => {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => ({ cls: document.activeElement?.className, text: document.activeElement?.textContent }));
      expect(focused.cls === "skip-link", `first Tab should reach the skip link, got ${JSON.stringify(focused)}`);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      expect(outline !== "none", "focused element has a visible outline");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id === "main"), "focus moved to main");
    });

    await step("register: employee details with the org picker and designations", async () => {
      await page.getByRole("main").getByRole("link", { name: "Register" }).click();
      await heading(page, "Register");
      await page.getByLabel("Employee ID").fill(learner.employeeId);
      await page.getByLabel("Full name").fill(learner.name);
      await page.getByLabel("Official email").fill(learner.email);
      await page.getByLabel("Mobile number").fill(learner.mobile10);
      await page.getByLabel("Find your ministry, department, state or organisation").fill("Home Affairs");
      await page.locator("#reg-org option[value=mha]").waitFor({ state: "attached" });
      await page.locator("#reg-org").selectOption("mha");
      await page.getByText("Email domains of this organisation: mha.gov.in").waitFor();
      await page.locator("select[name=designation] option[value=aso]").waitFor({ state: "attached" });
      await page.getByLabel("Designation").selectOption("aso");
      await axe(page, "register");
      await shot(page, "02-register-details");
    });

    await step("register: client-side and API field errors are shown on the field", async () => {
      const email = page.getByLabel("Official email");
      await email.fill("not-an-email");
      await page.getByRole("button", { name: "Send verification codes" }).click();
      expect((await email.getAttribute("aria-invalid")) === "true", "invalid email is marked aria-invalid");
      expect(await email.evaluate((el) => el === document.activeElement), "focus moved to the invalid field");
      // A well-formed but non-government address: the API refuses it with details naming the field.
      await email.fill(`kiran.${suffix}@gmail.com`);
      await page.getByRole("button", { name: "Send verification codes" }).click();
      await page.locator("form .form-message").filter({ hasText: /official email/i }).waitFor();
      expect((await email.getAttribute("aria-invalid")) === "true", "the API's field error is on the email input");
      const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
      const fieldError = page.locator(`[id="${describedBy.split(" ").pop()}"]`);
      expect(/official email/i.test((await fieldError.textContent()) ?? ""), "the field's error text is linked to it");
      await shot(page, "02b-register-api-error");
      await email.fill(learner.email);
    });

    const emailMessagesBefore = await outboxCount(learner.email);
    const smsMessagesBefore = await outboxCount(mobileE164);
    await step("register: OTPs are sent to email and mobile", async () => {
      await page.getByRole("button", { name: "Send verification codes" }).click();
      await page.getByRole("heading", { name: /Verify your email and mobile/ }).waitFor();
      await shot(page, "03-register-otp");
    });

    await step("register: a wrong code shows the API's error message", async () => {
      const emailForm = page.locator("form[data-channel=email]");
      await emailForm.locator("input[name=code]").fill("000000");
      await emailForm.getByRole("button", { name: "Verify" }).click();
      const message = emailForm.locator(".form-message");
      await message.waitFor({ state: "visible" });
      expect(((await message.textContent()) ?? "").trim().length > 0, "the error message is shown");
    });

    await step("register: verify both OTPs read from the outbox", async () => {
      const emailCode = await otpFor(learner.email, { notBefore: emailMessagesBefore });
      const smsCode = await otpFor(mobileE164, { notBefore: smsMessagesBefore });
      const emailForm = page.locator("form[data-channel=email]");
      await emailForm.locator("input[name=code]").fill(emailCode);
      await emailForm.getByRole("button", { name: "Verify" }).click();
      await page.locator("form[data-channel=email]").waitFor({ state: "detached" });
      const mobileForm = page.locator("form[data-channel=mobile]");
      await mobileForm.locator("input[name=code]").fill(smsCode);
      await mobileForm.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("heading", { name: /Set your password/ }).waitFor();
    });

    await step("register: set the password", async () => {
      await page.getByLabel(/^Password/).fill(learner.password);
      await page.getByLabel("Confirm password").fill(learner.password);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
      await shot(page, "04-register-done");
    });

    await step("login leads to the competency profile on first login", async () => {
      await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
      await heading(page, "Log in");
      expect((await page.getByLabel("Email or employee ID").inputValue()) === learner.email, "username is prefilled");
      await page.getByLabel(/^Password/).fill(learner.password);
      await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
      await heading(page, "Competency profile");
      expect(page.url().includes("/app/profile/competencies"), `expected the competency profile, got ${page.url()}`);
      const tokens = await page.evaluate(() => sessionStorage.getItem("karmayogi.tokens"));
      expect(tokens && JSON.parse(tokens).accessToken, "tokens are kept in sessionStorage");
    });

    await step("competency profile: fill in and save", async () => {
      await page.getByLabel("Roles you perform").fill("File processing, RTI replies");
      await page.getByLabel("Interests").fill("Digital governance");
      // The framework is grouped by area, collapsed; a search opens the groups with matches.
      await page.getByLabel("Filter by name").fill("e-Office");
      await page.locator('select[name="current:c-e-office"]').selectOption("1");
      await page.locator('select[name="desired:c-e-office"]').selectOption("3");
      await page.getByLabel("Filter by name").fill("drafting");
      await page.locator('select[name="current:c-noting-drafting"]').selectOption("2");
      await page.getByLabel("Filter by name").fill("office");
      await page.getByText(/of \d+ competencies shown/).waitFor();
      await shot(page, "05-competency-profile");
      await axe(page, "competency-profile");
      await page.getByLabel("Filter by name").fill("");
      await page.getByRole("button", { name: "Save profile" }).click();
      await heading(page, "Course catalogue");
      expect(page.url().includes("/app/courses"), "goes on to the catalogue");
    });

    await step("catalogue: search and open a course", async () => {
      await page.getByRole("searchbox", { name: "Search courses" }).fill("e-Office");
      await page.getByRole("main").getByRole("search").getByRole("button", { name: "Search" }).click();
      const course = page.getByRole("link", { name: "Introduction to e-Office" });
      await course.waitFor();
      await shot(page, "06-catalogue");
      await axe(page, "catalogue");
      await course.click();
      await heading(page, "Introduction to e-Office");
    });

    await step("course: enrol in the batch that needs approval (workflow polled)", async () => {
      await page.getByLabel(/Batch with approval/).check();
      await page.getByRole("button", { name: "Enrol" }).click();
      await page.locator(".enrolment").getByText("Awaiting approval").waitFor({ timeout: 30_000 });
      await shot(page, "07-course-pending-approval");
      await axe(page, "course");
    });

    // --------------------------------------------------------------------------------- admin at phone width
    const adminContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-IN" });
    adminContext.setDefaultTimeout(STEP_TIMEOUT_MS);
    const admin = await adminContext.newPage();
    watch(admin, "admin");
    watchPage(admin);

    await step("admin (phone width): log in and reach approvals through the menu", async () => {
      await login(admin, ADMIN.username, ADMIN.password);
      await admin.locator("main h1").filter({ hasText: /Namaste|Competency profile/ }).first().waitFor();
      if ((await admin.locator("main h1").textContent())?.includes("Competency profile")) {
        // A demo account that never logged in fills in its profile first, like any user.
        await completeFirstProfile(admin);
      }
      const nav = admin.locator("#site-nav");
      expect(!(await nav.isVisible()), "the navigation is collapsed at phone width");
      await admin.getByRole("button", { name: "Menu" }).click();
      expect(await nav.isVisible(), "the menu opens");
      await shot(admin, "08-admin-phone-menu");
      await nav.getByRole("link", { name: "Administration" }).click();
      await heading(admin, "Administration");
      await admin.getByRole("link", { name: "Enrolment approvals" }).click();
      await heading(admin, "Enrolment approvals");
    });

    await step("admin: approve the learner's enrolment", async () => {
      const approve = admin.getByRole("button", { name: new RegExp(`^Approve: ${learner.name}`) });
      await approve.waitFor();
      await shot(admin, "09-admin-approvals");
      await axe(admin, "admin-approvals");
      await approve.click();
      await admin.locator(".approval-card").filter({ hasText: learner.name }).getByText("Approved").waitFor();
    });

    await step("admin: create an event", async () => {
      await admin.goto(`${BASE}/app/admin/events`);
      await heading(admin, "Events");
      const day = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
      await admin.getByLabel("Title").fill(`Web journey webinar ${suffix}`);
      await admin.getByLabel("Description").fill("A webinar created by the browser journey test.");
      await admin.getByLabel("Starts").fill(`${day}T10:00`);
      await admin.getByLabel("Ends").fill(`${day}T11:00`);
      await admin.getByLabel("Capacity").fill("50");
      await admin.getByLabel("Joining link").fill("https://meet.example.com/web-journey");
      await admin.getByRole("button", { name: "Create event" }).click();
      await admin.getByRole("main").getByText(`Event Web journey webinar ${suffix} created.`).waitFor();
      await shot(admin, "10-admin-event-created");
      await axe(admin, "admin-events");
    });

    await step("admin: attendance form (refused before the event starts, with the API's message)", async () => {
      await admin.getByRole("link", { name: `Mark attendance: Web journey webinar ${suffix}` }).click();
      await heading(admin, "Attendance");
      await admin.getByRole("searchbox", { name: "Find an attendee" }).fill(learner.name.split(" ")[1]);
      await admin.getByRole("main").getByRole("search").getByRole("button", { name: "Search" }).click();
      await admin.getByRole("button", { name: `Add: ${learner.name}` }).click();
      await expectChecked(admin.getByRole("checkbox", { name: learner.name }));
      await admin.getByRole("button", { name: "Save attendance" }).click();
      const message = admin.locator("form .form-message");
      await message.waitFor({ state: "visible" });
      expect(/started/i.test((await message.textContent()) ?? ""), "the API's reason is shown");
      await axe(admin, "admin-attendance");
    });

    await step("admin: create a batch of a course", async () => {
      await admin.goto(`${BASE}/app/admin/batches`);
      await heading(admin, "Batches");
      await admin.getByRole("searchbox", { name: "Search courses" }).fill("e-Office");
      await admin.locator("#batch-course option", { hasText: "Introduction to e-Office" }).waitFor({ state: "attached" });
      await admin.getByLabel("Course", { exact: true }).selectOption("intro-e-office");
      await admin.getByRole("heading", { name: "New batch" }).waitFor();
      const day = (offset) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
      await admin.getByLabel(/^Batch name/).fill(`MHA cohort ${suffix}`);
      await admin.getByLabel(/^Start date/).fill(day(7));
      await admin.getByLabel(/^End date/).fill(day(60));
      await admin.getByLabel(/^Last date to enrol/).fill(day(5));
      await admin.getByLabel(/^Seats/).fill("25");
      await admin.getByLabel("Enrolments need approval").check();
      await admin.getByRole("button", { name: "Create batch" }).click();
      await admin.getByRole("main").getByText(`Batch MHA cohort ${suffix} created.`).waitFor();
      await admin.getByRole("list", { name: "Batches of this course" }).getByText(`MHA cohort ${suffix}`).waitFor();
      await shot(admin, "10b-admin-batch");
      await axe(admin, "admin-batches");
    });

    await step("admin: the organisation's competency gaps", async () => {
      await admin.goto(`${BASE}/app/admin/competency-gaps`);
      await heading(admin, "Organisation competency gaps");
      await admin.locator("main table").or(admin.getByText("No gaps found.")).first().waitFor();
      await shot(admin, "10c-admin-org-gaps");
      await axe(admin, "admin-org-gaps");
    });
    await adminContext.close();

    // ------------------------------------------------------------------------------ learner: learn & certify
    watchPage(page);
    await step("course: enrolled after approval; progress as contents are completed", async () => {
      await page.getByRole("button", { name: "Check status" }).click();
      await page.locator(".enrolment").getByText("Enrolled").waitFor();
      const contents = ["The e-Office suite: eFile, eLeave, eTour and KMS", "Logging in and setting up your DSC or eSign",
        "Diarising a receipt and creating an e-file", "Writing a green note and moving the file"];
      let last = -1;
      for (const title of contents) {
        await page.getByRole("button", { name: `Mark as completed: ${title}` }).click();
        await page.locator(".enrolment .status-line").filter({ hasText: title }).waitFor();
        const percent = Number(await page.locator(".enrolment progress").getAttribute("value"));
        expect(percent > last, `progress grows (${last} → ${percent})`);
        last = percent;
      }
      expect(last > 0 && last < 100, `the quiz is still to do: ${last}%`);
      await shot(page, "11-course-progress");
    });

    await step("assessment: answer and pass; the course completes", async () => {
      await page.getByRole("link", { name: "Take the assessment" }).click();
      await heading(page, "e-Office quiz");
      await axe(page, "assessment");
      const answers = { "eo-q1": ["a"], "eo-q2": ["c"], "eo-q3": ["a", "b", "c"], "eo-q4": ["a"] };
      for (const [question, options] of Object.entries(answers)) {
        for (const option of options) await page.locator(`input[name="${question}"][value="${option}"]`).check();
      }
      await page.getByRole("button", { name: "Submit answers" }).click();
      await page.getByRole("heading", { name: "You passed" }).waitFor();
      await shot(page, "12-assessment-passed");
      await page.getByRole("main").getByRole("link", { name: "Back to the course" }).first().click();
      await heading(page, "Introduction to e-Office");
      await page.locator(".enrolment").getByText("Completed").first().waitFor();
    });

    await step("certificate: listed, and verifiable on its public page", async () => {
      await page.getByRole("link", { name: "View certificates" }).click();
      await heading(page, "My certificates");
      await page.getByRole("link", { name: "View and verify" }).first().click();
      await heading(page, "Certificate");
      await page.locator(".cert-name").filter({ hasText: learner.name }).waitFor();
      await page.getByText("Valid: the digital signature matches the issuer's key.").waitFor();
      await shot(page, "13-certificate");
      await axe(page, "certificate");
      // The verification page is public: it works signed out too.
      const anonymous = await browser.newContext();
      const publicPage = await anonymous.newPage();
      await publicPage.goto(page.url());
      await publicPage.locator(".cert-name").filter({ hasText: learner.name }).waitFor({ timeout: STEP_TIMEOUT_MS });
      await anonymous.close();
    });

    await step("events: register and download the calendar file with the bearer token", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" }).click();
      await heading(page, "Events");
      await page.getByRole("link", { name: "Karmayogi Talk: Putting Citizens First" }).first().click();
      await heading(page, "Karmayogi Talk: Putting Citizens First");
      await page.getByRole("button", { name: "Register" }).click();
      await page.getByText("You are registered.").waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Add to calendar (.ics)" }).click(),
      ]);
      expect(download.suggestedFilename().endsWith(".ics"), `calendar file name: ${download.suggestedFilename()}`);
      const file = path.join(ARTIFACTS, "event.ics");
      await download.saveAs(file);
      expect(fs.readFileSync(file, "utf8").includes("BEGIN:VCALENDAR"), "the download is an iCalendar file");
      await shot(page, "14-event-registered");
      await axe(page, "event");
    });

    await step("competency gaps and career readiness pages render", async () => {
      await page.goto(`${BASE}/app/competency`);
      await heading(page, "Competencies");
      await page.waitForFunction(() => document.querySelectorAll("main .loading").length === 0);
      await page.locator("main table").or(page.getByText("No gaps found.")).first().waitFor();
      const passbook = page.getByRole("region", { name: "Competency passbook" });
      await passbook.getByText("e-Office").first().waitFor(); // from the completed course and the profile
      await shot(page, "14b-competency-gaps");
      await axe(page, "competency-gaps");
      await page.goto(`${BASE}/app/career`);
      await heading(page, "Career");
      const target = page.getByLabel("Target role");
      const roles = await target.locator("option").count();
      if (roles > 1) {
        await target.selectOption({ index: 1 });
        await page.getByRole("progressbar", { name: "Readiness" }).waitFor();
      }
      await shot(page, "14c-career");
      await axe(page, "career");
    });

    await step("discussion: join a community, post a topic, reply, vote", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Discussions" }).click();
      await heading(page, "Discussions");
      await page.getByRole("link", { name: "Digital Governance", exact: true }).click();
      await heading(page, "Digital Governance");
      const join = page.getByRole("button", { name: "Join: Digital Governance" });
      if (await join.count()) {
        await join.click();
        await page.getByRole("button", { name: "Leave: Digital Governance" }).waitFor();
      }
      await page.getByText("Start a new topic").click();
      const title = `Green notes on mobile ${suffix}`;
      await page.getByLabel(/^Title/).fill(title);
      await page.getByLabel(/^Your question or idea/).fill("Has anyone moved green notes on e-Office from a phone?");
      await page.getByLabel(/^Tags/).fill("e-office, mobile");
      await page.getByRole("button", { name: "Post topic" }).click();
      await heading(page, title);
      await page.getByLabel(/^Your reply/).fill("Following: our section would like to know too.");
      await page.getByRole("button", { name: "Post reply" }).click();
      await page.locator(".reply").filter({ hasText: "our section would like to know too" }).waitFor();
      await shot(page, "15-discussion-topic");
      await axe(page, "discussion-topic");
      await page.getByRole("link", { name: "Back to the community" }).click();
      await heading(page, "Digital Governance");
      await page.getByRole("link", { name: "Accepting DigiLocker documents instead of physical copies" }).click();
      await heading(page, "Accepting DigiLocker documents");
      const upvote = page.getByRole("button", { name: /Upvote: Accepting DigiLocker/ });
      await upvote.click();
      await page.waitForFunction(() => document.querySelector(".topic .vote.up")?.getAttribute("aria-pressed") === "true");
    });

    // ------------------------------------------------------------------------------------------ moderator
    const moderatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-IN" });
    moderatorContext.setDefaultTimeout(STEP_TIMEOUT_MS);
    const moderator = await moderatorContext.newPage();
    watch(moderator, "moderator");
    const replyText = "our section would like to know too";
    const hideReason = `Off-topic test ${suffix}`;

    await step("moderator: hide the learner's reply with a reason; it is marked hidden, and gone for the learner", async () => {
      watchPage(moderator);
      await login(moderator, MODERATOR.username, MODERATOR.password);
      await moderator.locator("main h1").filter({ hasText: /Namaste|Competency profile/ }).first().waitFor();
      if ((await moderator.locator("main h1").textContent())?.includes("Competency profile")) {
        await completeFirstProfile(moderator);
      }
      await moderator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Discussions" }).click();
      await heading(moderator, "Discussions");
      await moderator.getByRole("link", { name: "Digital Governance", exact: true }).click();
      await heading(moderator, "Digital Governance");
      await moderator.getByRole("link", { name: `Green notes on mobile ${suffix}` }).click();
      await heading(moderator, `Green notes on mobile ${suffix}`);
      const topicUrl = moderator.url();
      const reply = moderator.locator(".reply").filter({ hasText: replyText });
      await reply.getByRole("button", { name: `Hide: reply by ${learner.name}` }).click();
      // Nothing is sent before the confirmation; an empty reason is refused on the field.
      const reason = reply.getByLabel(/^Reason/);
      expect(await reason.evaluate((el) => el === document.activeElement), "the reason field takes the focus");
      await reply.getByRole("button", { name: "Hide post" }).click();
      expect((await reason.getAttribute("aria-invalid")) === "true", "an empty reason is marked invalid");
      await reply.locator(".field-error").filter({ hasText: /\S/ }).waitFor();
      await reason.fill(hideReason);
      const hidden = moderator.waitForResponse((r) => r.url().includes("/hide") && r.request().method() === "POST");
      await reply.getByRole("button", { name: "Hide post" }).click();
      expect((await hidden).status() === 200, "POST /posts/{id}/hide succeeds");
      const marked = moderator.locator(".reply.is-hidden").filter({ hasText: replyText });
      await marked.getByText("Hidden", { exact: true }).waitFor();
      await marked.getByRole("button", { name: `Restore: reply by ${learner.name}` }).waitFor();
      await moderator.locator("#live-status").filter({ hasText: "Hidden: reply by" }).waitFor();
      await shot(moderator, "15b-moderator-hidden-reply");
      await axe(moderator, "discussion-topic-moderator");
      // The learner (a member, not a moderator) no longer sees the reply.
      await page.goto(topicUrl);
      await heading(page, `Green notes on mobile ${suffix}`);
      await page.locator(".paged .list-info").filter({ hasText: /./ }).first().waitFor();
      expect((await page.locator(".reply").filter({ hasText: replyText }).count()) === 0, "the hidden reply is gone for members");
      expect((await page.getByRole("button", { name: /^Hide/ }).count()) === 0, "members get no moderation controls");
    });

    await step("moderator: the moderation log lists the hide with its reason (axe); restore the reply", async () => {
      await moderator.getByRole("link", { name: "Back to the community" }).click();
      await heading(moderator, "Digital Governance");
      const topicLink = moderator.getByRole("link", { name: `Green notes on mobile ${suffix}` });
      await moderator.getByRole("link", { name: "Moderation log" }).click();
      await heading(moderator, "Moderation log: Digital Governance");
      const entry = moderator.locator(".log-entry").filter({ hasText: hideReason });
      await entry.getByRole("heading", { name: "Post hidden" }).waitFor();
      await shot(moderator, "15c-moderation-log");
      await axe(moderator, "moderation-log");
      await moderator.getByRole("link", { name: "Back to the community" }).click();
      await heading(moderator, "Digital Governance");
      await topicLink.click();
      await heading(moderator, `Green notes on mobile ${suffix}`);
      const restored = moderator.waitForResponse((r) => r.url().includes("/restore") && r.request().method() === "POST");
      await moderator.getByRole("button", { name: `Restore: reply by ${learner.name}` }).click();
      expect((await restored).status() === 200, "POST /posts/{id}/restore succeeds");
      const reply = moderator.locator(".reply").filter({ hasText: replyText });
      await reply.getByRole("button", { name: `Hide: reply by ${learner.name}` }).waitFor();
      expect((await moderator.locator(".reply.is-hidden").count()) === 0, "no reply is marked hidden after the restore");
      await moderator.locator("#live-status").filter({ hasText: "Restored: reply by" }).waitFor();
      watchPage(page);
    });
    await moderatorContext.close();

    // ------------------------------------------------------------------------------------ content creator
    const creatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-IN" });
    creatorContext.setDefaultTimeout(STEP_TIMEOUT_MS);
    const creator = await creatorContext.newPage();
    watch(creator, "creator");
    const courseTitle = `Filing RTI replies online ${suffix}`;
    const files = [
      { title: "Welcome video", type: "video", file: "welcome.mp4", ready: new RegExp(`^Ready: duration 0:0${VIDEO_SECONDS}`) },
      { title: "RTI handout", type: "pdf", file: "handout.pdf", ready: new RegExp(`^Ready: ${PDF_PAGES} pages`) },
      { title: "RTI check", type: "scorm", file: "rti-check.zip", ready: /^Ready/ },
    ];
    let createdCourseId = "";
    const contentItem = (title) => creator.locator(".authoring-content").filter({ has: creator.getByRole("heading", { name: new RegExp(`^${title}`) }) });

    await step("creator: log in and open My courses", async () => {
      watchPage(creator);
      expect(CREATOR_MEDIA_DIR && fs.existsSync(path.join(CREATOR_MEDIA_DIR, "welcome.mp4")), "CREATOR_MEDIA_DIR holds the files to upload");
      await login(creator, CREATOR.username, CREATOR.password);
      await creator.locator("main h1").filter({ hasText: /Namaste|Competency profile/ }).first().waitFor();
      if ((await creator.locator("main h1").textContent())?.includes("Competency profile")) {
        await creator.locator('select[name^="current:"]').first().selectOption("3");
        await creator.getByRole("button", { name: "Save profile" }).click();
        await heading(creator, "Course catalogue");
      }
      await creator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My courses" }).click();
      await heading(creator, "My courses");
      await creator.locator(".paged .list-info").filter({ hasText: /./ }).first().waitFor();
      await shot(creator, "19-creator-my-courses");
      await axe(creator, "authoring-my-courses");
    });

    await step("creator: create a Draft course with a video, a pdf and a SCORM content", async () => {
      await creator.getByRole("link", { name: "Create a course" }).click();
      await heading(creator, "New course");
      await creator.getByLabel(/^Course title/).fill(courseTitle);
      await creator.getByLabel(/^Description/).fill("Replying to RTI applications on the online portal, step by step.");
      const competencies = creator.getByRole("group", { name: "Competencies" });
      await competencies.getByRole("button", { name: "Add a competency" }).click();
      await competencies.getByLabel(/^Competency/).selectOption("c-rti-handling");
      await competencies.getByLabel(/^Level/).selectOption("2");
      await creator.getByLabel(/^Module title/).fill("Getting started");
      for (const [index, item] of files.entries()) {
        if (index > 0) await creator.getByRole("button", { name: "Add a content" }).click();
        const box = creator.getByRole("group", { name: `Content ${index + 1} of module 1` });
        await box.getByLabel(/^Content title/).fill(item.title);
        await box.getByLabel(/^Type/).selectOption(item.type);
      }
      await shot(creator, "20-creator-new-course");
      await axe(creator, "authoring-course-form");
      await creator.getByRole("button", { name: "Create draft" }).click();
      await heading(creator, courseTitle);
      createdCourseId = decodeURIComponent(new URL(creator.url()).pathname.split("/").pop());
      await creator.locator(".authoring-head").getByText("Draft", { exact: true }).waitFor();
      for (const item of files) await contentItem(item.title).getByText("No file yet.").waitFor();
    });

    await step("creator: edit the Draft: add a quiz content", async () => {
      await creator.getByRole("link", { name: "Edit draft" }).click();
      await heading(creator, "Edit course");
      expect((await creator.getByLabel(/^Course title/).inputValue()) === courseTitle, "the form holds the draft");
      await creator.getByRole("button", { name: "Add a content" }).click();
      const box = creator.getByRole("group", { name: "Content 4 of module 1" });
      await box.getByLabel(/^Content title/).fill("RTI quiz");
      await box.getByLabel(/^Type/).selectOption("quiz");
      const question = box.getByRole("group", { name: "Question 1" });
      await question.getByLabel(/^Question text/).fill("Within how many days must a PIO reply to an RTI application?");
      await question.getByRole("button", { name: "Add an option" }).click();
      await question.getByRole("textbox", { name: /^Option 1\b(?! is)/ }).fill("30 days");
      await question.getByRole("textbox", { name: /^Option 2\b(?! is)/ }).fill("60 days");
      await question.getByRole("textbox", { name: /^Option 3\b(?! is)/ }).fill("90 days");
      await creator.getByRole("button", { name: "Save draft" }).click();
      const correct = question.getByLabel("Option 1 is correct");
      await correct.and(creator.locator("[aria-invalid='true']")).waitFor();
      expect((await correct.getAttribute("aria-invalid")) === "true", "a question without a correct option is refused on its field");
      await correct.check();
      await axe(creator, "authoring-course-form-edit");
      await creator.getByRole("button", { name: "Save draft" }).click();
      await heading(creator, courseTitle);
      await contentItem("RTI quiz").getByText("Questions: 1 · pass mark 60%").waitFor();
    });

    await step("creator: a file of the wrong type is refused before it is sent", async () => {
      const input = creator.getByLabel("File for “Welcome video”");
      await input.setInputFiles(path.join(CREATOR_MEDIA_DIR, "handout.pdf"));
      await creator.getByRole("button", { name: "Upload: Welcome video" }).click();
      expect((await input.getAttribute("aria-invalid")) === "true", "the file input is marked invalid");
      await contentItem("Welcome video").locator(".field-error").filter({ hasText: "Video content takes only these files: mp4" }).waitFor();
    });

    await step("creator: a file over 100 MiB goes up in parts, resumes after a dropped part, and the rejection's reason is shown", async () => {
      const partPuts = [];
      const isPart = (url) => url.searchParams.has("partNumber") && url.searchParams.has("uploadId");
      const dropSecondPartOnce = async (route) => {
        const request = route.request();
        const partNumber = new URL(request.url()).searchParams.get("partNumber");
        if (request.method() === "PUT") partPuts.push(partNumber);
        if (request.method() === "PUT" && partNumber === "2" && partPuts.filter((p) => p === "2").length === 1) {
          await route.abort("connectionreset");
          return;
        }
        await route.continue();
      };
      await creator.route(isPart, dropSecondPartOnce);
      const resumed = creator.waitForResponse((r) => r.request().method() === "GET" && /\/uploads\/[^/]+$/.test(new URL(r.url()).pathname), { timeout: 60_000 });
      await creator.getByLabel("File for “RTI check”").setInputFiles(path.join(CREATOR_MEDIA_DIR, "large-package.zip"));
      await creator.getByRole("button", { name: "Upload: RTI check" }).click();
      expect((await resumed).status() === 200, "after the dropped part the client asks for the upload's state");
      const state = contentItem("RTI check").locator(".media-state");
      await state.filter({ hasText: /^Rejected: \S/ }).waitFor({ timeout: PROCESSING_TIMEOUT_MS });
      await creator.unroute(isPart, dropSecondPartOnce);
      expect(partPuts.filter((p) => p === "2").length === 2, `part 2 is sent again after it was dropped: ${partPuts}`);
      expect(new Set(partPuts).size === 7, `101 MiB goes in 7 parts of 16 MiB: ${partPuts}`);
      const bar = contentItem("RTI check").getByRole("progressbar", { name: "Upload of “RTI check”" });
      expect((await bar.getAttribute("value")) === "100", "the progress bar shows the whole file sent");
      await shot(creator, "20b-creator-large-upload-rejected");
    });

    await step("creator: upload the video, the pdf and the SCORM zip; each becomes READY", async () => {
      const uploads = [];
      creator.on("request", (request) => {
        if (request.method() === "POST" && /\/uploads$/.test(new URL(request.url()).pathname)) uploads.push(request.postDataJSON());
      });
      for (const item of files) {
        await creator.getByLabel(`File for “${item.title}”`).setInputFiles(path.join(CREATOR_MEDIA_DIR, item.file));
        await creator.getByRole("button", { name: `Upload: ${item.title}` }).click();
      }
      for (const item of files) {
        const state = contentItem(item.title).locator(".media-state");
        await state.filter({ hasText: item.ready }).waitFor({ timeout: PROCESSING_TIMEOUT_MS });
        expect((await state.getAttribute("aria-live")) === "polite", "the upload's status is announced");
      }
      const types = uploads.map((u) => u.mediaType).sort();
      expect(JSON.stringify(types) === JSON.stringify(["application/pdf", "application/zip", "video/mp4"]), `the uploads declare their media types: ${types}`);
      const sizes = files.map((item) => fs.statSync(path.join(CREATOR_MEDIA_DIR, item.file)).size).sort();
      expect(JSON.stringify(uploads.map((u) => u.sizeBytes).sort()) === JSON.stringify(sizes), "the uploads declare the files' exact sizes");
      await shot(creator, "21-creator-uploads-ready");
      await axe(creator, "authoring-course");
    });

    await step("creator: the authoring page fits a phone's width", async () => {
      await creator.setViewportSize({ width: 375, height: 812 });
      await creator.reload();
      await heading(creator, courseTitle);
      await contentItem("RTI check").locator(".media-state").filter({ hasText: /^Ready/ }).waitFor();
      const overflow = await creator.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 1, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
      await shot(creator, "22-creator-phone");
      await creator.setViewportSize({ width: 1280, height: 900 });
    });

    await step("creator: send the course for review", async () => {
      await creator.getByRole("button", { name: "Send for review" }).click();
      await creator.locator(".authoring-head .status-line").filter({ hasText: "The course has been sent for review." }).waitFor();
      await creator.locator(".authoring-head").getByText("In review", { exact: true }).waitFor();
      expect((await creator.getByLabel(/^File for/).count()) === 0, "no uploads once the course is in review");
      await creator.getByRole("link", { name: "Back to my courses" }).click();
      await heading(creator, "My courses");
      await creator.locator(".authoring-card").filter({ hasText: courseTitle }).getByText("In review").waitFor();
      await shot(creator, "23-creator-in-review");
    });

    await step("creator: My courses in Hindi", async () => {
      await creator.getByRole("button", { name: "हिन्दी" }).click();
      await heading(creator, "मेरे पाठ्यक्रम");
      await creator.locator(".authoring-card").filter({ hasText: courseTitle }).getByText("समीक्षा में").waitFor();
      await axe(creator, "authoring-my-courses-hi");
      await creator.getByRole("button", { name: "English" }).click();
      await heading(creator, "My courses");
    });
    await creatorContext.close();
    watchPage(page);

    // ------------------------------------------------------------------------ learner: the players, verified
    await step("publisher publishes the creator's course; a programme coordinator opens a batch (API)", async () => {
      expect(createdCourseId, "the creator's course id is known");
      const publisher = await apiLogin(PUBLISHER);
      const published = await apiAs(publisher, "POST", `/courses/${encodeURIComponent(createdCourseId)}/publish`);
      expect(published.status === 200 && published.body.status === "Live", `publish: ${published.status} ${JSON.stringify(published.body)}`);
      const coordinator = await apiLogin(COORDINATOR);
      const day = (offset) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
      const batch = await apiAs(coordinator, "POST", `/courses/${encodeURIComponent(createdCourseId)}/batches`, {
        name: `Open cohort ${suffix}`, startDate: day(0), endDate: day(30), enrollmentEndDate: day(10), seats: 50, requiresApproval: false,
      });
      expect(batch.status === 201, `batch: ${batch.status} ${JSON.stringify(batch.body)}`);
    });

    const heartbeats = [];
    page.on("response", async (response) => {
      if (response.request().method() === "POST" && /\/heartbeats$/.test(new URL(response.url()).pathname)) {
        heartbeats.push({ status: response.status(), body: await response.json().catch(() => null), sent: response.request().postDataJSON() });
      }
    });
    const progressOnPage = () => page.getByRole("progressbar", { name: /^Covered of/ });
    const courseCompletion = () => page.locator(".course-progress progress");

    await step("learner: enrol in the published course; Continue leads to its first content", async () => {
      await page.goto(`${BASE}/app/courses/${encodeURIComponent(createdCourseId)}`);
      await heading(page, courseTitle);
      await page.getByRole("button", { name: "Enrol" }).click();
      await page.locator(".enrolment").getByText("Enrolled").waitFor({ timeout: 30_000 });
      expect((await page.getByRole("button", { name: /^Mark as completed/ }).count()) === 0, "no declared completion for played contents");
      await page.getByRole("link", { name: "Play: Welcome video" }).waitFor();
      const onCoursePage = await page.locator(".enrolment").getByRole("link", { name: "Continue" }).getAttribute("href");
      expect(/\/learn\/[^/]+$/.test(onCoursePage ?? ""), `the course page's Continue opens a content: ${onCoursePage}`);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
      await page.getByRole("link", { name: `Continue: ${courseTitle}` }).click();
      await heading(page, "Welcome video");
      expect(new URL(page.url()).pathname === onCoursePage, "home and course page continue to the same content");
    });

    await step("video: hls.js plays it to the end at 2x; the verified heartbeats complete it", async () => {
      const video = page.locator("video");
      await video.waitFor();
      await axe(page, "player-video");
      await page.getByLabel("Playback speed").selectOption("2");
      await page.waitForFunction(() => document.querySelector("video")?.readyState >= 1, null, { timeout: STEP_TIMEOUT_MS });
      const startedAt = Date.now();
      await video.evaluate((v) => v.play());
      await page.waitForFunction(() => document.querySelector("video")?.ended === true, null, { timeout: 30_000 });
      const wallSeconds = (Date.now() - startedAt) / 1000;
      expect(await video.evaluate((v) => v.playbackRate === 2), "the video played at 2x");
      expect(wallSeconds >= VIDEO_SECONDS / 2 - 0.3, `real time at 2x: ${wallSeconds} s for ${VIDEO_SECONDS} s`);
      await page.locator(".player-progress").getByText("✓ Completed").waitFor();
      expect(Number(await progressOnPage().getAttribute("value")) >= 90, "at least 90 % covered");
      const videoBeats = heartbeats.filter((b) => b.sent?.ranges);
      expect(videoBeats.length > 0 && videoBeats.every((b) => b.status === 200), `every video heartbeat counted: ${JSON.stringify(videoBeats)}`);
      expect(new Set(videoBeats.map((b) => b.sent.sessionId)).size === 1, "one session per playback");
      const seqs = videoBeats.map((b) => b.sent.seq);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]), `seq grows: ${seqs}`);
      await shot(page, "24-player-video");
    });

    await step("video at phone width: the player fits the screen", async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.reload();
      await heading(page, "Welcome video");
      await page.locator("video").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 1, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
      await shot(page, "25-player-video-phone");
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await step("pdf: pdf.js shows it page by page; every page viewed completes it (Hindi, axe)", async () => {
      await page.getByRole("link", { name: "Next: RTI handout" }).click();
      await heading(page, "RTI handout");
      await page.getByRole("img", { name: `Page 1 of ${PDF_PAGES}` }).waitFor();
      await axe(page, "player-pdf");
      for (let n = 2; n <= PDF_PAGES; n += 1) {
        await page.waitForTimeout(1_100); // a page counts once it has been shown for a second
        await page.getByRole("button", { name: "Next page" }).click();
        await page.getByRole("img", { name: `Page ${n} of ${PDF_PAGES}` }).waitFor();
      }
      await page.locator(".player-progress").getByText("✓ Completed").waitFor();
      const pdfBeats = heartbeats.filter((b) => b.sent?.pages);
      expect(pdfBeats.every((b) => b.status === 200), `every pdf heartbeat counted: ${JSON.stringify(pdfBeats)}`);
      await page.getByRole("button", { name: "Zoom in" }).click();
      await page.locator(".zoom-level").filter({ hasText: "125%" }).waitFor();
      await page.getByRole("button", { name: "हिन्दी" }).click();
      await page.getByRole("img", { name: `पृष्ठ ${PDF_PAGES} / ${PDF_PAGES}` }).waitFor();
      await page.getByRole("button", { name: "पिछला पृष्ठ" }).waitFor();
      await shot(page, "26-player-pdf-hindi");
      await axe(page, "player-pdf-hi");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("img", { name: `Page ${PDF_PAGES} of ${PDF_PAGES}` }).waitFor();
    });

    await step("assessment of the course; the certificate waits for the SCORM package", async () => {
      await page.goto(`${BASE}/app/courses/${encodeURIComponent(createdCourseId)}`);
      await heading(page, courseTitle);
      await page.getByRole("link", { name: "Take the assessment" }).click();
      await heading(page, "RTI quiz");
      await page.getByLabel("30 days").check();
      await page.getByRole("button", { name: "Submit answers" }).click();
      await page.getByRole("heading", { name: "You passed" }).waitFor();
      await page.getByRole("main").getByRole("link", { name: "Back to the course" }).first().click();
      await heading(page, courseTitle);
      await page.getByRole("link", { name: "Play: RTI check" }).waitFor();
      const status = await page.locator(".enrolment").textContent();
      expect(!/You have completed this course/.test(status ?? ""), "not complete before the SCORM package");
      const percent = Number(await page.locator(".enrolment progress").getAttribute("value"));
      expect(percent < 100, `course progress before the package: ${percent}%`);
    });

    await step("SCORM: the package runs in its sandboxed frame through scorm-again; passing it completes the course", async () => {
      await page.getByRole("link", { name: "Play: RTI check" }).click();
      await heading(page, "RTI check");
      const frameElement = page.locator("iframe.scorm-frame");
      await frameElement.waitFor();
      expect((await frameElement.getAttribute("sandbox")) === "allow-scripts allow-same-origin allow-forms", "the frame is sandboxed: no top navigation, no popups");
      const frame = page.frameLocator("iframe.scorm-frame");
      await frame.getByRole("heading", { name: "RTI check" }).waitFor();
      await axe(page, "player-scorm");
      await frame.getByLabel("rtionline.gov.in").check();
      await frame.getByRole("button", { name: "Submit" }).click();
      await frame.getByText(/Passed\./).waitFor();
      await page.locator(".player-progress").getByText("✓ Completed").waitFor();
      const scormBeats = heartbeats.filter((b) => b.sent?.cmi);
      expect(scormBeats.some((b) => b.status === 200 && b.body?.completed && b.sent.cmi["cmi.core.lesson_status"] === "passed"), `the package's passed status was counted: ${JSON.stringify(scormBeats)}`);
      await page.locator(".course-progress").getByText("You have completed this course.").waitFor();
      expect(Number(await courseCompletion().getAttribute("value")) === 100, "the course is complete");
      await shot(page, "27-player-scorm-passed");
      await page.locator(".course-progress").getByRole("link", { name: "View certificates" }).click();
      await heading(page, "My certificates");
      await page.locator(".certificate-card").filter({ hasText: courseTitle }).waitFor();
      expect(heartbeats.every((b) => b.status === 200), `no heartbeat refused: ${JSON.stringify(heartbeats.filter((b) => b.status !== 200))}`);
    });

    await step("seeded video: it resumes where the learner paused, then plays to the end at 2x", async () => {
      const title = "e-Office at a glance (a short video)";
      await page.goto(`${BASE}/app/courses/intro-e-office`);
      await heading(page, "Introduction to e-Office");
      await page.getByRole("link", { name: `Play: ${title}` }).click();
      await heading(page, title);
      const video = page.locator("video");
      await page.getByLabel("Playback speed").selectOption("2");
      await page.waitForFunction(() => document.querySelector("video")?.readyState >= 1, null, { timeout: STEP_TIMEOUT_MS });
      const paused = page.waitForResponse((r) => /\/heartbeats$/.test(new URL(r.url()).pathname) && r.request().method() === "POST");
      await video.evaluate((v) => v.play());
      await page.waitForFunction(() => document.querySelector("video")?.currentTime >= 6, null, { timeout: STEP_TIMEOUT_MS });
      await video.evaluate((v) => v.pause());
      const saved = (await paused).request().postDataJSON();
      expect(saved.position >= 6 && saved.ranges.length === 1, `the pause sends the position and the played range: ${JSON.stringify(saved)}`);
      await page.reload();
      await heading(page, title);
      await page.waitForFunction((at) => Math.abs((document.querySelector("video")?.currentTime ?? 0) - at) < 1, saved.position, { timeout: STEP_TIMEOUT_MS });
      await page.getByLabel("Playback speed").selectOption("2");
      await video.evaluate((v) => v.play());
      await page.waitForFunction(() => document.querySelector("video")?.ended === true, null, { timeout: 60_000 });
      await page.locator(".player-progress").getByText("✓ Completed").waitFor();
      expect(heartbeats.every((b) => b.status === 200), `no heartbeat refused: ${JSON.stringify(heartbeats.filter((b) => b.status !== 200))}`);
    });

    await step("network: search people and send a connection request", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Network" }).click();
      await heading(page, "Network");
      await page.getByRole("searchbox", { name: "Search people by name" }).fill("Arjun");
      await page.getByRole("main").getByRole("search").getByRole("button", { name: "Search" }).click();
      await page.getByRole("button", { name: "Connect: Arjun Nair" }).click();
      await page.locator(".person-card").filter({ hasText: "Arjun Nair" }).getByText("Pending").first().waitFor();
      await shot(page, "16-network");
      await axe(page, "network");
      await page.getByRole("link", { name: "My connections" }).click();
      await heading(page, "Connections");
      await page.getByRole("region", { name: "Requests sent" }).getByText("Arjun Nair").waitFor();
      await axe(page, "connections");
    });

    await step("notifications page with the unread count in the header", async () => {
      await page.goto(`${BASE}/app/notifications`);
      await heading(page, "Notifications");
      await page.locator("#notif-link").waitFor();
      await axe(page, "notifications");
    });

    await step("Hindi: the UI switches language, sends Accept-Language and keeps it on the profile", async () => {
      await page.goto(`${BASE}/app/courses`);
      await heading(page, "Course catalogue");
      const request = page.waitForRequest((r) => r.url().includes("/courses") && r.headers()["accept-language"] === "hi");
      const saved = page.waitForResponse((r) => r.url().endsWith("/me") && r.request().method() === "PATCH");
      await page.getByRole("button", { name: "हिन्दी" }).click();
      await heading(page, "पाठ्यक्रम सूची");
      await request;
      const profile = await (await saved).json();
      expect(profile.language === "hi", `the profile's language is hi (got ${profile.language})`);
      expect((await page.locator("html").getAttribute("lang")) === "hi", "html lang is hi");
      await shot(page, "17-hindi-catalogue");
      await axe(page, "catalogue-hi");
      await page.getByRole("button", { name: "English" }).click();
      await heading(page, "Course catalogue");
    });

    await step("a rejected access token is refreshed once with POST /auth/refresh", async () => {
      await page.evaluate(() => {
        const tokens = JSON.parse(sessionStorage.getItem("karmayogi.tokens"));
        sessionStorage.setItem("karmayogi.tokens", JSON.stringify({ ...tokens, accessToken: "expired" }));
      });
      const refreshed = page.waitForResponse((r) => r.url().endsWith("/auth/refresh") && r.status() === 200);
      await page.goto(`${BASE}/app/learning`);
      await refreshed;
      await heading(page, "My learning");
      await page.getByRole("link", { name: "Introduction to e-Office" }).waitFor();
      const tokens = JSON.parse(await page.evaluate(() => sessionStorage.getItem("karmayogi.tokens")));
      expect(tokens.accessToken !== "expired", "the new access token is kept");
    });

    await step("a session whose refresh fails goes back to login", async () => {
      const context = await browser.newContext();
      await context.addInitScript(() => {
        if (!sessionStorage.getItem("seeded")) {
          sessionStorage.setItem("seeded", "1");
          sessionStorage.setItem("karmayogi.tokens", JSON.stringify({ accessToken: "bad", refreshToken: "bad" }));
        }
      });
      const other = await context.newPage();
      await other.goto(`${BASE}/app/learning`);
      await other.locator("main h1").filter({ hasText: "Log in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
      expect((await other.evaluate(() => sessionStorage.getItem("karmayogi.tokens"))) === null, "the dead tokens are dropped");
      await context.close();
    });

    await step("phone width: the learner's course page fits the screen", async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto(`${BASE}/app/courses/intro-e-office`);
      await heading(page, "Introduction to e-Office");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 1, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
      await shot(page, "18-phone-course");
    });

    await step("log out", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole("button", { name: "Log out" }).click();
      await heading(page, "Log in");
      expect((await page.evaluate(() => sessionStorage.getItem("karmayogi.tokens"))) === null, "tokens are gone");
    });

    await step("forgotten password: code from the outbox, new password, log in", async () => {
      const before = await outboxCount(learner.email);
      await page.getByRole("link", { name: "Forgotten your password?" }).click();
      await heading(page, "Reset your password");
      await page.getByLabel("Email or employee ID").fill(learner.employeeId);
      await page.getByRole("button", { name: "Send code" }).click();
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      const code = await otpFor(learner.email, { notBefore: before });
      const newPassword = "Naya#Password2027";
      await page.getByLabel(/^Code/).fill(code);
      await page.getByLabel(/^New password/).fill(newPassword);
      await page.getByRole("button", { name: "Reset password" }).click();
      await page.getByText("Your password has been changed.").waitFor();
      await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
      await page.getByLabel(/^Password/).fill(newPassword);
      await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
      await heading(page, "Namaste");
    });

    expect(consoleErrors.length === 0, `uncaught errors in the page: ${consoleErrors.join("\n")}`);
  } finally {
    await browser.close();
  }
}

runJourney("journey", main);
