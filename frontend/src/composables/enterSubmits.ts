// Enter in a field of a form submits it. Not in a select, where Enter picks the option, nor while an
// input method is still composing the characters typed.

/** Whether the keydown is an Enter that submits the form it happened in. */
export function isSubmitEnter(e: KeyboardEvent): boolean {
  if (e.key !== 'Enter' || e.isComposing || e.altKey || e.shiftKey) return false
  const target = e.target instanceof HTMLElement ? e.target : null
  return !!target?.matches('input:not([type]), input[type="text"], input[type="password"], input[type="number"]') && !target.closest('.el-select')
}
