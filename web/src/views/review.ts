// The publisher's workspace (CONTENT_PUBLISHER, or MDO_ADMIN of the course's org): the review queue, a course
// in review with a preview of each content, "Publish" or "Send back" with comments per content, the course's
// review history, and retiring a Live course (after a confirmation).

import { api, ApiError, seg, type Page, type Schema } from "../api";
import { act, dl, page, pagedList, pill, section } from "../components";
import { h, replace } from "../dom";
import { field, form, submitButton, submitting, textarea, values } from "../forms";
import { formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, navigate, refresh, type RouteContext } from "../router";
import { announce, statusLine } from "../status";
import { historySection, previewLink, reviewsOf, statsSection } from "./authoring-review";

type Course = Schema<"Course">;
type CourseSummary = Schema<"CourseSummary">;
const KINDS: Record<string, string> = { Draft: "warn", Review: "info", Live: "ok", Retired: "neutral" };
const statusOf = (status: string) => pill(tOr(`courseStatus.${status}`, status), KINDS[status] ?? "neutral");

export function reviewQueueView(): Node {
  const queue = pagedList<CourseSummary>(
    (cursor) => api.get<Page<CourseSummary>>("/courses", { status: "Review", cursor, limit: 20 }),
    (course) => h("article", { class: "course-card review-card" },
      h("h3", null, link(`/review/${seg(course.id)}`, null, course.title)),
      h("p", { class: "meta muted" }, t("course.minutes", { minutes: formatNumber(course.durationMinutes) }))),
    { emptyText: t("pubq.empty"), label: t("pubq.queue") });

  const results = h("div", { class: "review-search-results" });
  const searchForm: HTMLFormElement = form({
    class: "stack search-form", role: "search", "aria-label": t("pubq.findLive"),
    onSubmit: (event: Event) => {
      event.preventDefault();
      void submitting(searchForm, async () => {
        const q = values(searchForm).q ?? "";
        const found = await api.get<Page<CourseSummary>>("/courses", { q, limit: 20 });
        replace(results, found.items.length
          ? h("ul", { class: "list", "aria-label": t("pubq.results") }, found.items.map((c) => h("li", null, link(`/review/${seg(c.id)}`, null, c.title))))
          : h("p", { class: "muted" }, t("pubq.noResults")));
        announce(t("pubq.found", { count: formatNumber(found.items.length) }));
      }, t("status.loading"));
    },
  },
  field({ label: t("pubq.searchLabel"), name: "q", type: "search", required: true, minlength: 3, maxlength: 100 }),
  h("div", { class: "actions" }, submitButton(t("pubq.search"))));

  return page(t("pubq.title"),
    h("p", { class: "lead" }, t("pubq.lead")),
    section(t("pubq.queue"), queue),
    section(t("pubq.findLive"), h("p", { class: "hint" }, t("pubq.findHint")), searchForm, results));
}

function sendBackForm(course: Course, done: () => void): HTMLFormElement {
  const contents = course.modules.flatMap((m) => m.contents);
  const formEl: HTMLFormElement = form({
    class: "stack send-back-form", "aria-label": t("pubq.sendBackLabel"),
    onSubmit: (event: Event) => {
      event.preventDefault();
      void submitting(formEl, async () => {
        const v = values(formEl);
        const comments = contents.map((c, i) => ({ contentId: c.id, text: (v[`content.${i}`] ?? "").trim() })).filter((c) => c.text) as { contentId?: string; text: string }[];
        const general = (v.general ?? "").trim();
        if (general) comments.push({ text: general });
        if (!comments.length) {
          throw new ApiError(400, "NO_COMMENT", t("pubq.needComment"), [{ field: "general", message: t("pubq.needComment") }]);
        }
        await api.post(`/courses/${seg(course.id)}/send-back`, { comments, version: course.version });
        announce(t("pubq.sentBack", { title: course.title }));
        done();
      }, t("status.sending"));
    },
  },
  h("p", { class: "hint" }, t("pubq.sendBackHint")),
  contents.map((c, i) => h("div", { class: "review-content", "data-content-id": c.id },
    h("h3", { class: "content-title" }, c.title, " ", pill(tOr(`contentType.${c.type}`, c.type))),
    c.type === "quiz" ? h("p", { class: "muted" }, t("authoring.quizFacts", { count: formatNumber(c.questionCount ?? 0), pass: formatNumber(c.passPercent ?? 0) })) : null,
    previewLink(course, c),
    textarea({ label: t("pubq.commentOn", { title: c.title }), name: `content.${i}`, maxlength: 2000, rows: 2 }))),
  textarea({ label: t("pubq.generalComment"), name: "general", maxlength: 2000, rows: 3 }),
  h("div", { class: "actions" }, submitButton(t("pubq.sendBack"))));
  return formEl;
}

function retireBox(course: Course): HTMLElement {
  const status = statusLine();
  const open = h("button", { type: "button", class: "danger" }, t("pubq.retire"));
  const yes = h("button", { type: "button", class: "danger" }, t("pubq.retireYes"));
  const cancel = h("button", { type: "button", class: "secondary" }, t("pubq.cancel"));
  const confirmBox = h("div", { class: "notice warning confirm-box", hidden: true, role: "group", "aria-label": t("pubq.retireConfirmLabel") },
    h("p", null, t("pubq.retireConfirm", { title: course.title })), h("div", { class: "actions" }, yes, cancel));
  const toggle = (show: boolean) => {
    confirmBox.hidden = !show;
    open.hidden = show;
    if (show) yes.focus();
    else open.focus();
  };
  open.addEventListener("click", () => toggle(true));
  cancel.addEventListener("click", () => toggle(false));
  yes.addEventListener("click", () => void act(yes, async () => {
    await api.post(`/courses/${seg(course.id)}/retire`, { version: course.version });
    announce(t("pubq.retired", { title: course.title }));
    await refresh();
  }, { busy: t("status.saving") }, status));
  return h("div", { class: "retire" }, open, confirmBox, status);
}

export async function reviewCourseView(ctx: RouteContext): Promise<Node> {
  const course = await api.get<Course>(`/courses/${seg(ctx.params.courseId!)}`);
  const reviews = await reviewsOf(course.id).catch(() => []);
  const titles = new Map(course.modules.flatMap((m) => m.contents.map((c) => [c.id, c.title] as [string, string])));
  const status = statusLine();
  const publish = h("button", { type: "button", class: "primary" }, t("pubq.publish"));
  publish.addEventListener("click", () => void act(publish, async () => {
    await api.post(`/courses/${seg(course.id)}/publish`, { version: course.version });
    announce(t("pubq.published", { title: course.title }));
    navigate(course.revisionOf ? `/review/${seg(course.revisionOf)}` : `/review/${seg(course.id)}`);
  }, { busy: t("status.saving") }, status));

  const inReview = course.status === "Review";
  const stats = await statsSection(course).catch(() => null);
  return page(course.title,
    h("p", null, t("authoring.status"), " ", statusOf(course.status)),
    course.revisionOf ? h("p", { class: "notice info" }, t("pubq.isRevision")) : null,
    course.description ? h("p", { class: "lead" }, course.description) : null,
    dl([
      [t("course.duration"), t("course.minutes", { minutes: formatNumber(course.durationMinutes) })],
      [t("authx.updated"), formatDateTime(course.updatedAt)],
    ]),
    inReview ? section(t("pubq.decide"), h("div", { class: "actions" }, publish), status, sendBackForm(course, () => navigate("/review"))) : null,
    !inReview ? section(t("pubq.contents"), h("ul", { class: "list" }, course.modules.flatMap((m) => m.contents).map((c) =>
      h("li", null, c.title, " ", pill(tOr(`contentType.${c.type}`, c.type)), " ", previewLink(course, c))))) : null,
    course.status === "Live" ? section(t("pubq.retireTitle"), h("p", { class: "hint" }, t("pubq.retireHint")), retireBox(course)) : null,
    stats,
    historySection(reviews, titles),
    h("p", null, link("/review", null, t("pubq.backToQueue"))));
}
