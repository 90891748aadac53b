import { signIn } from "@/lib/auth/auth";
import { oauthProviders } from "@/lib/auth/auth";
import { buttonClass } from "@/components/ui/button";

/** One button per OAuth provider switched on by the environment; nothing when there is none. */
export function OAuthButtons({ callbackUrl }: { callbackUrl: string }) {
  const providers = oauthProviders().map((p) => {
    const provider = typeof p === "function" ? p() : p;
    return { id: provider.id, name: provider.name };
  });
  if (providers.length === 0) return null;
  return (
    <div className="mt-6 space-y-2 border-t border-slate-100 pt-6">
      {providers.map((provider) => (
        <form
          key={provider.id}
          action={async () => {
            "use server";
            await signIn(provider.id, { redirectTo: callbackUrl });
          }}
        >
          <button type="submit" className={buttonClass("secondary", "w-full")}>
            Continue with {provider.name}
          </button>
        </form>
      ))}
    </div>
  );
}
