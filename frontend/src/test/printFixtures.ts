// Printer profiles and print jobs shaped like the shell's answers, for the printing tests.
import type { PrinterProfileView, PrintJobView } from '@/api/bindings'

export const A4: PrinterProfileView = {
  name: 'a4-laser',
  description: 'A4 激光打印机（综合窗口）',
  queue: 'OW-A4',
  media: 'A4',
  copies: 1,
  dpi: 600,
  serves: ['receipt', 'shortfall-notice', 'commitment', 'one-time-notice', 'refusal-notice', 'correction-notice', 'manifest', 'test-page'],
  paper_width_mm: 210,
  paper_height_mm: 297,
  margins_mm: [12, 12, 12, 12],
  offset_x_mm: 0,
  offset_y_mm: 0,
  queue_installed: true,
}

export const ROLL: PrinterProfileView = {
  ...A4,
  name: 'thermal-80',
  description: '80 毫米热敏小票（受理回执）',
  queue: 'OW-ROLL80',
  media: 'Custom.80x297mm',
  dpi: 203,
  serves: ['receipt', 'test-page'],
  paper_width_mm: 80,
  paper_height_mm: null,
  margins_mm: [4, 4, 6, 4],
  queue_installed: false,
}

export const LABEL: PrinterProfileView = {
  ...A4,
  name: 'label-100x150',
  description: '100×150 热敏标签（电子面单）',
  queue: 'OW-LABEL',
  media: 'Custom.100x150mm',
  dpi: 203,
  serves: ['label', 'test-page'],
  paper_width_mm: 100,
  paper_height_mm: 150,
  margins_mm: [2, 2, 2, 2],
  offset_x_mm: 1.5,
  offset_y_mm: -0.5,
  queue_installed: null,
}

export const PROFILES = [A4, ROLL, LABEL]

export function job(overrides: Partial<PrintJobView> = {}): PrintJobView {
  return {
    id: 1,
    case_number: 'JM2025000001',
    document: 'receipt',
    profile: 'a4-laser',
    queue: 'OW-A4',
    cups_job: 'OW-A4-1',
    state: 'done',
    error: null,
    reprint: false,
    user: 'clerk1',
    created_at: '2025-03-01T02:05:00Z',
    updated_at: '2025-03-01T02:05:00Z',
    ...overrides,
  }
}
