// The XML-RPC element names, recognised from their bytes without building strings.

export const TAG_OTHER = 0;
export const TAG_VALUE = 1;
export const TAG_STRING = 2;
export const TAG_INT = 3;
export const TAG_BOOLEAN = 4;
export const TAG_DOUBLE = 5;
export const TAG_DATETIME = 6;
export const TAG_BASE64 = 7;
export const TAG_ARRAY = 8;
export const TAG_DATA = 9;
export const TAG_STRUCT = 10;
export const TAG_MEMBER = 11;
export const TAG_NAME = 12;
export const TAG_NIL = 13;
export const TAG_PARAMS = 14;
export const TAG_PARAM = 15;
export const TAG_METHOD_CALL = 16;
export const TAG_METHOD_NAME = 17;
export const TAG_METHOD_RESPONSE = 18;
export const TAG_FAULT = 19;

function is(b: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (b[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** The code of the element name in bytes [start, start+len). */
export function tagCode(b: Uint8Array, start: number, len: number): number {
  switch (len) {
    case 2:
      return is(b, start, 'i4') || is(b, start, 'i8') ? TAG_INT : TAG_OTHER;
    case 3:
      if (is(b, start, 'int')) return TAG_INT;
      return is(b, start, 'nil') ? TAG_NIL : TAG_OTHER;
    case 4:
      if (is(b, start, 'data')) return TAG_DATA;
      return is(b, start, 'name') ? TAG_NAME : TAG_OTHER;
    case 5:
      if (is(b, start, 'value')) return TAG_VALUE;
      if (is(b, start, 'array')) return TAG_ARRAY;
      if (is(b, start, 'param')) return TAG_PARAM;
      if (is(b, start, 'ex:i8')) return TAG_INT;
      return is(b, start, 'fault') ? TAG_FAULT : TAG_OTHER;
    case 6:
      if (is(b, start, 'string')) return TAG_STRING;
      if (is(b, start, 'struct')) return TAG_STRUCT;
      if (is(b, start, 'member')) return TAG_MEMBER;
      if (is(b, start, 'double')) return TAG_DOUBLE;
      if (is(b, start, 'params')) return TAG_PARAMS;
      if (is(b, start, 'base64')) return TAG_BASE64;
      return is(b, start, 'ex:nil') ? TAG_NIL : TAG_OTHER;
    case 7:
      return is(b, start, 'boolean') ? TAG_BOOLEAN : TAG_OTHER;
    case 10:
      if (is(b, start, 'methodCall')) return TAG_METHOD_CALL;
      return is(b, start, 'methodName') ? TAG_METHOD_NAME : TAG_OTHER;
    case 14:
      return is(b, start, 'methodResponse') ? TAG_METHOD_RESPONSE : TAG_OTHER;
    case 16:
      return is(b, start, 'dateTime.iso8601') ? TAG_DATETIME : TAG_OTHER;
    default:
      return TAG_OTHER;
  }
}
