/** What `fs.Stats` says a path is; structural, so the core imports nothing of node:fs. */
export interface FileKindStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/**
 * "a FIFO (named pipe)", "a directory", ... for anything that is not a regular file, in words a
 * person can act on; undefined for a regular file. Config files and log paths are refused by it.
 */
export function specialFileKind(stats: FileKindStats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a regular file";
}
