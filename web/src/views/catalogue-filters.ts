// The catalogue's filters beyond the competency: language, duration and provider. They live in the URL
// (?language=&duration=&provider=), so a filtered catalogue can be shared; the form is plain selects and a
// submit button, usable by keyboard.

import { api } from "../api";
import { h, uid } from "../dom";
import { t } from "../i18n";

export interface CatalogueFilters {
  language: string;
  duration: string;
  provider: string;
}

export function filtersFrom(query: URLSearchParams): CatalogueFilters {
  const pick = (name: string, allowed: string[] | null): string => {
    const value = query.get(name) ?? "";
    return allowed === null ? value.slice(0, 64) : allowed.includes(value) ? value : "";
  };
  return { language: pick("language", ["en", "hi"]), duration: pick("duration", ["short", "medium", "long"]), provider: pick("provider", null) };
}

/** Writes the filters into `params` (empty ones left out). */
export function addFilters(params: URLSearchParams, filters: CatalogueFilters): URLSearchParams {
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params;
}

function choice(name: string, label: string, value: string, options: [string, string][]): { field: HTMLElement; el: HTMLSelectElement } {
  const id = uid(`flt-${name}`);
  const el = h("select", { id, name }, h("option", { value: "" }, t("lrn.filterAny")), options.map(([v, l]) => h("option", { value: v }, l)));
  el.value = value;
  return { field: h("div", { class: "field" }, h("label", { for: id }, label), el), el };
}

/** The filter form; `apply` gets the chosen filters when it is submitted. */
export function filterForm(current: CatalogueFilters, apply: (filters: CatalogueFilters) => void): HTMLElement {
  const language = choice("language", t("lrn.filterLanguage"), current.language, [["en", "English"], ["hi", "हिन्दी"]]);
  const duration = choice("duration", t("lrn.filterDuration"), current.duration,
    [["short", t("lrn.durationShort")], ["medium", t("lrn.durationMedium")], ["long", t("lrn.durationLong")]]);
  const provider = choice("provider", t("lrn.filterProvider"), current.provider, current.provider ? [[current.provider, current.provider]] : []);
  void api.get<{ items: { id: string; name: string }[] }>("/orgs", { type: "organisation", limit: 100 })
    .then((orgs) => {
      const chosen = provider.el.value;
      provider.el.replaceChildren(h("option", { value: "" }, t("lrn.filterAny")), ...orgs.items.map((o) => h("option", { value: o.id }, o.name)));
      provider.el.value = chosen;
    })
    .catch(() => undefined);
  const formEl = h(
    "form",
    {
      class: "lrn-filters",
      "aria-label": t("lrn.filtersTitle"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        apply({ language: language.el.value, duration: duration.el.value, provider: provider.el.value });
      },
    },
    h("fieldset", null,
      h("legend", null, t("lrn.filtersTitle")),
      h("div", { class: "lrn-filter-row" }, language.field, duration.field, provider.field),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "secondary" }, t("lrn.applyFilters")),
        h("button", { type: "button", class: "link-button", onClick: () => {
          language.el.value = "";
          duration.el.value = "";
          provider.el.value = "";
          apply({ language: "", duration: "", provider: "" });
        } }, t("lrn.clearFilters")))),
  );
  return formEl;
}
