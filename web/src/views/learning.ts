// The catalogue, a course (batches, enrolment with its workflow polled, learning with progress),
// assessments and my learning (certificates: views/certificates.ts).

import { allPages, api, ApiError, newIdempotencyKey, seg, type Page } from "../api";
import { act, dl, empty, errorBox, errorMessage, page, pagedList, pill, progressBar, section, statusPill } from "../components";
import { h, replace, uid } from "../dom";
import { form, submitButton, submitting } from "../forms";
import { formatDate, formatNumber, t, tOr } from "../i18n";
import { createPlayer, type Player, type PlayOut } from "../players";
import { link, navigate, onLeave, type RouteContext } from "../router";
import { announce, statusLine } from "../status";
import { competencyNames, localName } from "./profile";
import { downloadOf, isOffline } from "../offline/downloads";
import type { DownloadedCourse } from "../offline/db";
import { currentUser } from "../state";
import { offlineNotice, offlinePanel } from "./offline";
import { addFilters, filterForm, filtersFrom, type CatalogueFilters } from "./catalogue-filters";
import { outcomeLine, starsText } from "./learner-kit";
import { ratingPanel } from "./ratings";
import { WITHDRAWABLE, withdrawControl } from "./withdraw";

export interface Content {
  id: string;
  title: string;
  type: string;
  mandatory?: boolean;
  durationMinutes?: number;
  url?: string | null;
}

/** A content's verified progress in an enrolment (GET /enrolments/{id} `contents`). */
export interface ContentProgress {
  contentId: string;
  coveredPercent: number;
  completed: boolean;
  resume?: Record<string, unknown> | null;
}

/** The contents a player plays (their progress comes from heartbeats); links open in a new tab. */
export const PLAYED_TYPES = new Set(["video", "audio", "pdf", "scorm"]);

export interface Course {
  id: string;
  title: string;
  description?: string;
  competencies?: ({ competencyId?: string; id?: string; level?: number } | string)[];
  durationMinutes?: number;
  modules?: { id: string; title: string; contents: Content[] }[];
  status?: string;
  rating?: { average: number; count: number } | null;
}

export interface Batch {
  id: string;
  name: string;
  nameHi?: string | null;
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
  contents?: ContentProgress[];
  nextContentId?: string | null;
  requestedAt?: string;
  createdAt?: string;
  certificateId?: string | null;
}

export const enrolmentId = (e: Enrolment): string => e.enrolmentId ?? e.id ?? "";

const allContents = (course: Course): Content[] => (course.modules ?? []).flatMap((m) => m.contents);

/** Where a content is taken: a quiz on its assessment page, anything else on the player page. */
export function contentPath(course: Course | string, contentId: string): string {
  const courseId = typeof course === "string" ? course : course.id;
  const content = typeof course === "string" ? undefined : allContents(course).find((c) => c.id === contentId);
  return content?.type === "quiz"
    ? `/courses/${seg(courseId)}/assessments/${seg(contentId)}`
    : `/courses/${seg(courseId)}/learn/${seg(contentId)}`;
}

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
    course.rating ? h("p", { class: "meta" }, starsText(course.rating.average, course.rating.count)) : null,
  );
}

// -------------------------------------------------------------------------------------------- catalogue

export async function catalogueView(ctx: RouteContext): Promise<Node> {
  const names = await competencyNames();
  const query = ctx.query.get("q") ?? "";
  const competencyId = ctx.query.get("competencyId") ?? "";
  let filters: CatalogueFilters = filtersFrom(ctx.query);
  const fetcher = (q: string) => (cursor: string | null) =>
    api.get<Page<Course>>("/courses", { q, competencyId, ...filters, cursor, limit: 20 });
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
        addFilters(params, filters);
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
    filterForm(filters, (chosen) => {
      filters = chosen;
      searchForm.requestSubmit();
    }),
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
  let course: Course, names: Map<string, string>, enrolment: Enrolment | null;
  let offlineCopy: DownloadedCourse | null = null;
  try {
    [course, names, enrolment] = await Promise.all([
      api.get<Course>(`/courses/${seg(courseId)}`),
      competencyNames(),
      myEnrolmentFor(courseId),
    ]);
  } catch (error) {
    // No network: the course as downloaded, if it was.
    offlineCopy = isOffline(error) ? await downloadOf(courseId, currentUser()?.userId) : null;
    if (!offlineCopy) throw error;
    course = offlineCopy.course as Course;
    names = new Map();
    enrolment = offlineCopy.enrolment as Enrolment;
  }
  const enrolBox = h("div", { class: "enrolment", "aria-live": "polite" });
  const contentsBox = h("div");
  const detailed = enrolment && ACTIVE.has(enrolment.status) && !offlineCopy
    ? await api.get<Enrolment>(`/enrolments/${seg(enrolmentId(enrolment))}`).catch(() => enrolment)
    : enrolment;
  const state = { enrolment: detailed, done: completedSet(detailed) };
  const coverage = (contentId: string): ContentProgress | undefined =>
    state.enrolment?.contents?.find((c) => c.contentId === contentId);

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
    if (PLAYED_TYPES.has(content.type)) {
      const covered = coverage(content.id);
      if (covered && !done && covered.coveredPercent > 0) {
        item.querySelector(".content-title")!.append(" ", pill(t("course.covered", { percent: formatNumber(covered.coveredPercent) }), "info"));
      }
      const label = done ? t("course.playAgain") : covered?.resume && Object.keys(covered.resume).length ? t("course.resume") : t("course.play");
      item.append(h("div", { class: "content-actions" },
        link(`/courses/${seg(course.id)}/learn/${seg(content.id)}`, { class: `button${done ? "" : " primary"}`, "aria-label": `${label}: ${content.title}` }, label)));
      return item;
    }
    const actions = h("div", { class: "content-actions" });
    if (content.url) {
      actions.append(h("a", { href: content.url, target: "_blank", rel: "noopener noreferrer", class: "button secondary", "aria-label": `${t("course.openLink")}: ${content.title}` }, t("course.openLink")));
    }
    if (!done) {
      // Only a link's completion is declared by the learner (the players' contents count from heartbeats).
      const complete = h("button", { type: "button", class: "primary" }, t("course.markComplete"));
      complete.setAttribute("aria-label", `${t("course.markComplete")}: ${content.title}`);
      complete.addEventListener("click", () => void markProgress(content, complete));
      actions.append(complete);
    }
    if (actions.childElementCount) item.append(actions);
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
      state.enrolment = await api.get<Enrolment>(`/enrolments/${seg(enrolmentId(state.enrolment))}`).catch(() => state.enrolment!);
      renderEnrolment();
      renderContents();
      progressStatus.set(t("course.progressSaved", { title: content.title, percent: formatNumber(Math.round(result.completionPercentage ?? 0)) }), "ok");
      const next = contentsBox.querySelector<HTMLButtonElement>(".content:not(.done) button.primary, .content:not(.done) a.button");
      next?.focus();
    }, { busy: t("status.saving") }, progressStatus);
  };

  const withdrawLine = outcomeLine();
  const withdrawn = () => {
    state.enrolment = null;
    state.done = new Set();
    renderEnrolment();
    renderContents();
  };
  const renderEnrolment = () => {
    const e = state.enrolment;
    if (e && ACTIVE.has(e.status)) {
      const percent = e.completionPercentage ?? 0;
      replace(
        enrolBox,
        h("p", null, t("course.yourStatus"), " ", statusPill(e.status)),
        progressBar(percent, t("course.completion")),
        e.nextContentId && e.status !== "COMPLETED"
          ? h("p", null, link(contentPath(course, e.nextContentId), { class: "button primary continue" }, t("course.continue")))
          : null,
        e.status === "COMPLETED"
          ? h("div", { class: "notice success" }, h("p", null, t("course.completedNotice")), link("/certificates", { class: "button primary" }, t("course.viewCertificate")))
          : null,
        progressStatus,
        WITHDRAWABLE.has(e.status) ? withdrawControl(enrolmentId(e), course.title, withdrawn, withdrawLine) : null,
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
        WITHDRAWABLE.has(e.status) ? withdrawControl(enrolmentId(e), course.title, withdrawn, withdrawLine) : null,
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
              h("strong", null, localName(b)),
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
  const activeId = state.enrolment && ACTIVE.has(state.enrolment.status) ? enrolmentId(state.enrolment) : null;
  return page(
    course.title,
    offlineCopy ? offlineNotice(offlineCopy) : null,
    course.description ? h("p", { class: "lead" }, course.description) : null,
    dl([
      [t("course.duration"), course.durationMinutes ? t("course.minutes", { minutes: formatNumber(course.durationMinutes) }) : ""],
      [t("course.competencies"), refs.length ? h("ul", { class: "inline-list" }, refs.map((c) => h("li", null, names.get(c.id) ?? c.id, c.level ? ` (${t("competency.level", { level: c.level })})` : ""))) : ""],
    ]),
    section(t("course.enrolment"), enrolBox, withdrawLine),
    h("h2", null, t("course.contents")),
    contentsBox,
    offlineCopy ? null : section(t("lrn.ratingsTitle"), ratingPanel(course.id, state.enrolment?.status === "COMPLETED")),
    section(t("offline.title"), offlinePanel(course, activeId)),
  );
}

// ------------------------------------------------------------------------------------------------ player

const RENEW_BEFORE_EXPIRY_MS = 60_000;

/** One content of a course, played (video, audio, pdf, SCORM) or opened (a link), with its verified progress. */
export async function contentPlayerView(ctx: RouteContext): Promise<Node> {
  const { courseId, contentId } = ctx.params as { courseId: string; contentId: string };
  let course: Course, mine: Enrolment | null;
  let offlineCopy: DownloadedCourse | null = null;
  try {
    [course, mine] = await Promise.all([api.get<Course>(`/courses/${seg(courseId)}`), myEnrolmentFor(courseId)]);
  } catch (error) {
    // No network: the course, the enrolment and the content's last play answer as downloaded.
    offlineCopy = isOffline(error) ? await downloadOf(courseId, currentUser()?.userId) : null;
    if (!offlineCopy) throw error;
    course = offlineCopy.course as Course;
    mine = offlineCopy.enrolment as Enrolment;
  }
  const contents = allContents(course);
  const index = contents.findIndex((c) => c.id === contentId);
  const content = contents[index];
  if (!content) throw new ApiError(404, "CONTENT_NOT_FOUND", t("error.notFound"));
  if (content.type === "quiz") {
    queueMicrotask(() => navigate(contentPath(course, content.id), { replace: true }));
    return page(content.title);
  }
  const back = link(`/courses/${seg(course.id)}`, null, t("player.backToCourse", { title: course.title }));
  if (!mine || !ACTIVE.has(mine.status)) {
    return page(content.title, h("p", { class: "notice" }, t("player.enrolFirst")), h("p", null, back));
  }
  const id = offlineCopy ? offlineCopy.enrolmentId : enrolmentId(mine);
  let enrolment = offlineCopy ? mine : await api.get<Enrolment>(`/enrolments/${seg(id)}`);
  const progressOf = () => enrolment.contents?.find((c) => c.contentId === content.id);
  const typeLabel = tOr(`contentType.${content.type}`, content.type);
  const progressBox = h("div", { class: "player-progress" });
  const status = statusLine();
  const courseBox = h("div", { class: "course-progress" });
  const prevContent = contents[index - 1];
  const nextContent = contents[index + 1];

  const renderCourse = () => {
    replace(
      courseBox,
      h("p", { class: "progress-label" }, t("course.completion")),
      progressBar(enrolment.completionPercentage ?? 0, t("course.completion")),
      enrolment.status === "COMPLETED"
        ? h("div", { class: "notice success" }, h("p", null, t("course.completedNotice")), link("/certificates", { class: "button primary" }, t("course.viewCertificate")))
        : enrolment.nextContentId && enrolment.nextContentId !== content.id
          ? h("p", null, link(contentPath(course, enrolment.nextContentId), { class: "button continue" }, t("course.continue")))
          : null,
    );
  };
  let wasCompleted = progressOf()?.completed ?? false;
  const renderProgress = (covered: number, completed: boolean) => {
    replace(
      progressBox,
      h("p", { class: "progress-label" }, t("player.thisContent")),
      progressBar(covered, t("player.covered", { title: content.title })),
      completed ? h("p", null, pill(`✓ ${t("course.completed")}`, "ok")) : h("p", { class: "muted" }, tOr(`player.rule.${content.type}`, "")),
    );
  };
  const onProgress = (result: { coveredPercent: number; completed: boolean }) => {
    renderProgress(result.coveredPercent, result.completed);
    if (result.completed && !wasCompleted) {
      wasCompleted = true;
      status.set(t("player.completed", { title: content.title }), "ok");
      void api.get<Enrolment>(`/enrolments/${seg(id)}`).then((fresh) => {
        enrolment = fresh;
        renderCourse();
      }).catch(() => undefined);
    }
  };
  const current = progressOf();
  renderProgress(current?.coveredPercent ?? 0, current?.completed ?? false);
  renderCourse();

  const stage = h("div", { class: "player-stage" });
  if (PLAYED_TYPES.has(content.type)) {
    const playPath = `/enrolments/${seg(id)}/contents/${seg(content.id)}/play`;
    let player: Player | null = null;
    let renewTimer = 0;
    let expiresAt = 0;
    const scheduleRenewal = (play: PlayOut) => {
      window.clearTimeout(renewTimer);
      expiresAt = play.expiresAt ? Date.parse(play.expiresAt) : 0;
      if (!expiresAt || offlineCopy) return; // offline there is nothing to renew it with
      // The signed address and its cookies expire: ask for them again shortly before (segments and a
      // package's pages load by the cookies, which the new answer renews).
      renewTimer = window.setTimeout(() => void renew(), Math.max(5_000, expiresAt - Date.now() - RENEW_BEFORE_EXPIRY_MS));
    };
    const renew = async () => {
      try {
        const play = await api.get<PlayOut>(playPath);
        player?.renewed?.(play);
        scheduleRenewal(play);
      } catch (error) {
        status.set(errorMessage(error), "error");
      }
    };
    const onVisible = () => {
      if (document.visibilityState === "visible" && expiresAt && Date.now() > expiresAt - RENEW_BEFORE_EXPIRY_MS) void renew();
    };
    document.addEventListener("visibilitychange", onVisible);
    onLeave(() => {
      window.clearTimeout(renewTimer);
      document.removeEventListener("visibilitychange", onVisible);
      player?.stop(false);
    });
    replace(stage, h("p", { class: "loading" }, t("status.loading")));
    // Offline, the play answer kept with the download (its files come from the service worker's cache).
    let owner = currentUser()?.userId;
    const playOffline = async (error: unknown): Promise<PlayOut> => {
      const download = offlineCopy ?? (isOffline(error) ? await downloadOf(course.id, currentUser()?.userId) : null);
      owner ??= download?.userId;
      const kept = download?.contents[content.id]?.play;
      if (!kept) throw isOffline(error) ? new ApiError(0, "NOT_DOWNLOADED", t("offline.notDownloaded")) : error;
      return kept;
    };
    try {
      const play = offlineCopy ? await playOffline(null) : await api.get<PlayOut>(playPath).catch(playOffline);
      player = await createPlayer({ enrolmentId: id, contentId: content.id, title: content.title, play, onProgress, owner });
      scheduleRenewal(play);
      replace(stage, player.element);
    } catch (error) {
      replace(stage, errorBox(error));
    }
  } else {
    const actions = h("div", { class: "actions" });
    if (content.url) {
      actions.append(h("a", { href: content.url, target: "_blank", rel: "noopener noreferrer", class: "button" }, t("course.openLink"), h("span", { class: "visually-hidden" }, ` ${t("player.newTab")}`)));
    }
    if (!current?.completed) {
      const complete = h("button", { type: "button", class: "primary" }, t("course.markComplete"));
      complete.addEventListener("click", () => void act(complete, async () => {
        await api.put(`/enrolments/${seg(id)}/progress`, { contentId: content.id, status: "completed", progressPercent: 100 });
        enrolment = await api.get<Enrolment>(`/enrolments/${seg(id)}`);
        onProgress({ coveredPercent: 100, completed: true });
        renderCourse();
        complete.remove();
      }, { busy: t("status.saving") }, status));
      actions.append(complete);
    }
    stage.append(actions);
  }

  return page(
    content.title,
    offlineCopy ? offlineNotice(offlineCopy) : null,
    h("p", { class: "meta" }, pill(typeLabel), " ", back),
    stage,
    status,
    section(t("player.yourProgress"), progressBox, courseBox),
    h("nav", { class: "content-nav", "aria-label": t("player.contentNav") },
      prevContent ? link(contentPath(course, prevContent.id), { rel: "prev" }, t("player.previous", { title: prevContent.title })) : null,
      nextContent ? link(contentPath(course, nextContent.id), { rel: "next" }, t("player.next", { title: nextContent.title })) : null,
    ),
  );
}

// -------------------------------------------------------------------------------------------- assessment

export { assessmentView } from "./assessment";

// ------------------------------------------------------------------------------------------- my learning

export function myLearningView(): Node {
  const withdrawLine = outcomeLine();
  const list: ReturnType<typeof pagedList<Enrolment>> = pagedList<Enrolment>(
    (cursor) => api.get<Page<Enrolment>>("/me/enrolments", { cursor }),
    (e) =>
      h(
        "article",
        { class: "enrolment-card" },
        h("h3", null, link(`/courses/${seg(e.courseId ?? "")}`, null, e.courseTitle ?? e.courseId ?? "")),
        h("p", null, statusPill(e.status), e.batchName ? h("span", { class: "muted" }, ` ${e.batchName}`) : null),
        ACTIVE.has(e.status) ? progressBar(e.completionPercentage ?? 0, `${t("course.completion")}: ${e.courseTitle ?? e.courseId}`) : null,
        e.reason ? h("p", { class: "muted" }, e.reason) : null,
        WITHDRAWABLE.has(e.status) ? withdrawControl(enrolmentId(e), e.courseTitle ?? e.courseId ?? "", () => void list.reload(), withdrawLine) : null,
      ),
    { emptyText: t("learning.none"), label: t("learning.title") },
  );
  return page(
    t("learning.title"),
    h("nav", { class: "lrn-links", "aria-label": t("lrn.workspace") }, link("/plans", { class: "button" }, t("lrn.plansTitle")),
      link("/bookmarks", { class: "button" }, t("lrn.bookmarksTitle")), link("/leaderboard", { class: "button" }, t("lrn.leaderboardTitle"))),
    withdrawLine,
    list,
    h("p", null, link("/courses", { class: "button" }, t("learning.browse"))),
  );
}
