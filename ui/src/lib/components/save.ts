/** Where a form stands with respect to the file: shown by SaveStatus.svelte. */
export type SaveState = 'clean' | 'dirty' | 'saving' | 'saved' | 'failed';
