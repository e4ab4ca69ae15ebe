// Small shared pieces of the views: page heading, error box, paged lists with "load more", progress.

import { ApiError, type Page } from "./api";
import { h, type Attrs, type Child } from "./dom";
import { formatNumber, t, tOr } from "./i18n";
import { link } from "./router";
import { announce, announceError } from "./status";

export function page(title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "page", "aria-labelledby": "page-title" }, h("h1", { id: "page-title" }, title), ...children);
}

export function section(title: string, ...children: Child[]): HTMLElement {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9\u0900-\u097f]+/g, "-")}-${Math.random().toString(36).slice(2, 7)}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** A visible error with its message (role="alert" so it is read at once). Nothing to retry when it was not found. */
export function errorBox(error: unknown, retry?: () => void): HTMLElement {
  const notFound = isNotFound(error);
  return h(
    "div",
    { class: "error-box", role: "alert" },
    h("p", null, notFound ? t("error.notFound") : t("error.loadFailed")),
    h("p", { class: "muted" }, errorMessage(error)),
    retry && !notFound ? h("button", { type: "button", onClick: retry }, t("action.retry")) : null,
  );
}

/** The page shown when a view's main load failed: "Not found" (with a way home) for a 404, else the error
 * with "Try again". */
export function failedPage(error: unknown, retry: () => void): HTMLElement {
  if (isNotFound(error)) {
    return page(
      t("fx.notFoundTitle"),
      h("div", { class: "error-box not-found", role: "alert" }, h("p", null, errorMessage(error)), h("p", null, t("fx.notFoundText"))),
      h("p", null, link("/", null, t("nav.home"))),
    );
  }
  return page(t("page.error"), errorBox(error, retry));
}

/**
 * The visible outcome of an in-place action (Apply, Join, Connect, Approve, vote, bookmark, mark read):
 * an error shown right after its button (role="alert", so it is also read at once), replaced by the next
 * outcome and removed when the action succeeds. Every in-place action reports through `act`, which uses it.
 */
export function showActionError(el: HTMLElement, text: string): void {
  clearActionError(el);
  const id = `${el.id || (el.id = `act-${Math.random().toString(36).slice(2, 9)}`)}-error`;
  const note = h("span", { class: "action-error", id, role: "alert" }, text);
  el.setAttribute("aria-describedby", [el.getAttribute("aria-describedby") ?? "", id].join(" ").trim());
  el.after(note);
}

export function clearActionError(el: HTMLElement): void {
  const id = el.id ? `${el.id}-error` : "";
  if (!id) return;
  document.getElementById(id)?.remove();
  const rest = (el.getAttribute("aria-describedby") ?? "").split(" ").filter((part) => part && part !== id);
  if (rest.length) el.setAttribute("aria-describedby", rest.join(" "));
  else el.removeAttribute("aria-describedby");
}

export function empty(text: string): HTMLElement {
  return h("p", { class: "empty" }, text);
}

export function pill(text: string, kind = "neutral"): HTMLElement {
  return h("span", { class: `pill pill-${kind}` }, text);
}

const STATUS_KINDS: Record<string, string> = {
  ENROLLED: "ok",
  APPROVED: "ok",
  COMPLETED: "ok",
  REGISTERED: "ok",
  ESTABLISHED: "ok",
  PENDING_APPROVAL: "warn",
  REQUESTED: "warn",
  WAITLISTED: "warn",
  PENDING: "warn",
  REJECTED: "bad",
  CANCELLED: "bad",
};

/** An enrolment/registration/connection status as a translated pill. */
export function statusPill(status: string | undefined | null): HTMLElement {
  const value = (status ?? "").toUpperCase();
  return pill(tOr(`statusName.${value}`, value), STATUS_KINDS[value] ?? "neutral");
}

export function progressBar(percent: number, label: string): HTMLElement {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return h(
    "div",
    { class: "progress" },
    h("progress", { max: 100, value, "aria-label": label }),
    h("span", { class: "progress-text" }, t("common.percent", { value: formatNumber(value) })),
  );
}

export function dl(rows: [string, Child][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    rows.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => [h("dt", null, k), h("dd", null, v)]),
  );
}

export function button(label: string, onClick: (event: MouseEvent) => void, attrs: Attrs = {}): HTMLButtonElement {
  return h("button", { type: "button", onClick, ...attrs }, label);
}

/**
 * Runs an action from a button: disabled while it runs; the outcome is announced (and shown in `status`
 * when given); a failure is shown next to the button (showActionError). Returns whether it succeeded.
 */
export async function act(
  el: HTMLButtonElement,
  action: () => Promise<unknown>,
  messages: { busy?: string; done?: string },
  status?: HTMLElement & { set?(text: string, kind?: "info" | "ok" | "error"): void },
): Promise<boolean> {
  el.disabled = true;
  el.setAttribute("aria-busy", "true");
  clearActionError(el);
  if (messages.busy) announce(messages.busy);
  try {
    await action();
    if (messages.done) {
      if (status?.set) status.set(messages.done, "ok");
      else announce(messages.done);
    }
    return true;
  } catch (error) {
    const text = errorMessage(error);
    if (status?.set) status.set(text, "error");
    // Next to the button (it is what the user looked at), even when a status line elsewhere says it too.
    if (el.isConnected) showActionError(el, text);
    else if (!status?.set) announceError(text);
    return false;
  } finally {
    el.removeAttribute("aria-busy");
    if (el.isConnected) el.disabled = false;
  }
}

/**
 * A list that loads page by page: the first page at once, then a "Load more" button while there is a
 * nextCursor. `reload(fetch)` starts over (for search forms).
 */
export function pagedList<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  renderItem: (item: T) => Node,
  options: { emptyText: string; label: string; tag?: "ul" | "ol" },
): HTMLElement & { reload(next?: (cursor: string | null) => Promise<Page<T>>): Promise<void> } {
  const list = h(options.tag ?? "ul", { class: "list", "aria-label": options.label });
  const more = h("button", { type: "button", class: "load-more", hidden: true }, t("action.loadMore"));
  const info = h("p", { class: "list-info", role: "status", "aria-live": "polite" });
  const container = h("div", { class: "paged" }, info, list, more) as unknown as HTMLElement & {
    reload(next?: (cursor: string | null) => Promise<Page<T>>): Promise<void>;
  };
  let cursor: string | null = null;
  let fetcher = fetchPage;
  let generation = 0;

  async function load(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation;
    more.disabled = true;
    container.setAttribute("aria-busy", "true");
    if (reset) info.textContent = t("status.loading");
    try {
      const result = await fetcher(reset ? null : cursor);
      if (mine !== generation) return;
      if (reset) list.replaceChildren();
      const items = result.items ?? [];
      for (const item of items) list.append(h("li", null, renderItem(item)));
      cursor = result.nextCursor ?? null;
      more.hidden = !cursor;
      const count = list.children.length;
      info.textContent = count === 0 ? options.emptyText : t("common.shown", { count: formatNumber(count) });
      info.classList.toggle("empty", count === 0);
    } catch (error) {
      if (mine !== generation) return;
      info.textContent = "";
      if (reset) list.replaceChildren();
      list.after(errorBox(error));
    } finally {
      container.removeAttribute("aria-busy");
      more.disabled = false;
    }
  }

  more.addEventListener("click", () => void load(false));
  container.reload = async (next) => {
    if (next) fetcher = next;
    container.querySelectorAll(".error-box").forEach((el) => el.remove());
    await load(true);
  };
  void container.reload();
  return container;
}

/** A table inside its own keyboard-reachable region that scrolls sideways on a narrow screen (no page-wide
 *  sideways scrolling: WCAG 1.4.10), named by `caption` (also the table's caption for screen readers; the region
 *  may be named apart with `region`). `head` is the header row's cells, `rows` the body's rows. */
export function regionTable(
  caption: string,
  head: Child,
  rows: Child,
  options: { table?: Attrs; region?: string } = {},
): HTMLElement {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": options.region ?? caption },
    h("table", options.table ?? null,
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", null, h("tr", null, head)),
      h("tbody", null, rows)));
}

/** Renders a list of objects of a shape not fixed by the contract as a table of their simple fields. */
export function genericTable(
  items: Record<string, unknown>[],
  caption: string,
  preferred: string[] = [],
  labels: Record<string, string> = {},
): HTMLElement {
  if (!items.length) return empty(t("common.none"));
  const keys = new Set<string>();
  for (const item of items) for (const [k, v] of Object.entries(item)) if (v === null || typeof v !== "object") keys.add(k);
  const columns = [...preferred.filter((k) => keys.has(k)), ...[...keys].filter((k) => !preferred.includes(k))].slice(0, 8);
  return regionTable(caption,
    columns.map((c) => h("th", { scope: "col" }, labels[c] ?? humanize(c))),
    items.map((item) => h("tr", null, columns.map((c) => h("td", null, String(item[c] ?? ""))))));
}

export function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
