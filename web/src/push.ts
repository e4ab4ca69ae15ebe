// Web Push on this device (opt-in per device): Notification permission, PushManager.subscribe with the
// platform's VAPID key (GET /me/push/key), the subscription saved with PUT /me/push/subscriptions; turning it
// off unsubscribes in the browser and deletes the saved one (DELETE /me/push/subscriptions/{id}). The service
// worker (sw.ts) shows what is pushed.

import { api, seg } from "./api";
import { t } from "./i18n";

const SUBSCRIPTION_ID_KEY = "karmayogi.push.subscriptionId";
const READY_TIMEOUT_MS = 10_000;
const SUBSCRIBE_TIMEOUT_MS = 20_000;

export type PushState = "unsupported" | "denied" | "on" | "off";

/** A refusal the learner can act on, in their language. */
export class PushSetupError extends Error {}

function supported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const ready = navigator.serviceWorker.ready;
  const timeout = new Promise<never>((_, reject) =>
    window.setTimeout(() => reject(new PushSetupError(t("push.noWorker"))), READY_TIMEOUT_MS));
  return Promise.race([ready, timeout]);
}

export async function pushState(): Promise<PushState> {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const existing = await navigator.serviceWorker.getRegistration();
  const subscription = await existing?.pushManager.getSubscription();
  return subscription && Notification.permission === "granted" && localStorage.getItem(SUBSCRIPTION_ID_KEY) ? "on" : "off";
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function deviceLabel(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom/.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Browser";
  const system = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac OS/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
  return [browser, system].filter(Boolean).join(" on ").slice(0, 80);
}

/** Asks for permission, subscribes and saves the subscription; a PushSetupError says what stopped it. */
export async function enablePush(): Promise<void> {
  if (!supported()) throw new PushSetupError(t("push.unsupported"));
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new PushSetupError(t(permission === "denied" ? "push.denied" : "push.dismissed"));
  const worker = await registration();
  const { publicKey } = await api.get<{ publicKey: string }>("/me/push/key");
  let subscription: PushSubscription;
  try {
    // The browser registers with its push service (FCM, Mozilla's, Apple's …): without an answer in time, say so.
    const timeout = new Promise<never>((_, reject) =>
      window.setTimeout(() => reject(new Error("no answer from the push service")), SUBSCRIBE_TIMEOUT_MS));
    subscription = await Promise.race([
      worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }),
      timeout,
    ]);
  } catch (error) {
    console.warn("PushManager.subscribe failed:", error);
    throw new PushSetupError(t("push.serviceUnreachable"));
  }
  const json = subscription.toJSON();
  try {
    const saved = await api.put<{ id: string }>("/me/push/subscriptions", {
      endpoint: json.endpoint,
      expirationTime: json.expirationTime ?? null,
      keys: json.keys,
      deviceLabel: deviceLabel(),
    });
    localStorage.setItem(SUBSCRIPTION_ID_KEY, saved.id);
  } catch (error) {
    await subscription.unsubscribe().catch(() => false);
    throw error;
  }
}

/** Unsubscribes in the browser and deletes the saved subscription. */
export async function disablePush(): Promise<void> {
  const existing = supported() ? await navigator.serviceWorker.getRegistration() : undefined;
  const subscription = await existing?.pushManager.getSubscription();
  await subscription?.unsubscribe().catch(() => false);
  const id = localStorage.getItem(SUBSCRIPTION_ID_KEY);
  if (id) {
    await api.del(`/me/push/subscriptions/${seg(id)}`).catch((error: unknown) => {
      if ((error as { status?: number }).status !== 404) throw error;
    });
    localStorage.removeItem(SUBSCRIPTION_ID_KEY);
  }
}
