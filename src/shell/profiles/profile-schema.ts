/**
 * The shell's entry to the ONE profile definition (src/core/profile): the parser and its
 * helpers are the core's; this module only re-exports them under the names the shell
 * has always imported.
 */
export {
  AUDIENCE_MODES,
  ENDPOINT_NAMES,
  SIGNING_ALGS,
  isHttpUrl,
  isProfileId,
  isSourceId,
  isParsedFields,
  isRecord,
  parseProfileFields,
  parseSettingsEntry,
  parseStoredProfile,
  slugId,
  urlProblem,
} from '../../core/essentials';
export type { ProfileFields } from '../../core/essentials';
