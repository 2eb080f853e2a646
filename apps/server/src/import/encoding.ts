import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** The encodings an imported CSV may be in: UTF-8 (with or without a BOM) and GB18030, which reads GBK and GB2312 too. */
export type TextEncoding = 'utf-8' | 'gb18030';

/** How much of a file the detection reads. */
const SAMPLE_BYTES = 64 * 1024;

/** The file is in an encoding the import does not read; the message names it. */
export class EncodingError extends Error {}

const refuse = (name: string) =>
  new EncodingError(`文件编码是 ${name},无法导入:请另存为 UTF-8 或 GBK/GB18030 编码的 CSV(the file is encoded as ${name}; save it as UTF-8 or GBK/GB18030)`);

/**
 * The encoding of a CSV from its first 64 KiB: a UTF-8 BOM, or bytes that are valid UTF-8 (a
 * multi-byte character cut at the sample's end allowed), are UTF-8; otherwise the detector
 * (chardet) must name GB18030 (its name for GBK and GB2312 too). Anything else is refused by name.
 */
export function detectEncoding(sample: Uint8Array): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) throw refuse('UTF-16LE');
  if (sample[0] === 0xfe && sample[1] === 0xff) throw refuse('UTF-16BE');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    // not UTF-8: ask the detector
  }
  const detected = chardet.detect(sample);
  if (detected === 'GB18030') return 'gb18030';
  throw refuse(detected ?? '未知 (unknown)');
}

export async function detectFileEncoding(path: string): Promise<TextEncoding> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(SAMPLE_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SAMPLE_BYTES, 0);
    return detectEncoding(buffer.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/**
 * The file's bytes as text. UTF-8 is decoded strictly (a byte sequence that is not UTF-8 further
 * on stops the import with a message, never mojibake); a BOM is dropped in either encoding.
 */
export function decodeStream(bytes: Readable, encoding: TextEncoding): Readable {
  const text = encoding === 'gb18030' ? gb18030() : strictUtf8();
  bytes.on('error', (e) => text.destroy(e));
  return bytes.pipe(text);
}

function gb18030(): Transform {
  const decoder = iconv.getDecoder('gb18030', { stripBOM: true });
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.write(chunk));
    },
    flush(done) {
      done(null, decoder.end() ?? '');
    },
  });
}

function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        done(null, text);
      } catch {
        done(new EncodingError(`文件在第 ${offset} 字节之后不是有效的 UTF-8:请整体另存为 UTF-8 或 GBK(the file is not valid UTF-8 after byte ${offset})`));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new EncodingError(`文件结尾不是有效的 UTF-8(the file ends inside a UTF-8 character)`));
      }
    },
  });
}
