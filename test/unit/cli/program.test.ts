import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

const VERBS = ['fetch', 'table', 'scan', 'apply', 'build', 'verify', 'coverage', 'stubs', 'diff', 'sync', 'nix', 'boot'];

describe('the CLI', () => {
  it('registers every verb of the card without option conflicts', () => {
    const program = buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual(VERBS);
  });

  it('gives every verb a description and a help text', () => {
    for (const cmd of buildProgram().commands) {
      expect(cmd.description(), cmd.name()).not.toBe('');
      expect(cmd.helpInformation(), cmd.name()).toContain(`Usage: musl-patch ${cmd.name()}`);
    }
  });
});
