import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Two `next start` instances of the production build on one database, behind HAProxy (round-robin),
 * as DESIGN "Running" deploys the app. Ports: E2E_PORT + 10 and + 20 for the instances, + 30 for the
 * balancer. HAProxy connects to the instances from 127.0.0.2, the only address TRUSTED_PROXIES names,
 * so the instances believe the X-Forwarded-For it adds and nobody else's. Each answer names the
 * instance that served it in X-Flowline-Instance.
 */

export const INSTANCE_HEADER = "x-flowline-instance";
export const BALANCER_SOURCE = "127.0.0.2";
// The same fixed secret as the e2e server's: the instances must share it to read each other's cookies.
const AUTH_SECRET = "e2e-only-secret-not-for-production-0123456789abcdef";

export type InstanceName = "a" | "b";

export interface Instance {
  name: InstanceName;
  url: string;
  process: ChildProcess;
  output: string[];
}

export interface Cluster {
  instances: Record<InstanceName, Instance>;
  balancerUrl: string;
  /** SIGKILL, as a crashed machine: no shutdown, connections cut mid-request. */
  kill(name: InstanceName): Promise<void>;
  stop(): Promise<void>;
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

function startInstance(name: InstanceName, port: number, databaseUrl: string): Instance {
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET,
      DATABASE_URL: databaseUrl,
      SMTP_URL: "",
      FLOWLINE_DEV_OUTBOX: "1",
      FLOWLINE_SIGN_UP_LIMIT: "10000",
      TRUSTED_PROXIES: BALANCER_SOURCE,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"));
    if (output.length > 200) output.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return { name, url: `http://127.0.0.1:${port}`, process: child, output };
}

function haproxyConfig(balancerPort: number, ports: Record<InstanceName, number>): string {
  return `global
  maxconn 256

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # Generous: this runs on busy CI machines. A killed instance refuses connections, which fails a
  # check at once; until then its requests are redispatched to the other one.
  timeout check 5s
  # Only connection failures are retried (on the other instance): a request an instance may have
  # received is never sent twice.
  retries 2
  option redispatch
  option forwardfor

frontend app
  bind 127.0.0.1:${balancerPort}
  default_backend instances

backend instances
  balance roundrobin
  http-response set-header X-Flowline-Instance %s
  option httpchk GET /api/v1/openapi.json
  default-server check inter 500ms fall 2 rise 1 source ${BALANCER_SOURCE}
  server a 127.0.0.1:${ports.a}
  server b 127.0.0.1:${ports.b}
`;
}

async function waitUntilServing(url: string, processes: ChildProcess[], what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exited = processes.find((p) => p.exitCode !== null || p.signalCode !== null);
    if (exited) throw new Error(`${what}: a process exited early (${exited.exitCode ?? exited.signalCode})`);
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: "manual" });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer ${url}/sign-in within ${timeoutMs / 1000} s`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startCluster(options: { basePort: number; databaseUrl: string }): Promise<Cluster> {
  const ports = { a: options.basePort + 10, b: options.basePort + 20 };
  const balancerPort = options.basePort + 30;
  // Both start at once on the same database: the migration at start is serialised by an advisory lock.
  const instances = {
    a: startInstance("a", ports.a, options.databaseUrl),
    b: startInstance("b", ports.b, options.databaseUrl),
  };
  const all = () => [instances.a.process, instances.b.process];
  const dir = mkdtempSync(path.join(tmpdir(), "flowline-haproxy-"));
  let haproxy: ChildProcess | undefined;

  const stop = async () => {
    const running = [...all(), ...(haproxy ? [haproxy] : [])];
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([Promise.all(running.map(exited)), new Promise((r) => setTimeout(r, 5_000))]);
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await Promise.all(
      (["a", "b"] as const).map((name) => waitUntilServing(instances[name].url, all(), `instance ${name}`, 90_000)),
    );
    const config = path.join(dir, "haproxy.cfg");
    writeFileSync(config, haproxyConfig(balancerPort, ports));
    // -db: stay in the foreground, so the test owns the process.
    haproxy = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "inherit", "inherit"] });
    const balancerUrl = `http://127.0.0.1:${balancerPort}`;
    await waitUntilServing(balancerUrl, [haproxy, ...all()], "HAProxy", 15_000);
    return {
      instances,
      balancerUrl,
      kill: async (name) => {
        instances[name].process.kill("SIGKILL");
        await exited(instances[name].process);
      },
      stop,
    };
  } catch (error) {
    const logs = all().map((p, i) => `--- instance ${"ab"[i]} ---\n${Object.values(instances)[i]!.output.join("")}`);
    await stop();
    throw new Error(`${(error as Error).message}\n${logs.join("\n")}`);
  }
}
