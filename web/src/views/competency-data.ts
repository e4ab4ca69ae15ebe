// The competency framework as the client uses it (loaded once per session), and names in the UI language:
// competencies, designations, batches and organisations may carry a Hindi name (`nameHi`) beside `name`.

import { allPages, api, seg } from "../api";
import { lang, tOr } from "../i18n";

export interface Competency {
  id: string;
  name: string;
  nameHi?: string | null;
  area: string;
  description?: string;
  levels?: ({ level?: number; name?: string; description?: string } | string)[];
}

export interface PassbookEntry {
  competencyId: string;
  level: number;
  source: string;
  sourceId?: string;
  acquiredAt?: string;
}

/** The name to show: the Hindi one in the Hindi UI when the data has it, else the name. */
export function localName(item: { name: string; nameHi?: string | null }): string {
  return lang() === "hi" && item.nameHi ? item.nameHi : item.name;
}

let competencyCache: Promise<Competency[]> | null = null;

/** The framework, loaded once per session (it changes rarely). */
export function competencies(): Promise<Competency[]> {
  competencyCache ??= allPages<Competency>("/competencies").catch((error: unknown) => {
    competencyCache = null;
    throw error;
  });
  return competencyCache;
}

/** Competency names by id, in the UI language. */
export async function competencyNames(): Promise<Map<string, string>> {
  try {
    return new Map((await competencies()).map((c) => [c.id, localName(c)]));
  } catch {
    return new Map();
  }
}

export function areaLabel(area: string): string {
  return tOr(`area.${area}`, area);
}

interface Named {
  id: string;
  name: string;
  nameHi?: string | null;
}

let designationCache: Promise<Named[]> | null = null;

/** Designation names by id, in the UI language (the directory's designations, loaded once per session). */
export async function designationNames(): Promise<Map<string, string>> {
  designationCache ??= allPages<Named>("/designations").catch((error: unknown) => {
    designationCache = null;
    throw error;
  });
  try {
    return new Map((await designationCache).map((d) => [d.id, localName(d)]));
  } catch {
    return new Map();
  }
}

const orgCache = new Map<string, Promise<Named>>();

/** An organisation's name in the UI language (GET /orgs/{orgId}); its id when it cannot be loaded. */
export async function orgName(orgId: string): Promise<string> {
  if (!orgCache.has(orgId)) {
    orgCache.set(orgId, api.get<Named>(`/orgs/${seg(orgId)}`).catch((error: unknown) => {
      orgCache.delete(orgId);
      throw error;
    }));
  }
  try {
    return localName(await orgCache.get(orgId)!);
  } catch {
    return orgId;
  }
}
