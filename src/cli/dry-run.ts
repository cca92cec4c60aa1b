// --dry-run: reads go to the server (selectors still resolve); every other call is recorded instead of made,
// then printed: as XML-RPC methodCall documents with the empty session under -o xml (a file `serve --stdio`
// runs), as a JSON array under json (objects a line under ndjson), else one `Class.message arg...` line each
// (an argument with a newline or other control character quoted as $'...', so a call stays on its line).
import type { MessageDef, Model, XenValue } from '../model/types.js';
import { NULL_REF, zeroValue } from '../model/index.js';
import type { Format } from '../render/types.js';
import type { Caller } from './context.js';
import { valueText } from '../render/text.js';
import { LIST_METHODS } from '../client/names.js';
import { SECRET_SHOWN, isSecretParam } from '../model/secrets.js';

export interface RecordedCall {
  readonly method: string;
  readonly args: readonly XenValue[];
  readonly sessionless: boolean;
  /** Positions in args of secrets (passwords), masked in the text plan. */
  readonly secrets?: readonly number[];
}

const READ_KINDS: ReadonlySet<string> = new Set([
  'get_field', 'get_record', 'get_all', 'get_all_records', 'get_all_where', 'get_all_records_where', 'get_by_uuid', 'get_by_name_label',
]);

/** Calls that change nothing: the implicit getters, and explicit get_* / assert_* messages. */
export function isRead(msg: MessageDef | undefined): boolean {
  if (msg === undefined) return false;
  if (msg.implicit !== undefined) return READ_KINDS.has(msg.implicit.kind);
  return /^(get|assert)_/.test(msg.name);
}

export function dryRunCaller(model: Model, open: () => Promise<Caller>, calls: RecordedCall[]): Caller {
  return {
    async call(method, args) {
      const msg = model.findMessage(method);
      const placeholder = msg === undefined ? '' : zeroValue(msg.result);
      // The method list (extension detection) changes nothing either.
      if (method === LIST_METHODS) return (await open()).call(method, args);
      if (isRead(msg)) {
        // A read of an object the dry run only pretended to create.
        if (args.some((a) => a === NULL_REF)) return placeholder;
        return (await open()).call(method, args);
      }
      const secrets = msg === undefined ? [] : msg.params.flatMap((p, i) => (isSecretParam(msg.cls, p.name) ? [i] : []));
      calls.push({ method, args, sessionless: msg?.sessionless === true, ...(secrets.length === 0 ? {} : { secrets }) });
      return placeholder;
    },
  };
}

export async function formatCalls(calls: readonly RecordedCall[], format: Format): Promise<string> {
  if (format === 'xml') {
    const { encodeXmlRpcCall } = await import('../wire/xmlrpc-encode.js');
    return calls.map((c) => `${encodeXmlRpcCall(c.method, c.sessionless ? c.args : ['', ...c.args])}\n`).join('');
  }
  if (format === 'json' || format === 'ndjson') {
    const { jsonValue } = await import('../render/json.js');
    const lines = calls.map((c) => jsonValue({ method: c.method, params: [...c.args] }));
    // -o json is one JSON document (an array, a call a line); -o ndjson a call a line.
    return format === 'json' ? `[\n${lines.map((l) => `  ${l}`).join(',\n')}\n]\n` : `${lines.join('\n')}\n`;
  }
  // The text plan is for reading: secrets are masked (-o xml and -o json carry them, so the plan can be run).
  const shown = (c: RecordedCall, a: XenValue, i: number): string => (c.secrets?.includes(i) === true ? SECRET_SHOWN : planWord(valueText(a)));
  return calls.map((c) => `${[c.method, ...c.args.map((a, i) => shown(c, a, i))].join(' ')}\n`).join('');
}

/** Longer arguments are cut in the text plan (a replaced file's base64 can be megabytes); -o xml/json keep them whole. */
const PLAN_WORD_MAX = 200;

const CONTROL = /[\u0000-\u001f\u007f]/g;

/** `$'a\nb'`: a word with control characters (a newline would split the line) quoted as the shell's ANSI-C string. */
function ansiQuoted(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };
  const body = text.replace(/[\\']/g, '\\$&').replace(CONTROL, (c) => named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `$'${body}'`;
}

/** One argument of a text plan line: quoted when it is empty or holds spaces, cut when it is very long. */
function planWord(text: string): string {
  const kept = text.length > PLAN_WORD_MAX ? text.slice(0, PLAN_WORD_MAX / 2) : text;
  const word = /[\u0000-\u001f\u007f]/.test(kept) ? ansiQuoted(kept) : kept === '' || /[\s']/.test(kept) ? `'${kept.replace(/'/g, "'\\''")}'` : kept;
  return kept === text ? word : `${word}…(${text.length - kept.length} more characters)`;
}
