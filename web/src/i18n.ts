// English and Hindi. Every UI string lives in the two dictionaries (src/i18n/en.ts, src/i18n/hi.ts);
// the Hindi one is typed against the English keys, so a missing translation fails the build.

import { en, type MessageKey } from "./i18n/en";
import { hi } from "./i18n/hi";

export type Lang = "en" | "hi";
export type { MessageKey };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, hi };
const STORAGE_KEY = "karmayogi.lang";
const listeners = new Set<() => void>();

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "hi") return saved;
  } catch {
    /* storage disabled */
  }
  return navigator.language?.toLowerCase().startsWith("hi") ? "hi" : "en";
}

let current: Lang = initialLang();

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* storage disabled */
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function onLangChange(listener: () => void): void {
  listeners.add(listener);
}

/** The UI string `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[current][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const locale = (): string => (current === "hi" ? "hi-IN" : "en-IN");

/** Times are shown in IST, as the platform's users expect, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Kolkata",
    ...timeCycle(),
  }).format(date);
}

/** Hindi times on the 24-hour clock ("17:00"): hi-IN's 12-hour clock writes the day period in Latin ("5:00 pm"). */
export function timeCycle(): Pick<Intl.DateTimeFormatOptions, "hourCycle"> {
  return current === "hi" ? { hourCycle: "h23" } : {};
}

/** A time of day alone, in IST (24-hour in Hindi). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { timeStyle: "short", timeZone: "Asia/Kolkata", ...timeCycle() }).format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00+05:30` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "Asia/Kolkata" }).format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

document.documentElement.lang = current;

/** A string built from data (a status, a role, a content type): its translation, or `fallback`. */
export function tOr(key: string, fallback: string): string {
  return key in en ? t(key as MessageKey) : fallback;
}
