// XML's predefined entities and character references; anything else (a DTD-declared entity) is refused.

const DECIMAL = /^#[0-9]{1,7}$/;
const HEX = /^#x[0-9a-fA-F]{1,6}$/;

function isXmlChar(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** The text `&name;` stands for, or undefined when it is not a predefined entity or a valid character reference. */
export function decodeEntity(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  let code = NaN;
  if (DECIMAL.test(name)) code = Number(name.slice(1));
  else if (HEX.test(name)) code = parseInt(name.slice(2), 16);
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}
