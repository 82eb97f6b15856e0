import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, promises as fsp, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { readRegularFile, type FileIo, type RegularFileOptions } from '../../src/library/read-regular-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'read-regular-'));
const LIMIT = 1024;
const options = (extra: Partial<RegularFileOptions> = {}): RegularFileOptions => ({
  display: 'shown.yml',
  limit: LIMIT,
  limitOf: 'a test file',
  follow: false,
  ...extra,
});

/** The diagnostics `readRegularFile` fails with, as `file|message`. */
function refusal(file: string, extra: Partial<RegularFileOptions> = {}): string[] {
  try {
    readRegularFile(file, options(extra));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).diagnostics.map((d) => `${d.file ?? ''}|${d.message}`);
  }
  throw new Error(`${file} was read`);
}

/** What fstat says of a regular file. */
const REGULAR = {
  isFile: () => true,
  isDirectory: () => false,
  isFIFO: () => false,
  isCharacterDevice: () => false,
  isBlockDevice: () => false,
  isSocket: () => false,
};

/** Fake file calls: a file that claims `size` and serves `chunk` bytes per read, `total` in all (Infinity: endless); counts what was read. */
function fakeFile(size: number, total: number, chunk = 300) {
  const seen = { reads: 0, bytes: 0, closed: false };
  const io: FileIo = {
    openSync: () => 42,
    fstatSync: () => ({ size, ...REGULAR }),
    readSync: (_fd, buffer, offset, length) => {
      seen.reads++;
      const n = Math.min(length, chunk, total - seen.bytes);
      buffer.fill(0x61, offset, offset + n);
      seen.bytes += n;
      return n;
    },
    closeSync: () => void (seen.closed = true),
  };
  return { seen, io };
}

describe('readRegularFile', () => {
  it('reads a regular file, up to exactly the limit', async () => {
    writeFileSync(path.join(dir, 'ok.yml'), 'name: Ok\n');
    expect(readRegularFile(path.join(dir, 'ok.yml'), options()).toString()).toBe('name: Ok\n');
    writeFileSync(path.join(dir, 'full.yml'), 'x'.repeat(LIMIT));
    expect(readRegularFile(path.join(dir, 'full.yml'), options()).length).toBe(LIMIT);
  });

  it('refuses a file over the limit from its size, without reading a byte', async () => {
    const fake = fakeFile(LIMIT + 1, LIMIT + 1);
    expect(refusal('any', { io: fake.io })).toEqual([`shown.yml|is ${LIMIT + 1} bytes, over the 1 KiB limit of a test file (${LIMIT} bytes)`]);
    expect(fake.seen).toEqual({ reads: 0, bytes: 0, closed: true });
  });

  it('stops at the limit whatever size the file claims: one that claims 0 and never ends reads limit + 1 bytes', async () => {
    const fake = fakeFile(0, Infinity);
    expect(refusal('any', { io: fake.io })).toEqual([
      `shown.yml|holds more than ${LIMIT} bytes (it claimed 0), over the 1 KiB limit of a test file (${LIMIT} bytes)`,
    ]);
    expect(fake.seen.bytes).toBe(LIMIT + 1);
    expect(fake.seen.closed).toBe(true);
  });

  it('reads a file that claims 0 bytes (as /proc files do) to its end when under the limit', async () => {
    const fake = fakeFile(0, 700);
    expect(readRegularFile('any', options({ io: fake.io })).length).toBe(700);
    const status = readRegularFile('/proc/self/status', options({ limit: 1024 * 1024, follow: true }));
    expect(status.toString()).toMatch(/^Name:/);
    expect(refusal('/proc/self/status', { limit: 16, follow: true })).toEqual([
      expect.stringMatching(/^shown\.yml\|holds more than 16 bytes \(it claimed 0\)/),
    ]);
  });

  it('refuses a file of 2 GiB and more by its size (a sparse file: nothing is read)', async () => {
    const huge = path.join(dir, 'huge.yml');
    const fd = openSync(huge, 'w');
    closeSync(fd);
    await fsp.truncate(huge, 2 ** 31 + 1);
    expect(refusal(huge, { limit: 1024 * 1024 })).toEqual(['shown.yml|is 2147483649 bytes, over the 1 MiB limit of a test file (1048576 bytes)']);
  });

  it('refuses a FIFO without blocking, a directory, a character device and a socket, saying what each is', async () => {
    const fifo = path.join(dir, 'pipe.yml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(refusal(fifo)).toEqual(['shown.yml|is a FIFO (named pipe), not a regular file (only regular files are read)']);
    expect(Date.now() - started).toBeLessThan(1000);
    mkdirSync(path.join(dir, 'folder.yml'));
    expect(refusal(path.join(dir, 'folder.yml'))).toEqual(['shown.yml|is a directory, not a regular file (only regular files are read)']);
    expect(refusal('/dev/zero')).toEqual(['shown.yml|is a character device, not a regular file (only regular files are read)']);
    const socket = path.join(dir, 'sock.yml');
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(refusal(socket)).toEqual(['shown.yml|is a socket or a device, not a regular file (only regular files are read)']);
    } finally {
      server.close();
    }
  });

  it('refuses a link when told not to follow, and reads through it otherwise', async () => {
    writeFileSync(path.join(dir, 'target.yml'), 'name: T\n');
    symlinkSync('target.yml', path.join(dir, 'link.yml'));
    expect(refusal(path.join(dir, 'link.yml'))).toEqual(['shown.yml|is a symbolic link, not a regular file (only regular files are read)']);
    expect(readRegularFile(path.join(dir, 'link.yml'), options({ follow: true })).toString()).toBe('name: T\n');
  });

  it('says a missing file does not exist, or the caller’s message', async () => {
    expect(refusal(path.join(dir, 'absent.yml'))).toEqual(['shown.yml|does not exist']);
    expect(refusal(path.join(dir, 'absent.yml'), { missing: 'nothing was handed over' })).toEqual(['|nothing was handed over']);
  });
});

describe('readRegularFile: failing calls', () => {
  it('turns an error reading an open file into a located user error, and still closes it', () => {
    let closed = false;
    const io: FileIo = {
      openSync: () => 7,
      fstatSync: () => ({ size: 10, ...REGULAR }),
      readSync: () => {
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      },
      closeSync: () => void (closed = true),
    };
    expect(refusal('any', { io })).toEqual(['shown.yml|cannot be read (EIO)']);
    expect(closed).toBe(true);
  });
});
