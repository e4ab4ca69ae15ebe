// Where a notification's "Open" leads. A notification's `link` names the API resource it is about
// (/enrolments/{id}, /career/openings/{id}, /posts/{id}, /profile, /me/plans …); the client's screens have
// their own paths, so each link is mapped onto an existing screen (never "Page not found").

import { api, seg, type Schema } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { hasRoute, navigate, type RouteContext } from "../router";

const first = (...candidates: string[]): string => candidates.find((path) => hasRoute(path.split("?")[0]!)) ?? "/";

/** The client path for a notification's link (its query kept). */
export function notificationTarget(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/")) return null;
  const [rawPath, query = ""] = link.replace(/^\/app(?=\/)/, "").split("?", 2) as [string, string?];
  const path = rawPath.replace(/\/+$/, "") || "/";
  const q = query ? `?${query}` : "";
  const parts = path.split("/").slice(1);
  const id = parts[parts.length - 1] ?? "";
  if (/^\/enrolments\/[^/]+$/.test(path)) return `/enrolments/${id}`; // resolved to its course by enrolmentView
  if (/^\/career\/openings\/[^/]+$/.test(path)) {
    return hasRoute(path) ? path : `/career?opening=${id}`;
  }
  if (/^\/posts\/[^/]+$/.test(path)) return first("/communities");
  if (path === "/profile" || path === "/me/profile") return "/me";
  if (path === "/me/plans") return first("/me/plans", "/plans", "/learning/plans", "/learning");
  if (/^\/people\/[^/]+$/.test(path)) return hasRoute(path) ? path : "/people";
  if (hasRoute(path)) return path + q;
  return first(`/${parts[0] ?? ""}`, "/");
}

/** /enrolments/:enrolmentId (from a notification): the enrolment's course page. */
export async function enrolmentView(ctx: RouteContext): Promise<Node> {
  const enrolment = await api.get<Schema<"Enrolment">>(`/enrolments/${seg(ctx.params.enrolmentId!)}`);
  queueMicrotask(() => navigate(`/courses/${seg(enrolment.courseId)}`, { replace: true }));
  return h("p", { class: "loading" }, t("status.loading"));
}
