import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { MAX_HANDOVER_BYTES, type HandoverDocument } from '../handover/handover-document.js';
import { readHandover } from '../handover/read-handover.js';

/** Where a stage action finds the persona an earlier job handed over. */
export interface HandoverLocation {
  /** The value of an input holding the hand-over JSON (`${{ needs.persona.outputs.persona }}`); '' for none. */
  value: string;
  /** Name of that input, for errors. */
  input: string;
  /** A persona.json to read when the input is empty (e.g. `$RUNNER_TEMP/persona/persona.json`, or the downloaded artifact). */
  file?: string;
}

/**
 * Reads the persona handed over by an earlier job: the input's JSON when
 * set, else the file. Either way it is untrusted (it crossed a job
 * boundary): {@link readHandover} checks size, JSON, keys, version and every
 * field, and only a regular file under 1 MiB is read. Errors name the input
 * or the file.
 */
export async function readHandedOverPersona(where: HandoverLocation): Promise<HandoverDocument> {
  if (where.value) return readHandover(where.value, `input "${where.input}"`);
  if (!where.file)
    throw new ConfigurationError(`input "${where.input}": no persona was handed over (set it to the persona output of the job that ran resolve-persona)`);
  const file = path.resolve(where.file);
  return readHandover(readRegularFile(file, where.input), file);
}

/**
 * The text of `file`, checked on the open descriptor (so a swap between
 * check and read changes nothing): a regular file, not a link (O_NOFOLLOW),
 * never blocking on a FIFO (O_NONBLOCK), at most 1 MiB.
 */
function readRegularFile(file: string, input: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigurationError(`input "${input}" is empty and ${file} does not exist: no persona was handed over`);
    if (code === 'ELOOP') throw new ConfigurationError(`${file}: not a regular file (a symbolic link)`);
    throw new ConfigurationError(`${file}: cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new ConfigurationError(`${file}: not a regular file`);
    if (info.size > MAX_HANDOVER_BYTES) throw new ConfigurationError(`${file}: ${info.size} bytes, over the 1 MiB limit of a hand-over`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
