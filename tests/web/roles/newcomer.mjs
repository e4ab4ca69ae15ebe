// A newcomer, as a new user would try it (issue 17, "bugs found by trying it as a new user"): registers through the
// UI and meets each fixed bug on the way — client-side checks that run (patterns valid under the v flag), errors in
// Hindi with the field's label, the OTP lock that says a new code works at once, the short grouped competency form
// that keeps a draft, the org's and designation's names, a not-found page, the quiz header that counts attempts,
// notifications whose links all lead somewhere and which are marked read, errors of in-place buttons shown next to
// them, and times without "pm" in Hindi.

import {
  ACCOUNTS, BASE, DESKTOP, PHONE, apiAs, apiLogin, everywhere, expect, heading, launchBrowser, otpFor, outboxCount,
  runJourney, shot, step, watchPage,
} from "../harness.mjs";

const DEVANAGARI = /[\u0900-\u097f]/;

async function setLang(page, lang) {
  await page.evaluate((l) => localStorage.setItem("karmayogi.lang", l), lang);
}

/** The registration details form, filled by field names (the labels change with the language). */
async function fillDetails(page, who, { email = who.email, mobile = who.mobile10 } = {}) {
  await page.locator("input[name=employeeId]").fill(who.employeeId);
  await page.locator("input[name=name]").fill(who.name);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=mobile]").fill(mobile);
  await page.locator("#reg-org-q").fill("Home Affairs");
  await page.locator("#reg-org option[value=mha]").waitFor({ state: "attached" });
  await page.locator("#reg-org").selectOption("mha");
  await page.locator("select[name=designation] option[value=aso]").waitFor({ state: "attached" });
  await page.locator("select[name=designation]").selectOption("aso");
}

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now() % 100000000}`.padStart(8, "0");
  const letters = suffix.replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
  const who = {
    employeeId: `NEW-${suffix}`,
    name: `Naveen ${letters.replace(/^./, (c) => c.toUpperCase())}`,
    email: `naveen.${letters}@mha.gov.in`,
    mobile10: `9${suffix}${String(Math.floor(Math.random() * 10))}`,
    password: `Karmayogi@${suffix}`,
  };
  const mobileE164 = `+91${who.mobile10}`;
  try {
    const context = await browser.newContext({ viewport: DESKTOP, locale: "en-IN" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    watchPage(page);

    await step("register in Hindi: the API's refusal is read in Hindi, with the field's label", async () => {
      await page.goto(`${BASE}/app/register`);
      await setLang(page, "hi");
      await page.goto(`${BASE}/app/register`);
      await page.locator("main h1").waitFor();
      // Bug 10: designations carry Hindi names.
      await page.locator("select[name=designation] option[value=aso]").waitFor({ state: "attached" });
      const aso = await page.locator("select[name=designation] option[value=aso]").textContent();
      expect(aso?.includes("सहायक अनुभाग अधिकारी"), `the designation is named in Hindi: ${aso}`);
      await fillDetails(page, who, { email: `naveen.${letters}@gmail.com` });
      await page.locator("form button[type=submit]").first().click();
      const message = page.locator("form .form-message");
      await message.waitFor({ state: "visible" });
      const text = (await message.textContent()) ?? "";
      expect(DEVANAGARI.test(text) && !/official email|Value error/i.test(text), `the refusal is in Hindi: ${text}`);
      const fieldError = (await page.locator("input[name=email]").getAttribute("aria-describedby"))?.split(" ").pop();
      const onField = (await page.locator(`[id="${fieldError}"]`).textContent()) ?? "";
      expect(DEVANAGARI.test(onField), `the email field's error is in Hindi: ${onField}`);
      await shot(page, "register-hi-error");
      await setLang(page, "en");
    });

    await step("register: a bad mobile and employee ID are refused in the browser (patterns valid under the v flag)", async () => {
      await page.goto(`${BASE}/app/register`);
      await heading(page, "Register");
      const compiles = await page.evaluate(() => Array.from(document.querySelectorAll("input[pattern]")).map((el) => {
        try {
          new RegExp(`^(?:${el.getAttribute("pattern")})$`, "v");
          return null;
        } catch (error) {
          return `${el.getAttribute("name")}: ${error}`;
        }
      }).filter(Boolean));
      expect(compiles.length === 0, `every pattern compiles with the v flag: ${compiles.join("; ")}`);
      const smsBefore = await outboxCount(mobileE164);
      await fillDetails(page, { ...who, employeeId: "-bad id" }, { mobile: "12345" });
      const mobile = page.getByLabel("Mobile number");
      expect(await mobile.evaluate((el) => el.validity.patternMismatch), "the browser checks the mobile's pattern");
      expect(await page.getByLabel("Employee ID").evaluate((el) => el.validity.patternMismatch), "and the employee ID's");
      await page.getByRole("button", { name: "Send verification codes" }).click();
      expect((await mobile.getAttribute("aria-invalid")) === "true", "the mobile is marked invalid");
      const errorId = (await mobile.getAttribute("aria-describedby"))?.split(" ").pop();
      const text = (await page.locator(`[id="${errorId}"]`).textContent()) ?? "";
      expect(/10-digit Indian mobile/.test(text), `the mobile's rule is shown: ${text}`);
      expect((await outboxCount(mobileE164)) === smsBefore, "nothing was sent");
      await shot(page, "register-client-check");
    });

    const emailBefore = await outboxCount(who.email);
    const smsBefore = await outboxCount(mobileE164);
    await step("register: OTPs are sent", async () => {
      await page.goto(`${BASE}/app/register`);
      await heading(page, "Register");
      await fillDetails(page, who);
      await page.getByRole("button", { name: "Send verification codes" }).click();
      await page.getByRole("heading", { name: /Verify your email and mobile/ }).waitFor();
    });

    await step("OTP lock: the message ends with a full stop and says a new code works at once; it does", async () => {
      const emailForm = page.locator("form[data-channel=email]");
      const message = emailForm.locator(".form-message");
      let text = "";
      for (let i = 0; i < 6 && !/Too many wrong codes/.test(text); i += 1) {
        await emailForm.locator("input[name=code]").fill("000000");
        await emailForm.getByRole("button", { name: "Verify" }).click();
        await page.waitForFunction((el) => el && !el.closest("form").getAttribute("aria-busy"), await message.elementHandle());
        text = ((await message.textContent()) ?? "").trim();
      }
      expect(text === "Too many wrong codes. Ask for a new code: it works at once.", `the lock message: "${text}"`);
      await shot(page, "otp-locked");
      const sent = await outboxCount(who.email);
      await emailForm.getByRole("button", { name: "Send a new code" }).click();
      const code = await otpFor(who.email, { notBefore: sent });
      await emailForm.locator("input[name=code]").fill(code);
      await emailForm.getByRole("button", { name: "Verify" }).click();
      await page.locator("form[data-channel=email]").waitFor({ state: "detached" });
      expect(emailBefore <= sent, "a new code was sent");
    });

    await step("register: verify the mobile and set the password", async () => {
      const smsCode = await otpFor(mobileE164, { notBefore: smsBefore });
      const mobileForm = page.locator("form[data-channel=mobile]");
      await mobileForm.locator("input[name=code]").fill(smsCode);
      await mobileForm.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("heading", { name: /Set your password/ }).waitFor();
      await page.getByLabel(/^Password/).fill(who.password);
      await page.getByLabel("Confirm password").fill(who.password);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
    });

    await step("first login: the competency form is short on a phone, grouped and searchable", async () => {
      await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
      await heading(page, "Log in");
      await page.getByLabel(/^Password/).fill(who.password);
      await page.setViewportSize(PHONE);
      await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
      await heading(page, "Competency profile");
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height < 3000, `the form is ${height} px tall at 390 px (was ~16,600)`);
      expect((await page.locator("details.competency-group").count()) >= 3, "grouped by area");
      await page.getByLabel("Filter by name").fill("RTI");
      await page.locator('select[name="current:c-rti-handling"]').selectOption("1");
      await page.locator('select[name="desired:c-rti-handling"]').selectOption("3");
      await page.getByText(/kept on this device/).waitFor();
      await shot(page, "competency-profile-phone");
      await page.setViewportSize(DESKTOP);
    });

    await step("competency form: a reload keeps the choices (a draft), Hindi names, axe, then save", async () => {
      await page.reload();
      await heading(page, "Competency profile");
      await page.getByText("Your unsaved choices were restored.").waitFor();
      expect((await page.locator('select[name="desired:c-rti-handling"]').inputValue()) === "3", "the draft was restored");
      await everywhere(page, "/app/profile/competencies?first=1", "competency-profile", async (p, lang) => {
        if (lang === "hi") await p.getByText("सत्यनिष्ठा").first().waitFor({ state: "attached" });
      });
      await page.goto(`${BASE}/app/profile/competencies?first=1`);
      await heading(page, "Competency profile");
      await page.getByRole("button", { name: "Save profile" }).click();
      await heading(page, "Course catalogue");
      const draft = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("karmayogi.competencyDraft")));
      expect(draft.length === 0, "the draft is dropped once saved");
    });

    await step("profile: the org and designation by name, in Hindi too", async () => {
      await everywhere(page, "/app/me", "profile", async (p, lang) => {
        const facts = p.locator("dl.facts");
        await facts.getByText(lang === "hi" ? "गृह मंत्रालय" : "Ministry of Home Affairs").waitFor();
        await facts.getByText(lang === "hi" ? "सहायक अनुभाग अधिकारी" : "Assistant Section Officer").waitFor();
        expect(!(await facts.locator("dd").allTextContents()).includes("mha"), "not the org's id");
      });
    });

    await step("an unknown course is a translated Not found page (not Something went wrong)", async () => {
      await everywhere(page, `/app/courses/no-such-course-${suffix}`, "course-not-found", async (p, lang) => {
        await heading(p, lang === "hi" ? "नहीं मिला" : "Not found");
        expect((await p.getByRole("button", { name: /Try again|फिर से/ }).count()) === 0, "nothing to retry");
      });
    });

    await step("quiz: the header counts the attempts", async () => {
      await page.goto(`${BASE}/app/courses/rti-act-2005`);
      await heading(page, "Right to Information Act 2005");
      await page.getByLabel(/Open batch/).check();
      await page.getByRole("button", { name: "Enrol" }).click();
      await page.locator(".enrolment").getByText("Enrolled").first().waitFor({ timeout: 30_000 });
      await page.goto(`${BASE}/app/courses/rti-act-2005/assessments/rti-quiz`);
      const attempts = page.locator("#assessment-attempts");
      await attempts.waitFor();
      expect((await attempts.textContent()) === "0 of 3", `before: ${await attempts.textContent()}`);
      for (const question of await page.locator("fieldset.question").all()) await question.locator("input").first().check();
      await page.getByRole("button", { name: /Submit/ }).click();
      await page.locator("#assessment-result").waitFor();
      expect((await attempts.textContent()) === "1 of 3", `after one attempt: ${await attempts.textContent()}`);
      await shot(page, "quiz-attempts");
    });

    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("karmayogi.tokens")).accessToken);
    await step("an application makes a notification about an opening", async () => {
      let openings = (await apiAs(token, "GET", "/career/openings")).body?.items ?? [];
      if (!openings.length) {
        const admin = await apiLogin(ACCOUNTS.admin);
        const closingDate = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
        await apiAs(admin, "POST", "/career/openings", { title: `Section Officer ${suffix}`, description: "An opening.", location: "New Delhi", closingDate });
        openings = (await apiAs(token, "GET", "/career/openings")).body?.items ?? [];
      }
      const applied = await apiAs(token, "POST", `/career/openings/${openings[0].id}/applications`, {});
      expect([200, 201, 409].includes(applied.status), `applied: ${applied.status} ${JSON.stringify(applied.body)}`);
    });

    await step("notifications: every Open link leads to a screen; errors of Mark read show next to the button", async () => {
      await page.goto(`${BASE}/app/notifications`);
      await heading(page, "Notifications");
      await page.locator(".notification").first().waitFor();
      const hrefs = await page.locator("a.notification-open").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(hrefs.some((href) => href.includes("/enrolments/")) || hrefs.some((href) => href.includes("/courses/")), `an enrolment link: ${hrefs}`);
      expect(hrefs.some((href) => href.includes("/career")), `an opening link: ${hrefs}`);
      // A failing "Mark read": its error is shown next to it (not only to screen readers).
      await page.route("**/me/notifications/*/read", (route) => route.fulfill({
        status: 409, contentType: "application/json",
        body: JSON.stringify({ error: { code: "CONFLICT", message: "The change conflicts with the current state" } }),
      }));
      const mark = page.locator(".notification.unread .mark-read").first();
      await mark.click();
      const note = page.locator(".notification .action-error").first();
      await note.waitFor();
      expect(await note.isVisible(), "the error is visible");
      expect(/Someone changed this meanwhile/.test((await note.textContent()) ?? ""), `its text: ${await note.textContent()}`);
      await shot(page, "notification-action-error");
      await page.unroute("**/me/notifications/*/read");
      for (const href of new Set(hrefs)) {
        await page.goto(`${BASE}${href}`);
        await page.waitForFunction(() => {
          const h1 = document.querySelector("main h1");
          return h1 && !document.querySelector("main p.loading");
        });
        const title = (await page.locator("main h1").first().textContent()) ?? "";
        expect(!/Page not found|Not found/.test(title), `${href} leads to a screen, not "${title}"`);
      }
    });

    await step("notifications: opening one marks it read; Mark all read reads the rest", async () => {
      const unread = async () => (await apiAs(token, "GET", "/me/notifications/unread-count")).body.unread;
      const before = await unread();
      expect(before >= 2, `unread notifications: ${before}`);
      await page.goto(`${BASE}/app/notifications`);
      await heading(page, "Notifications");
      await page.locator(".notification.unread a.notification-open").first().click();
      await page.waitForFunction(() => !location.pathname.endsWith("/notifications"));
      for (let i = 0; i < 20 && (await unread()) !== before - 1; i += 1) await new Promise((r) => setTimeout(r, 250));
      expect((await unread()) === before - 1, "opening a notification marked it read");
      await page.goto(`${BASE}/app/notifications`);
      await heading(page, "Notifications");
      await page.locator(".notification").first().waitFor();
      await page.getByRole("button", { name: "Mark all read" }).click();
      await page.getByText("All notifications are marked read.").waitFor();
      expect((await unread()) === 0, "all read");
      expect((await page.locator(".notification.unread").count()) === 0, "none shown unread");
      await everywhere(page, "/app/notifications", "notifications", async (p) => {
        await p.locator(".notification").first().waitFor();
      });
    });

    await step("events: times in Hindi have no am/pm", async () => {
      await everywhere(page, "/app/events", "events", async (p, lang) => {
        await p.locator("main .paged .list-info").filter({ hasText: /./ }).first().waitFor();
        if (lang === "hi") {
          const times = await p.locator("main time").allTextContents();
          expect(times.every((text) => !/\b(am|pm)\b/i.test(text)), `Hindi times: ${times.slice(0, 3)}`);
        }
      });
    });

    await step("career: readiness gaps do not say None beside a list of courses", async () => {
      await page.goto(`${BASE}/app/career`);
      await heading(page, "Career");
      const target = page.locator("#career-target");
      const options = await target.locator("option").count();
      if (options > 1) {
        await target.selectOption({ index: 1 });
        await page.locator("main progress").first().waitFor();
        const cells = await page.locator("main table td").allTextContents();
        expect(!cells.includes("None"), `no "None" cells: ${cells}`);
      }
    });
  } finally {
    await browser.close();
  }
}

runJourney("newcomer", main);
