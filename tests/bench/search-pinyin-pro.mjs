// The same search as the backend's, done the way a frontend would: pinyin-pro over the whole
// catalog in the WebView's JavaScript engine (here Node's V8). Reads the data file written by
// `search_bench`, prints one JSON line.
import { readFileSync } from 'node:fs'
import { pinyin, match } from 'pinyin-pro'

const { items, queries } = JSON.parse(readFileSync(process.argv[2], 'utf8'))

// Keys computed once, as a frontend would cache them: for the name, each keyword and each result.
const wordKeys = (name) => ({
  name,
  full: pinyin(name, { toneType: 'none', separator: '', nonZh: 'consecutive' }).toLowerCase(),
  initials: pinyin(name, { pattern: 'first', toneType: 'none', separator: '', nonZh: 'consecutive' }).toLowerCase(),
})
const keys = items.map((item) => ({
  name: item.name,
  words: [item.name, ...item.keywords, ...item.results].map(wordKeys),
}))

function wordScore(k, q) {
  if (k.name === q) return 950
  if (k.name.startsWith(q)) return 800
  if (k.initials === q) return 790
  if (k.initials.startsWith(q)) return 770
  if (k.full.startsWith(q)) return 750
  if (k.name.includes(q)) return 700
  if (k.initials.includes(q)) return 650
  if (k.full.includes(q)) return 640
  // pinyin-pro's own fuzzy matcher for the rest (initials, partial pinyin).
  if (match(k.name, q)) return 400
  return 0
}

// The item's best word, a name a little before a keyword or result of the same rank.
function score(item, q) {
  let best = 0
  item.words.forEach((w, i) => {
    const s = wordScore(w, q)
    if (s > 0) best = Math.max(best, s + (i === 0 ? 1 : 0))
  })
  return best
}

function search(query, limit) {
  const q = query.trim().toLowerCase()
  const hits = []
  for (const k of keys) {
    const s = score(k, q)
    if (s > 0) hits.push([s, k.name])
  }
  hits.sort((a, b) => b[0] - a[0] || a[1].length - b[1].length)
  return hits.slice(0, limit)
}

const rounds = 20
let found = 0
const start = process.hrtime.bigint()
for (let r = 0; r < rounds; r++) for (const q of queries) found += search(q, 20).length
const elapsed = Number(process.hrtime.bigint() - start) / 1e3
console.log(JSON.stringify({ engine: 'pinyin-pro (JavaScript)', items: items.length, us_per_query: elapsed / (rounds * queries.length), hits: found / rounds }))
