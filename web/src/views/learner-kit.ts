// Small pieces the learner's pages share: an action that asks for confirmation in place (no modal, keyboard
// friendly), a visible outcome line beside in-place buttons, and a star rating as text.

import { ApiError } from "../api";
import { errorMessage } from "../components";
import { h } from "../dom";
import { formatNumber, t, tOr } from "../i18n";
import { statusLine } from "../status";

type Line = ReturnType<typeof statusLine>;

/** A visible status line (its text is read by screen readers too). */
export function outcomeLine(): Line {
  const line = statusLine();
  line.classList.add("lrn-outcome");
  return line;
}

/**
 * A button that, when pressed, is replaced by a question with "Yes" and "No": "Yes" runs `action` (its
 * failure is shown in `line`, visibly), "No" puts the button back. Focus moves to the question's "No" and back.
 */
export function confirmButton(
  label: string,
  question: string,
  action: () => Promise<void>,
  line: Line,
  attrs: { ariaLabel?: string; done?: string } = {},
): HTMLElement {
  const wrap = h("span", { class: "lrn-confirm" });
  const trigger = h("button", { type: "button", class: "secondary danger", "aria-label": attrs.ariaLabel ?? label }, label);
  const ask = (): void => {
    const yes = h("button", { type: "button", class: "primary danger" }, t("lrn.confirmYes"));
    const no = h("button", { type: "button", class: "secondary" }, t("lrn.confirmNo"));
    const box = h("span", { class: "lrn-confirm-box", role: "group", "aria-label": question }, h("span", null, question), " ", yes, " ", no);
    no.addEventListener("click", () => {
      box.replaceWith(trigger);
      trigger.focus();
    });
    yes.addEventListener("click", () => {
      yes.disabled = true;
      no.disabled = true;
      void action()
        .then(() => {
          if (attrs.done) line.set(attrs.done, "ok");
          box.remove();
        })
        .catch((error: unknown) => {
          line.set(errorMessage(localized(error)), "error");
          box.replaceWith(trigger);
          trigger.focus();
        });
    });
    trigger.replaceWith(box);
    no.focus();
  };
  trigger.addEventListener("click", ask);
  wrap.append(trigger);
  return wrap;
}

/** "★★★★☆ 4.2 out of 5 (12 ratings)" with a text alternative; `single` for one learner's rating ("4 out of 5"). */
export function starsText(average: number, count: number, single = false): HTMLElement {
  const full = Math.round(average);
  const values = { average: formatNumber(average), count: formatNumber(count) };
  const label = single
    ? t("lrn.starsOutOf5", values)
    : count
      ? t(count === 1 ? "lrn.ratingSummaryOne" : "lrn.ratingSummary", values)
      : t("lrn.notRated");
  return h(
    "span",
    { class: "lrn-stars" },
    count ? h("span", { "aria-hidden": "true" }, "★".repeat(full) + "☆".repeat(5 - full), " ") : null,
    h("span", null, label),
  );
}

/** The API's error with its message in the UI's language when this area knows the code (`lrn.error.<CODE>`). */
export function localized(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const text = tOr(`lrn.error.${error.code}`, "");
  return text ? new ApiError(error.status, error.code, text, error.details, error.retryAfter) : error;
}
