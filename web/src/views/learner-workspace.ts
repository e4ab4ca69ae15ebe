// The learner's workspace: the competency building plans assigned to them (Upcoming / Overdue / Completed),
// their bookmarked posts, and their organisation's karma leaderboard with their own rank and karma.

import { allPages, api, seg, type Page } from "../api";
import { empty, errorBox, page, pagedList, pill, progressBar, section, regionTable } from "../components";
import { h } from "../dom";
import { formatDate, formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, loadMe } from "../state";

interface MyPlan {
  planId: string;
  name: string;
  orgId?: string;
  courseIds: string[];
  completedCourseIds?: string[];
  dueDate?: string;
  dueAt?: string;
  progressPercent?: number;
}

interface MyPlans {
  upcoming: MyPlan[];
  overdue: MyPlan[];
  completed: MyPlan[];
}

interface EnrolmentLite {
  courseId?: string;
  courseTitle?: string;
  status: string;
  completionPercentage?: number;
}

type PlanGroup = keyof MyPlans;
const GROUPS: PlanGroup[] = ["upcoming", "overdue", "completed"];
const GROUP_LABEL = { upcoming: "lrn.plansUpcoming", overdue: "lrn.plansOverdue", completed: "lrn.plansCompleted" } as const;

function planCard(plan: MyPlan, group: PlanGroup, titles: Map<string, string>, progress: Map<string, EnrolmentLite>): Node {
  const done = new Set(plan.completedCourseIds ?? []);
  const percent = plan.progressPercent ?? (plan.courseIds.length ? Math.round((done.size * 100) / plan.courseIds.length) : 0);
  return h(
    "article",
    { class: `lrn-plan lrn-plan-${group}` },
    h("h3", null, plan.name),
    h("p", { class: "meta" },
      pill(t(GROUP_LABEL[group]), group === "overdue" ? "bad" : group === "completed" ? "ok" : "warn"), " ",
      plan.dueDate || plan.dueAt ? h("span", null, t("lrn.planDue", { date: formatDate(plan.dueDate ?? plan.dueAt) })) : null),
    progressBar(percent, `${t("lrn.planProgress")}: ${plan.name}`),
    h("ul", { class: "lrn-plan-courses", "aria-label": t("lrn.planCourses", { name: plan.name }) },
      plan.courseIds.map((courseId) => {
        const enrolment = progress.get(courseId);
        const state = done.has(courseId)
          ? pill(t("lrn.courseDone"), "ok")
          : enrolment
            ? pill(t("lrn.courseProgress", { percent: formatNumber(enrolment.completionPercentage ?? 0) }), "info")
            : pill(t("lrn.courseNotStarted"));
        return h("li", null, link(`/courses/${seg(courseId)}`, null, titles.get(courseId) ?? courseId), " ", state);
      })),
  );
}

export async function myPlansView(ctx: RouteContext): Promise<Node> {
  const [plans, enrolments] = await Promise.all([
    api.get<MyPlans>("/me/plans"),
    allPages<EnrolmentLite>("/me/enrolments").catch(() => [] as EnrolmentLite[]),
  ]);
  const progress = new Map<string, EnrolmentLite>();
  const titles = new Map<string, string>();
  for (const e of enrolments) {
    if (!e.courseId) continue;
    if (e.courseTitle) titles.set(e.courseId, e.courseTitle);
    if (!["REJECTED", "CANCELLED", "WITHDRAWN", "LEFT", "EXPIRED"].includes(e.status)) progress.set(e.courseId, e);
  }
  const unknown = [...new Set(GROUPS.flatMap((g) => plans[g] ?? []).flatMap((p) => p.courseIds))].filter((id) => !titles.has(id));
  await Promise.all(unknown.slice(0, 30).map(async (id) => {
    const course = await api.get<{ title: string }>(`/courses/${seg(id)}`).catch(() => null);
    if (course) titles.set(id, course.title);
  }));
  const chosen = (GROUPS as string[]).includes(ctx.query.get("show") ?? "") ? (ctx.query.get("show") as PlanGroup) : null;
  const tabs = h("nav", { class: "lrn-tabs", "aria-label": t("lrn.plansFilter") },
    h("ul", null,
      [null, ...GROUPS].map((g) =>
        h("li", null, link(g ? `/plans?show=${g}` : "/plans", { "aria-current": g === chosen ? "page" : undefined },
          g ? `${t(GROUP_LABEL[g])} (${formatNumber((plans[g] ?? []).length)})` : t("lrn.plansAll"))))));
  return page(
    t("lrn.plansTitle"),
    h("p", null, t("lrn.plansLead")),
    tabs,
    (chosen ? [chosen] : GROUPS).map((group) =>
      section(
        t(GROUP_LABEL[group]),
        (plans[group] ?? []).length
          ? h("ul", { class: "list" }, (plans[group] ?? []).map((plan) => h("li", null, planCard(plan, group, titles, progress))))
          : empty(t("lrn.plansNone")),
      )),
  );
}

// ------------------------------------------------------------------------------------------------ bookmarks

interface Bookmark {
  postId: string;
  topicId: string;
  communityId?: string;
  title?: string | null;
  excerpt?: string;
  kind?: string;
  bookmarkedAt?: string;
}

export function bookmarksView(): Node {
  return page(
    t("lrn.bookmarksTitle"),
    pagedList<Bookmark>(
      (cursor) => api.get<Page<Bookmark>>("/me/bookmarks", { cursor }),
      (b) =>
        h(
          "article",
          { class: "lrn-bookmark" },
          h("h3", null, link(`/topics/${seg(b.topicId)}`, null, b.title || t("lrn.bookmarkReply"))),
          b.excerpt ? h("p", null, b.excerpt) : null,
          b.bookmarkedAt ? h("p", { class: "muted" }, t("lrn.bookmarkedAt", { date: formatDateTime(b.bookmarkedAt) })) : null,
        ),
      { emptyText: t("lrn.bookmarksNone"), label: t("lrn.bookmarksTitle") },
    ),
    h("p", null, link("/communities", { class: "button" }, t("lrn.toCommunities"))),
  );
}

// ---------------------------------------------------------------------------------------------- leaderboard

interface LeaderboardEntry {
  userId: string;
  name: string;
  designation?: string | null;
  points: number;
  rank: number;
}

interface KarmaEntry {
  reason: string;
  points: number;
  note?: string;
  createdAt?: string;
}

const thisMonth = (): string => new Date().toISOString().slice(0, 7);

export async function leaderboardView(ctx: RouteContext): Promise<Node> {
  const me = currentUser() ?? (await loadMe());
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(ctx.query.get("month") ?? "") ? ctx.query.get("month")! : thisMonth();
  const [board, karma] = await Promise.all([
    api.get<{ items: LeaderboardEntry[]; month: string }>(`/orgs/${seg(me?.orgId ?? "")}/leaderboard`, { month, limit: 50 })
      .catch((error: unknown) => error),
    api.get<{ total: number; ledger: KarmaEntry[] }>("/me/karma", { limit: 10 }).catch((error: unknown) => error),
  ]);
  const monthInput = h("input", { type: "month", id: "lrn-month", name: "month", value: month, max: thisMonth() });
  const picker = h(
    "form",
    { class: "inline lrn-month", onSubmit: (event: Event) => {
      event.preventDefault();
      if (monthInput.value) navigate(`/leaderboard?month=${encodeURIComponent(monthInput.value)}`);
    } },
    h("label", { for: "lrn-month" }, t("lrn.month")), " ", monthInput, " ",
    h("button", { type: "submit", class: "secondary" }, t("lrn.show")),
  );
  let table: Node;
  if (board instanceof Error) table = errorBox(board);
  else if (!(board as { items: LeaderboardEntry[] }).items.length) table = empty(t("lrn.leaderboardNone"));
  else {
    const items = (board as { items: LeaderboardEntry[] }).items;
    const mine = items.find((e) => e.userId === me?.userId);
    table = h("div", null,
      h("p", { class: "notice" }, mine ? t("lrn.yourRank", { rank: formatNumber(mine.rank), points: formatNumber(mine.points) }) : t("lrn.notRanked")),
      regionTable(t("lrn.leaderboardCaption", { month }),
        [h("th", { scope: "col" }, t("lrn.rank")), h("th", { scope: "col" }, t("lrn.person")), h("th", { scope: "col" }, t("lrn.points"))],
        items.map((e) =>
          h("tr", { class: e.userId === me?.userId ? "lrn-me" : undefined, "aria-current": e.userId === me?.userId ? "true" : undefined },
            h("td", null, formatNumber(e.rank)),
            h("td", null, e.userId === me?.userId ? h("strong", null, `${e.name} (${t("lrn.you")})`) : link(`/people/${seg(e.userId)}`, null, e.name),
              e.designation ? h("span", { class: "muted" }, ` · ${e.designation}`) : null),
            h("td", null, formatNumber(e.points)))),
        { table: { class: "lrn-board" }, region: t("lrn.leaderboardTitle") }),
    );
  }
  const karmaPart = karma instanceof Error
    ? errorBox(karma)
    : h("div", null,
      h("p", { class: "lrn-karma-total" }, t("lrn.karmaTotal", { points: formatNumber((karma as { total: number }).total) })),
      (karma as { ledger: KarmaEntry[] }).ledger.length
        ? h("ul", { class: "list" }, (karma as { ledger: KarmaEntry[] }).ledger.map((e) =>
          h("li", null, `${tOr(`lrn.karmaReason.${e.reason}`, e.reason)}: +${formatNumber(e.points)}`,
            e.createdAt ? h("span", { class: "muted" }, ` · ${formatDate(e.createdAt)}`) : null)))
        : empty(t("lrn.karmaNone")));
  return page(
    t("lrn.leaderboardTitle"),
    section(t("lrn.karmaTitle"), karmaPart),
    section(t("lrn.orgBoard"), picker, table),
  );
}
