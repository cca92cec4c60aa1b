// A guest filesystem as plain data (path -> file), and the store that keeps one per VDI (keyed by the VDI's uuid).

/** One regular file of a guest filesystem. */
export interface GuestFile {
  readonly data: Buffer;
  /** Permission bits (0o644, 0o600 for private keys). */
  readonly mode: number;
}

/** Absolute, normalised guest path -> file. Only regular files: directories are implied by the paths. */
export type GuestTree = Map<string, GuestFile>;

/** Where the guest filesystems of the VDIs live: a directory per VDI under the state dir, or memory. */
export interface GuestFs {
  /** Whether the VDI has a guest filesystem at all. */
  has(vdiUuid: string): boolean;
  /** Every file of the VDI's guest filesystem (empty when it has none). */
  readTree(vdiUuid: string): GuestTree;
  /** One file; undefined when absent. Throws GuestPathError for a path that escapes the guest root. */
  readFile(vdiUuid: string, path: string): GuestFile | undefined;
  /** Replaces the VDI's whole filesystem by `tree`, all at once (staged, then renamed into place). */
  commit(vdiUuid: string, tree: GuestTree): void;
  /** The copy of a VDI (clone, copy, snapshot) gets a copy of its files. */
  copy(fromUuid: string, toUuid: string): void;
  remove(vdiUuid: string): void;
}
