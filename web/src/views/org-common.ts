// Shared pieces of the MDO admin and leader screens: whose org, who may change things, an inline
// confirmation for actions that cannot be taken back lightly, and translated error codes.

import { ApiError } from "../api";
import { errorMessage } from "../components";
import { h, replace } from "../dom";
import { t, tOr } from "../i18n";
import type { RouteContext } from "../router";
import { currentUser, hasRole, loadMe } from "../state";
import { announce, announceError } from "../status";

/** The org the screens show: the caller's own (an SPV admin may pass ?orgId=). */
export async function orgOf(ctx?: RouteContext): Promise<string> {
  const me = currentUser() ?? (await loadMe());
  return (hasRole("SPV_ADMIN") && ctx?.query.get("orgId")) || me?.orgId || "";
}

/** MDO admins (and SPV admins) change the org's data; an MDO leader reads it. */
export function canManage(): boolean {
  return hasRole("MDO_ADMIN", "SPV_ADMIN");
}

export function roleName(role: string): string {
  return tOr(`role.${role}`, role);
}

/** An error for the user: the code's translation when there is one, else the server's message. */
export function orgErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = tOr(`org.error.${error.code}`, "");
    if (known) return known;
  }
  return errorMessage(error);
}

/**
 * A button whose action waits for a visible confirmation: clicking it shows the question with "Yes" and
 * "Cancel" in `slot` (focus moves to "Yes"); the outcome is shown in `slot` and announced.
 */
export function confirmButton(
  label: string,
  options: { question: string; confirm: string; done: string; kind?: string; ariaLabel?: string },
  slot: HTMLElement,
  action: () => Promise<void>,
): HTMLButtonElement {
  const button = h("button", { type: "button", class: options.kind ?? "danger", "aria-label": options.ariaLabel }, label);
  button.addEventListener("click", () => {
    const yes = h("button", { type: "button", class: options.kind ?? "danger" }, options.confirm);
    const no = h("button", { type: "button", class: "secondary" }, t("org.cancel"));
    const box = h("div", { class: "org-confirm", role: "group", "aria-label": options.question },
      h("p", null, options.question), h("div", { class: "actions" }, yes, no));
    replace(slot, box);
    yes.focus();
    no.addEventListener("click", () => {
      replace(slot);
      button.focus();
    });
    yes.addEventListener("click", () => {
      yes.disabled = true;
      no.disabled = true;
      void action().then(
        () => {
          replace(slot, h("p", { class: "status-line", "data-kind": "ok", role: "status" }, options.done));
          announce(options.done);
        },
        (error: unknown) => {
          const text = orgErrorText(error);
          replace(slot, h("p", { class: "status-line", "data-kind": "error", role: "alert" }, text));
          announceError(text);
        },
      );
    });
  });
  return button;
}
