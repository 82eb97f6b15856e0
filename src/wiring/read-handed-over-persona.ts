import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { MAX_HANDOVER_BYTES, type HandoverDocument } from '../handover/handover-document.js';
import { readHandover } from '../handover/read-handover.js';
import { readRegularFile, type RegularFileOptions } from '../library/read-regular-file.js';

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
 * field, and the file is read with {@link readRegularFile}: a regular file,
 * not a link, at most 1 MiB, whatever size it claims. Errors name the input
 * or the file.
 * @param io the calls that read the file (tests inject them to count reads).
 */
export async function readHandedOverPersona(where: HandoverLocation, io?: RegularFileOptions['io']): Promise<HandoverDocument> {
  if (where.value) return readHandover(where.value, `input "${where.input}"`);
  if (!where.file)
    throw new ConfigurationError(`input "${where.input}": no persona was handed over (set it to the persona output of the job that ran resolve-persona)`);
  const file = path.resolve(where.file);
  // Not a link (O_NOFOLLOW), never blocking on a FIFO, checked with fstat on the open descriptor, at most 1 MiB read.
  const bytes = readRegularFile(file, {
    display: file,
    limit: MAX_HANDOVER_BYTES,
    limitOf: 'a hand-over',
    follow: false,
    missing: `input "${where.input}" is empty and ${file} does not exist: no persona was handed over`,
    io,
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigurationError({ file, message: 'not UTF-8 text (a hand-over is UTF-8 JSON)' });
  }
  return readHandover(text, file);
}
