// A person's public profile (GET /people/{userId}): name, designation, organisation, karma, competencies and
// connections; Connect (or the state of the connection), and Block / Unblock after a confirmation.

import { api, newIdempotencyKey, seg } from "../api";
import { dl, errorMessage, page, pill, section, statusPill } from "../components";
import { h } from "../dom";
import { formatNumber, t } from "../i18n";
import { link, refresh, type RouteContext } from "../router";
import { competencyNames } from "./profile";
import { confirmButton, localized, outcomeLine } from "./learner-kit";
import { profileCertificates } from "./certificates";

interface PublicProfile {
  userId: string;
  name: string;
  orgId: string;
  orgName?: string | null;
  designation?: string | null;
  karmaPoints: number;
  connectionCount: number;
  competencies: { competencyId: string; level: number }[];
  relationship: "NONE" | "SELF" | "PENDING" | "RECEIVED" | "ESTABLISHED";
  connectionId?: string | null;
  blockedByYou: boolean;
  certificates?: { id: string; courseTitle: string; issuedAt: string; kind?: "course" | "event" }[] | null;
}

function relationshipPart(person: PublicProfile, line: ReturnType<typeof outcomeLine>): Node {
  if (person.relationship === "SELF") return h("p", null, link("/me", { class: "button" }, t("lrn.yourProfile")));
  if (person.blockedByYou) return h("p", { class: "muted" }, t("lrn.blockedNote"));
  if (person.relationship === "RECEIVED") {
    return h("p", null, t("lrn.requestReceived"), " ", link("/connections", null, t("lrn.answerRequest")));
  }
  if (person.relationship !== "NONE") return h("p", null, statusPill(person.relationship));
  const button = h("button", { type: "button", class: "primary" }, t("network.connect"));
  const key = newIdempotencyKey();
  button.addEventListener("click", () => {
    button.disabled = true;
    void api.post("/connections", { userId: person.userId }, { idempotencyKey: key })
      .then(() => {
        button.replaceWith(statusPill("PENDING"));
        line.set(t("network.requestSent", { name: person.name }), "ok");
      })
      .catch((error: unknown) => {
        button.disabled = false;
        line.set(errorMessage(localized(error)), "error");
      });
  });
  return h("p", null, button);
}

export async function personView(ctx: RouteContext): Promise<Node> {
  const userId = ctx.params.userId!;
  const [person, names] = await Promise.all([api.get<PublicProfile>(`/people/${seg(userId)}`), competencyNames()]);
  const line = outcomeLine();
  const blockPart = person.relationship === "SELF"
    ? null
    : person.blockedByYou
      ? confirmButton(t("lrn.unblock"), t("lrn.unblockQuestion", { name: person.name }), async () => {
        await api.del(`/people/${seg(person.userId)}/block`);
        await refresh();
      }, line, { done: t("lrn.unblocked", { name: person.name }) })
      : confirmButton(t("lrn.block"), t("lrn.blockQuestion", { name: person.name }), async () => {
        await api.post(`/people/${seg(person.userId)}/block`);
        await refresh();
      }, line, { done: t("lrn.blocked", { name: person.name }) });
  return page(
    person.name,
    h("p", { class: "muted" }, [person.designation, person.orgName ?? person.orgId].filter(Boolean).join(" · ")),
    line,
    relationshipPart(person, line),
    dl([
      [t("lrn.karma"), formatNumber(person.karmaPoints)],
      [t("lrn.connections"), formatNumber(person.connectionCount)],
    ]),
    section(
      t("lrn.competencies"),
      person.competencies.length
        ? h("ul", { class: "lrn-pills" }, person.competencies.map((c) =>
          h("li", null, pill(t("lrn.competencyLevel", { name: names.get(c.competencyId) ?? c.competencyId, level: c.level }), "info"))))
        : h("p", { class: "muted" }, t("lrn.noCompetencies")),
    ),
    profileCertificates(person),
    blockPart ? h("div", { class: "lrn-block" }, h("p", { class: "hint" }, t("lrn.blockHint")), blockPart) : null,
    h("p", null, link("/people", null, t("network.findPeople"))),
  );
}
