import { describe, expect, it } from 'vitest';
import { debSrcStanzas, matchingDebianVersions, parseAptSources, readOsRelease } from '../../../src/source/debian.js';

const DEB822 = `Types: deb
URIs: http://archive.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://archive.example/debian-security
Suites: bookworm-security
Components: main
`;

describe('apt configuration', () => {
  it('reads deb822 and one-line entries', () => {
    const entries = parseAptSources(DEB822, true);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      uri: 'http://archive.example/debian',
      suites: ['bookworm', 'bookworm-updates'],
      components: ['main'],
      signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg',
    });
    const oneLine = parseAptSources('# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://x.example/apt stable main contrib\ndeb-src http://y.example/ sid main\n', false);
    expect(oneLine).toEqual([{ uri: 'http://x.example/apt', suites: ['stable'], components: ['main', 'contrib'], signedBy: '/k.gpg' }]);
  });

  it('derives deb-src stanzas only from entries serving the release codename', () => {
    const os = readOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_CODENAME=bookworm\n');
    expect(os).toEqual({ id: 'debian', idLike: [], codename: 'bookworm' });
    const entries = [...parseAptSources(DEB822, true), { uri: 'https://vendor.example/apt', suites: ['vendor-bookworm'], components: ['main'] }];
    const text = debSrcStanzas(entries, os);
    expect(text).toBe(
      'Types: deb-src\nURIs: http://archive.example/debian\nSuites: bookworm oldstable stable testing unstable\nComponents: main\n' +
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n',
    );
  });

  it('matches Debian source versions by their upstream part', () => {
    const showsrc = 'Package: musl\nVersion: 1.2.3-1\n\nPackage: musl\nVersion: 1.2.5-3\n\nPackage: musl\nVersion: 1:1.2.5-1\n';
    expect(matchingDebianVersions(showsrc, '1.2.5')).toEqual(['1.2.5-3', '1:1.2.5-1']);
    expect(matchingDebianVersions(showsrc, '1.2.6')).toEqual([]);
  });
});
