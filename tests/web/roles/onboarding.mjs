// Onboarding at national scale (issue 18), through the browser: the MHA MDO admin imports a CSV of employees
// (3 good rows, 2 bad), sees it complete with its counts and downloads the rejected rows; an invitee completes
// registration from the invitation code; a registrant with a shared-domain email (gov.in) waits for approval, is
// approved in the membership requests and sees they are a member; a registration link joins MHA at once. The
// admin's new pages (imports, membership requests, registration links, transfers) are checked everywhere.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ACCOUNTS, api, apiAs, apiLogin, BASE, completeFirstProfile, DESKTOP, ensureCompetencyProfile, everywhere, expect,
  Failure, heading, desktopPage, launchBrowser, login, otpFor, outboxCount, runJourney, shot, step, watchPage,
} from "../harness.mjs";

const MHA = "Ministry of Home Affairs";

async function invitationCode(email) {
  for (let i = 0; i < 40; i += 1) {
    const { body } = await api("GET", `/_local/outbox?to=${encodeURIComponent(email)}`);
    for (const message of (body?.messages ?? []).reverse()) {
      const found = /\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b/.exec(`${message.subject ?? ""} ${message.body ?? ""}`);
      if (found) return found[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Failure(`no invitation arrived for ${email}`);
}

/** The OTP and password steps of the register page (after the details or the invitation code). */
async function verifyAndSetPassword(page, who, sentBefore) {
  await page.getByRole("heading", { name: /Verify your email and mobile/ }).waitFor();
  const emailForm = page.locator("form[data-channel=email]");
  await emailForm.locator("input[name=code]").fill(await otpFor(who.email, { notBefore: sentBefore.email }));
  await emailForm.getByRole("button", { name: "Verify" }).click();
  await emailForm.waitFor({ state: "detached" });
  const mobileForm = page.locator("form[data-channel=mobile]");
  await mobileForm.locator("input[name=code]").fill(await otpFor(who.mobile, { notBefore: sentBefore.mobile }));
  await mobileForm.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("heading", { name: /Set your password/ }).waitFor();
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByLabel("Confirm password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
}

async function sent(who) {
  return { email: await outboxCount(who.email), mobile: await outboxCount(who.mobile) };
}

async function fillDetails(page, who, { pickOrg = true } = {}) {
  await page.locator("input[name=employeeId]").fill(who.employeeId);
  await page.locator("input[name=name]").fill(who.name);
  await page.locator("input[name=email]").fill(who.email);
  await page.locator("input[name=mobile]").fill(who.mobile.slice(3));
  if (pickOrg) {
    await page.locator("#reg-org-q").fill("Home Affairs");
    await page.locator("#reg-org option[value=mha]").waitFor({ state: "attached" });
    await page.locator("#reg-org").selectOption("mha");
  }
  await page.locator("select[name=designation] option[value=aso]").waitFor({ state: "attached" });
  await page.locator("select[name=designation]").selectOption("aso");
}

/** Log in as a new account, fill the first competency profile, and open the home page. */
async function firstLogin(page, who) {
  await login(page, who.email, who.password);
  await heading(page, "Competency profile");
  await completeFirstProfile(page);
  await page.goto(`${BASE}/app/`);
  await heading(page, "Namaste");
}

async function isMemberOfMha(page) {
  await page.goto(`${BASE}/app/me`);
  await page.locator("dl.facts").getByText(MHA).waitFor();
  expect((await page.locator(".onb-membership").count()) === 0, "no membership notice once a member");
}

async function ensureProfile(account) {
  const token = await apiLogin(account);
  await ensureCompetencyProfile(token, "administration");
  return token;
}

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now() % 100000000}`.padStart(8, "0");
  const letters = suffix.replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
  const person = (tag, first, domain, digit) => ({
    employeeId: `${tag}-${suffix}`,
    name: `${first} ${letters.replace(/^./, (c) => c.toUpperCase())}`,
    email: `${first.toLowerCase()}.${letters}@${domain}`,
    mobile: `+917${suffix}${digit}`,
    password: `Karmayogi@${suffix}`,
  });
  const invitees = [person("INV1", "Isha", "mha.gov.in", "1"), person("INV2", "Irfan", "mha.gov.in", "2"), person("INV3", "Indu", "gov.in", "3")];
  const pendingOne = person("PEND", "Pooja", "gov.in", "4");
  const linkOne = person("LINK", "Lalit", "nic.in", "5");
  const csv = [
    "employeeId,name,email,mobile,designation",
    ...invitees.map((p) => `${p.employeeId},${p.name},${p.email},${p.mobile},Assistant Section Officer`),
    `BAD1-${suffix},Badal ${letters},badal.${letters}@mha.gov.in,12345,aso`,
    `BAD2-${suffix},Bina ${letters},bina.${letters}@gmail.com,+918${suffix}6,aso`,
  ].join("\r\n");
  const csvPath = path.join(os.tmpdir(), `employees-${suffix}.csv`);
  fs.writeFileSync(csvPath, `${csv}\r\n`);
  try {
    const adminContext = await browser.newContext({ viewport: DESKTOP, locale: "en-IN", acceptDownloads: true });
    adminContext.setDefaultTimeout(15_000);
    const admin = await adminContext.newPage();
    watchPage(admin);
    const people = await browser.newContext({ viewport: DESKTOP, locale: "en-IN" });
    people.setDefaultTimeout(15_000);

    await step("MDO admin: the bulk import page explains the CSV, everywhere", async () => {
      await ensureProfile(ACCOUNTS.admin);
      await login(admin, ACCOUNTS.admin.username, ACCOUNTS.admin.password);
      await heading(admin, "Namaste");
      await admin.goto(`${BASE}/app/admin`);
      await heading(admin, "Administration");
      await admin.getByRole("link", { name: "Bulk import of employees" }).click();
      await heading(admin, "Bulk import of employees");
      await everywhere(admin, "/app/admin/imports", "imports", async (p) => {
        await p.locator("pre.onb-columns").getByText("employeeId,name,email,mobile,designation").waitFor();
      });
    });

    await step("MDO admin: import a CSV of 5 rows; it completes with 3 invited and 2 rejected", async () => {
      await admin.goto(`${BASE}/app/admin/imports`);
      await heading(admin, "Bulk import of employees");
      await admin.getByLabel("CSV file", { exact: true }).setInputFiles(csvPath);
      await admin.getByRole("button", { name: "Upload and start" }).click();
      const card = admin.locator(".onb-import").first();
      await card.locator("[data-status=COMPLETED]").waitFor({ timeout: 30_000 });
      const facts = Object.fromEntries(await card.locator("dl").evaluate((dl) =>
        [...dl.querySelectorAll("dt")].map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()])));
      expect(facts.Rows === "5" && facts.Invited === "3" && facts.Rejected === "2", `the counts: ${JSON.stringify(facts)}`);
      await shot(admin, "import-completed");
    });

    await step("MDO admin: download the rejected rows (a CSV with the reasons)", async () => {
      const card = admin.locator(".onb-import").first();
      const [download] = await Promise.all([
        admin.waitForEvent("download"),
        card.getByRole("button", { name: "Download rejected rows" }).click(),
      ]);
      const file = await download.path();
      const text = fs.readFileSync(file, "utf8");
      expect(/\.csv$/.test(download.suggestedFilename()), `a CSV file: ${download.suggestedFilename()}`);
      expect(text.includes("BAD_MOBILE") && text.includes("WRONG_DOMAIN"), `the reasons: ${text.slice(0, 400)}`);
      expect(!text.includes(invitees[0].email), "only the rejected rows");
    });

    await step("invitee: registers with the invitation code, verifies the email and mobile, sets a password, logs in", async () => {
      const who = invitees[0];
      const code = await invitationCode(who.email);
      const page = await people.newPage();
      watchPage(page);
      await page.goto(`${BASE}/app/register`);
      await heading(page, "Register");
      await everywhere(page, "/app/register", "register-invitation", async (p) => {
        await p.getByRole("button", { name: /I have an invitation code|मेरे पास निमंत्रण कोड है/ }).click();
        await p.locator("input[name=code]").waitFor();
      });
      await page.goto(`${BASE}/app/register`);
      await heading(page, "Register");
      await page.getByRole("button", { name: "I have an invitation code" }).click();
      const before = await sent(who);
      await page.getByRole("textbox", { name: "Invitation code" }).fill(code.toLowerCase());
      await page.getByRole("button", { name: "Continue" }).click();
      await verifyAndSetPassword(page, who, before);
      await firstLogin(page, who);
      expect((await page.locator(".onb-membership").count()) === 0, "an invitee is a member at once");
      await isMemberOfMha(page);
      await page.close();
    });

    // Sessions live in the tab (sessionStorage): the registrant's tab stays open until they see the approval.
    const pendingPage = await people.newPage();
    watchPage(pendingPage);
    await step("shared-domain registrant: registers into MHA with a gov.in email and waits for approval", async () => {
      const page = pendingPage;
      await page.goto(`${BASE}/app/register`);
      await heading(page, "Register");
      await fillDetails(page, pendingOne);
      const before = await sent(pendingOne);
      await page.getByRole("button", { name: "Send verification codes" }).click();
      await verifyAndSetPassword(page, pendingOne, before);
      await firstLogin(page, pendingOne);
      await page.locator(".onb-membership[data-membership=PENDING]").getByText(`Your membership of ${MHA} is waiting`).waitFor();
      await everywhere(page, "/app/", "home-pending", async (p, lang) => {
        await p.locator(".onb-membership").getByRole("heading", { name: lang === "hi" ? "स्वीकृति की प्रतीक्षा" : "Waiting for approval" }).waitFor();
      });
    });

    await step("MDO admin: approves the registrant in the membership requests", async () => {
      await everywhere(admin, "/app/admin/members", "members", async (p) => {
        await p.locator(".onb-tabs").waitFor();
      });
      await admin.goto(`${BASE}/app/admin/members`);
      await heading(admin, "Membership requests");
      const card = admin.locator("article.onb-member", { hasText: pendingOne.email });
      await card.getByRole("button", { name: `Approve: ${pendingOne.name}` }).click();
      await card.getByText(`${pendingOne.name} is now a member of the organisation.`).waitFor();
      await admin.reload();
      await heading(admin, "Membership requests");
      await admin.locator(".list-info").waitFor();
      expect((await admin.locator("article.onb-member", { hasText: pendingOne.email }).count()) === 0, "no longer waiting");
    });

    await step("the approved registrant sees they are a member of MHA", async () => {
      const page = pendingPage;
      await page.goto(`${BASE}/app/`);
      await heading(page, "Namaste");
      expect((await page.locator(".onb-membership").count()) === 0, "the pending notice is gone");
      await isMemberOfMha(page);
      await page.close();
    });

    let address = "";
    await step("MDO admin: creates a registration link and copies its address", async () => {
      await everywhere(admin, "/app/admin/registration-links", "registration-links", async (p) => {
        await p.locator("input[name=maxUses]").waitFor();
      });
      await admin.goto(`${BASE}/app/admin/registration-links`);
      await heading(admin, "Registration links");
      await admin.getByLabel(/Maximum number of accounts/).fill("5");
      await admin.getByRole("button", { name: "Create link" }).click();
      const field = admin.locator(".onb-created input.onb-link-address");
      await field.waitFor();
      address = await field.inputValue();
      expect(address.startsWith(`${BASE}/app/register?link=`), `the whole address: ${address}`);
      await admin.locator(".onb-created").getByRole("button", { name: "Copy link" }).click();
      await admin.locator(".onb-created").getByText(/Link copied|Copying did not work/).waitFor();
    });

    await step("registrant through the link: joins MHA at once (no approval)", async () => {
      const { context, page } = await desktopPage(browser);
      await page.goto(address);
      await everywhere(page, address, "register-link", async (p, lang) => {
        await p.locator(".onb-joining").getByText(lang === "hi" ? "गृह मंत्रालय" : MHA).waitFor();
      });
      await page.goto(address);
      await page.locator(".onb-joining").getByText(`You are joining ${MHA}`).waitFor();
      expect((await page.locator("#reg-org").count()) === 0, "the org is fixed by the link");
      await fillDetails(page, linkOne, { pickOrg: false });
      const before = await sent(linkOne);
      await page.getByRole("button", { name: "Send verification codes" }).click();
      await verifyAndSetPassword(page, linkOne, before);
      await firstLogin(page, linkOne);
      expect((await page.locator(".onb-membership").count()) === 0, "no approval to wait for");
      await isMemberOfMha(page);
      await context.close();
    });

    await step("MDO admin: refuses a shared-domain registrant with a reason; the refused tab lists them", async () => {
      const refused = person("RFSD", "Ravi", "nic.in", "6");
      const before = await sent(refused);
      const opened = await api("POST", "/auth/register", { employeeId: refused.employeeId, name: refused.name, email: refused.email,
        mobile: refused.mobile, orgId: "mha", designation: "aso" });
      expect(opened.status === 202 || opened.status === 201, `registration: ${opened.status} ${JSON.stringify(opened.body)}`);
      const id = opened.body.registrationId;
      await api("POST", `/auth/register/${id}/verify`, { channel: "email", code: await otpFor(refused.email, { notBefore: before.email }) });
      await api("POST", `/auth/register/${id}/verify`, { channel: "mobile", code: await otpFor(refused.mobile, { notBefore: before.mobile }) });
      const done = await api("POST", `/auth/register/${id}/password`, { password: refused.password });
      expect(done.status < 300, `password: ${done.status} ${JSON.stringify(done.body)}`);
      await admin.goto(`${BASE}/app/admin/members`);
      await heading(admin, "Membership requests");
      const card = admin.locator("article.onb-member", { hasText: refused.email });
      await card.getByRole("button", { name: `Refuse: ${refused.name}` }).click();
      await card.getByLabel("Reason (the person is told)").fill("Please register with your ministry email address.");
      await card.getByRole("button", { name: "Refuse membership" }).click();
      await card.getByText(`The membership of ${refused.name} was refused.`).waitFor();
      await admin.getByRole("button", { name: "Refused" }).click();
      await admin.waitForURL(/status=rejected/);
      await admin.locator("article.onb-member", { hasText: refused.email }).waitFor();
      expect((await admin.getByRole("button", { name: /^Approve/ }).count()) === 0, "nothing to approve among the refused");
    });

    await step("MDO admin: asks DoPT to take the link registrant, then withdraws the transfer", async () => {
      await admin.goto(`${BASE}/app/admin/people?q=${encodeURIComponent(linkOne.name)}`);
      await heading(admin, "People of the organisation");
      const card = admin.locator("article.org-person", { hasText: linkOne.email });
      await card.getByRole("button", { name: `Transfer to another organisation: ${linkOne.name}` }).click();
      await card.getByLabel("Find the organisation").fill("Personnel and Training");
      await card.locator("select[name=toOrgId] option[value=dopt]").waitFor({ state: "attached" });
      await card.locator("select[name=toOrgId]").selectOption("dopt");
      await card.getByRole("button", { name: "Ask for the transfer" }).click();
      await card.getByText(`The transfer of ${linkOne.name} to Department of Personnel and Training waits`).waitFor();
      await admin.goto(`${BASE}/app/admin/transfers?direction=outgoing&status=pending`);
      await heading(admin, "Transfers");
      const transfer = admin.locator("article.org-person", { hasText: linkOne.name });
      await transfer.getByText("From Ministry of Home Affairs to Department of Personnel and Training").waitFor();
      await transfer.getByRole("button", { name: `Withdraw: ${linkOne.name}` }).click();
      await transfer.getByRole("button", { name: "Yes, withdraw" }).click();
      await transfer.getByText(`The transfer of ${linkOne.name} is withdrawn.`).waitFor();
    });

    await step("MDO admin: the link counts its use; transfers page everywhere", async () => {
      await admin.goto(`${BASE}/app/admin/registration-links`);
      await heading(admin, "Registration links");
      const linkId = new URL(address).searchParams.get("link");
      await admin.locator(`article[data-link-id="${linkId}"]`).getByText("1 of 5 used").waitFor();
      await everywhere(admin, "/app/admin/transfers", "transfers", async (p) => {
        await p.locator("#onb-direction").waitFor();
      });
    });
  } finally {
    fs.rmSync(csvPath, { force: true });
    await browser.close();
  }
}

runJourney("onboarding", main);
