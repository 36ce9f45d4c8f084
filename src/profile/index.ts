// The kernel profile (musl-patch.json): its schema, finding and loading it, and `init`'s reading of a
// kernel repository. Config one layer above the stages: the CLI reads it, the stages never do.
export { PROFILE_FILE, profileJsonSchema, profileSchema, type Profile, type ProfileInput } from './schema.js';
export { findProfile, loadProfile, profileBackend, profileConfigure, profilePatches, profilePath, resolveProfile, type LoadedProfile } from './load.js';
export { profileFromRepository, type InitOptions, type InitResult } from './init.js';
