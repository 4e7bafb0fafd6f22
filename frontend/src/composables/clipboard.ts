// Copying text for the clerk (a case number into another system, a folder's location into the
// scanner's software). The webview's clipboard API may be missing or refused (no secure context, no
// permission): then the older selection copy is tried.
import { ElMessage } from 'element-plus'
import { showErrorText } from '@/api/errors'

function copyBySelection(text: string): boolean {
  if (typeof document === 'undefined' || !document.body) return false
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  area.style.pointerEvents = 'none'
  document.body.appendChild(area)
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null
  area.select()
  let copied: boolean
  try {
    copied = typeof document.execCommand === 'function' && document.execCommand('copy')
  } catch {
    copied = false
  }
  area.remove()
  focused?.focus()
  return copied
}

/** Puts `text` on the clipboard; whether it got there. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // refused: the selection copy below may still work
  }
  return copyBySelection(text)
}

/** Copies `text` and tells the clerk: `copied` when it is on the clipboard, `failed` (as an error) when not. */
export async function copyAndSay(text: string, copied: string, failed: string): Promise<boolean> {
  const ok = await copyText(text)
  if (ok) ElMessage.success({ message: copied, grouping: true })
  else showErrorText(failed)
  return ok
}
