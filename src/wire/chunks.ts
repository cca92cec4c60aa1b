// Accumulates output text and hands it to a sink in ~64 KB pieces, so an 80 MB reply is never one string.

export const CHUNK_CHARS = 64 * 1024;

export class ChunkWriter {
  private pending = '';
  private readonly sink: (chunk: string) => void;

  constructor(sink: (chunk: string) => void) {
    this.sink = sink;
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

/** Runs a streaming writer and joins what it wrote. */
export function collect(write: (sink: (chunk: string) => void) => void): string {
  const parts: string[] = [];
  write((chunk) => parts.push(chunk));
  return parts.length === 1 ? (parts[0] as string) : parts.join('');
}
