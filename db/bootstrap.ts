import { closeDb, handle } from "./client";
import { demoBanner, demoRuns, seedDemo } from "./seed/demo";

/**
 * Opens and migrates the database before the app serves. The embedded database also gets the demo
 * organisation on first start (set FLOWLINE_SEED_DEMO=0 to skip); a server database only gets it
 * from `npm run flowline -- seed-demo`.
 */
export async function prepareDatabase(): Promise<void> {
  const { db } = await handle();
  if (demoRuns()) {
    await seedDemo(db);
    console.log(demoBanner());
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      // PGlite keeps data in memory until closed: close it before the process goes.
      void closeDb().finally(() => process.exit(0));
    });
  }
}
