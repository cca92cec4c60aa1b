// Reads one XML-RPC <value> into a raw XenValue, straight from the scanner (no intermediate tree).
import type { XenStruct, XenValue } from '../model/types.js';
import { WireError } from './errors.js';
import { tryParseXapiDate } from './datetime.js';
import { FLOAT_TEXT, bigIntOf } from './numbers.js';
import type { XmlScanner } from './xml-scanner.js';
import {
  TAG_ARRAY, TAG_BASE64, TAG_BOOLEAN, TAG_DATA, TAG_DATETIME, TAG_DOUBLE, TAG_INT, TAG_MEMBER, TAG_NAME, TAG_NIL,
  TAG_STRING, TAG_STRUCT, TAG_VALUE,
} from './xml-tags.js';

function parseDouble(sc: XmlScanner, text: string): number {
  const t = text.trim();
  if (FLOAT_TEXT.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case 'inf': case '+inf': case 'infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    case 'nan': case '-nan': case '+nan': return NaN;
  }
  return sc.fail(`bad double ${JSON.stringify(t.slice(0, 40))}`);
}

/** Reads `<value>...</value>` at pos (after skipMisc). */
export function readValue(sc: XmlScanner, depth: number): XenValue {
  if (!sc.lit('<value>')) {
    if (sc.openTag() !== TAG_VALUE) sc.fail('expected <value>');
    if (sc.selfClosing) return '';
  }
  const textStart = sc.pos;
  const text = sc.readText();
  if (sc.lit('</value>')) return text;
  if (sc.atCloseTag()) {
    sc.closeTag(TAG_VALUE, 'value');
    return text;
  }
  // A typed value: only whitespace may surround the type element.
  if (!sc.isBlank(textStart, sc.pos)) sc.fail('text before a typed value');
  const value = readTyped(sc, depth);
  if (sc.lit('</value>')) return value;
  sc.skipMisc();
  sc.closeTag(TAG_VALUE, 'value');
  return value;
}

function readTyped(sc: XmlScanner, depth: number): XenValue {
  if (sc.lit('<struct>')) return readStruct(sc, depth + 1, false);
  if (sc.lit('<array><data>')) return readArrayData(sc, depth + 1, []);
  const tag = sc.openTag();
  switch (tag) {
    case TAG_STRING:
      return sc.selfClosing ? '' : closeText(sc, sc.readText(), TAG_STRING, 'string');
    case TAG_INT: {
      const t = sc.selfClosing ? '' : closeText(sc, sc.readText(), TAG_INT, 'int');
      return bigIntOf(t) ?? sc.fail(`bad integer ${JSON.stringify(t.trim().slice(0, 40))}`);
    }
    case TAG_BOOLEAN:
      // xapi: exactly "1" is true, anything else is false.
      return sc.selfClosing ? false : closeText(sc, sc.readText(), TAG_BOOLEAN, 'boolean').trim() === '1';
    case TAG_DOUBLE:
      return parseDouble(sc, sc.selfClosing ? '' : closeText(sc, sc.readText(), TAG_DOUBLE, 'double'));
    case TAG_DATETIME: {
      const t = sc.selfClosing ? '' : closeText(sc, sc.readText(), TAG_DATETIME, 'dateTime.iso8601');
      return tryParseXapiDate(t) ?? sc.fail(`bad dateTime ${JSON.stringify(t.slice(0, 40))}`);
    }
    case TAG_BASE64: {
      const t = sc.selfClosing ? '' : closeText(sc, sc.readText(), TAG_BASE64, 'base64');
      return Buffer.from(t, 'base64').toString('utf8');
    }
    case TAG_NIL:
      if (!sc.selfClosing) closeText(sc, sc.readText(), TAG_NIL, 'nil');
      return '';
    case TAG_ARRAY:
      return readArray(sc, depth + 1);
    case TAG_STRUCT:
      return readStruct(sc, depth + 1, sc.selfClosing);
    default:
      return sc.fail('unknown value type');
  }
}

function closeText(sc: XmlScanner, text: string, tag: number, name: string): string {
  sc.closeTag(tag, name);
  return text;
}

function checkDepth(sc: XmlScanner, depth: number): void {
  if (depth > sc.maxDepth) throw new WireError('limit', `XML-RPC: values nested deeper than ${sc.maxDepth}`);
}

function readArray(sc: XmlScanner, depth: number): XenValue[] {
  checkDepth(sc, depth);
  const out: XenValue[] = [];
  if (sc.selfClosing) return out;
  sc.skipMisc();
  if (sc.openTag() !== TAG_DATA) sc.fail('expected <data>');
  if (sc.selfClosing) {
    sc.skipMisc();
    sc.closeTag(TAG_ARRAY, 'array');
    return out;
  }
  return readArrayData(sc, depth, out);
}

/** The items after `<data>`, then `</data></array>`. */
function readArrayData(sc: XmlScanner, depth: number, out: XenValue[]): XenValue[] {
  checkDepth(sc, depth);
  for (;;) {
    if (sc.lit('</data></array>')) return out;
    sc.skipMisc();
    if (sc.atCloseTag()) break;
    out.push(readValue(sc, depth));
  }
  sc.closeTag(TAG_DATA, 'data');
  sc.skipMisc();
  sc.closeTag(TAG_ARRAY, 'array');
  return out;
}

/** The members after `<struct>`, then `</struct>`; xapi's exact spelling takes the literal fast path. */
function readStruct(sc: XmlScanner, depth: number, empty: boolean): XenStruct {
  checkDepth(sc, depth);
  const build = sc.structBuilder(depth);
  if (empty) return build.finish();
  for (;;) {
    let name: string;
    if (sc.lit('<member><name>')) {
      name = sc.readText();
      if (!sc.lit('</name>')) sc.closeTag(TAG_NAME, 'name');
    } else {
      sc.skipMisc();
      if (sc.atCloseTag()) break;
      if (sc.openTag() !== TAG_MEMBER || sc.selfClosing) sc.fail('expected <member>');
      sc.skipMisc();
      if (sc.openTag() !== TAG_NAME) sc.fail('expected <name>');
      name = sc.selfClosing ? '' : closeText(sc, sc.readText(), TAG_NAME, 'name');
      sc.skipMisc();
    }
    build.add(name, readValue(sc, depth));
    if (!sc.lit('</member>')) {
      sc.skipMisc();
      sc.closeTag(TAG_MEMBER, 'member');
    }
    if (sc.lit('</struct>')) return build.finish();
  }
  sc.closeTag(TAG_STRUCT, 'struct');
  return build.finish();
}
