import { execFileSync } from 'node:child_process';
import nodeFs, { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveBlend } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { BuiltinSource } from '../../src/library/builtin-source.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { FileIo } from '../../src/library/read-regular-file.js';
import { readHandedOverPersona } from '../../src/wiring/read-handed-over-persona.js';

const library = PersonaLibrary.build([await new BuiltinSource().load()]);
const doc = toHandover(resolveBlend(library, 'balanced:0.5,stability:0.5'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'handover-'));

async function messages(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as ConfigurationError).diagnostics.map((d) => `${d.file ?? ''}|${d.message}`);
}

describe('readHandedOverPersona', () => {
  it('reads the input value when set, naming the input in errors', async () => {
    expect(await readHandedOverPersona({ value: serializeHandover(doc, 'compact'), input: 'persona' })).toEqual(doc);
    const errors = await messages(readHandedOverPersona({ value: '{"schema_version":"2.0"}', input: 'persona' }));
    expect(errors.join('\n')).toMatch(/^input "persona"\|.*schema_version 2\.0/m);
  });

  it('falls back to the file when the input is empty', async () => {
    const file = path.join(dir, 'persona.json');
    writeFileSync(file, serializeHandover(doc));
    expect(await readHandedOverPersona({ value: '', input: 'persona', file })).toEqual(doc);
  });

  it('refuses a missing file, a directory, a link to something else and an oversized file, naming them', async () => {
    expect(await messages(readHandedOverPersona({ value: '', input: 'persona', file: path.join(dir, 'absent.json') }))).toEqual([
      expect.stringMatching(/input "persona" is empty and .*absent\.json does not exist/),
    ]);
    mkdirSync(path.join(dir, 'folder'));
    expect((await messages(readHandedOverPersona({ value: '', input: 'persona', file: path.join(dir, 'folder') })))[0]).toMatch(/not a regular file/);
    symlinkSync('/etc/passwd', path.join(dir, 'link.json'));
    expect((await messages(readHandedOverPersona({ value: '', input: 'persona', file: path.join(dir, 'link.json') })))[0]).toMatch(/not a regular file/);
    writeFileSync(path.join(dir, 'big.json'), ' '.repeat(1024 * 1024 + 1));
    expect((await messages(readHandedOverPersona({ value: '', input: 'persona', file: path.join(dir, 'big.json') })))[0]).toMatch(/over the 1 MiB limit/);
  });

  it('refuses a FIFO without blocking on it', async () => {
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect((await messages(readHandedOverPersona({ value: '', input: 'persona', file: fifo })))[0]).toMatch(/not a regular file/);
  });

  it('refuses a sparse file over 2 GiB by its size, and stops a file that claims less after 1 MiB + 1 bytes', async () => {
    const huge = path.join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 2 ** 31 + 1);
    expect(await messages(readHandedOverPersona({ value: '', input: 'persona', file: huge }))).toEqual([
      `${huge}|is 2147483649 bytes, over the 1 MiB limit of a hand-over (1048576 bytes)`,
    ]);
    let served = 0;
    const endless: FileIo = {
      ...nodeFs,
      readSync: (_fd, buffer, offset, length) => {
        buffer.fill(0x20, offset, offset + length);
        served += length;
        return length;
      },
    };
    const small = path.join(dir, 'small.json');
    writeFileSync(small, '{}');
    expect(await messages(readHandedOverPersona({ value: '', input: 'persona', file: small }, endless))).toEqual([
      `${small}|holds more than 1048576 bytes (it claimed 2), over the 1 MiB limit of a hand-over (1048576 bytes)`,
    ]);
    expect(served).toBe(1024 * 1024 + 1);
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = path.join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from('{"name":"Caf\xe9"}', 'latin1'));
    expect(await messages(readHandedOverPersona({ value: '', input: 'persona', file: latin1 }))).toEqual([
      `${latin1}|not UTF-8 text (a hand-over is UTF-8 JSON)`,
    ]);
  });

  it('says nothing was handed over when neither is given', async () => {
    expect((await messages(readHandedOverPersona({ value: '', input: 'persona' })))[0]).toMatch(/no persona was handed over/);
  });
});
