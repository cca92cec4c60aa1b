// Event tokens as xapi writes them: two zero-padded 20-digit decimal numbers, `DB-generation,message-generation`.
//
// Restart epoch: a disk store keeps its generation across restarts, so the DB half alone cannot tell a token of
// this server process from one handed out before a restart (whose changes this process never logged). Each
// process therefore starts its message-generation counter at an epoch derived from its start time
// (milliseconds × 10^6, about 1.7e18: still 20 digits and below 2^63), and counts message changes from there.
// A token whose message half lies outside [epoch, current] comes from another process: EVENTS_LOST. The format
// stays xapi's, and tokens of one process still compare lexicographically in order.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';

const WIDTH = 20;
const TOKEN = /^(\d{1,20}),(\d{1,20})$/;
const EPOCH_SCALE = 1_000_000n;

export interface Token {
  readonly db: bigint;
  readonly msg: bigint;
}

export function formatToken(db: bigint | number, msg: bigint): string {
  return `${String(db).padStart(WIDTH, '0')},${String(msg).padStart(WIDTH, '0')}`;
}

/** The token of `event.from`; undefined for "" (from the beginning). */
export function parseToken(token: string): Token | undefined {
  if (token === '') return undefined;
  const m = TOKEN.exec(token);
  if (m === null) throw new XenApiError(ERR.EVENT_FROM_TOKEN_PARSE_FAILURE, [token]);
  return { db: BigInt(m[1] ?? '0'), msg: BigInt(m[2] ?? '0') };
}

/** The message-generation base of a server process started at `start`. */
export function epochOf(start: Date): bigint {
  return BigInt(Math.max(0, Math.floor(start.getTime()))) * EPOCH_SCALE;
}
