// हिन्दी strings of the API's error codes and the client's checks, as users read them; spread into hi.ts, typed against errors.en.ts.

import type { errorsEn } from "./errors.en";

export const errorsHi: Record<keyof typeof errorsEn, string> = {
};
