// A moderator's report queue of one community: the posts members reported, read from the community's
// moderation log (its REPORT, AUTO_HIDE, HIDE and RESTORE entries, newest first), with each post's reports since
// it was last restored, whether it is hidden now, and the hide/restore controls of the topic page.

import { allPages, api, seg } from "../api";
import { dl, page, pill, section } from "../components";
import { h } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link, type RouteContext } from "../router";
import { moderationControls } from "./discussion";

interface LogEntry {
  action: string;
  postId?: string | null;
  reason?: string | null;
  createdAt: string;
}

interface Reported {
  postId: string;
  reasons: { reason: string; at: string }[];
  hidden: boolean;
  latest: string;
  title?: string;
  body?: string;
}

/** The reported posts from log entries newest first: reports older than the post's last restore are done with. */
export function reportedPosts(entries: LogEntry[]): Reported[] {
  const byPost = new Map<string, Reported & { restored: boolean; stateKnown: boolean }>();
  for (const entry of entries) {
    if (!entry.postId) continue;
    let post = byPost.get(entry.postId);
    if (!post) {
      post = { postId: entry.postId, reasons: [], hidden: false, latest: entry.createdAt, restored: false, stateKnown: false };
      byPost.set(entry.postId, post);
    }
    if (entry.action === "REPORT" && !post.restored) post.reasons.push({ reason: entry.reason ?? "", at: entry.createdAt });
    if (["HIDE", "AUTO_HIDE", "RESTORE"].includes(entry.action) && !post.stateKnown) {
      post.stateKnown = true;
      post.hidden = entry.action !== "RESTORE";
    }
    if (entry.action === "RESTORE") post.restored = true;
  }
  return [...byPost.values()].filter((p) => p.reasons.length > 0).map(({ restored: _r, stateKnown: _s, ...p }) => p);
}

function reportedItem(post: Reported): HTMLElement {
  const label = post.title ?? t("reports.postLabel", { id: post.postId });
  const state = () => (post.hidden ? pill(t("moderation.hiddenMark"), "warn") : pill(t("reports.visible"), "info"));
  const statePill = h("span", null, state());
  const article: HTMLElement = h(
    "article",
    { class: "report-item", dataset: { postId: post.postId } },
    // A topic links to its page; a reply (no title: not a topic) shows its id.
    h("h2", { class: "h3" }, post.title ? link(`/topics/${seg(post.postId)}`, null, post.title) : t("reports.openPost", { id: post.postId })),
    post.body ? h("p", { class: "clamp" }, post.body) : null,
    h("p", { class: "meta" }, pill(t("reports.count", { n: formatNumber(post.reasons.length) }), "warn"), " ", statePill),
    dl([[t("reports.latest"), formatDateTime(post.reasons[0]?.at ?? post.latest)]]),
    h("ul", { class: "report-reasons", "aria-label": t("reports.reasons") }, post.reasons.map((r) => h("li", null, r.reason))),
  );
  const controls = (): HTMLElement =>
    moderationControls({ id: post.postId, hidden: post.hidden }, label, (hidden) => {
      post.hidden = hidden;
      statePill.replaceChildren(state());
      const next = controls();
      current.replaceWith(next);
      current = next;
      next.querySelector<HTMLElement>("button")?.focus();
    });
  let current = controls();
  article.append(current);
  return article;
}

export async function reportQueueView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.communityId!;
  const community = await api.get<{ id: string; name: string }>(`/communities/${seg(id)}`);
  const entries = await allPages<LogEntry>(`/communities/${seg(id)}/moderation-log`, {}, 500);
  const reported = reportedPosts(entries);
  // Each reported topic's title and text (a reply is not a topic: it keeps its id).
  await Promise.all(reported.map(async (p) => {
    const topic = await api.get<{ title: string; body: string }>(`/topics/${seg(p.postId)}`, { limit: 1 }).catch(() => null);
    if (topic) Object.assign(p, { title: topic.title, body: topic.body });
  }));
  const open = reported.filter((p) => !p.hidden);
  const done = reported.filter((p) => p.hidden);
  const list = (items: Reported[], label: string) =>
    items.length
      ? h("ul", { class: "list", "aria-label": label }, items.map((p) => h("li", null, reportedItem(p))))
      : h("p", { class: "empty" }, t("reports.none"));
  return page(
    t("reports.title", { name: community.name }),
    h("p", { class: "lead" }, t("reports.lead")),
    section(t("reports.open"), list(open, t("reports.open"))),
    section(t("reports.hiddenPosts"), list(done, t("reports.hiddenPosts"))),
    h(
      "p",
      { class: "actions" },
      link(`/communities/${seg(id)}/moderation`, null, t("moderation.logLink")),
      link(`/communities/${seg(id)}`, null, t("discussion.backToCommunity")),
    ),
  );
}
