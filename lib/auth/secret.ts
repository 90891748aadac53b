import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { embeddedDataDir, usesServer } from "@/db/client";

/**
 * AUTH_SECRET, or for the embedded quick start a random secret kept beside the data folder, so
 * sessions survive restarts without configuration. A server deployment must set AUTH_SECRET.
 */
export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const dataDir = embeddedDataDir();
  if (usesServer() || dataDir.startsWith("memory://")) {
    throw new Error("AUTH_SECRET is not set. Generate one with `openssl rand -base64 33` and set it.");
  }
  const file = path.join(path.dirname(dataDir), "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(33).toString("base64");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
