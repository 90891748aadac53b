import Papa from "papaparse";

/**
 * CSV through papaparse: RFC 4180 quoting, a BOM, and the delimiter guessed between "," and ";" (a
 * spreadsheet in a decimal-comma locale writes ";"). Pure, for browser and server.
 */
const options = { delimitersToGuess: [",", ";"], skipEmptyLines: false };

export interface CsvRecord {
  /** 1-based line of the file the record starts on: quoted line breaks and blank lines counted. */
  line: number;
  cells: string[];
}

/** Numbers records by the line they start on: each takes its own line plus the line breaks quoted inside it. */
function lineNumbers() {
  let next = 1;
  return (cells: string[]): CsvRecord => {
    const line = next;
    for (const cell of cells) next += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
    next += 1;
    return { line, cells };
  };
}

/** A blank line (papaparse gives it as one empty cell, or a stray CR where line breaks are mixed). */
const isBlankLine = (cells: string[]) => cells.length === 1 && /^[\r\n]*$/.test(cells[0]!);

function records(rows: string[][], number = lineNumbers()): CsvRecord[] {
  return rows.map(number).filter((r) => !isBlankLine(r.cells));
}

/** The records of a CSV text and the delimiter it uses. */
export function parseCsv(text: string): { records: CsvRecord[]; delimiter: string } {
  const { data, meta } = Papa.parse<string[]>(text, options);
  return { records: records(data), delimiter: meta.delimiter };
}

/**
 * Reads a file in chunks (the page stays responsive and shows progress on large files): the same
 * records as parseCsv of its text.
 */
export function parseCsvFile(
  file: File,
  onProgress: (share: number) => void,
): Promise<{ records: CsvRecord[]; delimiter: string }> {
  const number = lineNumbers();
  const found: CsvRecord[] = [];
  let delimiter = ",";
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(file, {
      ...options,
      chunkSize: 256 * 1024,
      chunk: ({ data, meta }) => {
        delimiter = meta.delimiter;
        found.push(...records(data, number));
        onProgress(file.size > 0 ? Math.min(1, meta.cursor / file.size) : 1);
      },
      complete: () => resolve({ records: found, delimiter }),
      error: (error) => reject(error),
    });
  });
}

function quote(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  // A leading =, +, - or @ would run as a formula in spreadsheets: prefix it with an apostrophe. Only a
  // whole number is exempt ("-2+3+cmd|..." is a formula). Text that already starts with apostrophes
  // before such a character gets one more, so that `unprotect` gives it back unchanged.
  const safe = /^'*[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s) ? `'${s}` : s;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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

/** A decimal comma ("12,5", as a ";"-separated file from a German or French spreadsheet writes it) as a point. */
const decimalPoint = (value: string) => (/^[+-]?\d*,\d+$/.test(value) ? value.replace(",", ".") : value);

/** Reads a measurements CSV (columns: KPI key or id, date, value, note; any order, named in a header row). */
export function readMeasurementsCsv(text: string): { rows: MeasurementRow[]; error?: string } {
  return measurementRows(parseCsv(text).records);
}

/** readMeasurementsCsv for a file, read in chunks with progress. */
export async function readMeasurementsFile(
  file: File,
  onProgress: (share: number) => void,
): Promise<{ rows: MeasurementRow[]; error?: string }> {
  return measurementRows((await parseCsvFile(file, onProgress)).records);
}

function measurementRows([header, ...body]: CsvRecord[]): { rows: MeasurementRow[]; error?: string } {
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
        value: decimalPoint(cells[value]?.trim() ?? ""),
        note: note >= 0 ? unprotect(cells[note]?.trim() ?? "") : "",
      })),
  };
}

export const MAX_IMPORT_ROWS = 50_000;
