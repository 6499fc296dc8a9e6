/** Ctrl+S (⌘S), in the Latin or the Russian layout. */
export function isSaveKey(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && (e.code === 'KeyS' || ['s', 'S', 'ы', 'Ы'].includes(e.key));
}
