import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, signIn, test as setup } from "./fixtures";
import { demo, DEMO_PASSWORD, DEMO_SLUG, storageStateOf, type DemoRole } from "./demo";

// Each demo account signs in once per run, through the sign-in form; specs reuse its cookies (signInAs).
for (const role of Object.keys(demo) as DemoRole[]) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    expect(await signIn(page, demo[role], DEMO_PASSWORD)).toBe(DEMO_SLUG);
    mkdirSync(path.dirname(storageStateOf(role)), { recursive: true });
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
