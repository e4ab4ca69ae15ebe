// The certificate journey (issue 20): a fresh learner of MHA with a Hindi name (registered through the API)
// completes a course; in the browser they download its certificate PDF from My certificates, whose text
// extracts with the Hindi words intact and whose QR code decodes to the public verification page; that page
// (opened without signing in) verifies the signed credential in the browser against the published issuer key
// and says "valid", and a credential altered on its way to the browser is shown as tampered. The learner then
// chooses to show their certificates on their public profile, which lists this one. Every page is checked by
// `everywhere`.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { COURSE_TITLE, completeCourse, registerLearner } from "../completion.mjs";
import {
  ARTIFACTS, BASE, everywhere, expect, heading, desktopPage, launchBrowser, login, root, runJourney, step,
} from "../harness.mjs";

const HINDI = ["पूर्णता प्रमाणपत्र", "प्रमाणित किया जाता है कि", "सफलतापूर्वक पाठ्यक्रम पूरा किया है", "जारीकर्ता", "प्रमाणपत्र संख्या"];

const suffix = `${Date.now() % 100000000}`.padStart(8, "0");
const letters = suffix.replace(/\d/g, (d) => "कखगघचछजझटठ"[Number(d)]);
const learner = {
  employeeId: `CRT-${suffix}`,
  name: `अनिता ${letters}`,
  email: `anita.${suffix}@mha.gov.in`,
  mobile10: `7${suffix}${Math.floor(Math.random() * 10)}`,
  password: "Seva#Certify2026",
};

function probe(file) {
  const python = fs.existsSync(path.join(root, ".venv", "bin", "python")) ? path.join(root, ".venv", "bin", "python") : "python3";
  return JSON.parse(execFileSync(python, [path.join(root, "tests", "web", "pdf_probe.py"), file], { cwd: root, encoding: "utf-8" }));
}

async function expectUnchecked(locator) {
  await locator.waitFor();
  expect(!(await locator.isChecked()), "the toggle starts off");
}

async function main() {
  const browser = await launchBrowser();
  try {
    const { page } = await desktopPage(browser, { acceptDownloads: true });
    let certificateId, userId;

    await step("setup: a fresh learner with a Hindi name completes a course", async () => {
      let token;
      ({ token, userId } = await registerLearner(learner));
      certificateId = await completeCourse(token);
      expect(certificateId, "the completion issued a certificate");
    });

    await step("login as the learner", async () => {
      await login(page, learner.email, learner.password);
      await page.getByRole("link", { name: "My learning" }).first().waitFor();
    });

    await step("my certificates: the course's certificate with Download PDF", async () => {
      await page.goto(`${BASE}/app/certificates`);
      await heading(page, "My certificates");
      const card = page.locator(`[data-certificate-id="${certificateId}"]`);
      await card.getByRole("heading", { name: COURSE_TITLE }).waitFor();
      await everywhere(page, "/app/certificates", "certificates", async (p) => p.locator("[data-download-pdf]").first().waitFor());
    });

    let verifyUrl;
    await step("download the PDF: its text extracts with the Hindi intact, its QR code is the verification page", async () => {
      await page.goto(`${BASE}/app/certificates`);
      const card = page.locator(`[data-certificate-id="${certificateId}"]`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        card.getByRole("button", { name: new RegExp(`Download PDF`) }).click(),
      ]);
      const file = path.join(ARTIFACTS, `certificate-${certificateId}.pdf`);
      await download.saveAs(file);
      expect(fs.readFileSync(file).subarray(0, 5).toString() === "%PDF-", "the download is a PDF");
      const { text, qr } = probe(file);
      for (const words of [learner.name, COURSE_TITLE, "Certificate of Completion", certificateId, ...HINDI]) {
        expect(text.includes(words), `the PDF's text has "${words}"`);
      }
      verifyUrl = `${BASE}/app/certificates/${certificateId}`;
      expect(qr.length === 1 && qr[0] === verifyUrl, `the QR code decodes to ${verifyUrl}: ${JSON.stringify(qr)}`);
      await page.getByText("The certificate PDF is downloaded.").waitFor();
    });

    await step("the verification page (signed out) verifies the credential in the browser: valid", async () => {
      const { context: visitor, page: stranger } = await desktopPage(browser);
      await stranger.goto(verifyUrl);
      await heading(stranger, "Certificate");
      await stranger.locator('[data-verdict="valid"]').waitFor();
      await stranger.getByText(learner.name).waitFor();
      await everywhere(stranger, verifyUrl, "certificate-verify", async (p) => p.locator('[data-verdict="valid"]').waitFor());
      await visitor.close();
    });

    await step("my profile: show my certificates on my public profile; the profile lists this one", async () => {
      await page.goto(`${BASE}/app/people/${userId}`);
      await heading(page, learner.name);
      expect(await page.getByRole("link", { name: COURSE_TITLE }).count() === 0, "certificates are hidden by default");
      await page.goto(`${BASE}/app/me`);
      const toggle = page.getByLabel("Show my certificates on my public profile");
      await expectUnchecked(toggle);
      await toggle.check();
      await page.getByText("Your profile setting is saved.").waitFor();
      await page.goto(`${BASE}/app/people/${userId}`);
      await page.getByRole("link", { name: COURSE_TITLE }).waitFor();
      await everywhere(page, `/app/people/${userId}`, "profile-certificates", async (p) => p.getByRole("link", { name: COURSE_TITLE }).waitFor());
    });

    await step("a credential altered on its way shows as tampered", async () => {
      const { context: visitor, page: stranger } = await desktopPage(browser);
      await stranger.route(`**/certificates/${certificateId}`, async (route) => {
        if (route.request().resourceType() !== "fetch") return route.continue(); // the page itself
        const response = await route.fetch();
        const body = await response.json();
        body.credential.credentialSubject.name = "Someone Else";
        body.learnerName = "Someone Else";
        await route.fulfill({ response, json: body });
      });
      await stranger.goto(verifyUrl);
      await stranger.locator('[data-verdict="tampered"]', { hasText: "it has been altered" }).waitFor();
      await visitor.close();
    });
  } finally {
    await browser.close();
  }
}

runJourney("certificate", main);
