import Link from "next/link";
import type { ReactNode } from "react";

/** The way back to the page this one belongs to, above its header. */
export function Breadcrumb({ href, children }: { href: string; children: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <Link href={href} className="text-brand-600 hover:underline">
        {children}
      </Link>
    </nav>
  );
}
