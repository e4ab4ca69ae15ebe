// A small History API router for paths under the app's base (/app/). Links are plain <a href> (so they
// work with the keyboard, middle-click and screen readers); clicks on same-app links are intercepted.
// After each navigation the page's <h1> gets focus and its title is announced.

import { h, type Attrs, type Child } from "./dom";
import { t, type MessageKey } from "./i18n";
import { announce } from "./status";

export const BASE = import.meta.env.BASE_URL.replace(/\/$/, ""); // "/app"

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export type View = (ctx: RouteContext) => Promise<Node> | Node;

export interface Route {
  path: string; // "/courses/:courseId"
  view: View;
  title: MessageKey;
  /** Needs a signed-in user (default true). */
  auth?: boolean;
  /** Also allowed before the competency profile is filled in. */
  beforeProfile?: boolean;
  /** Only offered to these roles (the server checks again). */
  roles?: string[];
}

interface Compiled extends Route {
  regex: RegExp;
  keys: string[];
}

export interface RouterHooks {
  /** Decide whether to render: return a path to redirect to instead, or null. */
  guard(route: Route, ctx: RouteContext): Promise<string | null>;
  afterRender(route: Route, ctx: RouteContext): void;
  notFound(): Node;
  failed(error: unknown): Node;
}

let compiled: Compiled[] = [];
let outlet: HTMLElement | undefined;
let hooks: RouterHooks;
let renderCount = 0;
let initialRender = true;
const leaveHandlers: (() => void)[] = [];

/** Runs `handler` once when the current page is left for another route (a player stops and sends its last
 * heartbeat); leaving the whole document is the page's own pagehide. */
export function onLeave(handler: () => void): void {
  leaveHandlers.push(handler);
}

export function href(path: string): string {
  return `${BASE}${path === "/" ? "/" : path}`;
}

/** An in-app link: `link("/courses", "Catalogue")`. */
export function link(path: string, attrs: Attrs | null, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href: href(path), ...attrs }, ...children);
}

/** Whether some route of the app matches `path` (e.g. to link to a screen another part of the app may add). */
export function hasRoute(path: string): boolean {
  return match(path) !== null;
}

export function currentPath(): string {
  const path = window.location.pathname;
  if (path === BASE || path === `${BASE}/`) return "/";
  return path.startsWith(`${BASE}/`) ? path.slice(BASE.length) : path;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = path.startsWith(BASE) ? path : href(path);
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  void render();
}

/** Re-render the current route (after a language change, say). */
export function refresh(): Promise<void> {
  return render();
}

function compile(route: Route): Compiled {
  const keys: string[] = [];
  const pattern = route.path
    .split("/")
    .map((part) => {
      if (part.startsWith(":")) {
        keys.push(part.slice(1));
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { ...route, regex: new RegExp(`^${pattern}/?$`), keys };
}

function match(path: string): { route: Compiled; params: Record<string, string> } | null {
  for (const route of compiled) {
    const found = route.regex.exec(path);
    if (found) {
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(found[i + 1] ?? "");
      });
      return { route, params };
    }
  }
  return null;
}

async function render(): Promise<void> {
  if (!outlet) return; // not started yet: startRouter renders the current URL
  for (const handler of leaveHandlers.splice(0)) {
    try {
      handler();
    } catch {
      /* a failing clean-up must not block the next page */
    }
  }
  const mine = ++renderCount;
  const path = currentPath();
  const query = new URLSearchParams(window.location.search);
  const found = match(path);
  outlet.setAttribute("aria-busy", "true");
  if (!found) {
    outlet.replaceChildren(hooks.notFound());
    outlet.removeAttribute("aria-busy");
    document.title = `${t("page.notFound")} — ${t("app.name")}`;
    focusHeading();
    return;
  }
  const ctx: RouteContext = { params: found.params, query, path };
  const redirect = await hooks.guard(found.route, ctx);
  if (mine !== renderCount) return;
  if (redirect) {
    navigate(redirect, { replace: true });
    return;
  }
  outlet.replaceChildren(h("p", { class: "loading" }, t("status.loading")));
  let node: Node;
  try {
    node = await found.route.view(ctx);
  } catch (error) {
    node = hooks.failed(error);
  }
  if (mine !== renderCount) return; // a newer navigation won
  outlet.replaceChildren(node);
  outlet.removeAttribute("aria-busy");
  const title = t(found.route.title);
  document.title = `${title} — ${t("app.name")}`;
  hooks.afterRender(found.route, ctx);
  focusHeading();
  announce(title);
}

function focusHeading(): void {
  // On the first page load focus stays at the top of the document (the skip link comes first);
  // after an in-app navigation it moves to the new page's heading.
  if (initialRender) {
    initialRender = false;
    return;
  }
  const heading = outlet?.querySelector<HTMLElement>("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
  window.scrollTo(0, 0);
}

export function startRouter(routes: Route[], target: HTMLElement, routerHooks: RouterHooks): void {
  compiled = routes.map(compile);
  outlet = target;
  hooks = routerHooks;
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.("a");
    if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || !(url.pathname === BASE || url.pathname.startsWith(`${BASE}/`))) return;
    event.preventDefault();
    window.history.pushState(null, "", url.pathname + url.search + url.hash);
    void render();
  });
  window.addEventListener("popstate", () => void render());
  if (!window.location.pathname.startsWith(BASE)) window.history.replaceState(null, "", href("/"));
  void render();
}
