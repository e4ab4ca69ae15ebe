// Authoring, for content creators: "My courses" (their Draft, Review and Live courses), the course form (create
// a Draft, edit a Draft: modules with video, audio, pdf, scorm, link and quiz contents), and a course's
// authoring page: each file content's upload with its progress and its processing verdict, and "Send for review".

import { api, ApiError, newIdempotencyKey, seg, type Page, type Schema } from "../api";
import { act, dl, empty, page, pagedList, pill, section } from "../components";
import { h, replace } from "../dom";
import { checkbox, field, form, select, submitButton, submitting, textarea } from "../forms";
import { formatDateTime, formatNumber, t, tOr } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { announce, announceError, statusLine } from "../status";
import { isUploadKind, type UploadKind } from "../upload";
import { uploadPanel } from "./upload-panel";
import { competencies } from "./profile";
import { checkQuizBuilders, quizBuilder, type QuizBuilder } from "./quiz-builder";
import { authoringExtras, commentsFor, lastSendBack, previewLink, reviewsOf, reviseButton } from "./authoring-review";

type Course = Schema<"Course">;
type CourseIn = Schema<"CourseIn">;
type ContentOut = Schema<"ContentOut">;
type ContentIn = Schema<"ContentIn">;
type ContentType = ContentIn["type"];

const CONTENT_TYPES: ContentType[] = ["video", "audio", "pdf", "scorm", "link", "quiz"];
const STATUS_KINDS: Record<string, string> = { Draft: "warn", Review: "info", Live: "ok", Retired: "neutral" };

function courseStatusPill(status: string): HTMLElement {
  return pill(tOr(`courseStatus.${status}`, status), STATUS_KINDS[status] ?? "neutral");
}

const contentTypeName = (type: string): string => tOr(`contentType.${type}`, type);

// ---------------------------------------------------------------------------------------------- my courses

export function myCoursesView(): Node {
  // GET /courses?mine=true lists summaries; each course's status and version come with the course itself.
  const fetchPage = async (cursor: string | null): Promise<Page<Course>> => {
    const summaries = await api.get<Page<{ id: string }>>("/courses", { mine: true, cursor, limit: 20 });
    const items = await Promise.all((summaries.items ?? []).map((s) => api.get<Course>(`/courses/${seg(s.id)}`)));
    return { items, nextCursor: summaries.nextCursor };
  };
  return page(
    t("authoring.title"),
    h("p", { class: "lead" }, t("authoring.lead")),
    h("p", null, link("/authoring/new", { class: "button primary" }, t("authoring.newCourse"))),
    pagedList<Course>(fetchPage, (course) =>
      h(
        "article",
        { class: "course-card authoring-card" },
        h("h3", null, link(`/authoring/${seg(course.id)}`, null, course.title)),
        h("p", { class: "meta" }, courseStatusPill(course.status), " ", course.revisionOf ? pill(t("authx.ofRevision"), "info") : null, " ",
          h("span", { class: "muted" }, t("authoring.updated", { date: formatDateTime(course.updatedAt) }))),
        course.status === "Draft"
          ? h("p", null, link(`/authoring/${seg(course.id)}/edit`, { class: "button", "aria-label": `${t("authoring.edit")}: ${course.title}` }, t("authoring.edit")))
          : null,
      ), { emptyText: t("authoring.none"), label: t("authoring.title") }),
  );
}

// ------------------------------------------------------------------------------------------ the course form

const ID_CHARS = /[^a-z0-9]+/g;
/** An id for a new module or content (the API's pattern: a letter or digit, then letters, digits, - or _). */
function newId(prefix: string, title: string): string {
  const slug = title.toLowerCase().replace(ID_CHARS, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return `${slug || prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

function levelOptions(): { value: string; label: string }[] {
  return [1, 2, 3, 4, 5].map((level) => ({ value: String(level), label: t("competency.level", { level }) }));
}

function removeButton(label: string, onClick: () => void): HTMLButtonElement {
  return h("button", { type: "button", class: "link-button danger-link", onClick }, label);
}

interface ContentSeed {
  id?: string;
  title?: string;
  type?: ContentType;
  durationMinutes?: number;
  mandatory?: boolean;
  url?: string | null;
  passPercent?: number | null;
  maxAttempts?: number | null;
  questionCount?: number | null;
}

export async function courseEditorView(ctx: RouteContext): Promise<Node> {
  const courseId = ctx.params.courseId;
  const [existing, catalogue] = await Promise.all([
    courseId ? api.get<Course>(`/courses/${seg(courseId)}`) : Promise.resolve(null),
    competencies().catch(() => []),
  ]);
  if (existing && existing.status !== "Draft") {
    return page(t("authoring.editTitle"), h("p", { class: "notice warning" }, t("authoring.notDraft", { status: tOr(`courseStatus.${existing.status}`, existing.status) })),
      link(`/authoring/${seg(existing.id)}`, null, t("authoring.backToCourse")));
  }
  const competencyChoices = catalogue.map((c) => ({ value: c.id, label: c.name }));

  // ---- competencies: rows of (competency, level)
  const competencyRows = h("div", { class: "rows" });
  const addCompetency = (competencyId = "", level = 1) => {
    const row = h("div", { class: "row competency-pick", "data-row": "competency" },
      select({ label: t("authoring.competency"), name: "competencyId", options: competencyChoices, placeholder: t("authoring.chooseCompetency"), value: competencyId, required: true }),
      select({ label: t("authoring.level"), name: "level", options: levelOptions(), value: String(level) }),
    );
    row.append(removeButton(t("authoring.removeCompetency"), () => {
      row.remove();
      renumber();
    }));
    competencyRows.append(row);
    renumber();
    return row;
  };

  // ---- modules and their contents
  const moduleList = h("div", { class: "modules" });
  const quizzes = new WeakMap<HTMLElement, QuizBuilder>();

  const addContent = (contentList: HTMLElement, seed: ContentSeed = {}): HTMLElement => {
    const box = h("fieldset", { class: "content-editor", "data-id": seed.id ?? "" });
    const legend = h("legend");
    const typeSelect = select({
      label: t("authoring.contentType"), name: "type", required: true, value: seed.type ?? "video",
      options: CONTENT_TYPES.map((type) => ({ value: type, label: contentTypeName(type) })),
    });
    const urlField = field({ label: t("authoring.url"), name: "url", type: "url", value: seed.url ?? "", hint: t("authoring.urlHint"), required: true, maxlength: 2083 });
    const builder = quizBuilder(seed.type === "quiz" ? seed : null, Boolean(seed.id && seed.type === "quiz"));
    quizzes.set(box, builder);
    const quizFields = builder.element;
    const showTypeFields = () => {
      const type = box.querySelector<HTMLSelectElement>("select[name$=type]")!.value;
      urlField.hidden = type !== "link";
      quizFields.hidden = type !== "quiz";
    };
    typeSelect.querySelector("select")!.addEventListener("change", showTypeFields);
    box.append(
      legend,
      field({ label: t("authoring.contentTitle"), name: "title", value: seed.title ?? "", required: true, maxlength: 200 }),
      typeSelect,
      field({ label: t("authoring.minutes"), name: "durationMinutes", type: "number", min: 0, max: 1440, value: String(seed.durationMinutes ?? 5), required: true, inputmode: "numeric" }),
      checkbox({ label: t("authoring.mandatory"), name: "mandatory", checked: seed.mandatory ?? true }),
      urlField,
      quizFields,
      removeButton(t("authoring.removeContent"), () => {
        if (contentList.children.length <= 1) {
          announceError(t("authoring.oneContent"));
          return;
        }
        box.remove();
        renumber();
      }),
    );
    contentList.append(box);
    showTypeFields();
    renumber();
    return box;
  };

  const addModule = (seed?: { id: string; title: string; contents: ContentSeed[] }): HTMLElement => {
    const contentList = h("div", { class: "contents-editor" });
    const box = h("fieldset", { class: "module-editor", "data-id": seed?.id ?? "" },
      h("legend"),
      field({ label: t("authoring.moduleTitle"), name: "title", value: seed?.title ?? "", required: true, maxlength: 200 }),
      contentList,
    );
    const addContentButton = h("button", { type: "button", class: "secondary" }, t("authoring.addContent"));
    addContentButton.addEventListener("click", () => addContent(contentList).querySelector("input")?.focus());
    box.append(h("div", { class: "actions" }, addContentButton, removeButton(t("authoring.removeModule"), () => {
      if (moduleList.children.length <= 1) {
        announceError(t("authoring.oneModule"));
        return;
      }
      box.remove();
      renumber();
    })));
    moduleList.append(box);
    for (const content of seed?.contents.length ? seed.contents : [{}]) addContent(contentList, content);
    renumber();
    return box;
  };

  /** Names follow the API's paths (modules.0.contents.1.title), so its field errors land on their inputs. */
  function renumber(): void {
    competencyRows.querySelectorAll<HTMLElement>(".competency-pick").forEach((row, i) => {
      row.querySelectorAll<HTMLSelectElement>("select").forEach((el) => {
        el.name = `competencies.${i}.${el.name.split(".").pop()}`;
      });
    });
    moduleList.querySelectorAll<HTMLElement>(".module-editor").forEach((moduleBox, m) => {
      moduleBox.querySelector("legend")!.textContent = t("course.module", { n: m + 1 });
      moduleBox.querySelector<HTMLInputElement>(":scope > .field input")!.name = `modules.${m}.title`;
      moduleBox.querySelectorAll<HTMLElement>(".content-editor").forEach((contentBox, c) => {
        contentBox.querySelector("legend")!.textContent = t("authoring.contentLegend", { n: c + 1, module: m + 1 });
        contentBox.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea").forEach((el) => {
          if (!el.closest("[data-quiz-builder]")) el.name = `modules.${m}.contents.${c}.${el.name.split(".").pop()}`;
        });
        quizzes.get(contentBox)?.renumber(`modules.${m}.contents.${c}`);
      });
    });
  }

  const value = (scope: ParentNode, name: string): string =>
    (scope.querySelector<HTMLInputElement>(`[name$=".${name}"]`)?.value ?? "").trim();

  const collectContent = (box: HTMLElement): ContentIn => {
    const type = value(box, "type") as ContentType;
    const title = value(box, "title");
    const content: ContentIn = {
      id: box.dataset.id || newId("content", title),
      title,
      type,
      durationMinutes: Number(value(box, "durationMinutes") || 0),
      mandatory: box.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked,
    };
    box.dataset.id = content.id; // a retry of the same form keeps its ids
    if (type === "link") content.url = value(box, "url");
    if (type === "quiz") {
      const quiz = quizzes.get(box)?.collect();
      if (quiz) content.quiz = quiz; // none: the saved quiz is kept
    }
    return content;
  };

  const courseValue = (name: string): string => (formEl.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value ?? "").trim();
  const collect = (): CourseIn => ({
    title: courseValue("title"),
    description: courseValue("description"),
    language: courseValue("language") === "hi" ? "hi" : "en",
    competencies: Array.from(competencyRows.querySelectorAll<HTMLElement>(".competency-pick")).map((row) => ({
      competencyId: row.querySelector<HTMLSelectElement>("select[name$=competencyId]")!.value,
      level: Number(row.querySelector<HTMLSelectElement>("select[name$=level]")!.value),
    })),
    modules: Array.from(moduleList.querySelectorAll<HTMLElement>(".module-editor")).map((box) => {
      const title = box.querySelector<HTMLInputElement>(":scope > .field input")!.value.trim();
      const id = box.dataset.id || newId("module", title);
      box.dataset.id = id;
      return { id, title, contents: Array.from(box.querySelectorAll<HTMLElement>(".content-editor")).map(collectContent) };
    }),
  });

  /** What the API refuses that the browser cannot see: each quiz question's correct answers. */
  const checkQuizzes = (): void => checkQuizBuilders(Array.from(moduleList.querySelectorAll<HTMLElement>(".content-editor"))
    .filter((box) => value(box, "type") === "quiz").map((box) => quizzes.get(box)!).filter(Boolean));

  const idempotencyKey = newIdempotencyKey();
  const formEl: HTMLFormElement = form(
    {
      class: "stack course-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(formEl, async () => {
          checkQuizzes();
          const body = collect();
          const saved = existing
            ? await api.put<Course>(`/courses/${seg(existing.id)}`, { ...body, version: existing.version })
            : await api.post<Course>("/courses", body, { idempotencyKey });
          announce(t(existing ? "authoring.saved" : "authoring.created", { title: saved.title }));
          navigate(`/authoring/${seg(saved.id)}`);
        }, t("status.saving"));
      },
    },
    field({ label: t("authoring.courseTitle"), name: "title", value: existing?.title ?? "", required: true, maxlength: 200 }),
    textarea({ label: t("authoring.description"), name: "description", value: existing?.description ?? "", maxlength: 5000 }),
    select({ label: t("authoring.language"), name: "language", value: existing?.language ?? "en", options: [{ value: "en", label: "English" }, { value: "hi", label: "हिन्दी" }] }),
    h("fieldset", null, h("legend", null, t("authoring.competencies")), h("p", { class: "hint" }, t("authoring.competenciesHint")), competencyRows,
      h("button", { type: "button", class: "secondary", onClick: () => addCompetency().querySelector("select")?.focus() }, t("authoring.addCompetency"))),
    h("h2", null, t("authoring.modules")),
    moduleList,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onClick: () => addModule().querySelector("input")?.focus() }, t("authoring.addModule"))),
    h("div", { class: "actions sticky-actions" }, submitButton(existing ? t("authoring.save") : t("authoring.create")),
      existing ? link(`/authoring/${seg(existing.id)}`, null, t("authoring.cancel")) : link("/authoring", null, t("authoring.cancel"))),
  );
  for (const c of existing?.competencies ?? []) addCompetency(c.competencyId, c.level);
  if (existing?.modules.length) {
    for (const module of existing.modules) addModule({ id: module.id, title: module.title, contents: module.contents.map((c) => ({ ...c, url: c.url ?? null })) });
  } else {
    addModule();
  }
  return page(existing ? t("authoring.editTitle") : t("authoring.newTitle"), existing ? h("p", { class: "lead" }, existing.title) : null, formEl);
}

// ------------------------------------------------------------------------------ a course's authoring page

export async function authoringCourseView(ctx: RouteContext): Promise<Node> {
  let course = await api.get<Course>(`/courses/${seg(ctx.params.courseId!)}`);
  const [competencyList, reviews] = await Promise.all([competencies().catch(() => []), reviewsOf(course.id).catch(() => [])]);
  const names = new Map(competencyList.map((c) => [c.id, c.name]));
  const sentBack = lastSendBack(course, reviews);
  const head = h("div", { class: "authoring-head" });
  const body = h("div");
  const reviewStatus = statusLine();

  const sendForReview = h("button", { type: "button", class: "primary" }, t("authoring.sendForReview"));
  sendForReview.addEventListener("click", () => void act(sendForReview, async () => {
    try {
      course = await api.post<Course>(`/courses/${seg(course.id)}/review`, { version: course.version });
    } catch (error) {
      // A stale version: the course changed (an upload's verdict moves it on); look again and say so.
      if (error instanceof ApiError && error.code === "STALE_VERSION") course = await api.get<Course>(`/courses/${seg(course.id)}`);
      throw error;
    }
    render();
    reviewStatus.set(t("authoring.sentForReview"), "ok");
    announce(t("authoring.sentForReview"));
  }, { busy: t("status.sending") }, reviewStatus));

  const render = () => {
    const draft = course.status === "Draft";
    replace(head,
      h("p", null, t("authoring.status"), " ", courseStatusPill(course.status)),
      course.revisionOf ? h("p", { class: "notice info" }, t("authx.isRevision"), " ", link(`/authoring/${seg(course.revisionOf)}`, null, t("authx.liveCourse"))) : null,
      draft && sentBack ? h("div", { class: "notice warning" }, h("p", null, t("authx.sentBackNotice")), commentsFor(sentBack, null)) : null,
      course.description ? h("p", { class: "lead" }, course.description) : null,
      dl([
        [t("authoring.language"), course.language === "hi" ? "हिन्दी" : "English"],
        [t("course.duration"), t("course.minutes", { minutes: formatNumber(course.durationMinutes) })],
        [t("course.competencies"), course.competencies.length
          ? h("ul", { class: "inline-list" }, course.competencies.map((c) => h("li", null, names.get(c.competencyId) ?? c.competencyId, ` (${t("competency.level", { level: c.level })})`)))
          : t("common.none")],
      ]),
      h("div", { class: "actions" },
        draft ? link(`/authoring/${seg(course.id)}/edit`, { class: "button" }, t("authoring.edit")) : null,
        draft ? sendForReview : null,
        course.status === "Live" ? link(`/courses/${seg(course.id)}`, { class: "button" }, t("authoring.viewInCatalogue")) : null,
      ),
      reviseButton(course),
      reviewStatus,
      draft ? h("p", { class: "hint" }, t("authoring.reviewHint")) : null,
    );
    replace(body, course.modules.map((module, index) =>
      section(`${t("course.module", { n: index + 1 })}: ${module.title}`,
        h("ol", { class: "contents" }, module.contents.map((content) =>
          h("li", { class: "content authoring-content", "data-content-id": content.id },
            h("h3", { class: "content-title" }, content.title, " ", pill(contentTypeName(content.type)), content.mandatory === false ? pill(t("course.optional")) : null),
            isUploadKind(content.type)
              ? uploadPanel(course, content as ContentOut & { type: UploadKind }, draft)
              : content.type === "link" && content.url
                ? h("p", null, h("a", { href: content.url, target: "_blank", rel: "noopener noreferrer" }, content.url, h("span", { class: "visually-hidden" }, ` (${t("common.newWindow")})`)))
                : content.type === "quiz"
                  ? h("p", { class: "muted" }, t("authoring.quizFacts", { count: formatNumber(content.questionCount ?? 0), pass: formatNumber(content.passPercent ?? 0) }))
                  : null,
            previewLink(course, content),
            draft ? commentsFor(sentBack, content.id) : null,
          ))),
      )));
  };
  render();
  return page(course.title, head, course.modules.length ? body : empty(t("common.none")), ...await authoringExtras(course, reviews),
    h("p", null, link("/authoring", null, t("authoring.backToList"))));
}
