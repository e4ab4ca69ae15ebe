// English strings of creators and publishers (authoring, review, versions); spread into en.ts. Every key here must exist in authoring.hi.ts.

export const authoringEn = {
};
