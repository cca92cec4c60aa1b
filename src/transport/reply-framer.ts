// Cuts the reply side of a bare XML-RPC stream (the `serve --stdio` framing) into methodResponse documents, and
// refuses at once a stream that is not one (a command echoing our calls, a shell's error, an HTTP banner).
const END = Buffer.from('</methodResponse>');
const OPEN = '<methodResponse';
/** How much of a document's start is kept to see what it is (an XML declaration fits in it). */
const HEAD_CHARS = 256;

/** The far side sent something that is not a methodResponse (e.g. `cat` echoing our calls, a shell's output). */
export class NotXmlRpcError extends Error {
  override readonly name = 'NotXmlRpcError';
  /** The first characters it sent, on one line. */
  readonly said: string;

  constructor(said: string) {
    super(`not a methodResponse: ${said}`);
    this.said = said;
  }
}

/** Does a document starting with `head` look like a methodResponse: yes, no, or too early to tell? */
function startVerdict(head: string): 'yes' | 'no' | 'more' {
  let t = head.replace(/^\uFEFF?\s*/, '');
  if (t.startsWith('<?')) {
    const end = t.indexOf('?>');
    if (end < 0) return t.length < HEAD_CHARS ? 'more' : 'no';
    t = t.slice(end + 2).replace(/^\s*/, '');
  }
  if (t.length < OPEN.length) return OPEN.startsWith(t) ? 'more' : 'no';
  return t.startsWith(OPEN) ? 'yes' : 'no';
}

/** Cuts a byte stream into methodResponse documents without copying the big ones more than once. */
export class ReplyFramer {
  #parts: Buffer[] = [];
  #size = 0;
  #tail: Buffer = Buffer.alloc(0);
  /** The start of the current document, until it is known to be a methodResponse. */
  #head: string | undefined = '';

  /** Throws NotXmlRpcError as soon as the current document's start is not a methodResponse's. */
  #check(bytes: Buffer): void {
    if (this.#head === undefined) return;
    this.#head += bytes.toString('latin1', 0, HEAD_CHARS);
    const verdict = startVerdict(this.#head);
    if (verdict === 'yes') this.#head = undefined;
    else if (verdict === 'no') throw new NotXmlRpcError(this.#head.trim().replace(/\s+/g, ' ').slice(0, 80));
  }

  /** Feeds a chunk; calls `emit` for every document it completes. Throws NotXmlRpcError on a stream that is not XML-RPC replies. */
  push(chunk: Buffer, emit: (doc: Buffer) => void): void {
    let rest = chunk;
    while (rest.length > 0) {
      let end = -1;
      if (this.#tail.length > 0) {
        const seam = Buffer.concat([this.#tail, rest.subarray(0, END.length - 1)]);
        const at = seam.indexOf(END);
        if (at >= 0) end = at + END.length - this.#tail.length;
      }
      if (end < 0) {
        const at = rest.indexOf(END);
        if (at >= 0) end = at + END.length;
      }
      this.#check(end < 0 ? rest : rest.subarray(0, end));
      if (end < 0) {
        this.#parts.push(rest);
        this.#size += rest.length;
        const keep = Math.min(END.length - 1, this.#size);
        this.#tail = keep <= rest.length ? Buffer.from(rest.subarray(rest.length - keep)) : Buffer.concat([this.#tail, rest]).subarray(-keep);
        return;
      }
      this.#parts.push(rest.subarray(0, end));
      this.#size += end;
      emit(this.#take());
      rest = rest.subarray(end);
    }
  }

  /** Bytes of an unfinished document (blanks after the last reply included). */
  get pendingBytes(): number {
    return this.#size;
  }

  /** Has the peer started a reply it has not finished (more than the blanks between replies)? */
  get midReply(): boolean {
    return this.#size > 0 && (this.#head === undefined || this.#head.trim() !== '');
  }

  #take(): Buffer {
    const whole = this.#parts.length === 1 && this.#parts[0] !== undefined ? this.#parts[0] : Buffer.concat(this.#parts, this.#size);
    this.#parts = [];
    this.#size = 0;
    this.#tail = Buffer.alloc(0);
    this.#head = '';
    let start = 0;
    while (start < whole.length && whole[start] !== 0x3c) start++; // skip the newline (and blanks) before '<'
    return whole.subarray(start);
  }
}
