// Registration (employee details, or a registration link, or an invitation code → OTP on email and mobile →
// password) and login; the second factor's setup and the forgotten password are in auth-recovery.ts.

import { allPages, api, ApiError, newIdempotencyKey, seg, session, type Page, type Tokens } from "../api";
import { page } from "../components";
import { h, replace } from "../dom";
import { field, form, select, showError, submitButton, submitting, values } from "../forms";
import { lang, t } from "../i18n";
import { link, navigate, type RouteContext } from "../router";
import { loadMe } from "../state";
import { announce, statusLine } from "../status";
import { invitationForm, registrationLink } from "./register-extras";
import { focusStep } from "./auth-recovery";

export { forgotView, mfaSetupView } from "./auth-recovery";

// Browsers compile a `pattern` with the v flag, where "-", "(", ")" and "/" inside a character class must be
// escaped (an invalid pattern is ignored, and the check with it). Both follow functions/auth/contacts.py:
// an employee ID is 1-32 letters or digits with / _ . - inside; a mobile is 10 digits from 6-9, optionally
// after +91, 0091, 91 or 0, with spaces, dots, dashes or brackets between.
export const EMPLOYEE_ID_PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9\\/_.\\-]{0,30}[A-Za-z0-9])?";
const SEP = "[\\s\\(\\)\\.\\-]*";
export const MOBILE_PATTERN = `${SEP}(?:\\+91|0091|91|0)?${SEP}[6-9](?:${SEP}[0-9]){9}${SEP}`;

interface Org {
  id: string;
  name: string;
  type: string;
  parentId?: string | null;
  emailDomains: string[];
  nameHi?: string | null;
}

interface Designation {
  id: string;
  name: string;
  nameHi?: string | null;
}

interface Registration {
  registrationId: string;
  otpSentTo: { email: string; mobile: string };
  smsDelayed?: boolean;
  emailVerified: boolean;
  mobileVerified: boolean;
  username: string;
}

const REGISTRATION_KEY = "karmayogi.registration";

function savedRegistration(): Registration | null {
  try {
    const raw = sessionStorage.getItem(REGISTRATION_KEY);
    return raw ? (JSON.parse(raw) as Registration) : null;
  } catch {
    return null;
  }
}

function saveRegistration(registration: Registration | null): void {
  try {
    if (registration) sessionStorage.setItem(REGISTRATION_KEY, JSON.stringify(registration));
    else sessionStorage.removeItem(REGISTRATION_KEY);
  } catch {
    /* kept in memory only */
  }
}

/** Indian mobiles as E.164: "98765 43210" → "+919876543210". Anything else is sent as typed. */
export function normaliseMobile(raw: string): string {
  const digits = raw.replace(/[\s()-]/g, "");
  if (/^[6-9]\d{9}$/.test(digits)) return `+91${digits}`;
  if (/^91[6-9]\d{9}$/.test(digits)) return `+${digits}`;
  if (/^0[6-9]\d{9}$/.test(digits)) return `+91${digits.slice(1)}`;
  return digits;
}

function orgLabel(org: Org): string {
  return lang() === "hi" && org.nameHi ? `${org.nameHi} (${org.name})` : org.name;
}

// ---------------------------------------------------------------------------------------------- register

export async function registerView(ctx: RouteContext): Promise<Node> {
  const container = h("div", { class: "steps" });
  const root = page(t("register.title"), h("p", { class: "lead" }, t("register.lead")), container);
  const existing = savedRegistration();
  if (existing && !(existing.emailVerified && existing.mobileVerified)) showOtpStep(container, existing);
  else if (existing) showPasswordStep(container, existing);
  else await showDetailsStep(container, ctx.query.get("link"));
  return root;
}

function stepHeading(text: string, step: number): HTMLElement {
  return h("h2", { class: "step-title", tabindex: "-1" }, h("span", { class: "step-number" }, t("register.step", { step, of: 3 })), " ", text);
}

async function showDetailsStep(container: HTMLElement, linkId: string | null = null): Promise<void> {
  // A registration link fixes the org and skips the approval (one that no longer works is said, and ignored).
  const viaLink = linkId ? await registrationLink(linkId) : null;
  let designations: Designation[] = [];
  try {
    designations = await allPages<Designation>("/designations");
  } catch {
    designations = [];
  }
  const orgSelect = h("select", { name: "orgId", id: "reg-org", required: true }, h("option", { value: "" }, t("register.orgChoose")));
  const orgHint = h("p", { class: "hint", id: "reg-org-domains", "aria-live": "polite" });
  const orgStatus = h("p", { class: "hint", role: "status", "aria-live": "polite" });
  const orgSearch = h("input", {
    type: "search",
    id: "reg-org-q",
    name: "orgQuery",
    autocomplete: "off",
    "aria-describedby": "reg-org-q-hint",
    "aria-controls": "reg-org",
  });
  let orgs: Org[] = [];
  let searchTimer = 0;
  let searchGeneration = 0;

  const showDomains = () => {
    const org = orgs.find((o) => o.id === orgSelect.value);
    orgHint.textContent = org?.emailDomains?.length ? t("register.orgDomains", { domains: org.emailDomains.join(", ") }) : "";
  };

  const searchOrgs = async () => {
    const mine = ++searchGeneration;
    orgStatus.textContent = t("status.searching");
    try {
      const result = await api.get<Page<Org>>("/orgs", { q: orgSearch.value.trim(), limit: 50 });
      if (mine !== searchGeneration) return;
      orgs = result.items;
      const previous = orgSelect.value;
      orgSelect.replaceChildren(
        h("option", { value: "" }, t("register.orgChoose")),
        ...orgs.map((org) => h("option", { value: org.id }, orgLabel(org))),
      );
      if (orgs.some((o) => o.id === previous)) orgSelect.value = previous;
      else if (orgs.length === 1) orgSelect.value = orgs[0]!.id;
      orgStatus.textContent = t("register.orgFound", { count: orgs.length });
      showDomains();
    } catch (error) {
      if (mine === searchGeneration) orgStatus.textContent = error instanceof Error ? error.message : String(error);
    }
  };
  orgSearch.addEventListener("input", () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => void searchOrgs(), 250);
  });
  orgSearch.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(searchTimer);
      void searchOrgs();
    }
  });
  orgSelect.addEventListener("change", showDomains);
  orgSelect.setAttribute("aria-describedby", "reg-org-domains reg-org-error");

  const idempotencyKey = newIdempotencyKey();
  const detailsForm = form(
    {
      class: "stack",
      "aria-labelledby": "reg-details-title",
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(detailsForm, async () => {
          const v = values(detailsForm);
          // The same answer whether or not these details hold an account already (API.md v2): an owner
          // gets a message instead of a code, so this screen never says "already registered".
          const result = await api.post<{ registrationId: string; otpSentTo: { email: string; mobile: string }; smsDelayed?: boolean }>(
            "/auth/register",
            {
              employeeId: v.employeeId.toUpperCase(),
              name: v.name,
              email: v.email.toLowerCase(),
              mobile: normaliseMobile(v.mobile),
              orgId: v.orgId,
              designation: v.designation,
              linkId: viaLink?.info ? viaLink.info.linkId : undefined,
            },
            { auth: false, idempotencyKey },
          );
          const registration: Registration = {
            registrationId: result.registrationId,
            otpSentTo: result.otpSentTo,
            smsDelayed: result.smsDelayed ?? false,
            emailVerified: false,
            mobileVerified: false,
            username: v.email.toLowerCase(),
          };
          saveRegistration(registration);
          showOtpStep(container, registration);
        }, t("status.sending"));
      },
    },
    field({ label: t("register.employeeId"), name: "employeeId", required: true, autocomplete: "off", hint: t("register.employeeIdHint"), pattern: EMPLOYEE_ID_PATTERN, autocapitalize: "characters", spellcheck: "false" }),
    field({ label: t("register.name"), name: "name", required: true, autocomplete: "name", maxlength: 100 }),
    field({ label: t("register.email"), name: "email", type: "email", required: true, autocomplete: "email", hint: t("register.emailHint"), spellcheck: "false" }),
    field({ label: t("register.mobile"), name: "mobile", type: "tel", required: true, autocomplete: "tel-national", inputmode: "tel", hint: t("register.mobileHint"), pattern: MOBILE_PATTERN }),
    viaLink?.info ? h("input", { type: "hidden", name: "orgId", value: viaLink.info.orgId }) : h(
      "fieldset",
      { class: "org-picker" },
      h("legend", null, t("register.org")),
      h("div", { class: "field" }, h("label", { for: "reg-org-q" }, t("register.orgSearch")), h("p", { class: "hint", id: "reg-org-q-hint" }, t("register.orgSearchHint")), orgSearch, orgStatus),
      h("div", { class: "field" }, h("label", { for: "reg-org" }, t("register.orgSelect"), h("span", { class: "required", "aria-hidden": "true" }, " *")), orgSelect, orgHint, h("p", { class: "field-error", id: "reg-org-error", hidden: true })),
    ),
    select({
      label: t("register.designation"),
      name: "designation",
      required: true,
      placeholder: t("register.designationChoose"),
      options: designations.map((d) => ({ value: d.id, label: lang() === "hi" && d.nameHi ? d.nameHi : d.name })),
    }),
    h("div", { class: "actions" }, submitButton(t("register.sendOtp"))),
  );
  const started = (result: { registrationId: string; otpSentTo: { email?: string | null; mobile?: string | null }; smsDelayed?: boolean }) => {
    const otpSentTo = { email: result.otpSentTo.email ?? "", mobile: result.otpSentTo.mobile ?? "" };
    const registration: Registration = { registrationId: result.registrationId, otpSentTo, smsDelayed: result.smsDelayed ?? false, emailVerified: false, mobileVerified: false, username: "" };
    saveRegistration(registration);
    showOtpStep(container, registration);
  };
  const haveCode = h("button", { type: "button", class: "secondary" }, t("onbr.haveCode"));
  haveCode.addEventListener("click", () => {
    replace(container, invitationForm(started, () => void showDetailsStep(container, linkId)));
    focusStep(container);
  });
  replace(
    container,
    viaLink ? viaLink.notice : h("p", { class: "actions" }, haveCode),
    h("div", { class: "card" }, h("h2", { id: "reg-details-title", class: "step-title", tabindex: "-1" }, h("span", { class: "step-number" }, t("register.step", { step: 1, of: 3 })), " ", t("register.detailsTitle")), detailsForm),
    h("p", null, t("register.haveAccount"), " ", link("/login", null, t("nav.login"))),
  );
  if (!viaLink?.info) void searchOrgs();
}

function showOtpStep(container: HTMLElement, registration: Registration): void {
  const status = statusLine();
  const channelForm = (channel: "email" | "mobile"): HTMLElement => {
    const verified = channel === "email" ? registration.emailVerified : registration.mobileVerified;
    const label = channel === "email" ? t("register.otpEmail", { to: registration.otpSentTo.email }) : t("register.otpMobile", { to: registration.otpSentTo.mobile });
    if (verified) {
      return h("div", { class: "card otp verified" }, h("h3", null, channel === "email" ? t("register.emailTitle") : t("register.mobileTitle")), h("p", { class: "ok" }, "✓ ", t("register.verified")));
    }
    const resend = h("button", { type: "button", class: "secondary" }, t("register.resend"));
    const otpForm = form(
      {
        class: "stack",
        "data-channel": channel,
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(otpForm, async () => {
            const code = values(otpForm).code;
            const result = await api.post<{ emailVerified: boolean; mobileVerified: boolean }>(
              `/auth/register/${seg(registration.registrationId)}/verify`,
              { channel, code },
              { auth: false },
            );
            registration.emailVerified = result.emailVerified;
            registration.mobileVerified = result.mobileVerified;
            saveRegistration(registration);
            if (registration.emailVerified && registration.mobileVerified) showPasswordStep(container, registration);
            else {
              showOtpStep(container, registration);
              announce(t("register.channelVerified"));
            }
          }, t("status.verifying"));
        },
      },
      h("h3", null, channel === "email" ? t("register.emailTitle") : t("register.mobileTitle")),
      channel === "mobile" && registration.smsDelayed ? h("p", { class: "notice" }, t("register.smsDelayed")) : null,
      field({ label, name: "code", required: true, inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: 6, hint: t("register.codeHint") }),
      h("p", { class: "hint" }, t("register.noCodeHint")),
      h("div", { class: "actions" }, submitButton(t("register.verify")), resend),
    );
    resend.addEventListener("click", async () => {
      resend.disabled = true;
      try {
        await api.post(`/auth/register/${seg(registration.registrationId)}/resend`, { channel }, { auth: false });
        status.set(t("register.resent"), "ok");
      } catch (error) {
        showError(otpForm, error);
      } finally {
        resend.disabled = false;
      }
    });
    return h("div", { class: "card otp" }, otpForm);
  };
  replace(
    container,
    stepHeading(t("register.otpTitle"), 2),
    h("p", null, t("register.otpLead")),
    status,
    h("div", { class: "grid two" }, channelForm("email"), channelForm("mobile")),
    h("p", null, h("button", { type: "button", class: "link-button", onClick: () => { saveRegistration(null); void showDetailsStep(container); } }, t("register.startOver"))),
  );
  focusStep(container);
}

function showPasswordStep(container: HTMLElement, registration: Registration): void {
  const passwordForm = form(
    {
      class: "stack card",
      onSubmit: (event: Event) => {
        event.preventDefault();
        const v = values(passwordForm);
        if (v.password !== v.confirm) {
          const message = t("register.mismatch");
          showError(passwordForm, new ApiError(400, "PASSWORD_MISMATCH", message, [{ field: "confirm", message }]));
          return;
        }
        void submitting(passwordForm, async () => {
          await api.post(`/auth/register/${seg(registration.registrationId)}/password`, { password: v.password }, { auth: false });
          saveRegistration(null);
          showDone(container, registration.username);
        });
      },
    },
    field({ label: t("register.password"), name: "password", type: "password", required: true, autocomplete: "new-password", minlength: 8, hint: t("register.passwordHint") }),
    field({ label: t("register.confirm"), name: "confirm", type: "password", required: true, autocomplete: "new-password", minlength: 8 }),
    h("div", { class: "actions" }, submitButton(t("register.createAccount"))),
  );
  replace(container, stepHeading(t("register.passwordTitle"), 3), passwordForm);
  focusStep(container);
}

function showDone(container: HTMLElement, username: string): void {
  replace(
    container,
    h("div", { class: "card success" },
      h("h2", { class: "step-title", tabindex: "-1" }, t("register.doneTitle")),
      h("p", null, t("register.doneLead")),
      link(`/login?username=${encodeURIComponent(username)}`, { class: "button primary" }, t("nav.login")),
    ),
  );
  focusStep(container);
}

// ------------------------------------------------------------------------------------------------- login

/** What POST /auth/login answers: tokens, or (an account with an authenticator app) the MFA challenge. */
type LoginAnswer = Tokens | { challenge: "MFA"; session: string };

export function loginView(ctx: RouteContext): Node {
  const next = ctx.query.get("next");
  const container = h("div");
  const signedIn = async (tokens: Tokens) => {
    session.set(tokens);
    const me = await loadMe(true);
    const complete = me?.profileComplete ?? tokens.profileComplete ?? true;
    announce(t("login.done"));
    const after = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
    // An admin role without its second factor yet: set it up first (API.md "Sessions").
    if (tokens.mfaRequired) navigate(`/mfa?next=${encodeURIComponent(complete ? after : "/profile/competencies?first=1")}`);
    else if (!complete) navigate("/profile/competencies?first=1");
    else navigate(after);
  };
  const askForCode = (mfaSession: string) => {
    const codeForm = form(
      {
        class: "stack card narrow",
        "aria-label": t("mfa.title"),
        onSubmit: (event: Event) => {
          event.preventDefault();
          void submitting(codeForm, async () => {
            const { code } = values(codeForm);
            const tokens = await api.post<Tokens>("/auth/login/mfa", { session: mfaSession, code }, { auth: false });
            await signedIn(tokens);
          }, t("status.signingIn"));
        },
      },
      h("h2", { class: "step-title", tabindex: "-1" }, t("mfa.title")),
      h("p", null, t("mfa.lead")),
      field({ label: t("mfa.code"), name: "code", required: true, inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: 6 }),
      h("div", { class: "actions" }, submitButton(t("mfa.submit"))),
    );
    replace(container, codeForm);
    focusStep(container);
  };
  const loginForm = form(
    {
      class: "stack card narrow",
      "aria-label": t("login.title"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        void submitting(loginForm, async () => {
          const v = values(loginForm);
          const answer = await api.post<LoginAnswer>("/auth/login", { username: v.username, password: v.password }, { auth: false });
          if ("challenge" in answer) askForCode(answer.session);
          else await signedIn(answer);
        }, t("status.signingIn"));
      },
    },
    field({ label: t("login.username"), name: "username", required: true, autocomplete: "username", hint: t("login.usernameHint"), value: ctx.query.get("username") ?? "", spellcheck: "false", autocapitalize: "none" }),
    field({ label: t("login.password"), name: "password", type: "password", required: true, autocomplete: "current-password" }),
    h("div", { class: "actions" }, submitButton(t("login.submit"))),
    h("p", null, link("/forgot-password", null, t("login.forgot"))),
  );
  replace(container, loginForm);
  return page(
    t("login.title"),
    ctx.query.get("expired") ? h("p", { class: "notice", role: "status" }, t("login.expired")) : null,
    container,
    h("p", null, t("login.noAccount"), " ", link("/register", null, t("nav.register"))),
  );
}

export async function logout(): Promise<void> {
  try {
    // The refresh token is revoked with the session, so a copy of it is worthless afterwards.
    if (session.loggedIn) await api.post("/auth/logout", { refreshToken: session.tokens?.refreshToken });
  } catch {
    /* the session ends here whatever the server says */
  }
  session.clear();
  announce(t("logout.done"));
  navigate("/login");
}
