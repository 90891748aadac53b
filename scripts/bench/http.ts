import autocannon from "autocannon";

/** Cookies a response sets, merged into a jar (name → value). */
export function collectCookies(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

export const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through Auth.js's credentials endpoint like a browser does; answers the session cookies. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  collectCookies(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  });
  collectCookies(response, jar);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`Sign-in failed (status ${response.status}).`);
  return cookieHeader(jar);
}

export interface Load {
  p50: number;
  p95: number;
  requests: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Requests `url` for `seconds` on `connections` connections; latencies from every response. */
export async function load(url: string, cookie: string, connections: number, seconds: number): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, headers: { cookie } }, (error) =>
      error ? reject(error) : resolve(),
    );
    instance.on("response", (_client, status, _bytes, time) => {
      latencies.push(time);
      if (status !== 200) errors++;
    });
  });
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), requests: latencies.length, errors };
}
