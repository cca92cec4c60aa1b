// xapi's datetime spellings: it writes `20250319T04:16:24Z`; it reads that, ISO 8601 with dashes, offsets, and a
// missing zone (taken as UTC).
import { WireError } from './errors.js';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : String(n).padStart(4, '0');
}

/** `20250319T04:16:24Z` (seconds precision, UTC). */
export function formatXapiDate(d: Date): string {
  return `${pad4(d.getUTCFullYear())}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
}

/** `2025-03-19T04:16:24Z` (seconds precision, UTC). */
export function formatIsoDate(d: Date): string {
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
}

const DATE_RE =
  /^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(:?)(\d{2})\6(\d{2})(?:[.,](\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The Date a xapi datetime string names, or undefined when it is not one. */
export function tryParseXapiDate(text: string): Date | undefined {
  const m = DATE_RE.exec(text.trim());
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[3], m[4], m[5], m[7], m[8]].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const frac = m[9] === undefined ? 0 : Math.floor(Number(`0.${m[9]}`) * 1000);
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, frac);
  const zone = m[10];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    ms -= sign * offset * 60_000;
  }
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Parses a xapi datetime; throws WireError('malformed') when the text is not one. */
export function parseXapiDate(text: string): Date {
  const d = tryParseXapiDate(text);
  if (d === undefined) throw new WireError('malformed', `not a datetime: ${JSON.stringify(text.slice(0, 64))}`);
  return d;
}
