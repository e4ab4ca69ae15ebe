// What every browser journey shares (tests/web/journey.mjs and the per-role journeys in tests/web/roles/): the
// dev server's address, the demo accounts, steps with a report and a screenshot on failure, the dev server's
// outbox (OTPs), logins in the UI and through the API (answering the admin roles' TOTP challenge), axe-core's
// WCAG 2.1 A/AA check, and `everywhere`: a page checked at phone and desktop width in English and Hindi.

import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
const requireWeb = createRequire(path.join(root, "web", "package.json"));
const { chromium } = requireWeb("playwright-core");
const AXE_SOURCE = fs.readFileSync(requireWeb.resolve("axe-core/axe.min.js"), "utf8");

export const BASE = (process.env.KARMAYOGI_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
export const ARTIFACTS = process.env.ARTIFACTS_DIR ?? path.join(root, "tests", "artifacts", "web");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export { chromium };
export const PASSWORD = "Karmayogi@2026";
/** The seeded demo accounts a journey signs in as (README: demo accounts). */
export const ACCOUNTS = {
  learner: { username: "priya.sharma@mha.gov.in", password: PASSWORD }, // learner of MHA
  admin: { username: "sunita.verma@mha.gov.in", password: PASSWORD }, // MDO_ADMIN of MHA
  moderator: { username: "ananya.das@nic.in", password: PASSWORD }, // COMMUNITY_MODERATOR
  creator: { username: "vikram.singh@istm.gov.in", password: PASSWORD }, // CONTENT_CREATOR
  publisher: { username: "kavita.reddy@istm.gov.in", password: PASSWORD }, // CONTENT_PUBLISHER
  coordinator: { username: "mohammed.irfan@dopt.gov.in", password: PASSWORD }, // PROGRAM_COORDINATOR
  spvAdmin: { username: "sanjay.gupta@igotkarmayogi.gov.in", password: PASSWORD }, // SPV_ADMIN
};
export const STEP_TIMEOUT_MS = 15_000;
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

fs.mkdirSync(ARTIFACTS, { recursive: true });
const started = Date.now();
/** The steps and axe results of this run; `finish` writes them to ARTIFACTS/<name>-report.json. */
export const report = { steps: [], axe: {} };
let currentPage = null;
const watched = new WeakSet();
/** Uncaught errors and Content-Security-Policy refusals of every watched page: a journey with any fails. */
export const pageErrors = [];

/** The page a failed step screenshots; its uncaught errors and CSP refusals fail the journey at its end. */
export function watchPage(page) {
  currentPage = page;
  if (!watched.has(page)) {
    watched.add(page);
    collectPageErrors(page, page.url() || "page", pageErrors);
  }
}

/** Seconds since the journey started, as its log shows them. */
export function elapsedSeconds() {
  return ((Date.now() - started) / 1000).toFixed(1);
}

export function log(text) {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);
}

export class Failure extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

export async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    report.steps.push({ name, ok: true, ms: Date.now() - t0 });
    log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    report.steps.push({ name, ok: false, ms: Date.now() - t0, error: String(error?.message ?? error) });
    log(`FAIL ${name}: ${error?.stack ?? error}`);
    if (currentPage) {
      await currentPage.screenshot({ path: path.join(ARTIFACTS, `FAILED-${slug(name)}.png`), fullPage: true }).catch(() => {});
      log(`     at ${currentPage.url()}`);
    }
    throw error;
  }
}

export const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function api(method, pathname, body) {
  const response = await fetch(`${BASE}${pathname}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The newest 6-digit code sent to `to` (email or +91 mobile), waiting for it to arrive. */
export async function otpFor(to, { notBefore = 0 } = {}) {
  for (let i = 0; i < 40; i += 1) {
    const { body } = await api("GET", `/_local/outbox?to=${encodeURIComponent(to)}`);
    const messages = (body?.messages ?? []).slice(notBefore);
    for (const message of messages.reverse()) {
      const found = /\b(\d{6})\b/.exec(`${message.subject ?? ""} ${message.body ?? ""}`);
      if (found) return found[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Failure(`no OTP arrived for ${to}`);
}

export async function outboxCount(to) {
  const { body } = await api("GET", `/_local/outbox?to=${encodeURIComponent(to)}`);
  return (body?.messages ?? []).length;
}

/** axe-core on the current page: WCAG 2.0/2.1 A and AA rules; any violation fails the step. */
export async function axe(page, label) {
  // Evaluated through DevTools, not as an inline <script>: the app's Content-Security-Policy forbids those.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });
  report.axe[label] = result;
  expect(result.length === 0, `axe found WCAG violations on ${label}: ${JSON.stringify(result, null, 1)}`);
}

export async function heading(page, text) {
  const h1 = page.locator("main h1");
  await h1.filter({ hasText: text }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

export async function expectChecked(locator) {
  expect(await locator.isChecked(), "checked");
}

/** The TOTP code (RFC 6238: HMAC-SHA1, 30 s, 6 digits) of a base32 secret, as an authenticator app shows it. */
export function totp(secret) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secret.toUpperCase().replace(/=+$/, "")) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const digest = crypto.createHmac("sha1", key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** A code that stays valid for a few more seconds (waits out the end of a 30-second step). */
export async function freshTotp(secret) {
  if (30_000 - (Date.now() % 30_000) < 4_000) await new Promise((resolve) => setTimeout(resolve, 4_500));
  return totp(secret);
}

async function totpSecretOf(username) {
  const accounts = (await api("GET", "/_local/demo-accounts")).body?.accounts ?? [];
  return accounts.find((a) => a.username.toLowerCase() === username.toLowerCase())?.totpSecret;
}

/** Log in through the login page (the admin roles answer the TOTP step with the demo account's secret). */
export async function login(page, username, password) {
  await page.goto(`${BASE}/app/login`);
  await heading(page, "Log in");
  await page.getByLabel("Email or employee ID").fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
  // The admin roles sign in with a second factor: the demo accounts' TOTP secrets are on the dev server.
  const secret = await totpSecretOf(username);
  if (secret) {
    await page.getByLabel("6-digit code").fill(await freshTotp(secret));
    await page.getByRole("main").getByRole("button", { name: "Verify and log in" }).click();
  }
}

/** An access token for a demo account, answering the TOTP challenge of the admin roles (as login() does in the UI). */
export async function apiLogin({ username, password }) {
  let response = await api("POST", "/auth/login", { username, password });
  if (response.body?.challenge === "MFA") {
    const secret = await totpSecretOf(username);
    response = await api("POST", "/auth/login/mfa", { session: response.body.session, code: await freshTotp(secret) });
  }
  expect(response.status === 200 && response.body?.accessToken, `login of ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}

export async function apiAs(token, method, pathname, body) {
  const response = await fetch(`${BASE}${pathname}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * A demo account that never filled in its competency profile is sent to that form first (the first-login step):
 * fill it in through the API with `role` (the learner and newcomer journeys cover the form in the browser).
 */
export async function ensureCompetencyProfile(token, role) {
  const me = await apiAs(token, "GET", "/me");
  if (me.body?.profileComplete) return;
  const saved = await apiAs(token, "PUT", "/me/competency-profile", {
    roles: [role], competencies: [{ competencyId: "c-integrity", level: 2 }], desiredCompetencies: [], interests: [],
  });
  expect(saved.status === 200, `competency profile: ${saved.status} ${JSON.stringify(saved.body)}`);
}

/** Headless Chromium as the journeys run it. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/** A new context of `browser` at the desktop size in Indian English (`options` add to it), and its first page with
 *  its errors watched: how every role's journey opens. */
export async function desktopPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: "en-IN", ...options });
  const page = await context.newPage();
  watchPage(page);
  return { context, page };
}

/** Uncaught page errors and Content-Security-Policy reports of `page`, collected into `into`. */
export function collectPageErrors(page, who, into) {
  page.on("pageerror", (error) => into.push(`${who}: ${error}`));
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) into.push(`${who}: ${message.text()}`);
  });
}

async function settled(page) {
  await page.locator("main h1").first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector("main [aria-busy='true'], main[aria-busy='true']"), null, { timeout: STEP_TIMEOUT_MS });
}

/**
 * The page at `url` checked as every user of the role meets it: at phone (390 px) and desktop width, in English
 * and in Hindi. Each of the four: the page renders (`ready(page, lang)` when given, else a heading and nothing
 * loading), nothing scrolls sideways, axe-core finds no WCAG A/AA violation, the document's language is right, and
 * a screenshot goes to ARTIFACTS/<label>-<lang>-<width>.png. The page is left in English at desktop width.
 */
export async function everywhere(page, url, label, ready = null) {
  try {
    for (const language of ["en", "hi"]) {
      await page.evaluate((lang) => localStorage.setItem("karmayogi.lang", lang), language);
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        await page.goto(url.startsWith("http") ? url : `${BASE}${url}`);
        await settled(page);
        if (ready) await ready(page, language);
        expect((await page.locator("html").getAttribute("lang")) === language, `${label}: html lang is ${language}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow <= 1, `${label} (${language}, ${viewport.width} px): no sideways scrolling (overflow ${overflow}px)`);
        await shot(page, `${label}-${language}-${viewport.width}`);
        await axe(page, `${label}-${language}-${viewport.width}`);
      }
    }
  } finally {
    await page.evaluate(() => localStorage.setItem("karmayogi.lang", "en")).catch(() => {});
    await page.setViewportSize(DESKTOP);
  }
}

/** Write the report of this run (ARTIFACTS/<name>-report.json). */
export function writeReport(name) {
  fs.writeFileSync(path.join(ARTIFACTS, `${name}-report.json`), JSON.stringify(report, null, 2));
}

/** Run a journey's `main`: its report is written whatever happens, and the process exits non-zero on failure. */
export function runJourney(name, main) {
  main()
    .then(() => expect(pageErrors.length === 0, `uncaught errors or CSP refusals in the pages: ${pageErrors.join("\n")}`))
    .then(() => log(`journey passed: ${report.steps.length} steps in ${elapsedSeconds()} s`))
    .catch((error) => {
      // A failed step has logged itself; a check outside any step (e.g. the page's uncaught errors) has not.
      const inStep = report.steps.some((s) => !s.ok);
      if (!(error instanceof Failure)) log(`error: ${error?.stack ?? error}`);
      else if (!inStep) log(`FAIL ${error.message}`);
      process.exitCode = 1;
    })
    .finally(() => writeReport(name));
}

/** A demo account's first login fills in its competency profile (grouped by area, collapsed; the search opens the
 * group with the match): one competency, then save. Leaves the page on the course catalogue. */
export async function completeFirstProfile(page) {
  await page.getByLabel("Filter by name").fill("e-Office");
  await page.locator('select[name="current:c-e-office"]').selectOption("3");
  await page.getByRole("button", { name: "Save profile" }).click();
  await heading(page, "Course catalogue");
}
