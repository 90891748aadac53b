import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";

/** A page of one card in the middle of the screen under the logo: signing in, invitations, a first organisation. */
export function CenteredCard({ wide = false, children }: { wide?: boolean; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div
        className={`w-full ${wide ? "max-w-md" : "max-w-sm"} rounded-lg border border-slate-200 bg-white p-6 shadow-sm`}
      >
        {children}
      </div>
    </main>
  );
}
