import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { clientAddress } from "@/lib/http/client-address";
import { signInSchema } from "@/lib/validations/auth";
import { checkCredentials } from "./credentials";
import { safeRedirect } from "./safe-redirect";
import { authSecret } from "./secret";
import { createSession, revokeSession, SESSION_MAX_AGE_SECONDS, sessionRowId } from "./user-sessions";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

/** The signing-in browser's user agent, to tell sessions apart on the account page. */
async function userAgent(): Promise<string | null> {
  try {
    return (await headers()).get("user-agent");
  } catch {
    return null; // outside a request (never for a real sign-in)
  }
}

/** OAuth providers are switched on by their environment variables. */
export function oauthProviders(): Provider[] {
  const env = process.env;
  const list: Provider[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) list.push(GitHub);
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) list.push(Google);
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    list.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME ?? "Single sign-on",
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
    });
  }
  return list;
}

async function config(): Promise<NextAuthConfig> {
  const db = await getDb();
  return {
    secret: authSecret(),
    trustHost: true,
    // The JWT names a row of user_sessions (`sid`), checked on every request (lib/auth/session.ts).
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const result = await checkCredentials(db, { ...parsed.data, address: clientAddress(request.headers) });
          if (result.ok) return result.user;
          if (result.reason === "rate_limited") throw new RateLimited();
          return null;
        },
      }),
      // The link of a sign-up confirmation mail (lib/data/accounts.ts): following it creates the account.
      Credentials({
        id: "sign-up-link",
        credentials: { token: {} },
        async authorize(raw) {
          const token = typeof raw.token === "string" ? raw.token : "";
          if (!/^su_[A-Za-z0-9_-]{43}$/.test(token)) return null;
          const { completeSignUp } = await import("@/lib/data/accounts");
          return (await completeSignUp(token))?.user ?? null;
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          const created = await createSession(db, { userId: user.id, userAgent: await userAgent() });
          token.sub = user.id;
          token.sid = created.id;
          token.sv = created.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionId = typeof token.sid === "string" ? token.sid : "";
        session.sessionVersion = typeof token.sv === "number" ? token.sv : -1;
        return session;
      },
      redirect({ url, baseUrl }) {
        const path = safeRedirect(url, "");
        if (path) return `${baseUrl}${path}`;
        try {
          const absolute = new URL(url); // `href` is percent-encoded, as a Location header needs
          return absolute.origin === baseUrl ? absolute.href : baseUrl;
        } catch {
          return baseUrl;
        }
      },
    },
    events: {
      // Signing out ends the session on the server too: a copy of the cookie stops working.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.sub && typeof token.sid === "string") await revokeSession(db, token.sub, sessionRowId(token.sid));
      },
    },
    logger: {
      // A wrong password is an expected outcome, not an error worth a stack trace.
      error(error) {
        if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
        console.error(error);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);

declare module "next-auth" {
  interface Session {
    sessionId: string;
    sessionVersion: number;
  }
}
