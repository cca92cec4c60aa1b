// Accumulates output text and hands it to a sink in ~64 KB pieces, so an 80 MB reply is never one string.

export const CHUNK_CHARS = 64 * 1024;

/** What the encoders write to: text in, pieces out. */
export interface TextWriter {
  write(text: string): void;
  end(): void;
  /** Encoders' per-document memo (e.g. a struct member's escaped name tag): keys repeat across 10,000 records. */
  readonly memo: Map<string, string>;
}

export class ChunkWriter implements TextWriter {
  private pending = '';
  private readonly sink: (chunk: string) => void;
  readonly memo: Map<string, string>;

  /** `memo` may outlive the document (a server passes one of its own, reused by every reply). */
  constructor(sink: (chunk: string) => void, memo: Map<string, string> = new Map()) {
    this.sink = sink;
    this.memo = memo;
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) {
      this.sink(this.pending);
      this.pending = '';
    }
  }

  end(): void {
    if (this.pending !== '') this.sink(this.pending);
    this.pending = '';
  }
}

/** Buffer's native UTF-8 writer: undocumented but present in every Node release we support, and faster than write(). */
interface NativeWrite {
  utf8Write(text: string, offset: number): number;
}

const CHUNK_BYTES = 64 * 1024;
/** Past this many characters a text is written as a piece of its own (a UTF-16 unit is at most 3 UTF-8 bytes). */
const LONG_TEXT = CHUNK_BYTES / 3;

/** Texts are gathered into a string of about this many characters, then encoded with one native call. */
const GATHER_CHARS = 8 * 1024;

/**
 * Encodes as it goes into ~64 KB byte pieces: no long concatenated strings to flatten and convert afterwards, so a
 * big reply costs far less time and garbage than ChunkWriter + Buffer.from. Small texts are first gathered into a
 * short string (one native write per ~8 KB instead of one per tag).
 */
export class ByteChunkWriter implements TextWriter {
  private buf: Buffer | undefined;
  private pos = 0;
  private pending = '';
  private readonly sink: (chunk: Buffer) => void;
  readonly memo: Map<string, string>;

  constructor(sink: (chunk: Buffer) => void, memo: Map<string, string> = new Map()) {
    this.sink = sink;
    this.memo = memo;
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= GATHER_CHARS) this.encodePending();
  }

  private encodePending(): void {
    const text = this.pending;
    this.pending = '';
    if (text.length > LONG_TEXT) {
      this.flush();
      this.sink(Buffer.from(text, 'utf8'));
      return;
    }
    if (this.buf !== undefined && this.pos + text.length * 3 > CHUNK_BYTES) this.flush();
    // A small reply (the usual call) gets a buffer of its own size, not 64 KB.
    this.buf ??= Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos += (this.buf as unknown as NativeWrite).utf8Write(text, this.pos);
  }

  private flush(): void {
    if (this.buf === undefined || this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.buf = undefined;
    this.pos = 0;
  }

  end(): void {
    if (this.buf === undefined && this.pending !== '') {
      const text = this.pending;
      this.pending = '';
      this.sink(Buffer.from(text, 'utf8'));
      return;
    }
    if (this.pending !== '') this.encodePending();
    this.flush();
  }
}

/** Runs a streaming writer and joins what it wrote. */
export function collect(write: (sink: (chunk: string) => void) => void): string {
  const parts: string[] = [];
  write((chunk) => parts.push(chunk));
  return parts.length === 1 ? (parts[0] as string) : parts.join('');
}

/**
 * Gathers what a ByteChunkWriter produces into pieces: a generator writes, checks `full`, and yields `take()`, so
 * a big reply is encoded one piece at a time instead of whole.
 */
export class PieceCollector {
  readonly writer: ByteChunkWriter;
  private out: Buffer[] = [];
  private bytes = 0;
  private readonly pieceBytes: number;

  constructor(pieceBytes: number, memo?: Map<string, string>) {
    this.pieceBytes = pieceBytes;
    this.writer = new ByteChunkWriter((c) => {
      this.out.push(c);
      this.bytes += c.length;
    }, memo);
  }

  get full(): boolean {
    return this.bytes >= this.pieceBytes;
  }

  take(): Buffer[] {
    const done = this.out;
    this.out = [];
    this.bytes = 0;
    return done;
  }
}

/** A value worth streaming member by member: an array or a struct (not a Date). */
export function isContainer(v: unknown): boolean {
  return Array.isArray(v) || (typeof v === 'object' && v !== null && !(v instanceof Date));
}
