/** Dates as the pages show them: British order, month abbreviated, in UTC (the server's and the data's zone). */
const dateOptions: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };

const dateFormat = new Intl.DateTimeFormat("en-GB", dateOptions);
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { ...dateOptions, hour: "2-digit", minute: "2-digit" });

/** e.g. "3 Dec 2026". */
export const formatUtcDate = (d: Date): string => dateFormat.format(d);
/** e.g. "3 Dec 2026, 09:05". */
export const formatUtcDateTime = (d: Date): string => dateTimeFormat.format(d);
