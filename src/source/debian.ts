import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One `deb` entry of the machine's apt configuration. */
export interface AptEntry {
  uri: string;
  suites: string[];
  components: string[];
  signedBy?: string;
}

interface OsRelease {
  id: string;
  idLike: string[];
  codename: string;
}

export function readOsRelease(text: string): OsRelease {
  const field = (k: string) => text.match(new RegExp(`^${k}=(?:"([^"]*)"|(.*))$`, 'm'))?.slice(1).find((v) => v !== undefined) ?? '';
  return { id: field('ID'), idLike: field('ID_LIKE').split(/\s+/).filter(Boolean), codename: field('VERSION_CODENAME') };
}

/** Parses one-line (`.list`) and deb822 (`.sources`) apt entries of type `deb`. */
export function parseAptSources(text: string, deb822: boolean): AptEntry[] {
  const entries: AptEntry[] = [];
  if (!deb822) {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      const m = line.match(/^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/);
      if (!m) continue;
      const signedBy = m[1]?.match(/signed-by=(\S+)/)?.[1];
      entries.push({ uri: m[2], suites: [m[3]], components: m[4].split(/\s+/).filter(Boolean), signedBy });
    }
    return entries;
  }
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const m = line.match(/^([A-Za-z-]+):\s*(.*)$/);
      if (m) fields.set(m[1].toLowerCase(), m[2].trim());
    }
    const types = (fields.get('types') ?? '').split(/\s+/);
    if (!types.includes('deb') || fields.get('enabled') === 'no') continue;
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      entries.push({
        uri,
        suites: (fields.get('suites') ?? '').split(/\s+/).filter(Boolean),
        components: (fields.get('components') ?? '').split(/\s+/).filter(Boolean),
        signedBy: fields.get('signed-by'),
      });
    }
  }
  return entries;
}

/**
 * The `deb-src` stanzas to query: the machine's own archive entries (those serving its release
 * codename with `main`), widened to the suites where other musl versions live. No host is named
 * here; every URI comes from the machine's configuration.
 */
export function debSrcStanzas(entries: AptEntry[], os: OsRelease): string {
  const extraSuites = os.id === 'debian' ? ['oldstable', 'stable', 'testing', 'unstable'] : [];
  const archives = entries.filter((e) => e.suites.includes(os.codename) && e.components.includes('main'));
  const seen = new Set<string>();
  const stanzas: string[] = [];
  for (const e of archives) {
    if (seen.has(e.uri)) continue;
    seen.add(e.uri);
    const suites = [...new Set([os.codename, ...extraSuites])];
    stanzas.push(
      ['Types: deb-src', `URIs: ${e.uri}`, `Suites: ${suites.join(' ')}`, 'Components: main', ...(e.signedBy ? [`Signed-By: ${e.signedBy}`] : [])].join('\n'),
    );
  }
  return stanzas.join('\n\n') + '\n';
}

function machineAptEntries(): AptEntry[] {
  const entries: AptEntry[] = [];
  if (existsSync('/etc/apt/sources.list')) entries.push(...parseAptSources(readFileSync('/etc/apt/sources.list', 'utf8'), false));
  const partsDir = '/etc/apt/sources.list.d';
  if (existsSync(partsDir)) {
    for (const f of readdirSync(partsDir).sort()) {
      const text = readFileSync(join(partsDir, f), 'utf8');
      if (f.endsWith('.list')) entries.push(...parseAptSources(text, false));
      else if (f.endsWith('.sources')) entries.push(...parseAptSources(text, true));
    }
  }
  return entries;
}

/** Debian source versions (`1.2.5-3`) whose upstream part is `version`. */
export function matchingDebianVersions(showsrc: string, version: string): string[] {
  const versions = [...showsrc.matchAll(/^Version:\s*(\S+)$/gm)].map((m) => m[1]);
  const upstream = (v: string) => v.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  return [...new Set(versions.filter((v) => upstream(v) === version))];
}

/** Whether this machine looks like Debian or Ubuntu with apt. */
export function aptAvailable(): boolean {
  if (!existsSync('/etc/os-release') || !existsSync('/usr/bin/apt-get')) return false;
  const os = readOsRelease(readFileSync('/etc/os-release', 'utf8'));
  return [os.id, ...os.idLike].some((id) => id === 'debian' || id === 'ubuntu');
}

/**
 * Finds the URI of `musl_<version>.orig.tar.gz` in the Debian source archive, using a private
 * apt state directory so the machine's own apt lists are not touched.
 */
export async function debianOrigTarballUri(version: string, log: (msg: string) => void): Promise<string | null> {
  const os = readOsRelease(readFileSync('/etc/os-release', 'utf8'));
  const stanzas = debSrcStanzas(machineAptEntries(), os);
  if (!stanzas.trim()) {
    log(`debian: no apt entry serves ${os.codename || 'this release'} with main`);
    return null;
  }
  const work = await mkdtemp(join(tmpdir(), 'musl-patch-apt-'));
  try {
    const parts = join(work, 'sources.list.d');
    await mkdir(join(work, 'lists', 'partial'), { recursive: true });
    await mkdir(join(work, 'cache', 'archives', 'partial'), { recursive: true });
    await mkdir(parts);
    await writeFile(join(parts, 'musl-patch-src.sources'), stanzas);
    const opts = [
      '-o', 'Dir::Etc::SourceList=/dev/null',
      '-o', `Dir::Etc::SourceParts=${parts}`,
      '-o', `Dir::State::Lists=${join(work, 'lists')}`,
      '-o', `Dir::Cache=${join(work, 'cache')}`,
      '-o', 'Debug::NoLocking=1',
      ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []),
    ];
    log('debian: apt-get update (deb-src, private state)');
    await run('apt-get', [...opts, '-qq', 'update'], { timeout: 300_000 });
    const { stdout: showsrc } = await run('apt-cache', [...opts, 'showsrc', 'musl'], { maxBuffer: 16 << 20 });
    const candidates = matchingDebianVersions(showsrc, version);
    if (candidates.length === 0) {
      log(`debian: no source package musl ${version}-* in the archive`);
      return null;
    }
    for (const debVersion of candidates) {
      const { stdout } = await run('apt-get', [...opts, 'source', '--print-uris', '-qq', `musl=${debVersion}`], { cwd: work });
      const uri = stdout.match(new RegExp(`'([^']+/musl_${version.replace(/\./g, '\\.')}\\.orig\\.tar\\.gz)'`))?.[1];
      if (uri) {
        log(`debian: musl ${debVersion} carries ${uri.split('/').pop()}`);
        return uri;
      }
    }
    return null;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
