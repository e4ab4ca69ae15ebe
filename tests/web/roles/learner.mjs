// The learner's journey: a fresh learner of MHA (registered through the API, so the demo accounts stay as they
// are) completes a course and starts another; their MDO admin assigns them a plan; Priya asks to connect. In the
// browser the learner then sees My plans, bookmarks, the leaderboard with their rank and karma, accepts the
// request, opens Priya's profile, blocks and unblocks her, rates the completed course and sees the average in the
// catalogue, filters the catalogue, withdraws from the other course, changes password and email (with the code)
// and removes a device that gets notifications. Every page is checked by `everywhere`.

import crypto from "node:crypto";
import { COURSE, COURSE_TITLE, completeCourse, enrol, ok, registerLearner } from "../completion.mjs";
import {
  ACCOUNTS, BASE, api, apiAs, apiLogin, everywhere, expect, heading, desktopPage, launchBrowser, login, otpFor,
  runJourney, step,
} from "../harness.mjs";

const COMPLETED = COURSE;
const COMPLETED_TITLE = COURSE_TITLE;
const WITHDRAWN = "leading-teams";
const WITHDRAWN_TITLE = "Leading Teams in Government";

const suffix = `${Date.now() % 100000000}`.padStart(8, "0");
const learner = {
  employeeId: `LRN-${suffix}`,
  name: `Meera ${suffix.replace(/\d/g, (d) => "abcdefghij"[Number(d)]).replace(/^./, (c) => c.toUpperCase())}`,
  email: `meera.${suffix}@mha.gov.in`,
  mobile10: `8${suffix}${Math.floor(Math.random() * 10)}`,
  password: "Seva#Learner2026",
  newPassword: "Nayi#Seva2026x",
};

function pushSubscription() {
  const ecdh = crypto.createECDH("prime256v1");
  const b64 = (buffer) => buffer.toString("base64url");
  return { endpoint: `https://fcm.googleapis.com/fcm/send/lrn-${suffix}`, expirationTime: null, deviceLabel: `Office PC ${suffix}`,
    keys: { p256dh: b64(ecdh.generateKeys()), auth: b64(crypto.randomBytes(16)) } };
}

async function main() {
  const browser = await launchBrowser();
  try {
    const { page } = await desktopPage(browser);
    let me, priyaId, planName, topicTitle;

    await step("setup: a fresh learner completes a course, enrols in another, gets a plan, a bookmark and a request", async () => {
      me = await registerLearner(learner, { interests: ["e-governance"] });
      await completeCourse(me.token);
      await enrol(me.token, WITHDRAWN);
      const admin = await apiLogin(ACCOUNTS.admin);
      planName = `Office skills ${suffix}`;
      const due = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
      const plan = await ok(await apiAs(admin, "POST", "/orgs/mha/plans", {
        name: planName, courseIds: [COMPLETED, WITHDRAWN], assignTo: { designations: [], userIds: [me.userId] }, dueDate: due,
      }), "plan");
      await ok(await apiAs(admin, "POST", `/orgs/mha/plans/${plan.id ?? plan.planId}/publish`, { version: plan.version }), "publish plan");
      const community = (await ok(await apiAs(me.token, "GET", "/communities"), "communities")).items[0];
      await apiAs(me.token, "POST", `/communities/${community.id}/join`);
      topicTitle = `File movement tips ${suffix}`;
      const topic = await ok(await apiAs(me.token, "POST", `/communities/${community.id}/topics`, { title: topicTitle, body: "What works for you?", tags: [] }), "topic");
      await ok(await apiAs(me.token, "POST", `/posts/${topic.id}/bookmark`, { bookmarked: true }), "bookmark");
      await ok(await apiAs(me.token, "PUT", "/me/push/subscriptions", pushSubscription()), "push subscription");
      const priya = await apiLogin(ACCOUNTS.learner);
      priyaId = (await ok(await apiAs(priya, "GET", "/me"), "priya")).userId;
      const existing = await apiAs(priya, "POST", "/connections", { userId: me.userId });
      expect(existing.status === 200 || existing.status === 201, `Priya asks to connect: ${existing.status}`);
    });

    await step("login as the new learner", async () => {
      await login(page, learner.email, learner.password);
      await page.getByRole("link", { name: "My learning" }).first().waitFor();
    });

    await step("my plans: the assigned plan is Upcoming with its courses and progress", async () => {
      await page.goto(`${BASE}/app/learning`);
      await page.getByRole("link", { name: "My plans" }).click();
      await heading(page, "My plans");
      const card = page.locator(".lrn-plan").filter({ hasText: planName });
      await card.waitFor();
      await card.getByRole("link", { name: COMPLETED_TITLE }).waitFor();
      await card.getByText("Completed").first().waitFor();
      await page.getByRole("link", { name: /^Upcoming/ }).click();
      await page.locator(".lrn-plan-upcoming").filter({ hasText: planName }).waitFor();
      await everywhere(page, "/app/plans", "plans", async (p) => p.locator(".lrn-plan").first().waitFor());
    });

    await step("bookmarks: the bookmarked topic links to it", async () => {
      await page.goto(`${BASE}/app/bookmarks`);
      await heading(page, "My bookmarks");
      await page.getByRole("link", { name: topicTitle }).waitFor();
      await everywhere(page, "/app/bookmarks", "bookmarks", async (p) => p.locator(".lrn-bookmark").first().waitFor());
    });

    await step("leaderboard: my rank is highlighted and my karma shown", async () => {
      await page.goto(`${BASE}/app/leaderboard`);
      await heading(page, "Leaderboard");
      await page.getByText(/You are number \d+ with \d+ points this month/).waitFor();
      await page.locator("tr.lrn-me").filter({ hasText: learner.name }).waitFor();
      await page.getByText(/karma points in all/).waitFor();
      await everywhere(page, "/app/leaderboard", "leaderboard", async (p) => p.locator("tr.lrn-me").waitFor());
    });

    await step("network: accept Priya's request, open her profile, block and unblock her", async () => {
      await page.goto(`${BASE}/app/connections`);
      await heading(page, "Connections");
      await page.getByRole("button", { name: /^Accept: Priya/ }).click();
      await page.getByText("Connected.").first().waitFor();
      await page.goto(`${BASE}/app/people/${priyaId}`);
      await heading(page, "Priya");
      await page.locator(".pill").filter({ hasText: /Connected|Established|ESTABLISHED/i }).first().waitFor();
      await everywhere(page, `/app/people/${priyaId}`, "person", async (p) => p.getByRole("button", { name: /^(Block|ब्लॉक करें)$/ }).waitFor());
      await page.goto(`${BASE}/app/people/${priyaId}`); // everywhere leaves the page in Hindi until it is loaded again
      await page.getByRole("button", { name: "Block", exact: true }).click();
      await page.getByRole("button", { name: "No, keep it" }).click();
      await page.getByRole("button", { name: "Block", exact: true }).click();
      await page.getByRole("button", { name: "Yes" }).click();
      await page.getByText("You have blocked this person.").waitFor();
      await page.getByRole("button", { name: "Unblock", exact: true }).click();
      await page.getByRole("button", { name: "Yes" }).click();
      await page.getByRole("button", { name: "Block", exact: true }).waitFor();
    });

    await step("ratings: rate the completed course; the catalogue shows the average", async () => {
      await page.goto(`${BASE}/app/courses/${COMPLETED}`);
      await heading(page, COMPLETED_TITLE);
      const rate = page.locator(".lrn-rate");
      await rate.getByLabel("4 stars").check();
      await rate.getByLabel("Review (optional)").fill("Clear steps for e-File; the DSC part could be longer.");
      await rate.getByRole("button", { name: "Submit rating" }).click();
      await page.getByText("Thank you: your rating was saved.").waitFor();
      await page.locator(".lrn-average").getByText(/out of 5 \(\d+ ratings?\)/).waitFor();
      await page.locator(".lrn-review").filter({ hasText: "Clear steps for e-File" }).waitFor();
      await everywhere(page, `/app/courses/${COMPLETED}`, "course-ratings", async (p) => p.locator(".lrn-average").waitFor());
      await page.goto(`${BASE}/app/courses?q=${encodeURIComponent("e-Office")}`);
      await page.locator(".course-card").filter({ hasText: COMPLETED_TITLE }).getByText(/out of 5/).waitFor();
    });

    await step("catalogue: filter by language and duration; the filters are in the URL", async () => {
      await page.goto(`${BASE}/app/courses`);
      await heading(page, "Course catalogue");
      const filters = page.locator("form.lrn-filters");
      await filters.getByLabel("Language").selectOption("hi");
      await filters.getByRole("button", { name: "Apply filters" }).click();
      await page.waitForURL(/language=hi/);
      // the filtered page replaces the list: the English course leaves it, a Hindi one is on it
      await page.locator(".course-card").filter({ hasText: COMPLETED_TITLE }).waitFor({ state: "detached" });
      await page.locator(".course-card").filter({ hasText: "राजभाषा" }).waitFor();
      await filters.getByLabel("Duration").selectOption("long");
      await filters.getByRole("button", { name: "Apply filters" }).press("Enter");
      await page.waitForURL(/duration=long/);
      await page.goto(`${BASE}/app/courses?language=hi`);
      await page.locator(".course-card").filter({ hasText: "राजभाषा" }).waitFor();
      expect(await page.locator("form.lrn-filters select[name=language]").inputValue() === "hi", "a shared URL keeps its filters");
      await everywhere(page, "/app/courses?language=hi", "catalogue-filtered", async (p) => p.locator(".course-card").first().waitFor());
    });

    await step("withdraw: leave the other course after confirming", async () => {
      await page.goto(`${BASE}/app/learning`);
      await heading(page, "My learning");
      await page.getByRole("button", { name: `Withdraw: ${WITHDRAWN_TITLE}` }).click();
      await page.getByRole("button", { name: "Yes" }).click();
      await page.getByText(`You withdrew from ${WITHDRAWN_TITLE}.`).waitFor();
      await page.locator(".enrolment-card").filter({ hasText: WITHDRAWN_TITLE }).getByRole("button", { name: /^Withdraw/ }).waitFor({ state: "detached" });
      await everywhere(page, "/app/learning", "my-learning", async (p) => p.locator(".enrolment-card").first().waitFor());
    });

    await step("account: change password; a wrong current password is shown; only the new one logs in", async () => {
      await page.goto(`${BASE}/app/me`);
      await page.getByRole("link", { name: "Password, email, mobile and devices" }).click();
      await heading(page, "Account and security");
      const form = page.locator("#lrn-password-form");
      await form.getByLabel("Current password").fill("Wrong#Password1");
      await form.locator("input[name=newPassword]").fill(learner.newPassword);
      await form.getByLabel("New password again").fill(learner.newPassword);
      await form.getByRole("button", { name: "Change password" }).click();
      await form.locator(".form-message").filter({ hasText: /password/i }).waitFor();
      await form.getByLabel("Current password").fill(learner.password);
      await form.locator("input[name=newPassword]").fill(learner.newPassword);
      await form.getByLabel("New password again").fill(learner.newPassword);
      await form.getByRole("button", { name: "Change password" }).click();
      await page.getByText("Your password was changed.").first().waitFor();
      expect((await api("POST", "/auth/login", { username: learner.email, password: learner.password })).status === 401, "the old password no longer logs in");
      expect((await api("POST", "/auth/login", { username: learner.email, password: learner.newPassword })).status === 200, "the new one does");
    });

    await step("account: change email with the code sent to the new address", async () => {
      const newEmail = `meera.new.${suffix}@mha.gov.in`;
      const section = page.locator("section.card").filter({ has: page.getByRole("heading", { name: "Change email" }) });
      await section.getByLabel("New email").fill(newEmail);
      await section.getByRole("button", { name: "Send code" }).click();
      await section.getByLabel("Code").fill(await otpFor(newEmail));
      await section.getByRole("button", { name: "Confirm" }).click();
      await section.getByText(`Your email is now ${newEmail}.`).waitFor();
    });

    await step("account: change mobile with the code sent to the new number; a wrong code is shown", async () => {
      const newMobile = `7${suffix}${Math.floor(Math.random() * 10)}`;
      const section = page.locator("section.card").filter({ has: page.getByRole("heading", { name: "Change mobile" }) });
      await section.getByLabel("New mobile number").fill(newMobile);
      await section.getByRole("button", { name: "Send code" }).click();
      const code = await otpFor(`+91${newMobile}`);
      await section.getByLabel("Code").fill(code === "000000" ? "111111" : "000000");
      await section.getByRole("button", { name: "Confirm" }).click();
      await section.locator(".form-message").getByText("The code is not right.").waitFor();
      await section.getByLabel("Code").fill(code);
      await section.getByRole("button", { name: "Confirm" }).click();
      await section.getByText(`Your mobile is now +91${newMobile}.`).waitFor();
    });

    await step("account: remove a device that gets notifications", async () => {
      const device = `Office PC ${suffix}`;
      await page.getByRole("button", { name: `Remove: ${device}` }).click();
      await page.getByRole("button", { name: "Yes" }).click();
      await page.getByText(`${device} no longer gets notifications.`).waitFor();
      await page.getByText("No device gets notifications.").waitFor();
      await everywhere(page, "/app/me/account", "account", async (p) => p.locator("#lrn-password-form").waitFor());
    });
  } finally {
    await browser.close();
  }
}

runJourney("learner", main);
