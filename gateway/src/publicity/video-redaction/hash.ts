/** The station's one file hash (read-only descriptor, abortable), under this module's name for it. */
export { sha256File } from '../../footage/sha256.js';
