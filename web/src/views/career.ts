// Career openings: learners see each opening (applied for already, or Apply) and "My applications" with the
// state of each; MDO admins post openings, read an opening's applications (with each applicant's readiness) and
// move them on (shortlist, select, reject: the applicant is notified by the platform).

import { api, newIdempotencyKey, seg, type Page } from "../api";
import { act, dl, empty, errorBox, page, pagedList, pill, progressBar, section, statusPill } from "../components";
import { h, replace } from "../dom";
import { field, form, select, submitButton, submitting, textarea, values } from "../forms";
import { formatDate, formatDateTime, formatNumber, t } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { currentUser, hasRole, loadMe } from "../state";
import { statusLine } from "../status";
import { competencyNames } from "./profile";

export interface Opening {
  id: string;
  orgId: string;
  title: string;
  description: string;
  location: string;
  closingDate: string;
  closingAt?: string;
  requiredCompetencies?: { competencyId: string; name?: string | null; level: number }[];
  status: "OPEN" | "CLOSED";
}

export interface Application {
  id: string;
  openingId: string;
  openingTitle: string;
  orgId: string;
  userId: string;
  applicantName?: string | null;
  applicantDesignation?: string | null;
  status: "APPLIED" | "SHORTLISTED" | "SELECTED" | "REJECTED";
  appliedAt: string;
  updatedAt: string;
  version: number;
  readiness?: { readinessPercent: number; gaps: { competencyId: string; name?: string | null }[] } | null;
}

const NEXT: Record<string, ("SHORTLISTED" | "SELECTED" | "REJECTED")[]> = {
  APPLIED: ["SHORTLISTED", "REJECTED"],
  SHORTLISTED: ["SELECTED", "REJECTED"],
};

/** My applications by opening id (the openings I applied for say so). */
async function myApplicationsByOpening(): Promise<Map<string, Application>> {
  const found = new Map<string, Application>();
  try {
    let cursor: string | null | undefined;
    do {
      const result = await api.get<Page<Application>>("/me/applications", { cursor, limit: 100 });
      for (const a of result.items) found.set(a.openingId, a);
      cursor = result.nextCursor;
    } while (cursor && found.size < 500);
  } catch {
    /* shown without the applied state */
  }
  return found;
}

function applyBox(o: Opening, applied: Application | undefined): HTMLElement {
  const box = h("div", { class: "actions coord-apply" });
  const status = statusLine();
  if (applied) {
    replace(box, h("p", null, t("coord.alreadyApplied"), " ", statusPill(applied.status)), link("/career/applications", null, t("coord.myApplications")));
    return box;
  }
  if (o.status !== "OPEN") {
    replace(box, pill(t("coord.closed"), "neutral"));
    return box;
  }
  const key = newIdempotencyKey();
  const apply = h("button", { type: "button", class: "primary", "aria-label": `${t("coord.apply")}: ${o.title}` }, t("coord.apply"));
  apply.addEventListener("click", () => void act(apply, async () => {
    const made = await api.post<Application>(`/career/openings/${seg(o.id)}/applications`, {}, { idempotencyKey: key });
    replace(box, h("p", null, t("coord.alreadyApplied"), " ", statusPill(made.status)), link("/career/applications", null, t("coord.myApplications")), status);
  }, { done: t("coord.appliedFor", { title: o.title }) }, status));
  replace(box, apply, status);
  return box;
}

function openingCard(o: Opening, applied: Application | undefined): Node {
  return h("article", { class: "opening-card", "data-opening-id": o.id },
    h("h3", null, link(`/career/openings/${seg(o.id)}`, null, o.title)),
    h("p", { class: "muted" }, `${o.location} · ${t("coord.closes", { date: formatDate(o.closingDate) })}`),
    applyBox(o, applied));
}

/** The openings section of the career page: each opening with Apply, or the state of my application. */
export function openingsSection(): HTMLElement {
  const mine = myApplicationsByOpening();
  return section(
    t("coord.openings"),
    h("p", { class: "actions" }, link("/career/applications", null, t("coord.myApplications")),
      hasRole("MDO_ADMIN", "SPV_ADMIN") ? link("/admin/openings", null, t("coord.toOrgOpenings")) : null),
    pagedList<Opening>(
      (cursor) => api.get<Page<Opening>>("/career/openings", { cursor }),
      (o) => {
        const slot = h("div");
        void mine.then((applied) => replace(slot, openingCard(o, applied.get(o.id))));
        return slot;
      },
      { emptyText: t("coord.noOpenings"), label: t("coord.openings") },
    ),
  );
}

export function myApplicationsView(): Node {
  return page(
    t("coord.myApplications"),
    h("p", { class: "lead" }, t("coord.myApplicationsLead")),
    pagedList<Application>(
      (cursor) => api.get<Page<Application>>("/me/applications", { cursor }),
      (a) => h("article", { class: "opening-card", "data-application-id": a.id },
        h("h3", null, link(`/career/openings/${seg(a.openingId)}`, null, a.openingTitle)),
        h("p", null, statusPill(a.status), " ", h("span", { class: "muted" }, t("coord.appliedOn", { when: formatDateTime(a.appliedAt) }))),
        a.updatedAt !== a.appliedAt ? h("p", { class: "muted" }, t("coord.updatedOn", { when: formatDateTime(a.updatedAt) })) : null),
      { emptyText: t("coord.noApplications"), label: t("coord.myApplications") },
    ),
    h("p", null, link("/career", null, t("coord.toCareer"))),
  );
}

function applicationRow(a: Application): HTMLElement {
  const row = h("article", { class: "approval-card", "data-application-id": a.id });
  const status = statusLine();
  const paint = (current: Application) => {
    const moves = (NEXT[current.status] ?? []).map((next) => {
      const b = h("button", { type: "button", class: next === "REJECTED" ? "danger" : "primary", "aria-label": `${t(`coord.move.${next}`)}: ${current.applicantName ?? current.userId}` }, t(`coord.move.${next}`));
      b.addEventListener("click", () => void act(b, async () => {
        const changed = await api.post<Application>(`/career/applications/${seg(current.id)}/status`, { status: next, version: current.version });
        paint({ ...current, ...changed });
      }, { done: t("coord.statusChanged", { name: current.applicantName ?? current.userId }) }, status));
      return b;
    });
    replace(row,
      h("h3", null, current.applicantName ?? current.userId),
      current.applicantDesignation ? h("p", { class: "muted" }, current.applicantDesignation) : null,
      h("p", null, statusPill(current.status), " ", h("span", { class: "muted" }, t("coord.appliedOn", { when: formatDateTime(current.appliedAt) }))),
      current.readiness ? progressBar(current.readiness.readinessPercent, t("coord.readiness")) : null,
      moves.length ? h("div", { class: "actions" }, moves) : null,
      status);
  };
  paint(a);
  return row;
}

export async function openingView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.openingId!;
  const me = currentUser() ?? (await loadMe());
  let opening: Opening;
  try {
    opening = await api.get<Opening>(`/career/openings/${seg(id)}`);
  } catch (error) {
    return page(t("coord.openings"), errorBox(error), h("p", null, link("/career", null, t("coord.toCareer"))));
  }
  const names = await competencyNames();
  const reviewer = hasRole("SPV_ADMIN") || (hasRole("MDO_ADMIN") && me?.orgId === opening.orgId);
  const mine = reviewer ? undefined : (await myApplicationsByOpening()).get(id);
  return page(
    opening.title,
    h("p", { class: "lead" }, opening.description),
    dl([
      [t("coord.location"), opening.location],
      [t("coord.closingDate"), formatDate(opening.closingDate)],
      [t("coord.status"), statusPill(opening.status)],
      [t("coord.required"), opening.requiredCompetencies?.length
        ? opening.requiredCompetencies.map((r) => `${r.name ?? names.get(r.competencyId) ?? r.competencyId} (${t("coord.level", { level: formatNumber(r.level) })})`).join(", ")
        : t("coord.noneRequired")],
    ]),
    reviewer
      ? section(t("coord.applications"), pagedList<Application>(
          (cursor) => api.get<Page<Application>>(`/career/openings/${seg(id)}/applications`, { cursor }),
          applicationRow,
          { emptyText: t("coord.noApplicants"), label: t("coord.applications") },
        ))
      : section(t("coord.yourApplication"), applyBox(opening, mine)),
    h("p", null, link(reviewer ? "/admin/openings" : "/career", null, reviewer ? t("coord.toOrgOpenings") : t("coord.toCareer"))),
  );
}

export async function orgOpeningsView(): Promise<Node> {
  const me = currentUser() ?? (await loadMe());
  const names = await competencyNames();
  const choices = [...names].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  const levels = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t("coord.level", { level: formatNumber(n) }) }));
  let key = newIdempotencyKey();
  const requirementRows = [1, 2, 3].map((n) => h("div", { class: "grid two" },
    select({ label: t("coord.requiredN", { n: formatNumber(n) }), name: `competency${n}`, options: choices, placeholder: t("coord.noCompetency") }),
    select({ label: t("coord.levelN", { n: formatNumber(n) }), name: `level${n}`, options: levels, value: "2" })));
  const openingForm = form(
    {
      class: "stack",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(openingForm, async () => {
          const v = values(openingForm);
          const requiredCompetencies = [1, 2, 3].filter((n) => v[`competency${n}`]).map((n) => ({ competencyId: v[`competency${n}`], level: Number(v[`level${n}`]) }));
          const made = await api.post<Opening>("/career/openings", {
            title: v.title, description: v.description, location: v.location, closingDate: v.closingDate, requiredCompetencies,
          }, { idempotencyKey: key });
          key = newIdempotencyKey();
          navigate(`/career/openings/${seg(made.id)}`);
        }, t("status.saving"));
      },
    },
    field({ label: t("coord.openingTitle"), name: "title", required: true, minlength: 3, maxlength: 200 }),
    textarea({ label: t("coord.description"), name: "description", required: true, maxlength: 10000 }),
    h("div", { class: "grid two" },
      field({ label: t("coord.location"), name: "location", required: true, maxlength: 200 }),
      field({ label: t("coord.closingDate"), name: "closingDate", type: "date", required: true })),
    h("fieldset", null, h("legend", null, t("coord.required")), requirementRows),
    h("div", { class: "actions" }, submitButton(t("coord.postOpening"))),
  );
  return page(
    t("coord.orgOpenings"),
    section(t("coord.postOpening"), openingForm),
    section(t("coord.orgOpeningsList"), me?.orgId
      ? pagedList<Opening>(
          (cursor) => api.get<Page<Opening>>("/career/openings", { orgId: me.orgId, cursor }),
          (o) => h("article", { class: "opening-card" },
            h("h3", null, link(`/career/openings/${seg(o.id)}`, null, o.title)),
            h("p", { class: "muted" }, `${o.location} · ${t("coord.closes", { date: formatDate(o.closingDate) })} `, statusPill(o.status))),
          { emptyText: t("coord.noOrgOpenings"), label: t("coord.orgOpeningsList") },
        )
      : empty(t("coord.noOrgOpenings"))),
  );
}
