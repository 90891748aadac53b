export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // First, so every request after this point carries its socket's address (lib/http/peer-address.ts).
  const { installPeerRecording } = await import("./lib/http/peer-address");
  installPeerRecording();
  const { prepareDatabase } = await import("./db/bootstrap");
  await prepareDatabase();
}
