// The second factor's setup (an authenticator app) and the forgotten password's reset, split from auth.ts.

import { api, session } from "../api";
import { page } from "../components";
import { h, replace } from "../dom";
import { field, form, submitButton, submitting, values } from "../forms";
import { t } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { announce } from "../status";

/** Focus a step's heading (unless nothing had focus) and announce it. */
export function focusStep(container: HTMLElement): void {
  const heading = container.querySelector<HTMLElement>(".step-title");
  if (heading && document.activeElement !== document.body) heading.focus();
  if (heading) announce(heading.textContent ?? "");
}

// ------------------------------------------------------------------------------------ second factor setup

export function mfaSetupView(ctx: RouteContext): Node {
  const next = ctx.query.get("next");
  const after = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
  const container = h("div");
  const start = form(
    {
      class: "stack card narrow",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(start, async () => {
          const setup = await api.post<{ secret: string; otpauthUri: string }>("/me/mfa/setup", {});
          const verifyForm = form(
            {
              class: "stack card narrow",
              onSubmit: (e: Event) => {
                e.preventDefault();
                void submitting(verifyForm, async () => {
                  const { code } = values(verifyForm);
                  await api.post("/me/mfa/verify", { code });
                  const stored = session.tokens;
                  if (stored) session.set({ ...stored, mfaRequired: false });
                  announce(t("mfa.done"));
                  navigate(after);
                });
              },
            },
            h("h2", { class: "step-title", tabindex: "-1" }, t("mfa.scanTitle")),
            h("p", null, t("mfa.scanLead")),
            h("p", null, h("code", { class: "secret", "data-testid": "totp-secret" }, setup.secret)),
            h("p", null, h("a", { href: setup.otpauthUri }, t("mfa.openApp"))),
            field({ label: t("mfa.code"), name: "code", required: true, inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: 6 }),
            h("div", { class: "actions" }, submitButton(t("mfa.confirm"))),
          );
          replace(container, verifyForm);
          focusStep(container);
        });
      },
    },
    h("p", null, t("mfa.setupLead")),
    h("div", { class: "actions" }, submitButton(t("mfa.start"))),
  );
  replace(container, start);
  return page(t("mfa.setupTitle"), container);
}

// ------------------------------------------------------------------------------------------ forgot/reset

export function forgotView(): Node {
  const container = h("div");
  const requestForm = form(
    {
      class: "stack card narrow",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(requestForm, async () => {
          const { username } = values(requestForm);
          await api.post("/auth/password/forgot", { username }, { auth: false });
          showReset(username);
        });
      },
    },
    field({ label: t("login.username"), name: "username", required: true, autocomplete: "username", hint: t("login.usernameHint") }),
    h("div", { class: "actions" }, submitButton(t("forgot.send"))),
  );
  const showReset = (username: string) => {
    const resetForm = form(
      {
        class: "stack card narrow",
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(resetForm, async () => {
            const v = values(resetForm);
            await api.post("/auth/password/reset", { username, code: v.code, newPassword: v.newPassword }, { auth: false });
            replace(container, h("div", { class: "card success", role: "status" }, h("p", null, t("forgot.done")), link(`/login?username=${encodeURIComponent(username)}`, { class: "button primary" }, t("nav.login"))));
          });
        },
      },
      h("h2", { tabindex: "-1", class: "step-title" }, t("forgot.resetTitle")),
      h("p", null, t("forgot.sent")),
      field({ label: t("forgot.code"), name: "code", required: true, inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: 6 }),
      field({ label: t("forgot.newPassword"), name: "newPassword", type: "password", required: true, autocomplete: "new-password", minlength: 8, hint: t("register.passwordHint") }),
      h("div", { class: "actions" }, submitButton(t("forgot.reset"))),
    );
    replace(container, resetForm);
    focusStep(container);
  };
  replace(container, requestForm);
  return page(t("forgot.title"), h("p", null, t("forgot.lead")), container);
}
