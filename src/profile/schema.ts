// The kernel profile, `musl-patch.json` at the root of a kernel's repository: which musl, configured
// how, with which of the kernel's own patches, where its backend definitions live (common and
// per-arch directories) and how they are named. One zod schema; the JSON Schema shipped in
// schema/musl-patch.schema.json is generated from it (`node scripts/profile-schema.mjs --write`).

import { z } from 'zod';
import { SUPPORTED_ARCHES } from '../arch/index.js';
import { DEFAULT_MALLOC } from '../musl/index.js';
import { DEFAULT_NAMING } from '../model/naming.js';

export const PROFILE_FILE = 'musl-patch.json';

const arch = z.enum(SUPPORTED_ARCHES);
const relativePath = z.string().min(1).describe('a path relative to the directory holding musl-patch.json');
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a C identifier');

export const profileSchema = z
  .object({
    $schema: z.string().optional().describe('where editors find this schema'),
    musl: z
      .object({
        version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a musl release version such as 1.2.5').describe('the musl release the kernel builds'),
        malloc: z.string().regex(/^[A-Za-z0-9_-]+$/).default(DEFAULT_MALLOC).describe("configure --with-malloc: the allocator under musl's src/malloc/"),
        debug: z.boolean().default(false).describe('configure --enable-debug'),
        cflags: z.array(z.string()).default([]).describe('extra compiler flags, passed to configure as CFLAGS'),
        patches: z.array(relativePath).default([]).describe("the kernel's own patches, applied in this order after musl-patch's series"),
      })
      .strict(),
    arches: z.array(arch).min(1).default([...SUPPORTED_ARCHES]).describe('the arches the kernel builds musl for'),
    backend: z
      .object({
        common: z.array(relativePath).default([]).describe('directories or files with backend definitions for every arch'),
        arch: z.partialRecord(arch, z.array(relativePath)).default({}).describe("directories or files with one arch's backend definitions"),
      })
      .strict()
      .optional()
      .describe("where the kernel's syscall backend is"),
    naming: z
      .object({
        syscallPrefix: identifier.default(DEFAULT_NAMING.syscallPrefix),
        socketcallPrefix: identifier.default(DEFAULT_NAMING.socketcallPrefix),
        dynamic: identifier.default(DEFAULT_NAMING.dynamic),
        clone: identifier.default(DEFAULT_NAMING.clone),
      })
      .strict()
      .optional()
      .describe('how backend functions are named (default: IncludeOS names)'),
    derivation: relativePath.optional().describe("the kernel's musl Nix derivation (IncludeOS: deps/musl/default.nix)"),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

/** The JSON Schema text shipped for editors and CI, generated from the zod schema (byte-stable). */
export function profileJsonSchema(): string {
  const schema = z.toJSONSchema(profileSchema, { io: 'input' });
  return `${JSON.stringify({ ...schema, $id: 'musl-patch.schema.json', title: 'musl-patch kernel profile (musl-patch.json)' }, null, 2)}\n`;
}
