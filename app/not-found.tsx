import Link from "next/link";
import { Logo } from "@/components/shell/logo";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center">
      <Logo />
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-md text-sm text-slate-600">
        It may have moved, or you may not have access to it. If someone shared it with you, ask them to invite you.
      </p>
      <Link href="/" className="text-sm font-medium text-brand-600 hover:underline">
        Go to your organisations
      </Link>
    </main>
  );
}
