// Competency passbook and gaps, career paths and readiness, openings and applications.

import { api, seg, type Page } from "../api";
import { empty, errorBox, page, pill, progressBar, section, regionTable } from "../components";
import { h, replace } from "../dom";
import { formatDate, formatNumber, t, tOr } from "../i18n";
import { link } from "../router";
import { currentUser, loadMe } from "../state";
import { openingsSection } from "./career";
import { competencyNames, type PassbookEntry } from "./profile";

type CourseRef = string | { id?: string; courseId?: string; title?: string };

interface Gap {
  competencyId: string;
  competencyName?: string;
  name?: string;
  requiredLevel: number;
  currentLevel: number;
  recommendedCourses?: CourseRef[];
}

const itemsOf = <T>(value: Page<T> | T[] | { gaps?: T[] } | null | undefined): T[] => {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  if ("items" in value && Array.isArray(value.items)) return value.items;
  if ("gaps" in value && Array.isArray(value.gaps)) return value.gaps;
  return [];
};

function courseLinks(courses: CourseRef[] | undefined): Node {
  if (!courses?.length) return h("span", { class: "muted" }, t("common.none"));
  return h(
    "ul",
    { class: "inline-list" },
    courses.map((c) => {
      const id = typeof c === "string" ? c : (c.courseId ?? c.id ?? "");
      const title = typeof c === "string" ? c : (c.title ?? id);
      return h("li", null, link(`/courses/${seg(id)}`, null, title));
    }),
  );
}

export function gapTable(gaps: Gap[], names: Map<string, string>, caption: string): Node {
  if (!gaps.length) return empty(t("gaps.none"));
  // Readiness gaps carry no courses of their own (the readiness lists them below): no column saying "None".
  const withCourses = gaps.some((g) => g.recommendedCourses !== undefined);
  return regionTable(caption,
    [
      h("th", { scope: "col" }, t("gaps.competency")),
      h("th", { scope: "col" }, t("gaps.required")),
      h("th", { scope: "col" }, t("gaps.current")),
      withCourses ? h("th", { scope: "col" }, t("gaps.courses")) : null,
    ],
    gaps.map((g) => {
      const name = names.get(g.competencyId) ?? g.name ?? g.competencyName ?? g.competencyId;
      return h("tr", null,
        h("th", { scope: "row" }, name),
        h("td", null, formatNumber(g.requiredLevel)),
        h("td", null, formatNumber(g.currentLevel ?? 0)),
        withCourses ? h("td", null, courseLinks(g.recommendedCourses)) : null);
    }));
}

export async function competencyView(): Promise<Node> {
  const names = await competencyNames();
  const gapsBox = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  const passbookBox = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  void api
    .get<Page<Gap> | Gap[]>("/me/competency-gaps")
    .then((result) => replace(gapsBox, gapTable(itemsOf(result), names, t("gaps.title"))))
    .catch((error: unknown) => replace(gapsBox, errorBox(error)));
  void api
    .get<Page<PassbookEntry> | PassbookEntry[]>("/me/competencies")
    .then((result) => {
      const entries = itemsOf(result);
      replace(
        passbookBox,
        entries.length
          ? h("ul", { class: "list" }, entries.map((e) => h("li", { class: "passbook-entry" },
              h("strong", null, names.get(e.competencyId) ?? e.competencyId), " ",
              pill(t("competency.level", { level: e.level }), "info"), " ",
              pill(tOr(`source.${e.source}`, e.source)),
              e.acquiredAt ? h("span", { class: "muted" }, ` ${formatDate(e.acquiredAt)}`) : null)))
          : empty(t("passbook.none")),
      );
    })
    .catch((error: unknown) => replace(passbookBox, errorBox(error)));
  return page(
    t("gaps.pageTitle"),
    h("p", { class: "lead" }, t("gaps.lead")),
    section(t("gaps.title"), gapsBox),
    section(t("passbook.title"), passbookBox, link("/profile/competencies", { class: "button" }, t("profile.editCompetencies"))),
  );
}

// ------------------------------------------------------------------------------------------------ career

interface CareerPath {
  fromRole: string;
  fromRoleName?: string;
  toRole: string;
  toRoleName?: string;
  requiredCompetencies?: { competencyId: string; name?: string; level: number }[];
}

interface Readiness {
  readinessPercent: number;
  gaps?: Gap[];
  recommendedCourses?: CourseRef[];
}

export async function careerView(): Promise<Node> {
  const me = currentUser() ?? (await loadMe());
  const names = await competencyNames();
  const readinessBox = h("div", { "aria-live": "polite" });
  let paths: CareerPath[] = [];
  try {
    paths = itemsOf(await api.get<Page<CareerPath> | CareerPath[]>("/career/paths", { designation: me?.designationId ?? me?.designation }));
  } catch (error) {
    readinessBox.append(errorBox(error));
  }
  const roleNames = new Map<string, string>();
  for (const p of paths) {
    roleNames.set(p.toRole, p.toRoleName ?? p.toRole);
    roleNames.set(p.fromRole, p.fromRoleName ?? p.fromRole);
  }
  const targets = [...new Set(paths.map((p) => p.toRole))];
  const select = h("select", { id: "career-target", name: "targetRole" },
    h("option", { value: "" }, t("career.chooseTarget")),
    targets.map((role) => h("option", { value: role }, roleNames.get(role) ?? role)));
  const check = async () => {
    if (!select.value) {
      replace(readinessBox);
      return;
    }
    replace(readinessBox, h("p", { class: "loading" }, t("status.loading")));
    try {
      const r = await api.get<Readiness>("/me/career/readiness", { targetRole: select.value });
      replace(
        readinessBox,
        h("h3", null, t("career.readinessFor", { role: roleNames.get(select.value) ?? select.value })),
        progressBar(r.readinessPercent ?? 0, t("career.readiness")),
        gapTable(r.gaps ?? [], names, t("career.gaps")),
        r.recommendedCourses?.length ? h("div", null, h("h4", null, t("career.recommended")), courseLinks(r.recommendedCourses)) : null,
      );
    } catch (error) {
      replace(readinessBox, errorBox(error));
    }
  };
  select.addEventListener("change", () => void check());
  const ladder = paths.length
    ? h("ul", { class: "list" }, paths.map((p) => h("li", null,
        h("strong", null, `${p.fromRoleName ?? p.fromRole} → ${p.toRoleName ?? p.toRole}`),
        p.requiredCompetencies?.length ? h("p", { class: "muted" }, p.requiredCompetencies.map((c) => `${names.get(c.competencyId) ?? c.name ?? c.competencyId} (${t("competency.level", { level: c.level })})`).join(", ")) : null)))
    : empty(t("career.noPaths"));

  return page(
    t("career.title"),
    section(t("career.paths"), ladder),
    section(t("career.readiness"), h("div", { class: "field" }, h("label", { for: "career-target" }, t("career.targetRole")), select), readinessBox),
    openingsSection(),
  );
}
