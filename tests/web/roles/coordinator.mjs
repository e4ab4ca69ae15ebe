// The programme coordinator's day (mohammed.irfan@dopt.gov.in): create a batch that needs approval, change its
// seats and dates (a contradiction shows on the field), see its waiting list in order, and in the approval queue
// approve one request and reject another with a reason, both through the bulk buttons. Three officers of DoPT
// (through the API) ask to join the new batch: two hold its two seats pending approval, the third waits.

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, PASSWORD, runJourney, step,
} from "../harness.mjs";

const RAJESH = { username: "rajesh.kumar@dopt.gov.in", password: PASSWORD }; // MDO_ADMIN of DoPT, a learner here
const MEENAKSHI = { username: "meenakshi.iyer@dopt.gov.in", password: PASSWORD }; // MDO_LEADER of DoPT
const ACTIVE = new Set(["REQUESTED", "PENDING_APPROVAL", "ENROLLED", "WAITLISTED", "COMPLETED"]);
const day = (offset) => new Date(Date.now() + 5.5 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);

async function waitStatus(token, enrolmentId, wanted) {
  let last = null;
  for (let i = 0; i < 80; i += 1) {
    const response = await apiAs(token, "GET", `/enrolments/${encodeURIComponent(enrolmentId)}`);
    last = response.body?.status;
    if (wanted.includes(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`enrolment ${enrolmentId} stayed ${last}, wanted ${wanted}`);
}

async function main() {
  const browser = await launchBrowser();
  const suffix = `${Date.now()}`;
  const batchName = `DoPT cohort ${suffix}`;
  try {
    const { page } = await desktopPage(browser);
    const tokens = {};
    let course = null;

    await step("set-up: a Live course none of the three officers is enrolled in", async () => {
      tokens.coordinator = await apiLogin(ACCOUNTS.coordinator);
      tokens.rajesh = await apiLogin(RAJESH);
      tokens.meenakshi = await apiLogin(MEENAKSHI);
      await ensureCompetencyProfile(tokens.coordinator, "Programme coordination");
      const taken = new Set();
      for (const token of Object.values(tokens)) {
        const mine = await apiAs(token, "GET", "/me/enrolments?limit=100");
        for (const e of mine.body?.items ?? []) if (ACTIVE.has(e.status)) taken.add(e.courseId);
      }
      const catalogue = await apiAs(tokens.coordinator, "GET", "/courses?limit=100");
      course = (catalogue.body?.items ?? []).find((c) => !taken.has(c.id));
      expect(course, "a course free for the three officers");
    });

    await step("coordinator logs in", async () => {
      await login(page, ACCOUNTS.coordinator.username, ACCOUNTS.coordinator.password);
      await heading(page, "Namaste");
    });

    await step("create a batch that needs approval", async () => {
      await page.goto(`${BASE}/app/admin/batches?courseId=${encodeURIComponent(course.id)}`);
      await heading(page, "Batches");
      await page.getByRole("heading", { name: "New batch" }).waitFor();
      await page.getByLabel(/^Batch name/).fill(batchName);
      await page.getByLabel(/^Start date/).fill(day(7));
      await page.getByLabel(/^End date/).fill(day(40));
      await page.getByLabel(/^Last date to enrol/).fill(day(5));
      await page.getByLabel(/^Seats/).fill("10");
      await page.getByLabel("Enrolments need approval").check();
      await page.getByRole("button", { name: "Create batch" }).click();
      await page.getByRole("main").getByText(`Batch ${batchName} created.`).waitFor();
      await page.locator(".coord-batch", { hasText: batchName }).getByText("0 of 10 seats taken").waitFor();
    });

    const card = () => page.locator(".coord-batch", { hasText: batchName });
    await step("edit the batch: an end before the start is refused on its field, then seats and dates change", async () => {
      await card().locator("summary", { hasText: "Change seats or dates" }).click();
      const form = card().locator("form");
      await form.getByLabel(/^End date/).fill(day(3));
      await form.getByLabel(/^Last date to enrol/).fill(day(2));
      await form.getByRole("button", { name: /^Save changes/ }).click();
      // the API's refusal (400 INVALID_DATES) lands on the field it names
      await form.locator(`[aria-invalid="true"][name="endDate"]`).waitFor();
      const message = await form.locator(".field-error:not([hidden])").first().textContent();
      expect(Boolean(message?.trim()), "the end date's error is shown beside it");
      await form.getByLabel(/^End date/).fill(day(45));
      await form.getByLabel(/^Last date to enrol/).fill(day(6));
      await form.getByLabel(/^Seats/).fill("2");
      await form.getByRole("button", { name: /^Save changes/ }).click();
      await card().getByText(`Batch ${batchName} saved.`).waitFor();
      await card().getByText("0 of 2 seats taken").waitFor();
    });

    const ids = {};
    await step("three officers ask to join: two hold the seats pending approval, the third waits", async () => {
      const batches = await apiAs(tokens.coordinator, "GET", `/courses/${encodeURIComponent(course.id)}/batches?limit=100`);
      const batch = batches.body.items.find((b) => b.name === batchName);
      expect(batch && batch.seats === 2 && batch.endDate === day(45), `the batch as saved: ${JSON.stringify(batch)}`);
      for (const who of ["rajesh", "meenakshi"]) {
        const asked = await apiAs(tokens[who], "POST", `/courses/${encodeURIComponent(course.id)}/enrolments`, { batchId: batch.id });
        expect(asked.status === 202, `${who} asks: ${asked.status} ${JSON.stringify(asked.body)}`);
        ids[who] = asked.body.enrolmentId;
        await waitStatus(tokens[who], ids[who], ["PENDING_APPROVAL"]);
      }
      const asked = await apiAs(tokens.coordinator, "POST", `/courses/${encodeURIComponent(course.id)}/enrolments`, { batchId: batch.id });
      ids.coordinator = asked.body.enrolmentId;
      await waitStatus(tokens.coordinator, ids.coordinator, ["WAITLISTED"]);
    });

    await step("the batch's waiting list, in order", async () => {
      await page.goto(`${BASE}/app/admin/batches?courseId=${encodeURIComponent(course.id)}`);
      await card().getByText("2 of 2 seats taken").waitFor();
      await card().getByRole("button", { name: `Waiting list: ${batchName}` }).click();
      const list = card().locator("ol.coord-waitlist-list li");
      await list.first().waitFor();
      expect(await list.count() === 1, "one learner waits");
      expect((await list.first().textContent()).includes("Mohammed Irfan"), "the coordinator's own request waits first");
    });

    await step("batches page everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, `/app/admin/batches?courseId=${encodeURIComponent(course.id)}`, "coordinator-batches", async (p) => {
        await p.locator(".coord-batch").first().waitFor();
      });
    });

    await step("approval queue: approve one and reject one with a reason, in bulk", async () => {
      await page.goto(`${BASE}/app/admin/enrolments`);
      await heading(page, "Enrolment approvals");
      const row = (id) => page.locator(`li[data-enrolment-id="${id}"]`);
      await row(ids.rajesh).waitFor();
      await row(ids.meenakshi).waitFor();
      await row(ids.rajesh).getByRole("checkbox").check();
      await page.getByRole("button", { name: "Approve selected" }).click();
      await page.locator(".coord-summary").getByText("Approved: 1. Failed: 0.").waitFor();
      await row(ids.rajesh).getByText("Approved").waitFor();

      await row(ids.meenakshi).getByRole("checkbox").check();
      await page.getByRole("button", { name: "Reject selected" }).click();
      await page.locator(".coord-summary").getByText("Write the reason for rejecting first.").waitFor();
      await page.getByLabel("Reason for rejecting").fill("This cohort is for Section Officers; please join the next one.");
      await page.getByRole("button", { name: "Reject selected" }).click();
      await page.locator(".coord-summary").getByText("Rejected: 1. Failed: 0.").waitFor();
      await row(ids.meenakshi).getByText("Rejected").waitFor();
    });

    await step("the decisions took effect: enrolled, rejected with the reason, the waiting officer promoted", async () => {
      await waitStatus(tokens.rajesh, ids.rajesh, ["ENROLLED"]);
      await waitStatus(tokens.meenakshi, ids.meenakshi, ["REJECTED"]);
      // the freed seat went to the first on the waiting list, who now waits for approval in turn
      await waitStatus(tokens.coordinator, ids.coordinator, ["PENDING_APPROVAL"]);
    });

    await step("approval queue everywhere (phone and desktop, English and Hindi, axe)", async () => {
      await everywhere(page, "/app/admin/enrolments", "coordinator-approvals", async (p) => {
        await p.locator("li[data-enrolment-id]").first().or(p.getByText(/No requests|कोई अनुरोध/)).first().waitFor();
      });
    });
  } finally {
    await browser.close();
  }
}

runJourney("coordinator", main);
