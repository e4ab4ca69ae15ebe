// The installable, offline-capable app in headless Chromium, against a running dev server
// (tests/web/test_web_pwa.py starts one), at phone size:
// (a) the manifest is valid and Chromium finds the app installable (CDP Page.getInstallabilityErrors: none);
// (b) a learner downloads the seeded "Introduction to e-Office" (its video's lowest rendition and its pdf), the
//     network is cut (for the page and for the service worker: an API call and a media file that was not
//     downloaded both fail), part of the video plays at 2x from the downloads in the signed-in page; then the
//     app is closed and opened again in a NEW page, still offline (sessionStorage empty: no session): the offline
//     library appears without signing in, and the pdf is read page by page from it; the heartbeats wait in
//     IndexedDB, tagged with their owner; the network returns and nothing is sent until the learner signs in
//     again, then the queue is sent in order: the server counts it (GET /enrolments/{id} coverage rises, the
//     pdf is completed);
// (c) push: notifications permission granted, the settings toggle tried (PushManager.subscribe needs a real
//     push service: either the subscription is stored or the toggle says clearly why not), a push message in
//     the server's own format (PUSH_PAYLOAD) delivered to the service worker over CDP
//     (ServiceWorker.deliverPushMessage) is shown as a notification, and its click handler brings the app to
//     the message's page. axe-core (WCAG 2.1 AA) on the new screens, English and Hindi.
//
//   KARMAYOGI_URL=http://127.0.0.1:3000 PUSH_PAYLOAD='{"title":…}' node tests/web/pwa_journey.mjs
//
// Prints a JSON line "pwa-result {...}" (what happened, for the test's report) and exits non-zero on the first
// failed step (with a screenshot).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  ARTIFACTS, BASE, CHROMIUM, Failure, axe, chromium, elapsedSeconds, expect, heading, log, report, shot, step, watchPage,
} from "./harness.mjs";

const PUSH_PAYLOAD = process.env.PUSH_PAYLOAD ?? "";
const LEARNER = { username: "arjun.nair@kerala.gov.in", password: "Karmayogi@2026" };
const COURSE_ID = "intro-e-office";
const VIDEO_ID = "eo-m1-c3";
const PDF_ID = "eo-m3-c1";
const STEP_TIMEOUT_MS = 20_000;
report.result = {};

/** The API with an optional bearer token (this journey's learner signs in and out of the app meanwhile). */
async function api(method, pathname, { token, body } = {}) {
  const response = await fetch(`${BASE}${pathname}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The heartbeats waiting in the app's IndexedDB queue. */
function queued(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("karmayogi-offline");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction("heartbeats").objectStore("heartbeats").getAll();
      request.onsuccess = () => resolve(request.result.map((item) => ({ userId: item.userId, path: item.path, seq: item.body.seq, sessionId: item.body.sessionId, at: item.body.at })));
      request.onerror = () => reject(request.error);
    };
  }));
}

function coverageOf(enrolment, contentId) {
  return (enrolment.contents ?? []).find((c) => c.contentId === contentId) ?? { coveredPercent: 0, completed: false };
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // A profile on disk: Chromium does not install apps from an incognito-like context (installability error
  // "in-incognito"), which a plain browser.newContext() is. A phone's screen and touch.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "karmayogi-pwa-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
      "--autoplay-policy=no-user-gesture-required",
    ],
    viewport: { width: 412, height: 823 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "en-IN",
    serviceWorkers: "allow",
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  let page = context.pages()[0] ?? (await context.newPage());
  watchPage(page);
  const pageErrors = [];
  const beats = [];
  const refusals = []; // the app logs a queued heartbeat the server did not count
  const watch = (watched) => {
    watched.on("pageerror", (error) => pageErrors.push(String(error)));
    watched.on("response", async (response) => {
      if (response.url().includes("/heartbeats")) beats.push({ status: response.status(), sent: response.request().postDataJSON(), body: await response.text().catch(() => "") });
    });
    watched.on("console", (message) => {
      if (/heartbeat was not counted|heartbeat was refused/.test(message.text())) refusals.push(message.text());
    });
  };
  watch(page);
  let cdp = await context.newCDPSession(page);

  const token = (await api("POST", "/auth/login", { body: LEARNER })).body?.accessToken;
  expect(token, "the demo learner logs in through the API");
  let enrolmentId = "";
  let learnerId = "";

  try {
    await step("the learner has a competency profile and an active enrolment in the seeded e-Office course", async () => {
      const me = (await api("GET", "/me", { token })).body;
      learnerId = me.userId;
      if (!me.profileComplete) {
        const saved = await api("PUT", "/me/competency-profile", { token, body: {
          roles: ["file processing"], competencies: [{ competencyId: "c-e-office", level: 1 }],
          desiredCompetencies: [{ competencyId: "c-e-office", level: 3 }], interests: ["digital governance"],
        } });
        expect(saved.status === 200, `competency profile: ${saved.status} ${JSON.stringify(saved.body)}`);
      }
      const mine = (await api("GET", "/me/enrolments?limit=100", { token })).body?.items ?? [];
      const existing = mine.find((e) => e.courseId === COURSE_ID && ["ENROLLED", "IN_PROGRESS", "COMPLETED"].includes(e.status));
      if (existing) {
        enrolmentId = existing.enrolmentId ?? existing.id;
        return;
      }
      const batches = (await api("GET", `/courses/${COURSE_ID}/batches`, { token })).body?.items ?? [];
      const open = batches.find((b) => !b.requiresApproval);
      expect(open, `an open batch of ${COURSE_ID}: ${JSON.stringify(batches)}`);
      const created = await api("POST", `/courses/${COURSE_ID}/enrolments`, { token, body: { batchId: open.id } });
      expect([200, 201, 202].includes(created.status), `enrolment: ${created.status} ${JSON.stringify(created.body)}`);
      enrolmentId = created.body.enrolmentId;
      for (let i = 0; i < 60; i += 1) {
        const status = (await api("GET", `/enrolments/${enrolmentId}`, { token })).body?.status;
        if (status === "ENROLLED" || status === "IN_PROGRESS") return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Failure("the enrolment did not settle");
    });

    await step("(a) the manifest is valid and Chromium finds the app installable", async () => {
      await page.goto(`${BASE}/app/login`);
      await heading(page, "Log in");
      await page.getByLabel("Email or employee ID").fill(LEARNER.username);
      await page.getByLabel(/^Password/).fill(LEARNER.password);
      await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
      await heading(page, "Namaste");
      // The service worker takes control (clientsClaim) once installed with the precached shell.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      const href = await page.locator('link[rel="manifest"]').getAttribute("href");
      const manifestResponse = await page.request.get(new URL(href, page.url()).href);
      expect(manifestResponse.headers()["content-type"]?.startsWith("application/manifest+json"), `manifest type ${manifestResponse.headers()["content-type"]}`);
      const manifest = await manifestResponse.json();
      expect(manifest.name && manifest.short_name && manifest.start_url === "/app/" && manifest.scope === "/app/" && manifest.display === "standalone", `manifest fields: ${JSON.stringify(manifest)}`);
      expect(/^#[0-9a-f]{6}$/i.test(manifest.theme_color), "a theme colour");
      for (const [size, purpose] of [["192x192", "any"], ["512x512", "any"], ["192x192", "maskable"], ["512x512", "maskable"]]) {
        const icon = manifest.icons.find((i) => i.sizes === size && i.purpose === purpose);
        expect(icon, `an icon ${size} ${purpose}`);
        const image = await page.request.get(new URL(icon.src, new URL(href, page.url())).href);
        expect(image.ok() && image.headers()["content-type"] === "image/png", `icon ${icon.src} is served as a PNG`);
      }
      const sw = await page.request.get(`${BASE}/app/sw.js`);
      expect(sw.ok() && /no-cache/.test(sw.headers()["cache-control"] ?? ""), `sw.js is revalidated: ${sw.headers()["cache-control"]}`);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      report.result.installabilityErrors = installabilityErrors;
      expect(installabilityErrors.length === 0, `installability errors: ${JSON.stringify(installabilityErrors)}`);
      const manifestInfo = await cdp.send("Page.getAppManifest");
      expect((manifestInfo.errors ?? []).length === 0, `manifest errors: ${JSON.stringify(manifestInfo.errors)}`);
    });

    let before = null;
    await step("(b) download the course for offline use: pdf and the video's lowest rendition (axe, Hindi)", async () => {
      before = (await api("GET", `/enrolments/${enrolmentId}`, { token })).body;
      await page.goto(`${BASE}/app/courses/${COURSE_ID}`);
      await heading(page, "Introduction to e-Office");
      const offline = page.getByRole("region", { name: "Offline" });
      await offline.getByRole("button", { name: "Download for offline" }).click();
      await offline.getByText(/^Downloaded \(/).waitFor({ timeout: 60_000 });
      await offline.getByText(/contents downloaded/).waitFor();
      await offline.getByText(/This browser stores .* for Karmayogi, of .* it may use\./).waitFor();
      await offline.getByText(/Downloads expire with your access/).waitFor();
      const stored = await page.evaluate(async () => {
        const cache = await caches.open("karmayogi-media-v1");
        const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
        const master = keys.find((k) => k.endsWith("/hls/index.m3u8"));
        return { keys, master: master ? await (await cache.match(master)).text() : "" };
      });
      const variants = stored.master.split("\n").filter((line) => line.startsWith("#EXT-X-STREAM-INF"));
      expect(variants.length === 1, `the stored master names one rendition: ${stored.master}`);
      const rendition = stored.master.split("\n").find((line) => line.endsWith(".m3u8"));
      expect(stored.keys.some((k) => k.endsWith(`/hls/${rendition}`)), `the rendition's playlist is stored: ${rendition}`);
      expect(stored.keys.some((k) => k.endsWith(".ts")), "its segments are stored");
      expect(stored.keys.some((k) => k.endsWith("/source")), "the pdf is stored");
      expect(!stored.keys.some((k) => /_(480|720)p/.test(k)), `no higher rendition is stored: ${stored.keys}`);
      expect(stored.keys.every((k) => !k.includes("?")), "stored without signatures");
      report.result.storedFiles = stored.keys.length;
      report.result.rendition = rendition;
      await shot(page, "pwa-01-downloaded");
      await axe(page, "course-offline-section");
      await page.getByRole("button", { name: "हिन्दी" }).click();
      await page.getByRole("region", { name: "ऑफ़लाइन" }).getByRole("button", { name: "डाउनलोड हटाएँ" }).waitFor();
      await axe(page, "course-offline-section-hi");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("region", { name: "Offline" }).waitFor();
    });

    await step("(b) the network is cut, for the page and the service worker", async () => {
      await context.setOffline(true);
      const apiCall = await page.evaluate(() => fetch("/me").then((r) => `status ${r.status}`, (e) => `failed: ${e}`));
      expect(apiCall.startsWith("failed"), `an API call fails offline: ${apiCall}`);
      // A media file that was not downloaded goes through the service worker's own fetch: that fails too.
      const notDownloaded = await page.evaluate((rendition) => caches.open("karmayogi-media-v1").then(async (cache) => {
        const master = (await cache.keys()).map((r) => r.url).find((u) => u.endsWith("/hls/index.m3u8"));
        const other = master.replace(/index\.m3u8$/, "index_poster.0000000.jpg");
        return fetch(other).then((r) => `status ${r.status}`, (e) => `failed: ${e}`);
      }), report.result.rendition);
      expect(notDownloaded.startsWith("failed"), `the service worker's network is cut too: ${notDownloaded}`);
      report.result.offlineChecks = { apiCall, notDownloaded };
    });

    await step("(b) offline: part of the video plays at 2x from the downloaded rendition", async () => {
      await page.goto(`${BASE}/app/courses/${COURSE_ID}/learn/${VIDEO_ID}`);
      await heading(page, "e-Office at a glance");
      await page.getByText(/You are offline: this is the downloaded copy/).waitFor();
      const video = page.locator("video");
      await video.waitFor();
      await page.getByLabel("Playback speed").selectOption("2");
      await page.waitForFunction(() => document.querySelector("video")?.readyState >= 2, null, { timeout: STEP_TIMEOUT_MS });
      await video.evaluate((v) => v.play());
      await page.waitForFunction(() => document.querySelector("video")?.currentTime >= 8, null, { timeout: STEP_TIMEOUT_MS });
      await video.evaluate((v) => v.pause());
      report.result.videoPlayedTo = await video.evaluate((v) => v.currentTime);
      await page.waitForTimeout(500);
      const waiting = await queued(page);
      const videoBeats = waiting.filter((b) => b.path.includes(VIDEO_ID));
      expect(videoBeats.length >= 1, `the video's heartbeat waits in the queue: ${JSON.stringify(waiting)}`);
      expect(waiting.every((b) => typeof b.at === "string" && !Number.isNaN(Date.parse(b.at))), "each queued heartbeat has its time");
      const bySession = new Map();
      for (const b of waiting) bySession.set(b.sessionId, [...(bySession.get(b.sessionId) ?? []), b.seq]);
      for (const seqs of bySession.values()) expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), `seqs in order: ${seqs}`);
      expect(waiting.every((b) => b.userId === learnerId), `queued under the signed-in learner: ${JSON.stringify(waiting)}`);
      await shot(page, "pwa-03-offline-video");
    });

    await step("(b) the app is closed and opened again offline in a new page: the offline library, no sign-in (axe, Hindi)", async () => {
      for (const open of context.pages()) await open.close({ runBeforeUnload: false });
      page = await context.newPage();
      watchPage(page);
      watch(page);
      await page.goto(`${BASE}/app/`);
      await heading(page, "Offline library");
      expect(await page.evaluate(() => sessionStorage.length === 0 && navigator.onLine === false), "a new page: no session, no network");
      const course = page.getByRole("region", { name: "Introduction to e-Office" });
      await course.getByText(/^Downloaded by .+; available until /).waitFor();
      await page.getByText(/Progress made here is counted only after the same officer signs in online\./).waitFor();
      await course.getByRole("link", { name: "Recap: key points of the course" }).waitFor();
      await shot(page, "pwa-04-offline-library");
      await axe(page, "offline-library");
      await page.getByRole("button", { name: "हिन्दी" }).click();
      await heading(page, "ऑफ़लाइन लाइब्रेरी");
      await axe(page, "offline-library-hi");
      await page.getByRole("button", { name: "English" }).click();
      await heading(page, "Offline library");
    });

    await step("(b) offline library: the pdf is read page by page from the download", async () => {
      await page.getByRole("link", { name: "Recap: key points of the course" }).click();
      await heading(page, "Recap: key points of the course");
      await page.getByText(/your progress is kept on this device and counted after .+ signs in online/).waitFor();
      const first = page.getByRole("img", { name: /^Page \d+ of \d+$/ });
      await first.waitFor();
      const [, start, total] = (await first.getAttribute("aria-label")).match(/Page (\d+) of (\d+)/).map(Number);
      for (let n = start - 1; n >= 1; n -= 1) {
        await page.getByRole("button", { name: "Previous page" }).click();
        await page.getByRole("img", { name: `Page ${n} of ${total}` }).waitFor();
      }
      for (let n = 2; n <= total; n += 1) {
        await page.waitForTimeout(1_150); // a page counts once it has been shown for a second
        await page.getByRole("button", { name: "Next page" }).click();
        await page.getByRole("img", { name: `Page ${n} of ${total}` }).waitFor();
      }
      await page.waitForTimeout(1_300);
      const waiting = await queued(page);
      const pdfBeats = waiting.filter((b) => b.path.includes(PDF_ID));
      expect(pdfBeats.length >= 1, `the pdf's heartbeats wait in the queue: ${JSON.stringify(waiting)}`);
      expect(pdfBeats.every((b) => b.userId === learnerId), `queued under the download's owner: ${JSON.stringify(pdfBeats)}`);
      report.result.pdfPages = total;
      await shot(page, "pwa-05-offline-library-pdf");
      await axe(page, "offline-library-pdf");
    });

    await step("(b) the network returns, the learner signs in: the queue is sent in order and the server counts it", async () => {
      await context.setOffline(false);
      const waiting = await queued(page);
      report.result.queuedBeforeReconnect = waiting.length;
      await page.waitForTimeout(1_500);
      expect((await queued(page)).length === waiting.length && beats.length === 0, "nothing is sent before the learner signs in");
      await page.goto(`${BASE}/app/login`);
      await heading(page, "Log in");
      await page.getByLabel("Email or employee ID").fill(LEARNER.username);
      await page.getByLabel(/^Password/).fill(LEARNER.password);
      await page.getByRole("main").getByRole("button", { name: "Log in" }).click();
      await heading(page, "Namaste");
      const deadline = Date.now() + 45_000;
      while ((await queued(page)).length > 0) {
        expect(Date.now() < deadline, `the queue was not sent: ${JSON.stringify(await queued(page))}`);
        await page.waitForTimeout(500);
      }
      const after = (await api("GET", `/enrolments/${enrolmentId}`, { token })).body;
      const pdfBefore = coverageOf(before, PDF_ID);
      const pdfAfter = coverageOf(after, PDF_ID);
      const videoBefore = coverageOf(before, VIDEO_ID);
      const videoAfter = coverageOf(after, VIDEO_ID);
      report.result.sentAfterReconnect = beats.map((b) => ({ status: b.status, seq: b.sent.seq, at: b.sent.at, sessionId: b.sent.sessionId }));
      expect(beats.length === report.result.queuedBeforeReconnect && beats.every((b) => b.status === 200 && b.sent.at),
        `every queued heartbeat was sent once, with its time, and counted: ${JSON.stringify(beats)}`);
      const sessions = new Map();
      for (const b of beats) sessions.set(b.sent.sessionId, [...(sessions.get(b.sent.sessionId) ?? []), b.sent.seq]);
      for (const seqs of sessions.values()) expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1), `sent in seq order, none dropped: ${seqs}`);
      expect(refusals.length === 0, `the server counted every queued heartbeat: ${refusals.join("\n")}`);
      report.result.coverage = { pdf: [pdfBefore.coveredPercent, pdfAfter.coveredPercent], video: [videoBefore.coveredPercent, videoAfter.coveredPercent] };
      expect(pdfAfter.completed && pdfAfter.coveredPercent === 100, `every pdf page read offline is counted: ${JSON.stringify(pdfAfter)}`);
      expect(videoAfter.coveredPercent > videoBefore.coveredPercent, `the video's offline playback is counted: ${JSON.stringify(report.result.coverage)}`);
    });

    await step("(c) push: the settings toggle on this device (axe, Hindi)", async () => {
      await context.grantPermissions(["notifications"], { origin: BASE });
      await page.goto(`${BASE}/app/me`);
      await heading(page, "My profile");
      const toggle = page.getByRole("switch", { name: "Notifications on this device" });
      await toggle.waitFor();
      await page.waitForFunction(() => !document.querySelector('input[role="switch"]')?.disabled);
      await axe(page, "profile-push");
      await toggle.check({ force: true }).catch(() => undefined);
      const section = page.getByRole("region", { name: "Notifications" });
      const outcome = await Promise.race([
        section.getByText("Notifications are on for this device.").waitFor({ timeout: 40_000 }).then(() => "subscribed"),
        section.getByText(/could not reach its push service/).waitFor({ timeout: 40_000 }).then(() => "push service unreachable"),
      ]);
      report.result.pushToggle = outcome;
      const saved = (await api("GET", "/me/push/subscriptions", { token })).body?.items ?? [];
      if (outcome === "subscribed") {
        expect(saved.length >= 1, `the subscription is stored: ${JSON.stringify(saved)}`);
        expect(await toggle.isChecked(), "the toggle shows on");
        await toggle.uncheck();
        await section.getByText("Notifications are off for this device.").waitFor();
        const left = (await api("GET", "/me/push/subscriptions", { token })).body?.items ?? [];
        expect(left.length === saved.length - 1, "turning it off deletes the subscription");
      } else {
        expect(!(await toggle.isChecked()), "the toggle falls back to off");
        expect(saved.length === 0, "nothing is stored");
      }
      await shot(page, "pwa-06-push-toggle");
      await page.getByRole("button", { name: "हिन्दी" }).click();
      await page.getByRole("switch", { name: "इस डिवाइस पर सूचनाएँ" }).waitFor();
      await axe(page, "profile-push-hi");
      await page.getByRole("button", { name: "English" }).click();
      await heading(page, "My profile");
    });

    await step("(c) push: a message in the server's format is shown, and its click opens its page", async () => {
      expect(PUSH_PAYLOAD, "PUSH_PAYLOAD is set");
      const message = JSON.parse(PUSH_PAYLOAD);
      cdp = await context.newCDPSession(page);
      const registrations = new Promise((resolve) => cdp.on("ServiceWorker.workerRegistrationUpdated", (event) => resolve(event.registrations)));
      await cdp.send("ServiceWorker.enable");
      const registration = (await registrations).find((r) => r.scopeURL === `${BASE}/app/` && !r.isDeleted);
      expect(registration, "the app's service worker registration");
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: `${BASE}/`, registrationId: registration.registrationId, data: PUSH_PAYLOAD });
      let shown = null;
      for (let i = 0; i < 80 && !shown; i += 1) { // up to 20 s: the worker may be slow to wake on a busy machine
        shown = await page.evaluate(async (title) => {
          const ready = await navigator.serviceWorker.ready;
          const found = (await ready.getNotifications()).find((n) => n.title === title);
          return found ? { title: found.title, body: found.body, url: found.data?.url, kind: found.data?.kind } : null;
        }, message.title);
        if (!shown) await page.waitForTimeout(250);
      }
      expect(shown, `the notification "${message.title}" is shown`);
      expect(shown.body === message.body, `the body: ${JSON.stringify(shown)}`);
      const expectedUrl = new URL(message.url.startsWith("/app/") ? message.url : `/app${message.url}`, BASE).href;
      expect(shown.url === expectedUrl, `the notification opens ${expectedUrl}: ${JSON.stringify(shown)}`);
      report.result.notification = shown;
      // CDP cannot click a system notification: the worker's notificationclick handler gets the same event a
      // click dispatches (untrusted, so its waitUntil throws; the handler's work has started by then).
      const worker = context.serviceWorkers().find((w) => w.url().endsWith("/app/sw.js"));
      expect(worker, "the service worker is reachable");
      await worker.evaluate(async () => {
        const [notification] = await self.registration.getNotifications();
        try {
          self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
        } catch {
          /* waitUntil of an untrusted event */
        }
      });
      await page.waitForURL(expectedUrl, { timeout: STEP_TIMEOUT_MS });
      report.result.clickOpened = page.url();
      await shot(page, "pwa-07-notification-click");
    });

    expect(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join("\n")}`);
  } finally {
    fs.writeFileSync(path.join(ARTIFACTS, "pwa-journey-report.json"), JSON.stringify(report, null, 2));
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(`pwa-result ${JSON.stringify(report.result)}\n`);
  log(`pwa journey passed: ${report.steps.length} steps in ${elapsedSeconds()} s`);
}

main().catch((error) => {
  if (!(error instanceof Failure)) log(`error: ${error?.stack ?? error}`);
  process.exit(1);
});
