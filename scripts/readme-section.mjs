// A generated section of README.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`: written,
// or with --check compared (exit 1 when stale). The README examples' scripts share it.
import { readFileSync, writeFileSync } from 'node:fs';

const readme = new URL('../README.md', import.meta.url);

/** `body` goes between the markers as is (it ends with a newline); `what` and `script` name it in messages. */
export function readmeSection(name, body, what, script) {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const text = readFileSync(readme, 'utf8');
  const [from, to] = [text.indexOf(start), text.indexOf(end)];
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} section`);
  const updated = `${text.slice(0, from + start.length)}\n${body}${text.slice(to)}`;
  if (process.argv.includes('--check')) {
    if (updated !== text) {
      console.error(`README.md: ${what} is stale (node scripts/${script} rewrites it)`);
      process.exit(1);
    }
    console.log(`README.md: ${what} current`);
  } else {
    writeFileSync(readme, updated);
    console.log(`README.md: ${what} written`);
  }
}
