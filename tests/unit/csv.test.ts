import { describe, expect, test } from "vitest";
import { parseCsv, readMeasurementsCsv, toCsv } from "@/lib/csv";

describe("parseCsv", () => {
  test.each<[string, string, string[][]]>([
    [
      "plain fields",
      "a,b,c\n1,2,3",
      [
        ["a", "b", "c"],
        ["1", "2", "3"],
      ],
    ],
    [
      "a trailing newline adds no row",
      "a,b\n1,2\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "CRLF line ends",
      "a,b\r\n1,2\r\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "lone CR line ends",
      "a,b\r1,2\r",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "a byte-order mark is dropped",
      "\uFEFFkpi,date\nA-1,2026-01-01",
      [
        ["kpi", "date"],
        ["A-1", "2026-01-01"],
      ],
    ],
    ["a BOM is dropped only at the start", "a\n\uFEFFb", [["a"], ["\uFEFFb"]]],
    ["quoted fields keep commas", '"a,b",c', [["a,b", "c"]]],
    ["doubled quotes are one quote", '"say ""hi""",x', [['say "hi"', "x"]]],
    ["a field of just a doubled quote", '"""",x', [['"', "x"]]],
    [
      "quoted newlines and CRLF stay in the field",
      '"line 1\nline 2","a\r\nb"\nnext',
      [["line 1\nline 2", "a\r\nb"], ["next"]],
    ],
    ["empty quoted field", '"",x', [["", "x"]]],
    [
      "empty fields",
      "a,,c\n,,",
      [
        ["a", "", "c"],
        ["", "", ""],
      ],
    ],
    ["a quote inside an unquoted field is literal", 'ab"c,d', [['ab"c', "d"]]],
    ["empty lines are skipped", "a\n\nb\n\nc\n\n", [["a"], ["b"], ["c"]]],
    ["empty CRLF lines are skipped", "a\r\n\r\nb\r\n", [["a"], ["b"]]],
    ["spaces are kept (trimming is the reader's job)", " a , b ", [[" a ", " b "]]],
    ["an empty file has no rows", "", []],
    ["a file of only a BOM has no rows", "\uFEFF", []],
    ["a file of only newlines has no rows", "\n\r\n\n", []],
    ["a trailing comma gives an empty last field", "a,\n", [["a", ""]]],
  ])("%s", (_label, text, rows) => {
    expect(parseCsv(text).records.map((r) => r.cells)).toEqual(rows);
  });

  test.each<[string, string, string, string[][]]>([
    ["commas", "kpi,date,value\nA-1,2026-01-01,3", ",", [["A-1", "2026-01-01", "3"]]],
    ["semicolons", "kpi;date;value\nA-1;2026-01-01;3,5", ";", [["A-1", "2026-01-01", "3,5"]]],
    [
      "semicolons with a quoted one",
      'kpi;date;value;note\nA-1;2026-01-01;3;"a;b"',
      ";",
      [["A-1", "2026-01-01", "3", "a;b"]],
    ],
    [
      "commas with semicolons in a note",
      "kpi,date,value,note\nA-1,2026-01-01,3,a;b;c",
      ",",
      [["A-1", "2026-01-01", "3", "a;b;c"]],
    ],
  ])("the delimiter is guessed: %s", (_label, text, delimiter, body) => {
    const { records, delimiter: guessed } = parseCsv(text);
    expect(guessed).toBe(delimiter);
    expect(records.slice(1).map((r) => r.cells)).toEqual(body);
  });
});

describe("toCsv", () => {
  test.each<[string, (string | number | null | undefined)[], string]>([
    ["plain values", ["PRD-1", "2026-01-05", 12.5, "ok"], "PRD-1,2026-01-05,12.5,ok"],
    ["null and undefined are empty", ["a", null, undefined, ""], "a,,,"],
    ["numbers, negative ones unchanged", [0, -5, -0.25, 1e21, -1e-7], "0,-5,-0.25,1e+21,-1e-7"],
    ["a comma is quoted", ["a,b"], '"a,b"'],
    ["a quote is doubled and quoted", ['say "hi"'], '"say ""hi"""'],
    ["a newline is quoted", ["a\nb", "c\r\nd"], '"a\nb","c\r\nd"'],
    ["a formula is defused with an apostrophe", ["=SUM(A1:A9)"], "'=SUM(A1:A9)"],
    ["+, - and @ likewise", ["+1+1", "-x", "@cmd", "-"], "'+1+1,'-x,'@cmd,'-"],
    ["a leading tab or CR likewise", ["\tx", "\rx"], "'\tx,\"'\rx\""],
    ["a defused formula with a comma is quoted too", ["=A1,B1"], '"\'=A1,B1"'],
    ["a negative number given as text is not touched", ["-12", "-3.5", "-1e-7"], "-12,-3.5,-1e-7"],
    // OWASP's CSV injection example starts with a negative number: it must be defused all the same.
    ["a formula that starts like a negative number is defused", ["-2+3+cmd|' /C calc'!A0"], "'-2+3+cmd|' /C calc'!A0"],
    ["text that starts with a digit is not touched", ["3 boxes", "2026-01-05"], "3 boxes,2026-01-05"],
    ["an apostrophe before a formula character is kept by adding one", ["'=x"], "''=x"],
    ["an apostrophe before anything else is left alone", ["'quoted'"], "'quoted'"],
  ])("%s", (_label, row, line) => {
    expect(toCsv([row])).toBe(`${line}\r\n`);
  });

  test("rows end with CRLF, the last one too", () => {
    expect(
      toCsv([
        ["a", "b"],
        [1, 2],
      ]),
    ).toBe("a,b\r\n1,2\r\n");
  });

  test.each([
    ["=1+1"],
    ["-"],
    ["- a list item"],
    ["-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1)"],
    ["+49 30 1234"],
    ["'=already"],
    ["''=twice"],
    ["'plain"],
    ['a "quoted", multi\nline note'],
    ["-12"],
  ])("a note %j survives toCsv and readMeasurementsCsv unchanged", (note) => {
    const text = toCsv([
      ["kpi", "date", "value", "note"],
      ["PRD-1", "2026-01-05", 1, note],
    ]);
    expect(readMeasurementsCsv(text)).toEqual({
      rows: [{ line: 2, kpi: "PRD-1", date: "2026-01-05", value: "1", note }],
    });
  });
});

describe("readMeasurementsCsv", () => {
  const row = (line: number, kpi: string, date: string, value: string, note = "") => ({ line, kpi, date, value, note });

  test.each<[string, string, ReturnType<typeof row>[]]>([
    ["the plain header", "kpi,date,value,note\nPRD-1,2026-01-05,3,hi", [row(2, "PRD-1", "2026-01-05", "3", "hi")]],
    ["no note column", "kpi,date,value\nPRD-1,2026-01-05,3", [row(2, "PRD-1", "2026-01-05", "3")]],
    ["columns in any order", "note,value,date,kpi\nhi,3,2026-01-05,PRD-1", [row(2, "PRD-1", "2026-01-05", "3", "hi")]],
    [
      "header names in any case and padded",
      " KPI , Date ,VALUE, Note \nPRD-1,2026-01-05,3,hi",
      [row(2, "PRD-1", "2026-01-05", "3", "hi")],
    ],
    [
      "kpi key / period / comment aliases",
      "KPI key,period,value,comment\nPRD-1,2026-01-05,3,hi",
      [row(2, "PRD-1", "2026-01-05", "3", "hi")],
    ],
    [
      "kpi_key / notes aliases",
      "kpi_key,date,value,notes\nPRD-1,2026-01-05,3,hi",
      [row(2, "PRD-1", "2026-01-05", "3", "hi")],
    ],
    ["key alias", "key,date,value\nPRD-1,2026-01-05,3", [row(2, "PRD-1", "2026-01-05", "3")]],
    ["kpi id / kpi_id / id aliases", "kpi id,date,value\nabc,2026-01-05,3", [row(2, "abc", "2026-01-05", "3")]],
    ["kpi_id alias", "kpi_id,date,value\nabc,2026-01-05,3", [row(2, "abc", "2026-01-05", "3")]],
    ["id alias", "id,date,value\nabc,2026-01-05,3", [row(2, "abc", "2026-01-05", "3")]],
    [
      "extra columns are ignored",
      "kpi,name,date,value,unit\nPRD-1,Units,2026-01-05,3,u",
      [row(2, "PRD-1", "2026-01-05", "3")],
    ],
    [
      "cells are trimmed",
      "kpi,date,value,note\n  PRD-1 , 2026-01-05 , 3 ,  hi  ",
      [row(2, "PRD-1", "2026-01-05", "3", "hi")],
    ],
    ["missing cells are empty", "kpi,date,value,note\nPRD-1", [row(2, "PRD-1", "", "")]],
    ["a header only has no rows", "kpi,date,value\n", []],
    ["the BOM Excel writes", "\uFEFFkpi,date,value\r\nPRD-1,2026-01-05,3\r\n", [row(2, "PRD-1", "2026-01-05", "3")]],
    [
      "semicolons and decimal commas (a German or French spreadsheet)",
      "kpi;date;value;note\nPRD-1;2026-01-05;12,5;gut\nPRD-2;2026-01-05;-0,25;",
      [row(2, "PRD-1", "2026-01-05", "12.5", "gut"), row(3, "PRD-2", "2026-01-05", "-0.25")],
    ],
    [
      "a quoted decimal comma in a comma-separated file",
      'kpi,date,value\nPRD-1,2026-01-05,"12,5"',
      [row(2, "PRD-1", "2026-01-05", "12.5")],
    ],
    [
      "a value with a point and a comma is left for the value check to refuse",
      "kpi;date;value\nPRD-1;2026-01-05;1.234,5",
      [row(2, "PRD-1", "2026-01-05", "1.234,5")],
    ],
  ])("%s", (_label, text, rows) => {
    expect(readMeasurementsCsv(text)).toEqual({ rows });
  });

  test.each<[string, string]>([
    ["an empty file", ""],
    ["a file of blank lines", "\n\n"],
  ])("%s is an error", (_label, text) => {
    expect(readMeasurementsCsv(text)).toEqual({ rows: [], error: "The file is empty." });
  });

  test.each<[string, string, string]>([
    ["no kpi column", "date,value\n2026-01-05,3", "kpi"],
    ["no date column", "kpi,value\nPRD-1,3", "date"],
    ["no value column", "kpi,date,note\nPRD-1,2026-01-05,x", "value"],
    ["no known column", "a,b,c\n1,2,3", "kpi, date, value"],
    ["a data row taken for a header", "PRD-1,2026-01-05,3\nPRD-2,2026-01-05,4", "kpi, date, value"],
  ])("%s: an error naming the missing columns, and no rows", (_label, text, missing) => {
    const result = readMeasurementsCsv(text);
    expect(result.rows).toEqual([]);
    expect(result.error).toBe(
      `The header row must name the columns kpi, date and value (and optionally note); missing: ${missing}.`,
    );
  });

  test.each<[string, string, number[]]>([
    [
      "lines count from the header (line 1)",
      "kpi,date,value\nA-1,2026-01-01,1\nA-2,2026-01-01,2\nA-3,2026-01-01,3",
      [2, 3, 4],
    ],
    ["CRLF files count the same", "kpi,date,value\r\nA-1,2026-01-01,1\r\nA-2,2026-01-01,2\r\n", [2, 3]],
    ["blank lines are skipped but still counted", "kpi,date,value\n\nA-1,2026-01-01,1\n\n\nA-2,2026-01-01,2\n", [3, 6]],
    [
      "a note over three lines: the next row starts on line 5",
      'kpi,date,value,note\nA-1,2026-01-01,1,"one\ntwo\nthree"\nA-2,2026-01-01,2,x',
      [2, 5],
    ],
    [
      "a quoted CRLF counts as one line break",
      'kpi,date,value,note\r\nA-1,2026-01-01,1,"one\r\ntwo"\r\nA-2,2026-01-01,2,x',
      [2, 4],
    ],
    ["a multi-line header shifts the first row", '"kpi",date,value,"no\nte"\nA-1,2026-01-01,1', [3]],
    [
      "rows of empty cells (a spreadsheet's cleared rows) are skipped",
      "kpi,date,value\nA-1,2026-01-01,1\n,,\n , , \nA-2,2026-01-01,2",
      [2, 5],
    ],
  ])("%s", (_label, text, lines) => {
    expect(readMeasurementsCsv(text).rows.map((r) => r.line)).toEqual(lines);
  });

  // Linear work: a quadratic slip (string building, re-scanning) would take minutes. The bound is loose
  // because CI machines are busy.
  test("a file of 50,000 rows reads in seconds", () => {
    const text = toCsv([
      ["kpi", "date", "value", "note"],
      ...Array.from({ length: 50_000 }, (_, i) => [`A-${i}`, "2026-01-01", i, `note, ${i}`]),
    ]);
    const started = performance.now();
    const { rows } = readMeasurementsCsv(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(rows).toHaveLength(50_000);
    expect(rows.at(-1)).toEqual({
      line: 50_001,
      kpi: "A-49999",
      date: "2026-01-01",
      value: "49999",
      note: "note, 49999",
    });
  });
});
