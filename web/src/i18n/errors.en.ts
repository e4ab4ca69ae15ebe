// English strings of the API's error codes and the client's checks, as users read them; spread into en.ts. Every key here must exist in errors.hi.ts.

export const errorsEn = {
};
