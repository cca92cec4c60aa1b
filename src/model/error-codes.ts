// ERR.X === 'X' for every catalogued error code, so code never spells a code as a string literal.
import { ERROR_CODES } from './generated/error-codes.js';

export const ERR: typeof ERROR_CODES = Object.freeze(ERROR_CODES);
export type ErrorCode = keyof typeof ERROR_CODES;
