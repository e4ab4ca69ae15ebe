// English strings of moderators and the SPV admin's directory (communities, posts, orgs, designations, career paths); spread into en.ts. Every key here must exist in community.hi.ts.

export const communityEn = {
};
