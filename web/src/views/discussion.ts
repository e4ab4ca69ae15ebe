// Discussions: communities (join/leave), topics (sort, tag filter, new topic), a topic with its replies,
// votes and bookmarks; an author's edit and delete (post-edit.ts); for moderators, hiding and restoring posts, the
// report queue (reports.ts), invitations (community-admin.ts) and the community's moderation log.

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, dl, page, pagedList, pill, section } from "../components";
import { h, replace } from "../dom";
import { field, form, submitButton, submitting, textarea, values } from "../forms";
import { formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, hasRole } from "../state";
import { announce } from "../status";
import { COMMUNITY_STEWARDS, invitePanel, splitTags } from "./community-admin";
import { ownPostControls } from "./post-edit";

interface Community {
  id: string;
  name: string;
  description?: string;
  visibility?: "open" | "private";
  memberCount?: number;
  isMember?: boolean;
  joined?: boolean;
  member?: boolean;
  isModerator?: boolean;
}

interface Topic {
  id: string;
  communityId: string;
  title: string;
  body: string;
  tags?: string[];
  authorId: string;
  authorName?: string;
  score: number;
  myVote?: number;
  replyCount?: number;
  createdAt?: string;
  version?: number;
  bookmarked?: boolean;
  hidden?: boolean;
  replies?: Page<Reply> | Reply[];
}

interface Reply {
  id: string;
  topicId: string;
  body: string;
  authorId: string;
  authorName?: string;
  score: number;
  myVote?: number;
  createdAt?: string;
  version?: number;
  hidden?: boolean;
}

interface ModerationLogEntry {
  id: string;
  communityId: string;
  action: string;
  actorId: string;
  postId?: string | null;
  targetUserId?: string | null;
  reason?: string | null;
  createdAt: string;
}

/** Roles that may moderate by role; a community's own `isModerator` (its creator and MODERATOR members too)
 * decides what the page offers. The server decides either way. */
export const MODERATOR_ROLES = ["COMMUNITY_MODERATOR", "SPV_ADMIN"];
const canModerate = (community: Community | null): boolean => !!community?.isModerator;

const isMember = (c: Community): boolean => !!(c.isMember ?? c.joined ?? c.member);

function membershipButton(community: Community, onChange?: (member: boolean) => void): HTMLButtonElement {
  let member = isMember(community);
  const button = h("button", { type: "button", class: member ? "secondary" : "primary" }, member ? t("discussion.leave") : t("discussion.join"));
  button.setAttribute("aria-label", `${member ? t("discussion.leave") : t("discussion.join")}: ${community.name}`);
  button.addEventListener("click", () => void act(button, async () => {
    await api.post(`/communities/${seg(community.id)}/${member ? "leave" : "join"}`);
    member = !member;
    button.textContent = member ? t("discussion.leave") : t("discussion.join");
    button.setAttribute("aria-label", `${button.textContent}: ${community.name}`);
    button.className = member ? "secondary" : "primary";
    announce(member ? t("discussion.joined", { name: community.name }) : t("discussion.left", { name: community.name }));
    onChange?.(member);
  }, {}));
  return button;
}

export function communitiesView(): Node {
  return page(
    t("discussion.title"),
    h("p", { class: "lead" }, t("discussion.lead")),
    hasRole(...COMMUNITY_STEWARDS) ? h("p", null, link("/communities/new", { class: "button" }, t("community.newLink"))) : null,
    pagedList<Community>(
      (cursor) => api.get<Page<Community>>("/communities", { cursor }),
      (c) =>
        h(
          "article",
          { class: "community-card" },
          h("h2", { class: "h3" }, link(`/communities/${seg(c.id)}`, null, c.name)),
          c.description ? h("p", null, c.description) : null,
          h("p", { class: "meta" }, c.memberCount !== undefined ? pill(t("discussion.members", { n: formatNumber(c.memberCount) })) : null,
            c.visibility === "private" ? pill(t("community.visibility.private"), "info") : null),
          h("div", { class: "actions" }, membershipButton(c), moderatorLinks(c)),
        ),
      { emptyText: t("discussion.noCommunities"), label: t("discussion.title") },
    ),
  );
}

/** A moderator's ways into a community's moderation: the report queue and the log. */
function moderatorLinks(c: Community): Node | null {
  if (!canModerate(c)) return null;
  return h("span", { class: "moderator-links" },
    link(`/communities/${seg(c.id)}/reports`, { "aria-label": `${t("reports.link")}: ${c.name}` }, t("reports.link")),
    link(`/communities/${seg(c.id)}/moderation`, { "aria-label": `${t("moderation.logLink")}: ${c.name}` }, t("moderation.logLink")));
}

function voteWidget(post: { id: string; score: number; myVote?: number }, label: string): HTMLElement {
  let myVote = post.myVote ?? 0;
  let score = post.score ?? 0;
  const scoreEl = h("span", { class: "score", "aria-live": "polite" });
  const up = h("button", { type: "button", class: "vote up" }, "▲", h("span", { class: "visually-hidden" }, ` ${t("discussion.upvote")}: ${label}`));
  const down = h("button", { type: "button", class: "vote down" }, "▼", h("span", { class: "visually-hidden" }, ` ${t("discussion.downvote")}: ${label}`));
  const paint = () => {
    up.setAttribute("aria-pressed", String(myVote === 1));
    down.setAttribute("aria-pressed", String(myVote === -1));
    scoreEl.textContent = t("discussion.score", { n: formatNumber(score) });
  };
  const vote = async (button: HTMLButtonElement, value: 1 | -1) => {
    const next = myVote === value ? 0 : value;
    await act(button, async () => {
      const result = await api.post<{ score?: number; myVote?: number; value?: number } | undefined>(`/posts/${seg(post.id)}/vote`, { value: next });
      score = result?.score ?? score - myVote + next;
      myVote = result?.myVote ?? result?.value ?? next;
      paint();
    }, { done: t("discussion.voted") });
  };
  up.addEventListener("click", () => void vote(up, 1));
  down.addEventListener("click", () => void vote(down, -1));
  paint();
  return h("div", { class: "votes", role: "group", "aria-label": t("discussion.votesFor", { label }) }, up, scoreEl, down);
}

function bookmarkButton(post: { id: string; bookmarked?: boolean }): HTMLButtonElement {
  let on = !!post.bookmarked;
  const button = h("button", { type: "button", class: "secondary" }, t("discussion.bookmark"));
  button.setAttribute("aria-pressed", String(on));
  button.addEventListener("click", () => void act(button, async () => {
    const result = await api.post<{ bookmarked?: boolean } | undefined>(`/posts/${seg(post.id)}/bookmark`, { bookmarked: !on });
    on = result?.bookmarked ?? !on;
    button.setAttribute("aria-pressed", String(on));
  }, { done: t("discussion.bookmarked") }));
  return button;
}

/**
 * A moderator's controls for one post: "Hide" opens an inline form that asks for the reason and confirms
 * (nothing is sent before "Hide post" is pressed); "Restore" on a hidden post. After either, `changed`
 * gets the new hidden state so the caller re-renders the post.
 */
export function moderationControls(post: { id: string; hidden?: boolean }, label: string, changed: (hidden: boolean) => void): HTMLElement {
  const box = h("div", { class: "moderation" });
  if (post.hidden) {
    const restore = h("button", { type: "button", class: "secondary" }, t("moderation.restore"));
    restore.setAttribute("aria-label", `${t("moderation.restore")}: ${label}`);
    restore.addEventListener("click", () => void act(restore, async () => {
      await api.post(`/posts/${seg(post.id)}/restore`, {});
      changed(false);
    }, { busy: t("status.saving"), done: t("moderation.restored", { label }) }));
    box.append(restore);
    return box;
  }
  const open = h("button", { type: "button", class: "secondary", "aria-expanded": "false" }, t("moderation.hide"));
  open.setAttribute("aria-label", `${t("moderation.hide")}: ${label}`);
  const cancel = h("button", { type: "button", class: "secondary" }, t("moderation.cancel"));
  const hideForm = form(
    {
      class: "stack moderation-form",
      hidden: true,
      "aria-label": t("moderation.hideFormLabel", { label }),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(hideForm, async () => {
          await api.post(`/posts/${seg(post.id)}/hide`, { reason: values(hideForm).reason });
          announce(t("moderation.hidden", { label }));
          changed(true);
        }, t("status.saving"));
      },
    },
    h("p", null, t("moderation.confirmHide")),
    textarea({ label: t("moderation.reason"), name: "reason", required: true, maxlength: 500, rows: 2, hint: t("moderation.reasonHint") }),
    h("div", { class: "actions" }, submitButton(t("moderation.hideConfirm")), cancel),
  );
  const toggle = (show: boolean) => {
    hideForm.hidden = !show;
    open.hidden = show;
    open.setAttribute("aria-expanded", String(show));
    if (show) hideForm.querySelector("textarea")?.focus();
    else open.focus();
  };
  open.addEventListener("click", () => toggle(true));
  cancel.addEventListener("click", () => toggle(false));
  box.append(open, hideForm);
  return box;
}

const hiddenMark = (hidden?: boolean): Node | null => (hidden ? pill(t("moderation.hiddenMark"), "warn") : null);

function topicSummary(topic: Topic): Node {
  return h(
    "article",
    { class: "topic-card" },
    h("h3", null, link(`/topics/${seg(topic.id)}`, null, topic.title)),
    h(
      "p",
      { class: "meta" },
      pill(t("discussion.score", { n: formatNumber(topic.score ?? 0) })),
      pill(t("discussion.replies", { n: formatNumber(topic.replyCount ?? 0) })),
      hiddenMark(topic.hidden),
      (topic.tags ?? []).map((tag) => pill(`#${tag}`, "info")),
      topic.createdAt ? h("span", { class: "muted" }, ` ${formatDateTime(topic.createdAt)}`) : null,
    ),
  );
}

export async function communityView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.communityId!;
  const community = await api.get<Community>(`/communities/${seg(id)}`);
  const sort = h("select", { id: "topic-sort" },
    h("option", { value: "recent" }, t("discussion.sortRecent")),
    h("option", { value: "popular" }, t("discussion.sortPopular")));
  const tag = h("input", { type: "search", id: "topic-tag", autocomplete: "off" });
  const fetcher = () => (cursor: string | null) =>
    api.get<Page<Topic>>(`/communities/${seg(id)}/topics`, { sort: sort.value, tag: tag.value.trim().toLowerCase().replace(/^#/, ""), cursor });
  const topics = pagedList<Topic>(fetcher(), topicSummary, { emptyText: t("discussion.noTopics"), label: t("discussion.topics") });
  const filters = h(
    "form",
    { class: "filters", "aria-label": t("discussion.filterTopics"), onSubmit: (e: Event) => { e.preventDefault(); void topics.reload(fetcher()); } },
    h("div", { class: "field" }, h("label", { for: "topic-sort" }, t("discussion.sort")), sort),
    h("div", { class: "field" }, h("label", { for: "topic-tag" }, t("discussion.tag")), tag),
    h("div", { class: "field align-end" }, h("button", { type: "submit" }, t("action.apply"))),
  );
  sort.addEventListener("change", () => void topics.reload(fetcher()));

  const idempotencyKey = newIdempotencyKey();
  const newTopic = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(newTopic, async () => {
          const v = values(newTopic);
          const created = await api.post<Topic>(`/communities/${seg(id)}/topics`, { title: v.title, body: v.body, tags: splitTags(v.tags ?? "") }, { idempotencyKey });
          announce(t("discussion.topicCreated"));
          navigate(`/topics/${seg(created.id)}`);
        }, t("status.saving"));
      },
    },
    field({ label: t("discussion.topicTitle"), name: "title", required: true, maxlength: 200 }),
    textarea({ label: t("discussion.body"), name: "body", required: true, maxlength: 10000 }),
    field({ label: t("discussion.tags"), name: "tags", hint: t("discussion.tagsHint") }),
    h("div", { class: "actions" }, submitButton(t("discussion.post"))),
  );
  const composer = h("details", { class: "card" }, h("summary", null, t("discussion.newTopic")), newTopic);
  return page(
    community.name,
    community.description ? h("p", { class: "lead" }, community.description) : null,
    community.visibility === "private" ? h("p", null, pill(t("community.visibility.private"), "info")) : null,
    h(
      "div",
      { class: "actions" },
      membershipButton(community),
      moderatorLinks(community),
      link("/communities", null, t("discussion.allCommunities")),
    ),
    canModerate(community) && community.visibility === "private" ? invitePanel(community) : null,
    composer,
    section(t("discussion.topics"), filters, topics),
  );
}

export async function topicView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.topicId!;
  const topic = await api.get<Topic>(`/topics/${seg(id)}`);
  // The community's isModerator decides whether the moderation controls show.
  const community = await api.get<Community>(`/communities/${seg(topic.communityId)}`).catch(() => null);
  const moderator = canModerate(community);
  const me = currentUser()?.userId;
  const firstReplies = Array.isArray(topic.replies) ? { items: topic.replies, nextCursor: null } : topic.replies;
  let usedEmbedded = false;
  const replyList = pagedList<Reply>(
    async (cursor) => {
      if (!cursor && firstReplies && !usedEmbedded) {
        usedEmbedded = true;
        return firstReplies;
      }
      const next = await api.get<Topic>(`/topics/${seg(id)}`, { cursor });
      return Array.isArray(next.replies) ? { items: next.replies, nextCursor: null } : (next.replies ?? { items: [], nextCursor: null });
    },
    (reply) => replyItem(reply),
    { emptyText: t("discussion.noReplies"), label: t("discussion.repliesTitle"), tag: "ol" },
  );
  const replyItem = (reply: Reply): HTMLElement => {
    const label = t("discussion.replyBy", { name: reply.authorName ?? reply.authorId });
    const article: HTMLElement = h(
      "article",
      { class: reply.hidden ? "reply is-hidden" : "reply", dataset: { postId: reply.id } },
      h("p", { class: "meta muted" }, hiddenMark(reply.hidden), reply.authorName ?? reply.authorId, reply.createdAt ? ` · ${formatDateTime(reply.createdAt)}` : ""),
      h("p", { class: "body" }, reply.body),
      reply.hidden ? null : voteWidget(reply, label),
      reply.authorId === me
        ? ownPostControls(reply, label, (updated) => {
            const next = replyItem(updated);
            article.replaceWith(next);
            next.querySelector<HTMLElement>(".own-post button")?.focus();
          }, () => article.closest("li")?.remove())
        : null,
      moderator
        ? moderationControls(reply, label, (hidden) => {
            const next = replyItem({ ...reply, hidden });
            article.replaceWith(next);
            next.querySelector<HTMLElement>(".moderation button")?.focus();
          })
        : null,
    );
    return article;
  };
  const idempotencyKey = { value: newIdempotencyKey() };
  const replyForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(replyForm, async () => {
          const v = values(replyForm);
          const reply = await api.post<Reply>(`/topics/${seg(id)}/replies`, { body: v.body }, { idempotencyKey: idempotencyKey.value });
          idempotencyKey.value = newIdempotencyKey();
          replyForm.reset();
          const list = replyList.querySelector(".list");
          list?.append(h("li", null, replyItem(reply)));
          replyList.querySelector(".list-info")?.replaceChildren(t("discussion.replyPosted"));
          announce(t("discussion.replyPosted"));
        }, t("status.saving"));
      },
    },
    textarea({ label: t("discussion.yourReply"), name: "body", required: true, maxlength: 10000 }),
    h("div", { class: "actions" }, submitButton(t("discussion.reply"))),
  );
  const report = h("details", { class: "report" }, h("summary", null, t("discussion.report")));
  const reportForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(reportForm, async () => {
          await api.post(`/posts/${seg(topic.id)}/report`, { reason: values(reportForm).reason });
          replace(report, h("p", { role: "status" }, t("discussion.reported")));
        });
      },
    },
    field({ label: t("discussion.reportReason"), name: "reason", required: true, maxlength: 500 }),
    h("div", { class: "actions" }, submitButton(t("discussion.reportSend"))),
  );
  report.append(reportForm);
  const topicCard = (current: Topic): HTMLElement => {
    const card: HTMLElement = h(
      "article",
      { class: current.hidden ? "card topic is-hidden" : "card topic", dataset: { postId: current.id } },
      h("p", { class: "meta muted" }, hiddenMark(current.hidden), current.authorName ?? current.authorId, current.createdAt ? ` · ${formatDateTime(current.createdAt)}` : ""),
      h("p", { class: "body" }, current.body),
      h("p", { class: "meta" }, (current.tags ?? []).map((tag) => pill(`#${tag}`, "info"))),
      current.hidden ? null : h("div", { class: "actions" }, voteWidget(current, current.title), bookmarkButton(current)),
      current.hidden || current.authorId === me ? null : report,
      current.authorId === me
        ? ownPostControls(current, current.title, (updated) => {
            const next = topicCard(updated);
            card.replaceWith(next);
            document.getElementById("page-title")?.replaceChildren(updated.title);
            next.querySelector<HTMLElement>(".own-post button")?.focus();
          }, () => navigate(`/communities/${seg(current.communityId)}`))
        : null,
      moderator
        ? moderationControls(current, current.title, (hidden) => {
            const next = topicCard({ ...current, hidden });
            card.replaceWith(next);
            next.querySelector<HTMLElement>(".moderation button")?.focus();
          })
        : null,
    );
    return card;
  };
  return page(
    topic.title,
    topicCard(topic),
    section(t("discussion.repliesTitle"), replyList),
    section(t("discussion.addReply"), replyForm),
    h("p", null, link(`/communities/${seg(topic.communityId)}`, null, t("discussion.backToCommunity"))),
  );
}

function logEntry(entry: ModerationLogEntry): Node {
  const action = tOr(`moderation.action.${entry.action}`, entry.action);
  return h(
    "article",
    { class: "log-entry" },
    h("h2", { class: "h3" }, action),
    dl([
      [t("moderation.when"), h("time", { datetime: entry.createdAt }, formatDateTime(entry.createdAt))],
      [t("moderation.actor"), entry.actorId],
      [t("moderation.post"), entry.postId ?? ""],
      [t("moderation.targetUser"), entry.targetUserId ?? ""],
      [t("moderation.reason"), entry.reason ?? ""],
    ]),
  );
}

/** A community's moderation log (moderators only; newest first as the API pages it). */
export async function moderationLogView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.communityId!;
  const community = await api.get<Community>(`/communities/${seg(id)}`);
  return page(
    t("moderation.logTitle", { name: community.name }),
    h("p", { class: "lead" }, t("moderation.logLead")),
    pagedList<ModerationLogEntry>(
      (cursor) => api.get<Page<ModerationLogEntry>>(`/communities/${seg(id)}/moderation-log`, { cursor }),
      logEntry,
      { emptyText: t("moderation.logEmpty"), label: t("moderation.logList") },
    ),
    h("p", null, link(`/communities/${seg(id)}`, null, t("discussion.backToCommunity"))),
  );
}
