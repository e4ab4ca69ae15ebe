// The signed-in user (GET /me), kept for the session, and role checks for what the UI offers.
// The server enforces every permission; the UI only hides what would be refused.

import { api, session } from "./api";

export interface Me {
  userId: string;
  employeeId: string;
  name: string;
  email: string;
  mobile: string;
  orgId: string;
  designation: string;
  designationId?: string;
  roles: string[];
  profileComplete: boolean;
  karmaPoints: number;
  version: number;
  language?: "en" | "hi";
  showCertificates?: boolean;
  pendingDesignation?: { requestId: string; designationId: string; designation: string; requestedAt: string } | null;
  competencyProfile?: {
    roles?: string[];
    competencies?: { competencyId: string; level: number }[];
    desiredCompetencies?: { competencyId: string; level: number }[];
    interests?: string[];
  } | null;
}

let me: Me | null = null;
let loading: Promise<Me | null> | null = null;

export function currentUser(): Me | null {
  return me;
}

export async function loadMe(force = false): Promise<Me | null> {
  if (!session.loggedIn) {
    me = null;
    return null;
  }
  if (me && !force) return me;
  loading ??= api
    .get<Me>("/me")
    .then((profile) => {
      me = profile;
      return me;
    })
    .catch(() => null)
    .finally(() => {
      loading = null;
    });
  return loading;
}

export function setMe(profile: Me): void {
  me = profile;
}

/** Keep the officer's language on their profile too, so the email, SMS and reminders the platform sends
 * later come in it. Best effort: the UI's own choice is kept in the browser either way. */
export async function rememberLanguage(language: "en" | "hi"): Promise<void> {
  const profile = await loadMe();
  if (!profile || (profile.language ?? "en") === language) return;
  try {
    setMe(await api.patch<Me>("/me", { language, version: profile.version }));
  } catch {
    /* a stale version or a network failure: the next switch tries again */
  }
}

session.onChange((loggedIn) => {
  if (!loggedIn) me = null;
});

export const ADMIN_ROLES = ["MDO_ADMIN", "PROGRAM_COORDINATOR", "SPV_ADMIN"];

export function hasRole(...roles: string[]): boolean {
  return !!me && me.roles.some((role) => roles.includes(role));
}

export function isAdmin(): boolean {
  return hasRole(...ADMIN_ROLES);
}
