// What a course's authoring page shows besides its contents: the reviewer's comments beside the content they
// are about, the review history, "Preview as a learner" links, the course's enrolment and completion counts,
// and "Revise" (a new version) on a Live course. Shared with the publisher's review page (review.ts).

import { api, ApiError, newIdempotencyKey, seg, type Page, type Schema } from "../api";
import { act, dl, pill, section } from "../components";
import { h } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import { link, navigate } from "../router";
import { announce, statusLine } from "../status";

type Course = Schema<"Course">;
export type Review = Schema<"Review">;

export async function reviewsOf(courseId: string): Promise<Review[]> {
  const first = await api.get<Page<Review>>(`/courses/${seg(courseId)}/reviews`, { limit: 100 });
  return first.items ?? [];
}

/** The last review when it sent the course back (its comments are what the author works on). */
export function lastSendBack(course: Course, reviews: Review[]): Review | null {
  const last = reviews.at(-1);
  if (!last || last.decision !== "sent-back" || course.status !== "Draft") return null;
  if (course.revisionOf && last.revisionId !== course.id) return null;
  return last;
}

/** A review's comments about one content (contentId) or about the whole course (null). */
export function commentsFor(review: Review | null, contentId: string | null): HTMLElement | null {
  const comments = (review?.comments ?? []).filter((c) => (c.contentId ?? null) === contentId);
  if (!comments.length) return null;
  return h("div", { class: "review-comments", role: "note", "aria-label": t("authx.commentsLabel") },
    h("p", { class: "review-comments-head" }, t("authx.commentsHead")),
    h("ul", null, comments.map((c) => h("li", null, c.text))));
}

export function previewLink(course: Course, content: { id: string; title: string; type: string }): HTMLElement | null {
  if (content.type === "quiz") return null; // a quiz is previewed through its facts (the questions stay with the server)
  return link(`/authoring/${seg(course.id)}/preview/${seg(content.id)}`, { class: "button secondary small", "aria-label": `${t("authx.preview")}: ${content.title}` }, t("authx.preview"));
}

export function historySection(reviews: Review[], titles: Map<string, string>): HTMLElement {
  const decision = (r: Review) => (r.decision === "published" ? pill(t("authx.published"), "ok") : pill(t("authx.sentBack"), "warn"));
  return section(t("authx.history"),
    reviews.length
      ? h("ol", { class: "review-history" }, reviews.map((r) =>
        h("li", null,
          h("p", null, decision(r), " ", h("span", { class: "muted" }, t("authx.by", { name: r.reviewerName ?? r.reviewer, date: formatDateTime(r.at) })),
            r.revisionId ? h("span", { class: "muted" }, ` · ${t("authx.ofRevision")}`) : null),
          r.comments?.length
            ? h("ul", { class: "review-history-comments" }, (r.comments ?? []).map((c) =>
              h("li", null, h("strong", null, c.contentId ? titles.get(c.contentId) ?? c.contentTitle ?? c.contentId : t("authx.wholeCourse")), ": ", c.text)))
            : null)))
      : h("p", { class: "muted" }, t("authx.noHistory")));
}

export async function statsSection(course: Course): Promise<HTMLElement | null> {
  if (course.status !== "Live" && course.status !== "Retired") return null;
  try {
    const stats = await api.get<Schema<"CourseStats">>(`/courses/${seg(course.id)}/stats`);
    return section(t("authx.stats"), dl([
      [t("authx.enrolments"), formatNumber(stats.enrolments)],
      [t("authx.completions"), formatNumber(stats.completions)],
    ]));
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
}

/** "Revise" on a Live course: opens (or, when one is open, goes to) its new version. */
export function reviseButton(course: Course): HTMLElement | null {
  if (course.status !== "Live" || course.revisionOf) return null;
  if (course.openRevisionId) {
    return h("p", null, t("authx.revisionOpen"), " ", link(`/authoring/${seg(course.openRevisionId)}`, null, t("authx.openRevision")));
  }
  const status = statusLine();
  const key = newIdempotencyKey();
  const button = h("button", { type: "button", class: "primary" }, t("authx.revise"));
  button.addEventListener("click", () => void act(button, async () => {
    try {
      const revision = await api.post<Course>(`/courses/${seg(course.id)}/versions`, undefined, { idempotencyKey: key });
      announce(t("authx.revisionMade"));
      navigate(`/authoring/${seg(revision.id)}/edit`);
    } catch (error) {
      const open = error instanceof ApiError && error.code === "REVISION_OPEN" ? (error.details as { revisionId?: string } | undefined)?.revisionId : undefined;
      if (open) {
        navigate(`/authoring/${seg(open)}`);
        return;
      }
      throw error;
    }
  }, { busy: t("status.saving") }, status));
  return h("div", { class: "revise" }, h("p", { class: "hint" }, t("authx.reviseHint")), button, status);
}

/** The sections under a course's contents on its authoring page. */
export async function authoringExtras(course: Course, reviews: Review[]): Promise<HTMLElement[]> {
  const titles = new Map(course.modules.flatMap((m) => m.contents.map((c) => [c.id, c.title] as [string, string])));
  const stats = await statsSection(course).catch(() => null);
  return [stats, historySection(reviews, titles)].filter((x): x is HTMLElement => x !== null);
}
