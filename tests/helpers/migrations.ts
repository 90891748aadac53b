import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrationsFolder } from "@/db/client";

/**
 * A migrations folder holding only the migrations before `tag`, to migrate an embedded database up to
 * the one under test, write the rows it must handle, then run the rest. `remove` deletes the folder.
 */
export function migrationsBefore(tag: string): { folder: string; remove: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), "flowline-migrations-"));
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut <= 0) throw new Error(`No migration ${tag} after the first.`);
  const kept = journal.entries.slice(0, cut);
  mkdirSync(path.join(folder, "meta"), { recursive: true });
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: kept }));
  for (const file of readdirSync(migrationsFolder).filter((f) => kept.some((e) => f === `${e.tag}.sql`))) {
    copyFileSync(path.join(migrationsFolder, file), path.join(folder, file));
  }
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
