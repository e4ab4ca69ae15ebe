// Withdrawing from a course (DELETE /enrolments/{id}) after a confirmation in place: an ENROLLED seat goes
// to the waitlist, a waitlisted place or a request waiting for approval is dropped.

import { api, seg } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { confirmButton, outcomeLine } from "./learner-kit";

export const WITHDRAWABLE = new Set(["ENROLLED", "WAITLISTED", "PENDING_APPROVAL"]);

/** The Withdraw button; its outcome goes to `line` (give one that outlives the button when `onDone` removes it). */
export function withdrawControl(enrolmentId: string, title: string, onDone: () => void, outside?: ReturnType<typeof outcomeLine>): HTMLElement {
  const line = outside ?? outcomeLine();
  return h("div", { class: "lrn-withdraw" },
    confirmButton(t("lrn.withdraw"), t("lrn.withdrawQuestion", { title }), async () => {
      await api.del(`/enrolments/${seg(enrolmentId)}`);
      onDone();
    }, line, { ariaLabel: `${t("lrn.withdraw")}: ${title}`, done: t("lrn.withdrawn", { title }) }),
    outside ? null : line);
}
