import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Time allowed until the server answers; the body itself may take longer. */
const RESPONSE_TIMEOUT_MS = 30_000;

/**
 * Downloads `url` to `dest`. Progress goes to stderr only when it is a terminal,
 * so logs in CI stay quiet. Throws with a short reason on any failure.
 */
export async function download(url: string, dest: string): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), RESPONSE_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(cause?.code ?? cause?.message ?? (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  let received = 0;
  const showProgress = Boolean(process.stderr.isTTY);
  const progress = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      if (showProgress) {
        const pct = total ? ` ${Math.floor((received / total) * 100)}%` : '';
        process.stderr.write(`\r  ${(received / 1024).toFixed(0)} KiB${pct}`);
      }
      done(null, chunk);
    },
    flush(done) {
      if (showProgress) process.stderr.write('\n');
      done();
    },
  });
  await pipeline(Readable.fromWeb(response.body as never), progress, createWriteStream(dest));
}

export function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}
