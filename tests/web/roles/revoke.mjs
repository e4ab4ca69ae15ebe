// Revoking a certificate (issue 20): a fresh learner of MHA (registered through the API) completes a course and
// shows their certificates on their public profile; the SPV admin opens the certificate's verification page, sees
// "Revoke certificate", is refused a reason that is too short, gives one, confirms, and the page shows the
// certificate revoked — the credential check in the browser reports "revoked". A signed-out visitor sees it
// revoked (with the date, not the reason) and no revoke button; the holder is notified and their public profile
// no longer lists it. Every page is checked by `everywhere`.

import { completeCourse, ok, registerLearner } from "../completion.mjs";
import {
  ACCOUNTS, BASE, api, apiAs, apiLogin, ensureCompetencyProfile, everywhere, expect, heading, desktopPage,
  launchBrowser, login, runJourney, step,
} from "../harness.mjs";

const REASON = `Completion recorded in error (journey ${Date.now()})`;

const suffix = `${Date.now() % 100000000}`.padStart(8, "0");
const learner = {
  employeeId: `RVK-${suffix}`,
  name: `Ravi Revoke ${suffix}`,
  email: `ravi.revoke.${suffix}@mha.gov.in`,
  mobile10: `8${suffix}${Math.floor(Math.random() * 10)}`,
  password: "Seva#Revoke2026",
};

async function main() {
  const browser = await launchBrowser();
  try {
    const { page } = await desktopPage(browser);
    let certificateId, userId, learnerToken;

    await step("setup: a fresh learner completes a course and shows their certificates on their profile", async () => {
      ({ token: learnerToken } = await registerLearner(learner));
      const me = await ok(await apiAs(learnerToken, "GET", "/me"), "me");
      userId = me.userId;
      certificateId = await completeCourse(learnerToken);
      expect(certificateId, "the completion issued a certificate");
      await ok(await apiAs(learnerToken, "PATCH", "/me", { version: me.version, showCertificates: true }), "show certificates");
      const shown = (await ok(await apiAs(learnerToken, "GET", `/people/${userId}`), "profile")).certificates ?? [];
      expect(shown.some((c) => c.id === certificateId), "the public profile lists the certificate");
    });

    const verifyUrl = () => `${BASE}/app/certificates/${certificateId}`;

    await step("the SPV admin logs in and sees Revoke certificate on the verification page", async () => {
      await ensureCompetencyProfile(await apiLogin(ACCOUNTS.spvAdmin), "Platform administration");
      await login(page, ACCOUNTS.spvAdmin.username, ACCOUNTS.spvAdmin.password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directory" }).first().waitFor();
      await page.goto(verifyUrl());
      await heading(page, "Certificate");
      await page.locator('[data-verdict="valid"]').waitFor();
      await page.getByRole("button", { name: "Revoke certificate" }).waitFor();
      await everywhere(page, verifyUrl(), "certificate-revoke", async (p) => p.locator("[data-revoke-open]").waitFor());
    });

    await step("a reason too short is refused; a reason and a confirmation revoke it; the page shows Revoked", async () => {
      await page.goto(verifyUrl());
      await page.getByRole("button", { name: "Revoke certificate" }).click();
      const reason = page.getByLabel("Reason for revoking");
      await reason.fill("too short");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByText("Give a reason of at least 10 characters.").waitFor();
      await reason.fill(REASON);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByText(/Revoke this certificate\? Its verification page will show it as revoked/).waitFor();
      await page.getByRole("button", { name: "Yes, revoke it" }).click();
      await page.locator('[data-certificate-status="revoked"]', { hasText: "Revoked" }).waitFor();
      await page.locator('[data-verdict="revoked"]', { hasText: "This certificate was revoked on" }).waitFor();
      expect(await page.locator("[data-revoke-open]").count() === 0, "no revoke button on a revoked certificate");
    });

    await step("signed out: the verification page says revoked (the credential check too), never the reason", async () => {
      const { context: visitor, page: stranger } = await desktopPage(browser);
      await stranger.goto(verifyUrl());
      await stranger.locator('[data-verdict="revoked"]').waitFor();
      await stranger.locator('[data-certificate-status="revoked"]').waitFor();
      expect(await stranger.locator("[data-revoke-open]").count() === 0, "a visitor has no revoke button");
      expect(!(await stranger.content()).includes(REASON), "the reason is not public");
      const answer = await api("GET", `/certificates/${certificateId}`);
      expect(answer.body.status === "revoked" && answer.body.credential.validUntil, "the credential carries validUntil");
      await everywhere(stranger, verifyUrl(), "certificate-revoked", async (p) => p.locator('[data-verdict="revoked"]').waitFor());
      await visitor.close();
    });

    await step("the holder is notified, and their public profile no longer lists it", async () => {
      const notices = (await ok(await apiAs(learnerToken, "GET", "/me/notifications"), "notifications")).items;
      expect(notices.some((n) => n.template === "CERTIFICATE_REVOKED" && n.body.includes(certificateId)), "the holder is told");
      const shown = (await ok(await apiAs(learnerToken, "GET", `/people/${userId}`), "profile")).certificates ?? [];
      expect(!shown.some((c) => c.id === certificateId), "the public profile no longer lists it");
    });
  } finally {
    await browser.close();
  }
}

runJourney("revoke", main);
