// The HTTP client of the API contract (the shared API.md, contract v1): base URL from /app/config.json, bearer token,
// Accept-Language, Idempotency-Key on creates, the error body {"error": {code, message, details}}, and one
// refresh (POST /auth/refresh) on a 401 before the session is given up.
//
// The API's types come from its OpenAPI document: src/api-types.ts is generated from docs/openapi.json by
// `npm run api-types` (every build runs it first) and is not committed.

import type { components } from "./api-types";
import { lang, t, tOr } from "./i18n";

/** A schema of the OpenAPI document (components/schemas), e.g. `Schema<"CourseSummary">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

type ErrorBody = Schema<"ErrorBody">;

/** One field at fault (an ErrorDetail of a 400): its name and the server's (English) message, with `reason`
 * (why, snake_case) and `limit` when the server gave them, and whether the message was the detail's own. */
export type FieldDetail = Pick<Required<Schema<"ErrorDetail">>, "field" | "message"> & {
  field: string;
  message: string;
  reason?: string;
  limit?: number | string;
  own: boolean;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    readonly retryAfter: number | null = null,
    /** The server's own (English) message; `message` is the code's message in the user's language. */
    readonly serverMessage: string = message,
    /** An answer of the API (its field messages are the server's English), not an error the client made. */
    readonly fromServer: boolean = false,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Field errors from `details`, whether a list of {field, message} or an object {field: message}. */
  get fieldErrors(): FieldDetail[] {
    const details = this.details;
    if (Array.isArray(details)) {
      return details
        .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null)
        .map((d) => ({
          field: String(d.field ?? d.name ?? (Array.isArray(d.loc) ? d.loc.join(".") : "")),
          // A detail without its own message (e.g. {"field": "email", "allowed": [...]}) carries the error's.
          message: String(d.message ?? d.msg ?? this.message),
          reason: typeof d.reason === "string" ? d.reason : typeof d.type === "string" ? d.type : undefined,
          limit: typeof d.limit === "number" || typeof d.limit === "string" ? d.limit : undefined,
          // The server's own English text for this field (a client-made detail is in the UI language already).
          own: this.fromServer && (d.message !== undefined || d.msg !== undefined),
        }))
        .filter((d) => d.field);
    }
    if (details && typeof details === "object") {
      return Object.entries(details as Record<string, unknown>)
        .filter(([, message]) => typeof message === "string")
        .map(([field, message]) => ({ field, message: String(message), own: this.fromServer }));
    }
    return [];
  }
}

/** A page of a list (the document's PageOf_<Item>_ schemas): `items` and the opaque `nextCursor`. */
export type Page<T> = Omit<Schema<"PageOf_CourseSummary_">, "items"> & { items: T[] };

type LoginResponse = Schema<"LoginResponse">;

/** What the session keeps: the tokens of POST /auth/login, renewed by POST /auth/refresh (TokensResponse). */
export type Tokens = Pick<LoginResponse, "accessToken"> & Partial<Omit<LoginResponse, "accessToken">>;

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Send the bearer token when there is one (public routes ignore it). */
  auth?: boolean;
  /** An Idempotency-Key for a create; pass the same key when retrying the same submission. */
  idempotencyKey?: string;
  /** Return the raw Response (downloads). */
  raw?: boolean;
  /** Let the request outlive the page (a player's last heartbeat on pagehide: sendBeacon cannot send the
   * Authorization header, fetch with keepalive can). */
  keepalive?: boolean;
}

const TOKENS_KEY = "karmayogi.tokens";
let baseUrl = "";
let tokens: Tokens | null = readStoredTokens();
let refreshing: Promise<boolean> | null = null;
const sessionListeners = new Set<(loggedIn: boolean) => void>();

function readStoredTokens(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(TOKENS_KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

// AWS WAF challenges the anonymous routes that send an email or SMS (infra/constructs/firewall.py). In AWS,
// config.json names the web ACL's integration URL: its challenge SDK answers the challenge silently, and
// AwsWafIntegration.fetch sends the token (x-aws-waf-token). The dev server asks for no token.
const SENDING_ROUTES = /^\/auth\/(register|register\/[^/]+\/resend|password\/forgot)$/;

interface WafIntegration {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

function wafIntegration(): WafIntegration | undefined {
  return (window as unknown as { AwsWafIntegration?: WafIntegration }).AwsWafIntegration;
}

function loadWafSdk(integrationUrl: string): void {
  const script = document.createElement("script");
  script.src = `${integrationUrl.replace(/\/+$/, "")}/challenge.js`;
  script.defer = true;
  document.head.append(script);
}

/** Reads {"apiBaseUrl", "wafIntegrationUrl"} from config.json next to the app; same origin when absent. */
export async function loadConfig(): Promise<void> {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: "no-store" });
    if (response.ok && (response.headers.get("Content-Type") ?? "").includes("json")) {
      const config = (await response.json()) as { apiBaseUrl?: string; wafIntegrationUrl?: string };
      baseUrl = (config.apiBaseUrl ?? "").replace(/\/+$/, "");
      if (config.wafIntegrationUrl) loadWafSdk(config.wafIntegrationUrl);
    }
  } catch {
    baseUrl = "";
  }
}

export function apiBaseUrl(): string {
  return baseUrl;
}

export const session = {
  get loggedIn(): boolean {
    return tokens !== null;
  },
  get tokens(): Tokens | null {
    return tokens;
  },
  set(next: Tokens): void {
    tokens = { ...tokens, ...next };
    try {
      sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
    } catch {
      /* memory only */
    }
    for (const listener of sessionListeners) listener(true);
  },
  clear(): void {
    const had = tokens !== null;
    tokens = null;
    try {
      sessionStorage.removeItem(TOKENS_KEY);
    } catch {
      /* memory only */
    }
    if (had) for (const listener of sessionListeners) listener(false);
  },
  onChange(listener: (loggedIn: boolean) => void): void {
    sessionListeners.add(listener);
  },
};

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ""}`;
}

// Codes whose Retry-After is not a wait the user must sit out: a locked code is replaced by asking for a new one,
// which works at once (functions/auth/otp.py).
const NO_WAIT = new Set(["OTP_LOCKED"]);

/** A waiting time as people say it: seconds under two minutes, else minutes (rounded up). */
export function retryText(seconds: number): string {
  return seconds < 120
    ? t("error.retryAfter", { seconds })
    : t("fx.retryAfterMinutes", { minutes: Math.ceil(seconds / 60) });
}

async function errorFrom(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let serverMessage = t("error.http", { status: response.status });
  let details: unknown;
  try {
    const body = (await response.json()) as Partial<ErrorBody> | null;
    if (body?.error) {
      code = body.error.code ?? code;
      serverMessage = body.error.message ?? serverMessage;
      details = body.error.details;
    }
  } catch {
    /* not JSON: keep the generic message */
  }
  // Users read the code's message in their language (src/i18n/errors.*.ts), never the server's English text.
  let message = tOr(`errorCode.${code}`, code.startsWith("HTTP_") ? serverMessage : t("error.http", { status: response.status }));
  const retryAfter = Number(response.headers.get("Retry-After")) || null;
  if ((response.status === 429 || response.status === 503) && retryAfter && !NO_WAIT.has(code)) {
    message = `${message} ${retryText(retryAfter)}`;
  }
  return new ApiError(response.status, code, message, details, retryAfter, serverMessage, true);
}

/** One refresh at a time; every request that met the 401 waits for the same one. */
function refreshOnce(): Promise<boolean> {
  const refreshToken = tokens?.refreshToken;
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch(buildUrl("/auth/refresh"), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": lang() },
        body: JSON.stringify({ refreshToken }),
      });
      if (!response.ok) return false;
      const fresh = (await response.json()) as Schema<"TokensResponse">;
      if (!fresh.accessToken) return false;
      session.set({ ...fresh, refreshToken: fresh.refreshToken ?? refreshToken });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(method: string, path: string, options: RequestOptions, retried: boolean): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": lang() };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const sentToken = options.auth !== false ? tokens?.accessToken : undefined;
  if (sentToken) headers.Authorization = `Bearer ${sentToken}`;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  let response: Response;
  try {
    const waf = SENDING_ROUTES.test(path) ? wafIntegration() : undefined;
    response = await (waf ? waf.fetch.bind(waf) : fetch)(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      keepalive: options.keepalive,
    });
  } catch {
    throw new ApiError(0, "NETWORK_ERROR", t("error.network"));
  }
  if (response.status === 401 && sentToken && !retried) {
    if (await refreshOnce()) return send(method, path, options, true);
    session.clear();
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, false);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, { query }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, "body"> = {}) =>
    request<T>("POST", path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>("DELETE", path),
  /** A file behind the bearer token (e.g. calendar.ics), as a Blob. */
  async blob(path: string): Promise<Blob> {
    const response = await send("GET", path, {}, false);
    return response.blob();
  },
};

/** Every page of a paged list, up to `max` items (for pickers of small seeded lists). */
export async function allPages<T>(path: string, query: Query = {}, max = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await api.get<Page<T>>(path, { ...query, limit: 100, cursor });
    items.push(...(page.items ?? []));
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** A fresh key for one form submission (kept across its retries). */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** Paths are built from ids the server gave; encode them anyway. */
export const seg = (value: string): string => encodeURIComponent(value);
