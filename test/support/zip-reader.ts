import { inflateRawSync } from 'node:zlib';

/** One file of a zip archive, read through its central directory entry. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  /** General purpose bit flag (bit 3: sizes in a data descriptor after the data). */
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** The file's bytes, inflated and checked against size and CRC-32. */
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Reads a zip archive the way an unzipper does: finds the end of central
 * directory record (scanning back over a comment of up to 64 KiB), walks the
 * central directory, and for each entry reads the local header it points to
 * and the data behind it (stored or raw deflate). Throws on anything that
 * doesn't add up: bad signatures, entries outside the archive, sizes or
 * CRC-32 that don't match, Zip64 or encryption (never produced for a small
 * artifact, so not supported here).
 */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD && i + 22 + buf.readUInt16LE(i + 20) === buf.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('zip: no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error('zip: Zip64 archives are not supported');
  if (buf.readUInt16LE(eocd + 8) !== count) throw new Error('zip: multi-disk archives are not supported');
  if (cdOffset + cdSize !== eocd) throw new Error(`zip: central directory at ${cdOffset}+${cdSize} does not end at the EOCD (${eocd})`);

  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL) throw new Error(`zip: bad central directory signature at ${at}`);
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc32 = buf.readUInt32LE(at + 16);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) throw new Error(`zip: ${name} is encrypted`);

    if (buf.readUInt32LE(localOffset) !== LOCAL) throw new Error(`zip: bad local header signature for ${name} at ${localOffset}`);
    const localName = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', localOffset + 30, localOffset + 30 + buf.readUInt16LE(localOffset + 26));
    if (localName !== name) throw new Error(`zip: local header names ${localName}, central directory ${name}`);
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compressedSize > cdOffset) throw new Error(`zip: data of ${name} runs into the central directory`);
    const raw = buf.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`zip: ${name} uses unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`zip: ${name} inflates to ${data.length} bytes, central directory says ${size}`);
    if (crc32Of(data) !== crc32) throw new Error(`zip: CRC-32 mismatch for ${name}`);
    entries.push({ name, method, flags, crc32, compressedSize, size, data });
  }
  if (at !== eocd) throw new Error('zip: central directory size does not match its entries');
  return entries;
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as zip uses). */
export function crc32Of(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
