/**
 * Pinned sha256 of upstream musl release tarballs. A version not listed here is only fetched
 * with an explicit `--sha256`, so a tree is never used unverified.
 */
export const PINNED_SHA256: Readonly<Record<string, string>> = {
  '1.2.3': '7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4',
  '1.2.5': 'a9a118bbe84d8764da0ea0d28b3ab3fae8477fc7e4085d90102b8596fc7c75e4',
  '1.2.6': 'd585fd3b613c66151fc3249e8ed44f77020cb5e6c1e635a616d3f9f82460512a',
};

/**
 * Commits of musl's git repository (git://git.musl-libc.org/musl) known to be a release, for
 * derivations that pin musl by `fetchGit { rev = ...; }`: 1.2.5's is the one IncludeOS pins.
 */
export const RELEASE_COMMITS: Readonly<Record<string, string>> = {
  '0784374d561435f7c787a555aeab8ede699ed298': '1.2.5',
};

/** Versions the whole pipeline is proven on (tests, committed patch series, tables). */
export const SUPPORTED_VERSIONS = ['1.2.3', '1.2.5', '1.2.6'] as const;

export const UPSTREAM_RELEASES = 'https://musl.libc.org/releases';

export function tarballName(version: string): string {
  return `musl-${version}.tar.gz`;
}

export function isVersion(spec: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(spec);
}
