import { createHash, randomBytes } from "node:crypto";

/** A random secret of 256 bits, URL-safe, with a recognisable prefix. */
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

/** Secrets are stored only as their SHA-256: they are random, so no salt or slow hash is needed. */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
