export { END_OF_TIME, endOfDayUtc, parseKnownAt, utcDate } from "./known-at";
export { inForce, isKnownAt, latestKnown, type Recorded, type ValidFrom } from "./versions";
