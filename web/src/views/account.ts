// The account's security and contacts: change the password (POST /me/password), change the email or the
// mobile with a code sent to the new one (PATCH /me, then POST /me/contact/verify), and the devices that get
// Web Push notifications (GET /me/push/subscriptions) with a Remove button each.

import { api, seg } from "../api";
import { empty, errorBox, page, section } from "../components";
import { h } from "../dom";
import { field, form, submitButton, submitting } from "../forms";
import { formatDateTime, t } from "../i18n";
import { link } from "../router";
import { loadMe, setMe, type Me } from "../state";
import { confirmButton, localized, outcomeLine } from "./learner-kit";

interface PushDevice {
  id: string;
  deviceLabel?: string | null;
  endpointHint: string;
  createdAt: string;
  expiresAt?: string | null;
}

const input = (formEl: HTMLFormElement, name: string): string =>
  (formEl.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";

function passwordForm(): HTMLElement {
  const line = outcomeLine();
  const passwordEl: HTMLFormElement = form(
    {
      class: "stack",
      id: "lrn-password-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        line.set("");
        void submitting(passwordEl, async () => {
          // Passwords are sent as typed (not trimmed: a space may be part of one).
          const currentPassword = input(passwordEl, "currentPassword");
          const newPassword = input(passwordEl, "newPassword");
          if (newPassword !== input(passwordEl, "confirmPassword")) throw new Error(t("lrn.passwordsDiffer"));
          await api.post("/me/password", { currentPassword, newPassword }).catch((error: unknown) => {
            throw localized(error);
          });
          passwordEl.reset();
          line.set(t("lrn.passwordChanged"), "ok");
        }, t("status.saving"));
      },
    },
    field({ label: t("lrn.currentPassword"), name: "currentPassword", type: "password", required: true, autocomplete: "current-password" }),
    field({ label: t("lrn.newPassword"), name: "newPassword", type: "password", required: true, autocomplete: "new-password", minlength: 8, hint: t("lrn.passwordHint") }),
    field({ label: t("lrn.confirmPassword"), name: "confirmPassword", type: "password", required: true, autocomplete: "new-password" }),
    h("div", { class: "actions" }, submitButton(t("lrn.changePassword"))),
  );
  return h("div", null, passwordEl, line);
}

function contactForm(me: Me, channel: "email" | "mobile"): HTMLElement {
  const line = outcomeLine();
  const box = h("div", { class: "stack" });
  const codeStep = (sentTo: string): HTMLElement => {
    const codeEl: HTMLFormElement = form(
      {
        class: "stack",
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(codeEl, async () => {
            const updated = await api.post<Me>("/me/contact/verify", { channel, code: input(codeEl, "code").trim() })
              .catch((error: unknown) => {
                throw localized(error);
              });
            setMe(updated);
            line.set(t(channel === "email" ? "lrn.emailChanged" : "lrn.mobileChanged", { value: updated[channel] }), "ok");
            box.replaceChildren(startForm(updated));
          }, t("status.saving"));
        },
      },
      h("p", null, t("lrn.codeSent", { to: sentTo })),
      field({ label: t("lrn.code"), name: "code", required: true, inputmode: "numeric", autocomplete: "one-time-code", maxlength: 6, minlength: 6 }),
      h("div", { class: "actions" }, submitButton(t("lrn.verify"))),
    );
    return codeEl;
  };
  const startForm = (current: Me): HTMLElement => {
    const startEl: HTMLFormElement = form(
      {
        class: "stack",
        onSubmit: (event: Event) => {
          event.preventDefault();
          line.set("");
          void submitting(startEl, async () => {
            const value = input(startEl, channel).trim();
            const fresh = (await loadMe(true)) ?? current;
            const updated = await api.patch<Me & { pendingContactChange?: Record<string, string | null> | null }>(
              "/me", { version: fresh.version, [channel]: value }).catch((error: unknown) => {
              throw localized(error);
            });
            setMe(updated);
            box.replaceChildren(codeStep(updated.pendingContactChange?.[channel] ?? value));
            (box.querySelector("input[name=code]") as HTMLInputElement | null)?.focus();
          }, t("status.saving"));
        },
      },
      h("p", { class: "hint" }, t(channel === "email" ? "lrn.emailNow" : "lrn.mobileNow", { value: current[channel] })),
      channel === "email"
        ? field({ label: t("lrn.newEmail"), name: "email", type: "email", required: true, autocomplete: "email", hint: t("lrn.emailHint") })
        : field({ label: t("lrn.newMobile"), name: "mobile", type: "tel", required: true, autocomplete: "tel", inputmode: "tel", hint: t("lrn.mobileHint") }),
      h("div", { class: "actions" }, submitButton(t("lrn.sendCode"))),
    );
    return startEl;
  };
  box.append(startForm(me));
  return h("div", null, box, line);
}

function devices(): HTMLElement {
  const line = outcomeLine();
  const list = h("div", null, h("p", { class: "loading" }, t("status.loading")));
  const load = async (): Promise<void> => {
    try {
      const items = await api.get<PushDevice[]>("/me/push/subscriptions");
      list.replaceChildren(items.length
        ? h("ul", { class: "list", "aria-label": t("lrn.devicesTitle") }, items.map((d) => {
          const name = d.deviceLabel || d.endpointHint;
          return h("li", { class: "lrn-device" },
            h("p", null, h("strong", null, name), h("span", { class: "muted" }, ` · ${t("lrn.deviceSince", { date: formatDateTime(d.createdAt) })}`)),
            confirmButton(t("lrn.remove"), t("lrn.removeDeviceQuestion", { name }), async () => {
              await api.del(`/me/push/subscriptions/${seg(d.id)}`);
              await load();
            }, line, { ariaLabel: `${t("lrn.remove")}: ${name}`, done: t("lrn.deviceRemoved", { name }) }));
        }))
        : empty(t("lrn.devicesNone")));
    } catch (error) {
      list.replaceChildren(errorBox(error, () => void load()));
    }
  };
  void load();
  return h("div", null, h("p", { class: "hint" }, t("lrn.devicesLead")), list, line);
}

export async function accountView(): Promise<Node> {
  const me = await loadMe(true);
  if (!me) return page(t("lrn.accountTitle"), errorBox(new Error(t("error.loadFailed"))));
  return page(
    t("lrn.accountTitle"),
    h("p", null, link("/me", null, t("lrn.backToProfile"))),
    section(t("lrn.passwordTitle"), passwordForm()),
    section(t("lrn.emailTitle"), contactForm(me, "email")),
    section(t("lrn.mobileTitle"), contactForm(me, "mobile")),
    section(t("lrn.devicesTitle"), devices()),
  );
}
