import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

const VERBS = ['init', 'fetch', 'table', 'scan', 'apply', 'build', 'verify', 'coverage', 'stubs', 'comment', 'diff', 'sync', 'nix', 'boot'];

describe('the CLI', () => {
  it('registers every verb of the card without option conflicts', async () => {
    const program = await buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual(VERBS);
  });

  it('gives every verb a description and a help text', async () => {
    for (const cmd of (await buildProgram()).commands) {
      expect(cmd.description(), cmd.name()).not.toBe('');
      expect(cmd.helpInformation(), cmd.name()).toContain(`Usage: musl-patch ${cmd.name()}`);
    }
  });

  it('loads only the verb the command line names', async () => {
    expect((await buildProgram(['node', 'musl-patch', 'scan', '1.2.5'])).commands.map((c) => c.name())).toEqual(['scan']);
    expect((await buildProgram(['node', 'musl-patch', '--help'])).commands.map((c) => c.name())).toEqual(VERBS);
  });
});
