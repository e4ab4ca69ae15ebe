// The catalogue, a course (batches, enrolment with its workflow polled, learning with progress),
// assessments, my learning, certificates (mine and the public verification page).

import { allPages, api, ApiError, newIdempotencyKey, seg, type Page } from "../api";
import { act, dl, empty, errorBox, errorMessage, page, pagedList, pill, progressBar, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { form, submitButton, submitting } from "../forms";
import { formatDate, formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, type RouteContext } from "../router";
import { announce, statusLine } from "../status";
import { competencyNames } from "./profile";

export interface Content {
  id: string;
  title: string;
  type: string;
  mandatory?: boolean;
  durationMinutes?: number;
}

export interface Course {
  id: string;
  title: string;
  description?: string;
  competencies?: ({ competencyId?: string; id?: string; level?: number } | string)[];
  durationMinutes?: number;
  modules?: { id: string; title: string; contents: Content[] }[];
  status?: string;
}

export interface Batch {
  id: string;
  name: string;
  startDate?: string;
  endDate?: string;
  enrollmentEndDate?: string;
  seats?: number;
  seatsTaken?: number;
  seatsAvailable?: number;
  requiresApproval?: boolean;
}

export interface Enrolment {
  enrolmentId?: string;
  id?: string;
  courseId?: string;
  courseTitle?: string;
  batchId?: string;
  batchName?: string;
  userId?: string;
  userName?: string;
  learnerName?: string | null;
  status: string;
  reason?: string | null;
  completionPercentage?: number;
  contentProgress?: Record<string, unknown>;
  progress?: Record<string, unknown> | unknown[];
  completedContentIds?: string[];
  requestedAt?: string;
  createdAt?: string;
  certificateId?: string | null;
}

export const enrolmentId = (e: Enrolment): string => e.enrolmentId ?? e.id ?? "";

const SETTLED = new Set(["ENROLLED", "PENDING_APPROVAL", "REJECTED", "WAITLISTED", "COMPLETED", "CANCELLED", "WITHDRAWN"]);
const ACTIVE = new Set(["ENROLLED", "IN_PROGRESS", "COMPLETED"]);

function competencyRefs(course: Course): { id: string; level?: number }[] {
  return (course.competencies ?? []).map((c) =>
    typeof c === "string" ? { id: c } : { id: c.competencyId ?? c.id ?? "", level: c.level },
  );
}

function courseCard(course: Course, names: Map<string, string>): Node {
  return h(
    "article",
    { class: "course-card" },
    h("h3", null, link(`/courses/${seg(course.id)}`, null, course.title)),
    course.description ? h("p", null, course.description) : null,
    h(
      "p",
      { class: "meta" },
      course.durationMinutes ? pill(t("course.minutes", { minutes: formatNumber(course.durationMinutes) })) : null,
      competencyRefs(course)
        .slice(0, 4)
        .map((c) => pill(names.get(c.id) ?? c.id, "info")),
    ),
  );
}

// -------------------------------------------------------------------------------------------- catalogue

export async function catalogueView(ctx: RouteContext): Promise<Node> {
  const names = await competencyNames();
  const query = ctx.query.get("q") ?? "";
  const competencyId = ctx.query.get("competencyId") ?? "";
  const fetcher = (q: string) => (cursor: string | null) =>
    api.get<Page<Course>>("/courses", { q, competencyId, cursor, limit: 20 });
  const list = pagedList<Course>(fetcher(query), (course) => courseCard(course, names), {
    emptyText: t("catalogue.none"),
    label: t("catalogue.results"),
  });
  const searchInput = h("input", { type: "search", id: "catalogue-q", name: "q", value: query, autocomplete: "off" });
  const searchForm = h(
    "form",
    {
      role: "search",
      class: "search-bar",
      "aria-label": t("catalogue.search"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        const q = searchInput.value.trim();
        const params = new URLSearchParams();
        if (q) params.set("q", q);
        if (competencyId) params.set("competencyId", competencyId);
        window.history.replaceState(null, "", `${window.location.pathname}${params.size ? `?${params}` : ""}`);
        void list.reload(fetcher(q));
      },
    },
    h("label", { for: "catalogue-q" }, t("catalogue.search")),
    h("div", { class: "inline" }, searchInput, h("button", { type: "submit", class: "primary" }, t("action.search"))),
  );
  return page(
    t("catalogue.title"),
    ctx.query.get("welcome") ? h("p", { class: "notice success", role: "status" }, t("catalogue.welcome")) : null,
    searchForm,
    competencyId
      ? h("p", { class: "notice" }, t("catalogue.filteredBy", { name: names.get(competencyId) ?? competencyId }), " ", link("/courses", null, t("catalogue.clearFilter")))
      : null,
    list,
  );
}

// ------------------------------------------------------------------------------------------------ course

async function myEnrolmentFor(courseId: string): Promise<Enrolment | null> {
  const mine = await allPages<Enrolment>("/me/enrolments").catch(() => [] as Enrolment[]);
  const forCourse = mine.filter((e) => e.courseId === courseId);
  return forCourse.find((e) => ACTIVE.has(e.status)) ?? forCourse.find((e) => e.status !== "REJECTED" && e.status !== "CANCELLED") ?? forCourse[0] ?? null;
}

function completedSet(enrolment: Enrolment | null): Set<string> {
  const done = new Set<string>(enrolment?.completedContentIds ?? []);
  const progress = enrolment?.contentProgress ?? enrolment?.progress;
  if (Array.isArray(progress)) {
    for (const p of progress) {
      const entry = p as Record<string, unknown>;
      if (String(entry.status).toLowerCase() === "completed" && entry.contentId) done.add(String(entry.contentId));
    }
  } else if (progress && typeof progress === "object") {
    for (const [contentId, value] of Object.entries(progress)) {
      const status = typeof value === "object" && value ? (value as Record<string, unknown>).status : value;
      if (String(status).toLowerCase() === "completed") done.add(contentId);
    }
  }
  return done;
}

/** Polls GET /enrolments/{id} until the workflow settles (or ~30 s pass). */
async function pollEnrolment(id: string, onUpdate: (e: Enrolment) => void): Promise<Enrolment> {
  let last: Enrolment | null = null;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    last = await api.get<Enrolment>(`/enrolments/${seg(id)}`);
    onUpdate(last);
    if (SETTLED.has(last.status)) return last;
    await new Promise((resolve) => window.setTimeout(resolve, attempt < 10 ? 500 : 1500));
  }
  return last!;
}

export async function courseView(ctx: RouteContext): Promise<Node> {
  const courseId = ctx.params.courseId!;
  const [course, names, enrolment] = await Promise.all([
    api.get<Course>(`/courses/${seg(courseId)}`),
    competencyNames(),
    myEnrolmentFor(courseId),
  ]);
  const enrolBox = h("div", { class: "enrolment", "aria-live": "polite" });
  const contentsBox = h("div");
  const state = { enrolment, done: completedSet(enrolment) };

  const renderContents = () => {
    const active = state.enrolment && ACTIVE.has(state.enrolment.status);
    replace(
      contentsBox,
      (course.modules ?? []).map((module, index) =>
        h(
          "section",
          { class: "module card", "aria-labelledby": `mod-${index}` },
          h("h3", { id: `mod-${index}` }, t("course.module", { n: index + 1 }), ": ", module.title),
          h("ol", { class: "contents" }, module.contents.map((content) => contentItem(content, !!active))),
        ),
      ),
    );
  };

  const contentItem = (content: Content, active: boolean): Node => {
    const done = state.done.has(content.id);
    const typeLabel = tOr(`contentType.${content.type}`, content.type);
    const item = h(
      "li",
      { class: `content${done ? " done" : ""}`, "data-content-id": content.id },
      h("div", { class: "content-title" },
        h("span", { class: "content-name" }, content.title),
        " ",
        pill(typeLabel),
        content.mandatory === false ? pill(t("course.optional")) : null,
        done ? pill(`✓ ${t("course.completed")}`, "ok") : null,
      ),
    );
    if (!active) return item;
    if (content.type === "quiz") {
      item.append(h("div", { class: "content-actions" }, link(`/courses/${seg(course.id)}/assessments/${seg(content.id)}`, { class: "button" }, done ? t("course.retakeAssessment") : t("course.takeAssessment"))));
      return item;
    }
    if (!done) {
      const complete = h("button", { type: "button", class: "primary" }, t("course.markComplete"));
      complete.setAttribute("aria-label", `${t("course.markComplete")}: ${content.title}`);
      complete.addEventListener("click", () => void markProgress(content, complete));
      const open = h("button", { type: "button", class: "secondary" }, t("course.open"));
      open.setAttribute("aria-label", `${t("course.open")}: ${content.title}`);
      open.setAttribute("aria-expanded", "false");
      const viewer = h("div", { class: "viewer", hidden: true }, h("p", null, t("course.viewerPlaceholder", { type: typeLabel })));
      open.addEventListener("click", () => {
        const expanded = viewer.hidden;
        viewer.hidden = !expanded;
        open.setAttribute("aria-expanded", String(expanded));
        if (expanded && state.enrolment) {
          void api.put(`/enrolments/${seg(enrolmentId(state.enrolment))}/progress`, { contentId: content.id, status: "in_progress", progressPercent: 50 }).catch(() => undefined);
        }
      });
      item.append(h("div", { class: "content-actions" }, open, complete), viewer);
    }
    return item;
  };

  const progressStatus = statusLine();
  const markProgress = async (content: Content, button: HTMLButtonElement) => {
    if (!state.enrolment) return;
    await act(button, async () => {
      const result = await api.put<{ completionPercentage: number; status: string }>(
        `/enrolments/${seg(enrolmentId(state.enrolment!))}/progress`,
        { contentId: content.id, status: "completed", progressPercent: 100 },
      );
      state.done.add(content.id);
      state.enrolment = { ...state.enrolment!, completionPercentage: result.completionPercentage, status: result.status ?? state.enrolment!.status };
      renderEnrolment();
      renderContents();
      progressStatus.set(t("course.progressSaved", { title: content.title, percent: formatNumber(Math.round(result.completionPercentage ?? 0)) }), "ok");
      const next = contentsBox.querySelector<HTMLButtonElement>(".content:not(.done) button.primary, .content:not(.done) a.button");
      next?.focus();
    }, { busy: t("status.saving") }, progressStatus);
  };

  const renderEnrolment = () => {
    const e = state.enrolment;
    if (e && ACTIVE.has(e.status)) {
      const percent = e.completionPercentage ?? 0;
      replace(
        enrolBox,
        h("p", null, t("course.yourStatus"), " ", statusPill(e.status)),
        progressBar(percent, t("course.completion")),
        e.status === "COMPLETED"
          ? h("div", { class: "notice success" }, h("p", null, t("course.completedNotice")), link("/certificates", { class: "button primary" }, t("course.viewCertificate")))
          : null,
        progressStatus,
      );
      return;
    }
    if (e && (e.status === "REQUESTED" || e.status === "PENDING_APPROVAL" || e.status === "WAITLISTED")) {
      const check = h("button", { type: "button" }, t("course.checkAgain"));
      check.addEventListener("click", () => void act(check, async () => {
        state.enrolment = await api.get<Enrolment>(`/enrolments/${seg(enrolmentId(e))}`);
        renderEnrolment();
        renderContents();
      }, {}));
      replace(
        enrolBox,
        h("p", null, t("course.yourStatus"), " ", statusPill(e.status)),
        e.reason ? h("p", { class: "muted" }, e.reason) : null,
        h("p", null, e.status === "PENDING_APPROVAL" ? t("course.pendingApproval") : e.status === "WAITLISTED" ? t("course.waitlisted") : t("course.processing")),
        check,
      );
      return;
    }
    void renderBatches(e);
  };

  const renderBatches = async (previous: Enrolment | null) => {
    replace(enrolBox, h("p", { class: "loading" }, t("status.loading")));
    let batches: Batch[];
    try {
      batches = (await api.get<Page<Batch>>(`/courses/${seg(course.id)}/batches`)).items ?? [];
    } catch (error) {
      replace(enrolBox, errorBox(error, () => void renderBatches(previous)));
      return;
    }
    if (!batches.length) {
      replace(enrolBox, empty(t("course.noBatches")));
      return;
    }
    const idempotencyKey = newIdempotencyKey();
    const status = statusLine();
    const enrolForm = form(
      {
        class: "stack",
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(enrolForm, async () => {
            const batchId = new FormData(enrolForm).get("batchId");
            const created = await api.post<{ enrolmentId: string; status: string }>(
              `/courses/${seg(course.id)}/enrolments`,
              { batchId },
              { idempotencyKey },
            );
            status.set(t("course.enrolRequested"), "info");
            const settled = await pollEnrolment(created.enrolmentId, (e) => status.set(t("course.enrolStatus", { status: tOr(`statusName.${e.status}`, e.status) }), "info"));
            state.enrolment = { ...settled, enrolmentId: created.enrolmentId, courseId: course.id };
            announce(t("course.enrolStatus", { status: tOr(`statusName.${settled.status}`, settled.status) }));
            renderEnrolment();
            renderContents();
            enrolBox.querySelector<HTMLElement>("button, a")?.focus();
          }, t("status.enrolling"));
        },
      },
      previous?.status === "REJECTED" ? h("p", { class: "notice" }, t("course.previouslyRejected"), previous.reason ? ` ${previous.reason}` : "") : null,
      h(
        "fieldset",
        { class: "batches" },
        h("legend", null, t("course.chooseBatch")),
        batches.map((b, i) => {
          const id = uid("batch");
          const seatsLeft = b.seatsAvailable ?? (b.seats !== undefined && b.seatsTaken !== undefined ? b.seats - b.seatsTaken : undefined);
          return h(
            "div",
            { class: "radio-card" },
            h("input", { type: "radio", name: "batchId", id, value: b.id, required: true, checked: i === 0 }),
            h("label", { for: id },
              h("strong", null, b.name),
              h("span", { class: "muted" }, ` ${formatDate(b.startDate)} – ${formatDate(b.endDate)}`),
              b.enrollmentEndDate ? h("span", { class: "muted" }, ` · ${t("course.enrolBy", { date: formatDate(b.enrollmentEndDate) })}`) : null,
              seatsLeft !== undefined ? h("span", { class: "muted" }, ` · ${t("course.seatsLeft", { seats: formatNumber(seatsLeft) })}`) : b.seats !== undefined ? h("span", { class: "muted" }, ` · ${t("course.seats", { seats: formatNumber(b.seats) })}`) : null,
              b.requiresApproval ? h("span", null, " ", pill(t("course.needsApproval"), "warn")) : null,
            ),
          );
        }),
      ),
      status,
      h("div", { class: "actions" }, submitButton(t("course.enrol"))),
    );
    replace(enrolBox, enrolForm);
  };

  renderEnrolment();
  renderContents();
  const refs = competencyRefs(course);
  return page(
    course.title,
    course.description ? h("p", { class: "lead" }, course.description) : null,
    dl([
      [t("course.duration"), course.durationMinutes ? t("course.minutes", { minutes: formatNumber(course.durationMinutes) }) : ""],
      [t("course.competencies"), refs.length ? h("ul", { class: "inline-list" }, refs.map((c) => h("li", null, names.get(c.id) ?? c.id, c.level ? ` (${t("competency.level", { level: c.level })})` : ""))) : ""],
    ]),
    section(t("course.enrolment"), enrolBox),
    h("h2", null, t("course.contents")),
    contentsBox,
  );
}

// -------------------------------------------------------------------------------------------- assessment

interface Question {
  id: string;
  text: string;
  kind?: "single" | "multiple";
  type?: string;
  options: { id: string; text: string }[];
}

interface Assessment {
  contentId?: string;
  title?: string;
  passPercent?: number;
  maxAttempts?: number;
  attemptsUsed?: number;
  attemptsRemaining?: number;
  bestScorePercent?: number | null;
  passed?: boolean;
  questions: Question[];
}

export async function assessmentView(ctx: RouteContext): Promise<Node> {
  const { courseId, contentId } = ctx.params as { courseId: string; contentId: string };
  const assessment = await api.get<Assessment>(`/courses/${seg(courseId)}/assessments/${seg(contentId)}`);
  const result = h("div", { "aria-live": "polite" });
  const idempotencyKey = newIdempotencyKey();
  const quizForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(quizForm, async () => {
          const data = new FormData(quizForm);
          const answers: Record<string, string[]> = {};
          for (const q of assessment.questions) answers[q.id] = data.getAll(q.id).map(String);
          const missing = assessment.questions.find((q) => !answers[q.id]?.length);
          if (missing) {
            throw new ApiError(400, "INCOMPLETE", t("assessment.answerAll"), [{ field: missing.id, message: t("form.required") }]);
          }
          const outcome = await api.post<Record<string, unknown>>(
            `/courses/${seg(courseId)}/assessments/${seg(contentId)}/attempts`,
            { answers },
            { idempotencyKey },
          );
          showResult(outcome);
        }, t("status.submitting"));
      },
    },
    assessment.questions.map((q, i) =>
      h(
        "fieldset",
        { class: "question card" },
        h("legend", null, `${i + 1}. ${q.text}`),
        (q.kind ?? q.type) === "multiple" ? h("p", { class: "hint" }, t("assessment.selectAll")) : null,
        q.options.map((o) => {
          const id = uid("opt");
          return h(
            "div",
            { class: "choice" },
            h("input", { type: (q.kind ?? q.type) === "multiple" ? "checkbox" : "radio", name: q.id, id, value: o.id }),
            h("label", { for: id }, o.text),
          );
        }),
      ),
    ),
    h("div", { class: "actions" }, submitButton(t("assessment.submit"))),
  );
  const showResult = (outcome: Record<string, unknown>) => {
    const passed = outcome.passed === true || outcome.status === "PASSED";
    const score = Number(outcome.scorePercent ?? outcome.score ?? outcome.percent ?? 0);
    replace(
      result,
      h(
        "div",
        { class: `notice ${passed ? "success" : "warning"}`, tabindex: "-1", id: "assessment-result" },
        h("h2", null, passed ? t("assessment.passed") : t("assessment.failed")),
        h("p", null, t("assessment.score", { score: formatNumber(Math.round(score)) })),
        outcome.attemptsRemaining !== undefined ? h("p", null, t("assessment.attemptsLeft", { n: String(outcome.attemptsRemaining) })) : null,
        link(`/courses/${seg(courseId)}`, { class: "button primary" }, t("assessment.backToCourse")),
      ),
    );
    quizForm.hidden = passed;
    result.querySelector<HTMLElement>("#assessment-result")?.focus();
  };
  return page(
    assessment.title ?? t("assessment.title"),
    dl([
      [t("assessment.passMark"), assessment.passPercent !== undefined ? t("common.percent", { value: assessment.passPercent }) : ""],
      [t("assessment.attempts"), assessment.maxAttempts !== undefined ? `${assessment.attemptsUsed ?? 0} / ${assessment.maxAttempts}` : ""],
    ]),
    result,
    quizForm,
    h("p", null, link(`/courses/${seg(courseId)}`, null, t("assessment.backToCourse"))),
  );
}

// ------------------------------------------------------------------------------------------- my learning

export function myLearningView(): Node {
  return page(
    t("learning.title"),
    pagedList<Enrolment>(
      (cursor) => api.get<Page<Enrolment>>("/me/enrolments", { cursor }),
      (e) =>
        h(
          "article",
          { class: "enrolment-card" },
          h("h3", null, link(`/courses/${seg(e.courseId ?? "")}`, null, e.courseTitle ?? e.courseId ?? "")),
          h("p", null, statusPill(e.status), e.batchName ? h("span", { class: "muted" }, ` ${e.batchName}`) : null),
          ACTIVE.has(e.status) ? progressBar(e.completionPercentage ?? 0, `${t("course.completion")}: ${e.courseTitle ?? e.courseId}`) : null,
          e.reason ? h("p", { class: "muted" }, e.reason) : null,
        ),
      { emptyText: t("learning.none"), label: t("learning.title") },
    ),
    h("p", null, link("/courses", { class: "button" }, t("learning.browse"))),
  );
}

// ------------------------------------------------------------------------------------------ certificates

interface Certificate {
  id?: string;
  certificateId?: string;
  courseId?: string;
  courseTitle?: string;
  userName?: string;
  learnerName?: string;
  name?: string;
  issuedAt?: string;
  orgName?: string;
  valid?: boolean;
}

const certificateId = (c: Certificate): string => c.certificateId ?? c.id ?? "";

export function certificatesView(): Node {
  return page(
    t("certificates.title"),
    pagedList<Certificate>(
      (cursor) => api.get<Page<Certificate>>("/me/certificates", { cursor }),
      (c) =>
        h(
          "article",
          { class: "certificate-card" },
          h("h3", null, c.courseTitle ?? c.courseId ?? certificateId(c)),
          h("p", { class: "muted" }, t("certificates.issued", { date: formatDate(c.issuedAt) })),
          link(`/certificates/${seg(certificateId(c))}`, { class: "button" }, t("certificates.view")),
        ),
      { emptyText: t("certificates.none"), label: t("certificates.title") },
    ),
  );
}

export async function certificateVerifyView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.certificateId!;
  let certificate: Certificate;
  try {
    certificate = await api.get<Certificate>(`/certificates/${seg(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return page(t("certificates.verifyTitle"), h("div", { class: "notice warning", role: "alert" }, t("certificates.notValid")));
    }
    throw error;
  }
  const shareUrl = window.location.href;
  return page(
    t("certificates.verifyTitle"),
    h(
      "div",
      { class: "certificate", role: "group", "aria-label": t("certificates.verifyTitle") },
      h("p", { class: "cert-brand" }, t("app.name")),
      h("p", { class: "cert-valid" }, "✓ ", certificate.valid === false ? t("certificates.notValid") : t("certificates.valid")),
      h("p", null, t("certificates.awardedTo")),
      h("p", { class: "cert-name" }, certificate.learnerName ?? certificate.userName ?? certificate.name ?? ""),
      h("p", null, t("certificates.forCompleting")),
      h("p", { class: "cert-course" }, certificate.courseTitle ?? certificate.courseId ?? ""),
      h("p", { class: "muted" }, t("certificates.issued", { date: formatDateTime(certificate.issuedAt) })),
      h("p", { class: "muted small" }, t("certificates.id", { id })),
    ),
    h("div", { class: "actions no-print" },
      h("button", { type: "button", onClick: () => window.print() }, t("certificates.print")),
      h("button", {
        type: "button",
        class: "secondary",
        onClick: async (event: Event) => {
          try {
            await navigator.clipboard.writeText(shareUrl);
            announce(t("certificates.copied"));
          } catch (error) {
            announce(errorMessage(error));
          }
          (event.target as HTMLElement).focus();
        },
      }, t("certificates.copyLink")),
    ),
  );
}
