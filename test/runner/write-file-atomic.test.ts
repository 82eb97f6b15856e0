import { jest } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';

// renameSync is replaced so a test can make the last step fail after the
// whole content went to the temporary sibling; every other call is real.
const fs = await import('node:fs');
const failRename = { on: false };
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  default: fs,
  renameSync: (from: string, to: string) => {
    if (failRename.on) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    fs.renameSync(from, to);
  },
}));
const { writeFileAtomic } = await import('../../src/runner/write-file-atomic.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-atomic-'));
  failRename.on = false;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, leaving nothing else', () => {
    const file = path.join(dir, 'persona.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('two\n');
    expect(fs.readdirSync(dir)).toEqual(['persona.json']);
  });

  it('keeps the old file whole and removes the temporary sibling when the last step fails', () => {
    const file = path.join(dir, 'persona.json');
    writeFileAtomic(file, 'old');
    failRename.on = true;
    expect(() => writeFileAtomic(file, 'new content')).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['persona.json']);
  });

  it('creates nothing when the folder is a file', () => {
    const notAFolder = path.join(dir, 'file');
    fs.writeFileSync(notAFolder, 'x');
    expect(() => writeFileAtomic(path.join(notAFolder, 'persona.json'), 'y')).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(fs.readdirSync(dir)).toEqual(['file']);
    expect(fs.readFileSync(notAFolder, 'utf8')).toBe('x');
  });

  it('replaces a symbolic link rather than writing through it', () => {
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'untouched');
    const link = path.join(dir, 'link');
    fs.symlinkSync(target, link);
    writeFileAtomic(link, 'new');
    expect(fs.readFileSync(target, 'utf8')).toBe('untouched');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(link, 'utf8')).toBe('new');
  });
});
