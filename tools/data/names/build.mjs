// Writes names_train.csv.gz and names_test.csv.gz (name,country rows) from @faker-js/faker's surname lists.
//   node build.mjs FAKER_PACKAGE_DIR OUT_DIR
// Every name is printable ASCII: Latin names lose their diacritics, Greek and Russian ones are transliterated.
// A name listed under two countries is dropped (its label would be a coin toss); each remaining name goes to one
// split only, chosen by a hash of the name, so no name is in both and the split does not depend on list order.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const [fakerDir, outDir] = process.argv.slice(2);
if (!fakerDir || !outDir) {
  console.error('usage: node build.mjs FAKER_PACKAGE_DIR OUT_DIR');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(fakerDir, 'package.json'), 'utf8'));
const { allLocales } = await import(pathToFileURL(join(fakerDir, 'dist', 'index.js')).href);

// Country -> the faker locales whose surname lists it takes. Thirteen of the seed's 18 countries have a list in
// Latin, Greek or Cyrillic script; Arabic, Irish, Japanese, Korean and Scottish have none, so five other
// countries with Latin-script lists make up the 18.
const COUNTRIES = {
  Chinese: ['en_HK'], Croatian: ['hr'], Czech: ['cs_CZ'], Dutch: ['nl', 'nl_BE'], English: ['en'],
  French: ['fr'], German: ['de'], Greek: ['el'], Indonesian: ['id_ID'], Italian: ['it'], Polish: ['pl'],
  Portuguese: ['pt_PT', 'pt_BR'], Romanian: ['ro'], Russian: ['ru'], Spanish: ['es'], Swedish: ['sv'],
  Turkish: ['tr'], Vietnamese: ['vi'],
};

// Letters that Unicode decomposition leaves as they are.
const LATIN = { 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ø': 'o', 'Ø': 'O', 'æ': 'ae', 'Æ': 'Ae', 'ß': 'ss',
  'ı': 'i', 'œ': 'oe', 'Œ': 'Oe', 'þ': 'th', 'ð': 'd', '’': "'" };
// Greek (ELOT 743, simplified) and Russian (BGN/PCGN, simplified), lower case; capitals follow below.
const GREEK = { 'α': 'a', 'β': 'v', 'γ': 'g', 'δ': 'd', 'ε': 'e', 'ζ': 'z', 'η': 'i', 'θ': 'th', 'ι': 'i',
  'κ': 'k', 'λ': 'l', 'μ': 'm', 'ν': 'n', 'ξ': 'x', 'ο': 'o', 'π': 'p', 'ρ': 'r', 'σ': 's', 'ς': 's', 'τ': 't',
  'υ': 'y', 'φ': 'f', 'χ': 'ch', 'ψ': 'ps', 'ω': 'o' };
const CYRILLIC = { 'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ё': 'e', 'ж': 'zh', 'з': 'z',
  'и': 'i', 'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't',
  'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '',
  'э': 'e', 'ю': 'yu', 'я': 'ya' };
const DIGRAPHS = [['ου', 'ou'], ['αι', 'ai'], ['ει', 'ei'], ['οι', 'oi'], ['μπ', 'b'], ['ντ', 'nt']];

function toAscii(name) {
  let s = name.normalize('NFC').trim();
  let lower = s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  for (const [from, to] of DIGRAPHS) lower = lower.replaceAll(from, to);
  let out = '';
  for (const ch of lower) out += GREEK[ch] ?? CYRILLIC[ch] ?? LATIN[ch] ?? ch;
  out = out.replace(/(^|[ '\-])([a-z])/g, (m, sep, c) => sep + c.toUpperCase());
  // Keep the original capitals of Latin names (McDonald, DeAngelo); the rule above only serves other scripts.
  const latin = s.normalize('NFD').replace(/\p{M}/gu, '');
  let kept = '';
  for (const ch of latin) kept += LATIN[ch] ?? ch;
  return /^[\x20-\x7e]+$/.test(kept) ? kept : out;
}

const byName = new Map(); // ascii name -> set of countries
for (const [country, locales] of Object.entries(COUNTRIES)) {
  for (const locale of locales) {
    const ln = allLocales[locale].person.last_name;
    for (const raw of [...(ln.generic ?? []), ...(ln.male ?? []), ...(ln.female ?? [])]) {
      const name = toAscii(raw);
      if (!/^[A-Za-z][A-Za-z '\-]*$/.test(name)) {
        throw new Error(`${locale}: "${raw}" became "${name}", which is not a plain ASCII name`);
      }
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name).add(country);
    }
  }
}

const sha = s => createHash('sha256').update(s).digest('hex');
const train = [];
const test = [];
let ambiguous = 0;
for (const [name, countries] of byName) {
  if (countries.size > 1) {
    ambiguous++;
    continue;
  }
  const row = { name, country: [...countries][0], key: sha(name) };
  (parseInt(row.key.slice(0, 8), 16) % 3 === 0 ? test : train).push(row);
}
const csv = rows => rows.sort((a, b) => (a.key < b.key ? -1 : 1)).map(r => `${r.name},${r.country}\n`).join('');
mkdirSync(outDir, { recursive: true });
for (const [file, rows] of [['names_train.csv.gz', train], ['names_test.csv.gz', test]]) {
  const text = csv(rows);
  writeFileSync(join(outDir, file), gzipSync(Buffer.from(text, 'ascii'), { level: 9 }));
  console.log(`${file}: ${rows.length} names, csv sha256 ${sha(text)}`);
}
const counts = {};
for (const r of [...train, ...test]) counts[r.country] = (counts[r.country] ?? 0) + 1;
console.log(`@faker-js/faker ${pkg.version}; ${ambiguous} names listed under two countries dropped`);
console.log(Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', '));
