// Certificates people can use (issue 20): my certificates with "Download PDF", and the public verification
// page, which checks the certificate's verifiable credential in the browser against the issuer's published
// key (GET /.well-known/karmayogi-issuer.json) and says "valid", "revoked" or "tampered".

import { api, ApiError, seg, type Page } from "../api";
import { act, errorMessage, page, pagedList, pill, section } from "../components";
import { h, uid } from "../dom";
import { formatDate, formatDateTime, t } from "../i18n";
import { link, refresh, type RouteContext } from "../router";
import { setMe, type Me } from "../state";
import { statusLine } from "../status";
import { downloadWithToken } from "./events";
import { verifyCredential, type Credential, type IssuerDocument, type Verdict } from "./certificate-verify";
import { mayRevoke, revokePanel } from "./certificate-revoke";

interface Certificate {
  id: string;
  courseId?: string;
  courseTitle?: string;
  learnerName?: string;
  issuedAt?: string;
  kind?: "course" | "event";
}

interface VerifiedCertificate extends Certificate {
  issuer?: string | null;
  issuerOrgId?: string | null;
  status: "valid" | "revoked";
  revokedAt?: string | null;
  credential: Credential;
}

function downloadButton(c: Certificate): HTMLElement {
  const status = statusLine();
  const title = c.courseTitle ?? c.id;
  const button = h("button", { type: "button", class: "primary", "data-download-pdf": c.id, "aria-label": `${t("certs.downloadPdf")}: ${title}` }, t("certs.downloadPdf"));
  button.addEventListener("click", () => void act(button, async () => {
    await downloadWithToken(`/me/certificates/${seg(c.id + ".pdf")}`, `certificate-${c.id}.pdf`); // {certificateId} is "<id>.pdf"
  }, { done: t("certs.downloaded") }, status));
  return h("div", { class: "actions" }, button, link(`/certificates/${seg(c.id)}`, { class: "button secondary" }, t("certificates.view")), status);
}

export function myCertificatesView(): Node {
  return page(
    t("certificates.title"),
    pagedList<Certificate>(
      (cursor) => api.get<Page<Certificate>>("/me/certificates", { cursor }),
      (c) =>
        h(
          "article",
          { class: "certificate-card", "data-certificate-id": c.id },
          h("h3", null, c.courseTitle ?? c.courseId ?? c.id),
          c.kind === "event" ? pill(t("certs.kindEvent")) : null,
          h("p", { class: "muted" }, t("certificates.issued", { date: formatDate(c.issuedAt) })),
          downloadButton(c),
        ),
      { emptyText: t("certificates.none"), label: t("certificates.title") },
    ),
  );
}

const VERDICT_CLASS: Record<Verdict | "checking", string> = {
  checking: "notice",
  valid: "notice success",
  revoked: "notice warning",
  tampered: "notice error",
};

function verdictText(verdict: Verdict | "checking", c: VerifiedCertificate): string {
  if (verdict === "checking") return t("certs.checking");
  if (verdict === "revoked") return t("certs.revoked", { date: formatDateTime(c.revokedAt ?? c.credential.validUntil) });
  return verdict === "valid" ? t("certs.verified") : t("certs.tampered");
}

export async function certificatePageView(ctx: RouteContext): Promise<Node> {
  const id = ctx.params.certificateId!;
  let certificate: VerifiedCertificate;
  try {
    certificate = await api.get<VerifiedCertificate>(`/certificates/${seg(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return page(t("certificates.verifyTitle"), h("div", { class: "notice warning", role: "alert" }, t("certificates.notValid")));
    }
    throw error;
  }
  const verdictBox = h("div", { class: VERDICT_CLASS.checking, role: "status", "data-verdict": "checking" }, t("certs.checking"));
  const show = (verdict: Verdict | "checking"): void => {
    verdictBox.className = `${VERDICT_CLASS[verdict]} cert-verdict`;
    verdictBox.dataset.verdict = verdict;
    verdictBox.textContent = verdictText(verdict, certificate);
  };
  void (async () => {
    try {
      const issuer = await api.get<IssuerDocument>("/.well-known/karmayogi-issuer.json");
      show(await verifyCredential(certificate.credential, issuer));
    } catch {
      show("tampered");
    }
  })();
  const shareUrl = window.location.href;
  const competencies = certificate.credential.credentialSubject?.achievement?.alignment ?? [];
  const copyButton = h("button", { type: "button", class: "secondary" }, t("certificates.copyLink"));
  const copyStatus = statusLine();
  copyButton.addEventListener("click", () => void act(copyButton, async () => {
    await navigator.clipboard.writeText(shareUrl);
  }, { done: t("certificates.copied") }, copyStatus));
  const revokeSlot = h("div", { class: "cert-revoke-slot" });
  void mayRevoke(certificate).then((may) => {
    if (may) revokeSlot.append(revokePanel(id, () => void refresh()));
  });
  return page(
    t("certificates.verifyTitle"),
    verdictBox,
    certificate.status === "revoked"
      ? h("p", { class: "cert-revoked-badge", "data-certificate-status": "revoked" }, pill(t("certs.revokedBadge"), "bad"))
      : null,
    h(
      "div",
      { class: "certificate", role: "group", "aria-label": t("certificates.verifyTitle") },
      h("p", { class: "cert-brand" }, t("app.name")),
      h("p", null, t("certificates.awardedTo")),
      h("p", { class: "cert-name" }, certificate.learnerName ?? ""),
      h("p", null, certificate.kind === "event" ? t("certs.forAttending") : t("certificates.forCompleting")),
      h("p", { class: "cert-course" }, certificate.courseTitle ?? ""),
      competencies.length
        ? h("ul", { class: "cert-competencies", "aria-label": t("certs.competencies") },
          ...competencies.map((a) => h("li", null, `${a.targetName} · ${t("certs.level", { level: (a.targetDescription ?? "").replace(/\D+/g, "") })}`)))
        : null,
      certificate.issuer ? h("p", { class: "muted" }, t("certs.issuedBy", { issuer: certificate.issuer })) : null,
      h("p", { class: "muted" }, t("certificates.issued", { date: formatDateTime(certificate.issuedAt) })),
      h("p", { class: "muted small" }, t("certificates.id", { id })),
    ),
    h("p", { class: "muted small" }, t("certs.howVerified")),
    h("div", { class: "actions no-print" },
      h("button", { type: "button", onClick: () => window.print() }, t("certificates.print")),
      copyButton, copyStatus,
    ),
    revokeSlot,
  );
}

/** "Show my certificates on my public profile" (PATCH /me showCertificates; off by default). */
export function showCertificatesToggle(me: Me): HTMLElement {
  const id = uid("show-certificates");
  const status = statusLine();
  let version = me.version;
  const box = h("input", { type: "checkbox", id, name: "showCertificates", checked: Boolean(me.showCertificates) });
  box.addEventListener("change", () => void (async () => {
    box.disabled = true;
    try {
      const updated = await api.patch<Me>("/me", { version, showCertificates: box.checked });
      version = updated.version;
      setMe(updated);
      status.set(t("certs.showSaved"), "ok");
    } catch (error) {
      box.checked = !box.checked;
      status.set(errorMessage(error), "error");
    } finally {
      box.disabled = false;
    }
  })());
  return h("div", { class: "stack" },
    h("div", { class: "choice" }, box, h("label", { for: id }, t("certs.showOnProfile"))),
    h("p", { class: "hint" }, t("certs.showHint")),
    status);
}

interface ShownCertificate {
  id: string;
  courseTitle: string;
  issuedAt: string;
  kind?: "course" | "event";
}

/** The certificates a person shows on their public profile (GET /people/{userId} `certificates`), or nothing. */
export function profileCertificates(person: { certificates?: ShownCertificate[] | null }): Node | null {
  if (!person.certificates) return null;
  return section(
    t("certs.onProfile"),
    person.certificates.length
      ? h("ul", { class: "cert-shown" }, ...person.certificates.map((c) => h("li", null,
        link(`/certificates/${seg(c.id)}`, null, c.courseTitle), " ",
        c.kind === "event" ? pill(t("certs.kindEvent")) : null, " ",
        h("span", { class: "muted" }, t("certificates.issued", { date: formatDate(c.issuedAt) })))))
      : h("p", { class: "muted" }, t("certs.noneShown")),
  );
}
