// हिन्दी strings of moderators and the SPV admin's directory (communities, posts, orgs, designations, career paths); spread into hi.ts, typed against community.en.ts.

import type { communityEn } from "./community.en";

export const communityHi: Record<keyof typeof communityEn, string> = {
};
