// The community moderator (ananya.das@nic.in): creates a private community, invites a colleague with the people
// picker, posts a topic and edits it, works the report queue (a member's post reported by another member, made
// through the API) by hiding and restoring the post, reads the moderation log, and deletes their own topic.
// Every page the moderator uses is checked at phone and desktop width in English and Hindi (axe, no sideways scroll).

import {
  ACCOUNTS, apiAs, apiLogin, BASE, ensureCompetencyProfile, everywhere, expect, heading, desktopPage, launchBrowser,
  login, runJourney, step,
} from "../harness.mjs";

const STAMP = Date.now();
const COMMUNITY = `Grievance redressal practice ${STAMP}`;
const OWN_TOPIC = `Weekly RTI clinic ${STAMP}`;
const REPORTED_TOPIC = `Selling old laptops cheap ${STAMP}`;

async function main() {
  const browser = await launchBrowser();
  try {
    const { page } = await desktopPage(browser);
    const main = page.getByRole("main");
    let communityUrl = "";
    let communityId = "";
    let ownTopicUrl = "";

    await step("the moderator logs in", async () => {
      // A first login asks for the competency profile first (the learner journey covers that form).
      await ensureCompetencyProfile(await apiLogin(ACCOUNTS.moderator), "Community moderation");
      await login(page, ACCOUNTS.moderator.username, ACCOUNTS.moderator.password);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Discussions" }).first().waitFor();
    });

    await step("communities list offers a new community", async () => {
      await everywhere(page, "/app/communities", "communities");
      await page.goto(`${BASE}/app/communities`); // everywhere leaves English chosen, the page still in Hindi
      await heading(page, "Discussions");
      await main.getByRole("link", { name: "New community" }).click();
      await heading(page, "New community");
      await everywhere(page, "/app/communities/new", "community-new");
    });

    await step("creates a private community", async () => {
      await page.goto(`${BASE}/app/communities/new`);
      await heading(page, "New community");
      await main.getByLabel("Name").fill(COMMUNITY);
      await main.getByLabel("Description").fill("How offices close grievances on time: share what works.");
      await main.getByLabel("Who can join").selectOption("private");
      await main.getByLabel("Tags").fill("grievances, cpgrams");
      await main.getByRole("button", { name: "Create community" }).click();
      await heading(page, COMMUNITY);
      communityUrl = new URL(page.url()).pathname;
      communityId = decodeURIComponent(communityUrl.split("/").pop());
      expect(communityId, "the community page has the community's id in its address");
      await main.getByText("Private", { exact: true }).first().waitFor();
    });

    await step("invites a colleague with the people picker", async () => {
      await main.getByText("Invite people").click();
      await main.getByLabel("Person's name").fill("Priya");
      await main.getByRole("button", { name: "Search" }).click();
      await main.getByRole("button", { name: /^Invite Priya/ }).first().click();
      await main.getByRole("status").filter({ hasText: /has been invited/ }).waitFor();
      await everywhere(page, communityUrl, "community", async (p) => {
        await p.getByRole("main").locator(".moderator-links a").first().waitFor();
      });
    });

    await step("posts a topic and edits it", async () => {
      await page.goto(`${BASE}${communityUrl}`);
      await heading(page, COMMUNITY);
      await main.getByText("Start a new topic").click();
      await main.getByLabel("Title").fill(OWN_TOPIC);
      await main.getByLabel("Your question or idea").fill("Bring one pending RTI reply each Friday; we draft it together.");
      await main.getByRole("button", { name: "Post topic" }).click();
      await heading(page, OWN_TOPIC);
      ownTopicUrl = new URL(page.url()).pathname;
      await main.getByRole("button", { name: `Edit: ${OWN_TOPIC}` }).click();
      const body = main.locator(".post-edit-form").getByLabel(/^Text/);
      await body.fill("Bring one pending RTI reply each Friday at 4 pm; we draft it together.");
      await main.getByRole("button", { name: "Save changes" }).click();
      await main.getByText("each Friday at 4 pm").first().waitFor();
      await everywhere(page, ownTopicUrl, "topic-own", async (p) => {
        await p.getByRole("main").locator(".own-post button").first().waitFor();
      });
    });

    // A member's post, reported by another member (both through the API; the report queue is the moderator's).
    let reportedId = "";
    await step("a member posts and another member reports it (API)", async () => {
      const moderatorToken = await apiLogin(ACCOUNTS.moderator);
      const learnerToken = await apiLogin(ACCOUNTS.learner);
      const adminToken = await apiLogin(ACCOUNTS.admin);
      const me = await apiAs(adminToken, "GET", "/me");
      let r = await apiAs(moderatorToken, "POST", `/communities/${communityId}/invitations`, { userId: me.body.userId });
      expect(r.status === 201 || r.status === 200, `invite the second member: ${r.status} ${JSON.stringify(r.body)}`);
      for (const token of [learnerToken, adminToken]) {
        r = await apiAs(token, "POST", `/communities/${communityId}/join`);
        expect(r.status < 300, `join: ${r.status} ${JSON.stringify(r.body)}`);
      }
      r = await apiAs(learnerToken, "POST", `/communities/${communityId}/topics`, { title: REPORTED_TOPIC, body: "Message me for prices.", tags: [] });
      expect(r.status === 201, `the member's topic: ${r.status} ${JSON.stringify(r.body)}`);
      reportedId = r.body.id;
      r = await apiAs(adminToken, "POST", `/posts/${reportedId}/report`, { reason: "Advertising, not about grievances" });
      expect(r.status < 300, `the report: ${r.status} ${JSON.stringify(r.body)}`);
    });

    await step("the report queue shows the reported post", async () => {
      await page.goto(`${BASE}${communityUrl}`);
      await heading(page, COMMUNITY);
      await main.getByRole("link", { name: `Reports: ${COMMUNITY}` }).click();
      await heading(page, `Reports in ${COMMUNITY}`);
      await main.getByText("Advertising, not about grievances").waitFor();
      await everywhere(page, `${communityUrl}/reports`, "reports", async (p) => {
        await p.getByRole("main").locator(`[data-post-id="${reportedId}"]`).waitFor();
      });
    });

    await step("hides the reported post, then restores it", async () => {
      await page.goto(`${BASE}${communityUrl}/reports`);
      await heading(page, `Reports in ${COMMUNITY}`);
      const item = main.locator(`[data-post-id="${reportedId}"]`);
      await item.getByRole("button", { name: `Hide: ${REPORTED_TOPIC}` }).click();
      await item.getByRole("textbox", { name: /^Reason/ }).fill("Advertising is not allowed here");
      await item.getByRole("button", { name: "Hide post" }).click();
      await item.getByRole("button", { name: /^Restore:/ }).waitFor();
      await item.getByText("Hidden", { exact: true }).waitFor();
      await item.getByRole("button", { name: /^Restore:/ }).click();
      await item.getByRole("button", { name: /^Hide:/ }).waitFor();
      await item.getByText("Visible", { exact: true }).waitFor();
    });

    await step("the moderation log shows the hide and the restore", async () => {
      await page.goto(`${BASE}${communityUrl}/moderation`);
      await heading(page, `Moderation log: ${COMMUNITY}`);
      await main.getByRole("heading", { name: "Post hidden", exact: true }).first().waitFor();
      await main.getByRole("heading", { name: "Post restored", exact: true }).first().waitFor();
      await main.getByText("Advertising is not allowed here").first().waitFor();
      await everywhere(page, `${communityUrl}/moderation`, "moderation-log", async (p) => {
        await p.getByRole("main").locator(".log-entry").first().waitFor();
      });
    });

    await step("deletes their own topic after confirming", async () => {
      await page.goto(`${BASE}${ownTopicUrl}`);
      await heading(page, OWN_TOPIC);
      await main.getByRole("button", { name: `Delete: ${OWN_TOPIC}` }).click();
      await main.getByText("Delete this post?").waitFor();
      await main.getByRole("button", { name: "Yes, delete it" }).click();
      await heading(page, COMMUNITY);
      await main.locator(".topic-card").first().waitFor();
      expect((await main.getByRole("link", { name: OWN_TOPIC }).count()) === 0, "the deleted topic is gone from the community");
      await main.getByRole("link", { name: REPORTED_TOPIC }).waitFor();
    });
  } finally {
    await browser.close();
  }
}

runJourney("moderator", main);
