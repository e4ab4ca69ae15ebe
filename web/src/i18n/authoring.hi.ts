// हिन्दी strings of creators and publishers (authoring, review, versions); spread into hi.ts, typed against authoring.en.ts.

import type { authoringEn } from "./authoring.en";

export const authoringHi: Record<keyof typeof authoringEn, string> = {
};
