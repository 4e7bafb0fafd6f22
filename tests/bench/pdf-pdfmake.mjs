// The same A4 receipt (subset CJK font, QR, a Code128-like bar pattern) and 1,000 courier labels
// made with pdfmake in Node, for tests/bench/printing.sh. Prints one JSON line.
import pdfmake from 'pdfmake'

const font = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
pdfmake.setFonts({ Noto: { normal: [font, 'NotoSansCJKsc-Regular'], bold: [font, 'NotoSansCJKsc-Regular'] } })
pdfmake.setUrlAccessPolicy(() => false)
pdfmake.setLocalAccessPolicy((p) => p === font)

// Code128 set C of a 22-digit number is about 90 bars: drawn as rectangles, as our renderer does.
const bars = (x0, h) => Array.from({ length: 90 }, (_, i) => ({ type: 'rect', x: x0 + i * 1.9, y: 0, w: i % 3 === 0 ? 1.4 : 0.7, h, color: 'black' }))

const field = (k, v) => ({ columns: [{ text: `${k}：`, width: 85 }, { text: v }], margin: [0, 1, 0, 1] })

function receipt() {
  return {
    pageSize: 'A4',
    pageMargins: [34, 34, 34, 34],
    defaultStyle: { font: 'Noto', fontSize: 10.5 },
    content: [
      { text: '江门市政务服务中心', alignment: 'center', fontSize: 12 },
      { text: '受理回执', alignment: 'center', fontSize: 17.5 },
      { columns: [{ stack: [{ canvas: bars(0, 34) }, { text: '办件编号：4407000002026112800001' }] }, { qr: 'OW:4407000002026112800001:K7Q2M9', fit: 74, alignment: 'right' }] },
      field('申请人', '𠮷祥云'),
      field('证件号码', '4407**********123X'),
      field('联系电话', '138****5678'),
      field('代办人', '阿依古丽·买买提'),
      field('办理事项', '个体工商户设立登记'),
      field('实施部门', '江门市蓬江区市场监督管理局'),
      field('受理时间', '2026-11-28 10:05'),
      field('受理窗口', '江门市政务服务中心 A01号窗口'),
      field('受理人', '李敏'),
      field('承诺办结日期', '2026-11-30'),
      field('送达方式', '邮政寄递：广东省江门市新会区会城今古洲路88号华侨新村12座1802室 陈𠮷娣 收'),
      { text: '已收材料', fontSize: 11.5, margin: [0, 4, 0, 2] },
      {
        table: {
          widths: [30, '*', 70, 40, 40],
          body: [
            ['序号', '材料名称', '形式', '份数', '页数'],
            ['1', '个体工商户登记（备案）申请书', '原件', '1', '2'],
            ['2', '居民身份证', '复印件', '1', '1'],
            ['3', '授权委托书', '原件', '1', '1'],
            ['4', '代理人身份证明', '复印件', '1', '1'],
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: '容缺材料（须按期补齐）', fontSize: 11.5, margin: [0, 4, 0, 2] },
      { text: '1. 经营场所使用证明：须于2026-11-30前补齐' },
      { text: '政务服务便民热线：12345' },
      { text: '江门市蓬江区建设三路139号江门市民服务中心1-3楼 0750-3502345' },
      { columns: [{ text: '申请人（签名）：________________' }, { text: '受理人（签名）：________________' }], margin: [0, 12, 0, 0] },
    ],
  }
}

function labels(n) {
  const page = (i) => [
    { columns: [{ text: '中国邮政 EMS', fontSize: 12 }, { text: '标准快递', alignment: 'right' }] },
    { text: '江门-新会 C08', fontSize: 26 },
    { canvas: bars(20, 42) },
    { text: `11892430${String(57712 + i).padStart(5, '0')}`, alignment: 'center' },
    { text: '收件  陈𠮷娣  139****0021', fontSize: 10.5 },
    { text: '广东省江门市新会区会城街道今古洲路88号华侨新村12座1802室（近新会学宫）' },
    { text: '寄件  江门市政务服务中心  0750-3502345' },
    { text: '江门市蓬江区建设三路139号江门市民服务中心1-3楼' },
    { text: `内件：政务文书  办件编号 440700000202611280${String(i).padStart(4, '0')}` },
    { text: '日期：2026-11-28' },
    { text: '收件人签名：', pageBreak: i + 1 < n ? 'after' : undefined },
  ]
  return { pageSize: { width: 283.46, height: 425.2 }, pageMargins: [8, 8, 8, 8], defaultStyle: { font: 'Noto', fontSize: 9 }, content: Array.from({ length: n }, (_, i) => page(i)).flat() }
}

const time = async (f) => {
  const start = process.hrtime.bigint()
  const buffer = await f()
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes: buffer.length }
}

await pdfmake.createPdf(receipt()).getBuffer() // warm-up
const rounds = 10
let total = 0
let bytes = 0
for (let i = 0; i < rounds; i++) {
  const r = await time(() => pdfmake.createPdf(receipt()).getBuffer())
  total += r.ms
  bytes = r.bytes
}
const batch = await time(() => pdfmake.createPdf(labels(1000)).getBuffer())
console.log(JSON.stringify({ engine: 'pdfmake', receipt_ms: total / rounds, receipt_bytes: bytes, labels_1000_ms: batch.ms, labels_bytes: batch.bytes }))
