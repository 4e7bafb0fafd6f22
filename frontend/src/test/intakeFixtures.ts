// The intake window's tests: the clerk at the window, every mocked command answering as on a quiet
// day, a screen mounted with the app's plugins, and what the clerk does on the intake panels. The
// test file mocks '@/api/ipc' (ipcMocks.ts) and '@/api/errors' itself.
import { vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { Pinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import type { PrintRequest, UserView } from '@/api/bindings'
import * as ipc from '@/api/ipc'
import * as errors from '@/api/errors'
import { createAppI18n } from '@/locales'
import { useCatalogStore } from '@/stores/catalog'
import { useSessionStore } from '@/stores/session'
import BundlePanel from '@/views/clerk/BundlePanel.vue'
import ServiceItemPanel from '@/views/clerk/ServiceItemPanel.vue'
import { resetMocks } from './mocks'
import { job } from './printFixtures'

/** A window clerk of the city centre, signed in on the active pinia. */
export function signInClerk(): void {
  const user: UserView = {
    username: 'clerk',
    display_name: '李敏',
    role: 'window_clerk',
    hall: { code: '440700000', name: '江门市政务服务中心' },
    window: 'A01',
    department: null,
    idle_lock_minutes: 5,
  }
  useSessionStore().user = user
}

/**
 * Every mocked command and error message afresh, answering as on a quiet day: no halls, no history,
 * no drafts, no print jobs or printers, an empty scan inbox, every item within this hall's remit; the
 * rest answer nothing until a test says what.
 */
export function resetIntakeIpc(): void {
  resetMocks(ipc, errors)
  vi.mocked(ipc.listHalls).mockResolvedValue([])
  vi.mocked(ipc.applicantHistory).mockResolvedValue({ name: null, cases: [], reusable: [] })
  vi.mocked(ipc.drafts).mockResolvedValue([])
  vi.mocked(ipc.printJobs).mockResolvedValue([])
  vi.mocked(ipc.printerProfiles).mockResolvedValue([])
  vi.mocked(ipc.itemRemit).mockImplementation(async (code) => ({ service_item_code: code, accepted_here: true, halls: [] }))
}

/** A router with a start page, the case page, where 打开办件 goes, and the issuance, where 立即出件 goes. */
export function testRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
      { path: '/clerk/issuance', name: 'issuance', component: { template: '<div />' } },
    ],
  })
}

/** How a screen is mounted here: into the document, with `pinia`, zh-CN, Element Plus and `router`. */
export function mountOptions(pinia: Pinia, router: Router = testRouter()) {
  return { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } }
}

/**
 * The panel of what the catalog has open, the bundle's before the item's, as the intake window shows
 * it: a draft reopened from the drafts list opens here.
 */
export const CatalogPanel = defineComponent({
  setup() {
    const catalog = useCatalogStore()
    return () =>
      catalog.bundle ? h(BundlePanel, { bundle: catalog.bundle }) : catalog.selected ? h(ServiceItemPanel, { item: catalog.selected }) : h('div')
  },
})

/** The input of a field, by its data-testid. */
export function input(w: VueWrapper, testid: string) {
  return w.get<HTMLInputElement>(`input[data-testid="${testid}"]`)
}

/** Types who applies: their ID number, name and phone. */
export async function fillApplicant(w: VueWrapper, idNumber: string, name: string, phone: string): Promise<void> {
  await input(w, 'applicant-id-number').setValue(idNumber)
  await input(w, 'applicant-name').setValue(name)
  await input(w, 'applicant-phone').setValue(phone)
}

/** Every print task is printed at once, its jobs numbered from 1. */
export function printsSucceed(): void {
  let id = 0
  vi.mocked(ipc.printDocument).mockImplementation(async (req: PrintRequest) =>
    job({ id: ++id, case_number: req.case_number, document: req.document, state: 'done' }),
  )
}

/** Ctrl+Enter, the submit's key, pressed on `target` (the window unless told); the event, to ask whether it was taken. */
export function pressCtrlEnter(target: EventTarget = window): KeyboardEvent {
  const key = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', ctrlKey: true, bubbles: true, cancelable: true })
  target.dispatchEvent(key)
  return key
}
