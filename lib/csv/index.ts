/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, an optional BOM. Pure, for browser and server. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => r.cells);
}

/** parseCsv's rows with the 1-based line of the file each starts on (quoted line breaks and blank lines counted). */
function parseCsvRecords(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        field += c;
        if (c === "\n" || (c === "\r" && input[i + 1] !== "\n")) line++;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      records.push({ line: rowLine, cells: row });
      row = [];
      field = "";
      rowLine = ++line;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    records.push({ line: rowLine, cells: row });
  }
  return records.filter((r) => r.cells.length > 1 || r.cells[0] !== "");
}

function quote(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  // A leading =, +, - or @ would run as a formula in spreadsheets: prefix it with an apostrophe. Only a
  // whole number is exempt ("-2+3+cmd|..." is a formula). Text that already starts with apostrophes
  // before such a character gets one more, so that `unprotect` gives it back unchanged.
  const safe = /^'*[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Undoes `quote`'s formula protection so an export imports back unchanged. */
const unprotect = (s: string) => (/^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}

export interface MeasurementRow {
  /** 1-based line in the file, header included, for error messages. */
  line: number;
  kpi: string;
  date: string;
  value: string;
  note: string;
}

const columnNames = {
  kpi: ["kpi", "kpi key", "kpi_key", "key", "kpi id", "kpi_id", "id"],
  date: ["date", "period"],
  value: ["value"],
  note: ["note", "notes", "comment"],
} as const;

/** Reads a measurements CSV (columns: KPI key or id, date, value, note; any order, named in a header row). */
export function readMeasurementsCsv(text: string): { rows: MeasurementRow[]; error?: string } {
  const [header, ...body] = parseCsvRecords(text);
  if (!header) return { rows: [], error: "The file is empty." };
  const names = header.cells.map((h) => h.trim().toLowerCase());
  const index = (key: keyof typeof columnNames) =>
    names.findIndex((n) => (columnNames[key] as readonly string[]).includes(n));
  const [kpi, date, value, note] = [index("kpi"), index("date"), index("value"), index("note")];
  const missing = [kpi < 0 && "kpi", date < 0 && "date", value < 0 && "value"].filter(Boolean);
  if (missing.length) {
    return {
      rows: [],
      error: `The header row must name the columns kpi, date and value (and optionally note); missing: ${missing.join(", ")}.`,
    };
  }
  return {
    rows: body
      // A row of empty cells (",,," where a spreadsheet row was cleared) is no row.
      .filter(({ cells }) => cells.some((c) => c.trim() !== ""))
      .map(({ line, cells }) => ({
        line,
        kpi: cells[kpi]?.trim() ?? "",
        date: cells[date]?.trim() ?? "",
        value: cells[value]?.trim() ?? "",
        note: note >= 0 ? unprotect(cells[note]?.trim() ?? "") : "",
      })),
  };
}

export const MAX_IMPORT_ROWS = 50_000;
