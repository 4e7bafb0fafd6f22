import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router'
import type { Role } from '@/api/bindings'
import { REVIEWER_ROLES, useSessionStore } from '@/stores/session'
import { FOLLOWUP_ROLES } from '@/stores/followups'
import { RANGE_ROLES } from '@/stores/waybillRanges'
import { RECEIVE_ROLES } from '@/stores/receive'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without a session. */
    public?: boolean
    /** Roles allowed; absent means any logged-in user. */
    roles?: Role[]
    /** The screen reads scanned codes itself: the layout does not open a case on a scan there. */
    ownsBarcode?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/login/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => useSessionStore().homePath },
      {
        path: 'clerk',
        name: 'clerk',
        component: () => import('@/views/clerk/IntakeStartView.vue'),
        meta: { roles: ['window_clerk', 'supervisor', 'admin'] },
      },
      {
        path: 'clerk/correction',
        name: 'correction-supply',
        component: () => import('@/views/clerk/CorrectionSupplyView.vue'),
        // A case to look up at once, from the case screen (?case=number).
        props: (route) => ({ initial: typeof route.query.case === 'string' ? route.query.case : null }),
        meta: { roles: ['window_clerk'], ownsBarcode: true },
      },
      {
        // 过程追溯: where a case stands, for the applicant at any window.
        path: 'clerk/progress',
        name: 'progress-lookup',
        component: () => import('@/views/clerk/ProgressLookupView.vue'),
        meta: { roles: ['window_clerk', 'supervisor', 'admin'], ownsBarcode: true },
      },
      {
        // 统一出件: the results waiting at the clerk's hall, handed to the applicant or their agent.
        path: 'clerk/issuance',
        name: 'issuance',
        component: () => import('@/views/clerk/IssuanceView.vue'),
        // A case to open at once, from the intake's result (?case=number).
        props: (route) => ({ initial: typeof route.query.case === 'string' ? route.query.case : null }),
        meta: { roles: ['window_clerk'], ownsBarcode: true },
      },
      {
        // 容缺跟踪: the cases whose tolerated materials are still to come, in the user's scope.
        path: 'followups',
        name: 'followups',
        component: () => import('@/views/clerk/FollowUpView.vue'),
        meta: { roles: FOLLOWUP_ROLES },
      },
      {
        path: 'reviewer',
        name: 'reviewer',
        component: () => import('@/views/reviewer/DepartmentQueueView.vue'),
        meta: { roles: REVIEWER_ROLES },
      },
      {
        path: 'reviewer/cases/:number',
        name: 'review-case',
        component: () => import('@/views/reviewer/ReviewCaseView.vue'),
        props: true,
        meta: { roles: REVIEWER_ROLES },
      },
      {
        // 寄递台: packing, labels, the 交接清单; a case barcode scanned there ticks the case.
        path: 'dispatcher',
        name: 'dispatcher',
        component: () => import('@/views/dispatcher/DispatchQueueView.vue'),
        meta: { roles: ['dispatcher'], ownsBarcode: true },
      },
      {
        // 交接揽收: the hall's labelled envelopes handed to a courier, scanned one by one.
        path: 'dispatcher/handover',
        name: 'handover',
        component: () => import('@/views/dispatcher/HandoverView.vue'),
        meta: { roles: ['dispatcher'], ownsBarcode: true },
      },
      {
        // 邮件签收: an envelope signed in at its destination (a department, or a hall for a result).
        path: 'receive',
        name: 'receive',
        component: () => import('@/views/reviewer/ReceiveView.vue'),
        meta: { roles: RECEIVE_ROLES, ownsBarcode: true },
      },
      {
        // 运单号段: the carriers' ranges; an admin imports them.
        path: 'courier/ranges',
        name: 'waybill-ranges',
        component: () => import('@/views/dispatcher/WaybillRangesView.vue'),
        meta: { roles: RANGE_ROLES },
      },
      {
        path: 'overview',
        name: 'overview',
        component: () => import('@/views/supervisor/OverviewView.vue'),
        meta: { roles: ['supervisor', 'admin'] },
      },
      {
        path: 'printers',
        name: 'printers',
        component: () => import('@/views/printers/PrinterSetupView.vue'),
      },
      {
        // 工作人员: the admin's staff, their passwords and sign-ins, the halls' screen lock.
        path: 'admin/staff',
        name: 'staff',
        component: () => import('@/views/admin/StaffView.vue'),
        meta: { roles: ['admin'] },
      },
      {
        // 本站设置: anyone may see what the station works on; only the admin changes it.
        path: 'settings',
        name: 'settings',
        component: () => import('@/views/admin/StationSettingsView.vue'),
      },
      {
        path: 'cases/:number',
        name: 'case',
        component: () => import('@/views/cases/CaseDetailView.vue'),
        props: true,
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    await session.restore()
    if (to.meta.public) {
      return session.loggedIn && to.name === 'login' ? session.homePath : true
    }
    if (!session.loggedIn) return { path: '/login' }
    const roles = to.matched.flatMap((r) => r.meta.roles ?? [])
    if (roles.length > 0 && session.user && !roles.includes(session.user.role)) return session.homePath
    return true
  })
}

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHashHistory(), routes })
  installGuards(router)
  return router
}
