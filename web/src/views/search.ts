// Search: the header's search box and the results page (GET /search) — courses, people, communities and
// events, grouped by type, English or Hindi words, "Load more" continuing every type at once.

import { api, seg, type Page } from "../api";
import { errorBox, page } from "../components";
import { h } from "../dom";
import { formatNumber, t, type MessageKey } from "../i18n";
import { link, navigate, type RouteContext } from "../router";

type SearchType = "course" | "person" | "community" | "event";

interface SearchResult {
  type: SearchType;
  id: string;
  title: string;
  snippet?: string;
  startsAt?: string | null;
}

const TYPES: SearchType[] = ["course", "person", "community", "event"];
const GROUP_TITLE: Record<SearchType, MessageKey> = {
  course: "search.group.course",
  person: "search.group.person",
  community: "search.group.community",
  event: "search.group.event",
};
const TYPE_LABEL: Record<SearchType, MessageKey> = {
  course: "search.type.course",
  person: "search.type.person",
  community: "search.type.community",
  event: "search.type.event",
};

function resultPath(result: SearchResult): string {
  const id = seg(result.id);
  switch (result.type) {
    case "course": return `/courses/${id}`;
    case "person": return `/people/${id}`;
    case "community": return `/communities/${id}`;
    default: return `/events/${id}`;
  }
}

function searchPath(q: string, type: string): string {
  const query = new URLSearchParams({ q });
  if (type) query.set("type", type);
  return `/search?${query.toString()}`;
}

/** The search box of the app's header: a search landmark that opens the results page. */
export function headerSearch(): HTMLElement {
  const current = new URLSearchParams(window.location.search);
  const onResults = window.location.pathname.endsWith("/search");
  const input = h("input", {
    type: "search", id: "site-search-q", name: "q", autocomplete: "off", placeholder: t("search.placeholder"),
    value: onResults ? current.get("q") ?? "" : "",
  });
  const label = h("label", { for: "site-search-q", class: "visually-hidden" }, t("search.label"));
  return h(
    "form",
    {
      role: "search", class: "header-search", "aria-label": t("search.label"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        const q = input.value.trim();
        if (q) navigate(searchPath(q, ""));
      },
    },
    label, input, h("button", { type: "submit" }, t("search.submit")),
  );
}

function resultCard(result: SearchResult): Node {
  return h(
    "article",
    { class: "search-result" },
    h("h3", null, link(resultPath(result), null, result.title)),
    result.snippet ? h("p", { class: "muted" }, result.snippet) : null,
  );
}

export function searchView(ctx: RouteContext): Node {
  const q = (ctx.query.get("q") ?? "").trim();
  const type = TYPES.includes(ctx.query.get("type") as SearchType) ? (ctx.query.get("type") as SearchType) : "";
  const input = h("input", { type: "search", id: "search-q", name: "q", value: q, autocomplete: "off", required: true, minlength: 2 });
  const select = h(
    "select",
    { id: "search-type", name: "type" },
    h("option", { value: "", selected: type === "" }, t("search.type.all")),
    TYPES.map((kind) => h("option", { value: kind, selected: type === kind }, t(TYPE_LABEL[kind]))),
  );
  const form = h(
    "form",
    {
      role: "search", class: "search-bar search-form", "aria-label": t("search.title"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        const next = input.value.trim();
        if (next) navigate(searchPath(next, select.value));
      },
    },
    h("div", { class: "field" }, h("label", { for: "search-q" }, t("search.label")), input),
    h("div", { class: "field" }, h("label", { for: "search-type" }, t("search.typeLabel")), select),
    h("button", { type: "submit", class: "primary" }, t("search.submit")),
  );
  if (q.length < 2) return page(t("search.title"), form, h("p", { class: "muted" }, t("search.hint")));

  const info = h("p", { class: "list-info", role: "status", "aria-live": "polite" }, t("status.loading"));
  const groups = h("div", { class: "search-groups" });
  const lists = new Map<SearchType, HTMLElement>();
  const more = h("button", { type: "button", class: "load-more", hidden: true }, t("action.loadMore"));
  let cursor: string | null = null;
  let shown = 0;

  function listOf(kind: SearchType): HTMLElement {
    let list = lists.get(kind);
    if (!list) {
      const id = `search-group-${kind}`;
      list = h("ul", { class: "list", "aria-labelledby": id });
      lists.set(kind, list);
      const section = h("section", { class: "card search-group", "data-type": kind }, h("h2", { id }, t(GROUP_TITLE[kind])), list);
      // keep the groups in the fixed order whatever page brought them
      const after = TYPES.slice(TYPES.indexOf(kind) + 1).map((k) => lists.get(k)?.closest("section")).find(Boolean);
      if (after) groups.insertBefore(section, after);
      else groups.append(section);
    }
    return list;
  }

  async function load(first: boolean): Promise<void> {
    more.disabled = true;
    try {
      const result = await api.get<Page<SearchResult>>("/search", { q, type: type || undefined, cursor: first ? undefined : cursor ?? undefined });
      for (const item of result.items ?? []) listOf(item.type).append(h("li", null, resultCard(item)));
      shown += result.items?.length ?? 0;
      cursor = result.nextCursor ?? null;
      more.hidden = !cursor;
      info.textContent = shown === 0 ? t("search.none", { q }) : t("search.shown", { count: formatNumber(shown), q });
      info.classList.toggle("empty", shown === 0);
    } catch (error) {
      info.textContent = "";
      groups.after(errorBox(error));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener("click", () => void load(false));
  void load(true);
  return page(t("search.title"), form, info, groups, more);
}
