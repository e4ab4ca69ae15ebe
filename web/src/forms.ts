// Labelled form fields, and the API's error body mapped onto them: the message at the top of the form
// (role="alert"), each field in `details` on its input (aria-invalid + aria-describedby).

import { ApiError, type FieldDetail } from "./api";
import { humanize } from "./components";
import { h, uid, type Attrs, type Child } from "./dom";
import { t, tOr, type MessageKey } from "./i18n";
import { announce, announceError } from "./status";

export interface FieldOptions extends Attrs {
  label: string;
  name: string;
  type?: string;
  hint?: string;
  required?: boolean;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function wrap(control: Control, label: string, hint: string | undefined, required: boolean | undefined): HTMLElement {
  const id = control.id || uid("f");
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", errorId].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", describedBy);
  if (required) control.required = true;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label, required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
    h("p", { class: "field-error", id: errorId, hidden: true }),
  );
}

/** <label> + <input> (+ hint, + error slot). Extra attributes go to the input. */
export function field(options: FieldOptions): HTMLElement {
  const { label, hint, type = "text", required, ...rest } = options;
  const input = h("input", { type, ...rest });
  return wrap(input, label, hint, required);
}

export function textarea(options: FieldOptions): HTMLElement {
  const { label, hint, required, type: _type, ...rest } = options;
  return wrap(h("textarea", { rows: 4, ...rest }), label, hint, required);
}

export function select(
  options: FieldOptions & { options: { value: string; label: string }[]; placeholder?: string },
): HTMLElement {
  const { label, hint, required, options: choices, placeholder, value, type: _type, ...rest } = options;
  const el = h(
    "select",
    rest,
    placeholder !== undefined ? h("option", { value: "" }, placeholder) : null,
    choices.map((c) => h("option", { value: c.value }, c.label)),
  );
  if (value !== undefined) el.value = String(value);
  return wrap(el, label, hint, required);
}

export function checkbox(options: { label: string; name: string; hint?: string } & Attrs): HTMLElement {
  const { label, hint, ...rest } = options as { label: string; hint?: string } & Attrs;
  const id = uid("f");
  const hintId = hint ? `${id}-hint` : undefined;
  return h(
    "div",
    { class: "field checkbox" },
    h("input", { type: "checkbox", id, "aria-describedby": hintId, ...rest }),
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
  );
}

/** The form's own message area (for errors that belong to no one field). */
export function formMessage(): HTMLElement {
  return h("div", { class: "form-message", role: "alert", hidden: true, tabindex: "-1" });
}

export function submitButton(label: string, attrs: Attrs = {}): HTMLButtonElement {
  return h("button", { type: "submit", class: "primary", ...attrs }, label);
}

export function form(attrs: Attrs, ...children: Child[]): HTMLFormElement {
  return h("form", { novalidate: true, ...attrs }, formMessage(), ...children);
}

function controlFor(formEl: HTMLFormElement, name: string): Control | null {
  const candidates = [name, name.split(".").pop() ?? name, name.replace(/^(body|query|path)\./, "")];
  for (const candidate of candidates) {
    const found = formEl.elements.namedItem(candidate);
    if (found instanceof HTMLInputElement || found instanceof HTMLSelectElement || found instanceof HTMLTextAreaElement) {
      return found;
    }
    if (found instanceof RadioNodeList && found[0] instanceof HTMLInputElement) return found[0];
  }
  return null;
}

export function clearErrors(formEl: HTMLFormElement): void {
  for (const el of formEl.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of formEl.querySelectorAll<HTMLElement>(".field-error")) {
    el.textContent = "";
    el.hidden = true;
  }
  const message = formEl.querySelector<HTMLElement>(".form-message");
  if (message) {
    message.textContent = "";
    message.hidden = true;
  }
}

function setFieldError(control: Control, message: string): void {
  control.setAttribute("aria-invalid", "true");
  const errorEl = document.getElementById(`${control.id}-error`);
  if (errorEl) {
    errorEl.textContent = message;
    errorEl.hidden = false;
  }
}

/** The label a user reads for a control (its <label>, without the required mark), or for a field name. */
function labelOf(control: Control | null, field: string): string {
  const name = field.replace(/^(body|query|path)\./, "").split(".").filter((part) => !/^\d+$/.test(part)).pop() ?? field;
  const label = control?.labels?.[0]?.cloneNode(true) as HTMLElement | undefined;
  label?.querySelectorAll(".required, .visually-hidden").forEach((el) => el.remove());
  const text = label?.textContent?.trim();
  return text || tOr(`fieldName.${name}`, humanize(name));
}

/** A field's error as a user reads it, in the UI language, naming the field by its label: by the detail's
 * `reason`, else the field's own rule, else the error's (translated) message; never the server's English. */
export function fieldMessage(detail: FieldDetail, label: string, errorText: string): string {
  const name = detail.field.split(".").pop() ?? detail.field;
  const limit = detail.limit !== undefined ? String(detail.limit) : "";
  const reason = detail.reason ?? (detail.own ? "value_error" : undefined);
  if (reason === "value_error" || reason === "string_pattern_mismatch") {
    const rule = tOr(`fieldProblem.${name}`, "");
    if (rule) return `${label}: ${rule}`;
  }
  if (reason) {
    const text = tOr(`fieldReason.${reason}`, "");
    if (text) return text.replace("{label}", label).replace("{limit}", limit);
  }
  return detail.own ? t("fieldReason.value_error", { label }) : detail.message || errorText;
}

/** Shows an error on the form: the message on top, field details on their inputs; focuses the first. */
export function showError(formEl: HTMLFormElement, error: unknown): void {
  clearErrors(formEl);
  const apiError =
    error instanceof ApiError ? error : new ApiError(0, "CLIENT_ERROR", error instanceof Error ? error.message : String(error));
  const unmatched: string[] = [];
  let first: Control | null = null;
  for (const detail of apiError.fieldErrors) {
    const control = controlFor(formEl, detail.field);
    const text = fieldMessage(detail, labelOf(control, detail.field), apiError.message);
    if (control) {
      setFieldError(control, text);
      first ??= control;
    } else {
      unmatched.push(text);
    }
  }
  const message = formEl.querySelector<HTMLElement>(".form-message");
  if (message) {
    message.replaceChildren(h("strong", null, apiError.message));
    if (unmatched.length) message.append(h("ul", null, unmatched.map((u) => h("li", null, u))));
    message.hidden = false;
  }
  announceError(apiError.message);
  if (first) first.focus();
  else message?.focus();
}

/** What a failed client-side check says, in the UI language (the browser's own message is in the browser's). */
function clientMessage(el: Control): string {
  const v = el.validity;
  if (v.valueMissing) return t("form.required");
  const label = labelOf(el, el.name);
  const rule = tOr(`fieldProblem.${el.name}`, "");
  if ((v.patternMismatch || v.typeMismatch) && rule) return rule;
  const bound = (reason: string, limit: string | number) => t(reason as MessageKey, { label, limit });
  if (v.tooShort && el instanceof HTMLInputElement) return bound("fieldReason.string_too_short", el.minLength);
  if (v.tooLong && el instanceof HTMLInputElement) return bound("fieldReason.string_too_long", el.maxLength);
  if (v.rangeUnderflow && el instanceof HTMLInputElement) return bound("fieldReason.greater_than_equal", el.min);
  if (v.rangeOverflow && el instanceof HTMLInputElement) return bound("fieldReason.less_than_equal", el.max);
  if (v.patternMismatch || v.typeMismatch || v.badInput) return t("fieldReason.string_pattern_mismatch", { label });
  return t("form.invalid");
}

/** Client-side checks before sending: required fields, then the browser's own validity. */
export function validate(formEl: HTMLFormElement): boolean {
  clearErrors(formEl);
  let first: Control | null = null;
  for (const el of Array.from(formEl.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    if (el.disabled || el.closest("[hidden]")) continue;
    if (!el.checkValidity()) {
      setFieldError(el, clientMessage(el));
      first ??= el;
    }
  }
  if (first) {
    const message = formEl.querySelector<HTMLElement>(".form-message");
    if (message) {
      message.replaceChildren(h("strong", null, t("form.fixErrors")));
      message.hidden = false;
    }
    first.focus();
    return false;
  }
  return true;
}

/** Runs `action` for a submitted form: validation, a busy submit button, errors shown on the form. */
export async function submitting(formEl: HTMLFormElement, action: () => Promise<void>, busyText?: string): Promise<void> {
  if (formEl.getAttribute("aria-busy") === "true") return;
  if (!validate(formEl)) return;
  const buttons = Array.from(formEl.querySelectorAll<HTMLButtonElement>("button[type=submit]"));
  formEl.setAttribute("aria-busy", "true");
  for (const button of buttons) button.disabled = true;
  if (busyText) announce(busyText);
  try {
    await action();
  } catch (error) {
    showError(formEl, error);
  } finally {
    formEl.removeAttribute("aria-busy");
    for (const button of buttons) if (button.isConnected) button.disabled = false;
  }
}

export function values(formEl: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(formEl).entries()) out[key] = typeof value === "string" ? value.trim() : "";
  return out;
}
