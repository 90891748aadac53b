import Link from "next/link";

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/** Slices a list for the `page` search parameter (1-based; anything odd is page 1). */
export function paginate<T>(items: T[], pageParam: string | undefined, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const requested = Number.parseInt(pageParam ?? "1", 10);
  const page = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
  return { items: items.slice((page - 1) * size, page * size), page, pages, total: items.length };
}

export function Pagination({
  page,
  href,
}: {
  page: Pick<Page<unknown>, "page" | "pages">;
  href: (page: number) => string;
}) {
  if (page.pages <= 1) return null;
  const link = "rounded-md px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
      {page.page > 1 ? (
        <Link className={link} href={href(page.page - 1)} rel="prev">
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page.page} of {page.pages}
      </span>
      {page.page < page.pages ? (
        <Link className={link} href={href(page.page + 1)} rel="next">
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
