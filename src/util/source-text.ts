// Reading C sources and headers (musl's, a backend's): sizes are bounded and line endings never
// change an answer. CRLF (and a lone CR, which compilers also take for a line end) is read as LF,
// so lines keep their numbers; the rewrite, which writes files back, refuses CRLF instead.

import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { UserError } from './errors.js';
import { formatBytes, LIMITS } from './limits.js';

function checkSize(file: string, size: number, shown: string): void {
  if (size > LIMITS.sourceFileBytes) {
    throw new UserError(
      `${shown} is ${formatBytes(size)}, above the ${formatBytes(LIMITS.sourceFileBytes)} limit for one source file`,
      'check the file: no musl or backend source comes near it, musl\u2019s largest is 145 KB',
    );
  }
}

/** CRLF and lone CR as LF. */
export function asLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** A source file's text with LF line ends; `shown` names it in errors (default: the path). */
export function readSourceText(file: string, encoding: BufferEncoding = 'utf8', shown = file): string {
  checkSize(file, statSync(file).size, shown);
  return asLf(readFileSync(file, encoding));
}

export async function readSourceTextAsync(file: string, encoding: BufferEncoding = 'utf8', shown = file): Promise<string> {
  checkSize(file, (await stat(file)).size, shown);
  return asLf(await readFile(file, encoding));
}

/** For code that writes a file back: CRLF would come out mixed, so it is one line instead. */
export function refuseCrlf(shown: string, text: string): string {
  if (text.includes('\r')) {
    throw new UserError(`${shown} has CRLF line endings, which the rewrite does not write back`, 'convert the tree to LF first, e.g. with dos2unix, or check it out again with git config core.autocrlf false');
  }
  return text;
}
