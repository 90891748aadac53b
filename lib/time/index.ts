export { fixedClock, systemClock, utcDate, type Clock } from "./clock";
export { END_OF_TIME, endOfDayUtc, parseKnownAt } from "./known-at";
export { inForce, isKnownAt, latestKnown, type Recorded, type ValidFrom } from "./versions";
