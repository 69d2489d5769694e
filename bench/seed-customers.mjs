#!/usr/bin/env node
// Seeds an Officina data directory with realistic customers, fast: the schema comes from
// createOfficina (so it is exactly the product's migrations), then rows go in through one prepared
// INSERT in one transaction. The 1M-row database is cached under bench/.data/ and reused while the
// seed version, the migrations and the row count stay the same.
//
//   node bench/seed-customers.mjs [count] [dataDir]     (default: 1,000,000 into the cache dir)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { cachedSeed, writeSeedMarker } from './lib/seed-cache.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'out', 'node', 'electron', 'core');

/** Bump when the generated data changes, so cached databases are rebuilt. */
export const SEED_VERSION = 1;
export const CACHE_DIR = join(ROOT, 'bench', '.data');

// ---------------------------------------------------------------------------------------------
// Names: a mix of languages, many with diacritics, so search exercises remove_diacritics.

// prettier-ignore
export const FIRST_NAMES = [
  'Adèle', 'Agnès', 'Aino', 'Aleksander', 'Alejandro', 'Álvaro', 'Amélie', 'Ana', 'Anaïs', 'André',
  'Andrzej', 'Ángel', 'Anna', 'Antoine', 'Ásdís', 'Åsa', 'Ayşe', 'Barbara', 'Béatrice', 'Bjørn',
  'Björn', 'Bogdan', 'Bruno', 'Camille', 'Carlos', 'Catalina', 'Cécile', 'Chloé', 'Christophe', 'Claire',
  'Dávid', 'Daniel', 'Đorđe', 'Dorota', 'Elena', 'Élise', 'Emilia', 'Emma', 'Émile', 'Eszter',
  'Fatma', 'François', 'Frédéric', 'Gaëlle', 'Giovanni', 'Grzegorz', 'Guðrún', 'Hélène', 'Hannah', 'Héctor',
  'Henrik', 'Ignacio', 'Inês', 'Inès', 'Ingrid', 'Irène', 'Ivan', 'Jakub', 'Jan', 'Jérôme',
  'Joana', 'João', 'Jörg', 'José', 'Josefína', 'Juan', 'Jürgen', 'Kateřina', 'Katharina', 'Kerem',
  'Łukasz', 'Laura', 'Léa', 'Léon', 'Lucía', 'Lukáš', 'Maëlle', 'Magdalena', 'Małgorzata', 'Manon',
  'Marc', 'María', 'Marie', 'Mário', 'Markéta', 'Martín', 'Mateusz', 'Matthias', 'Mehmet', 'Michał',
  'Miguel', 'Mikael', 'Mónica', 'Müge', 'Nathalie', 'Nicolás', 'Noémie', 'Nuño', 'Oğuz', 'Olivia',
  'Ondřej', 'Paweł', 'Pedro', 'Petra', 'Pierre', 'Rafael', 'Raphaël', 'Rémi', 'Renée', 'Rúben',
  'Šárka', 'Sebastián', 'Selin', 'Siân', 'Sigurður', 'Søren', 'Sofía', 'Stéphane', 'Şule', 'Szymon',
  'Thérèse', 'Thomas', 'Tomás', 'Tomáš', 'Uğur', 'Václav', 'Valérie', 'Víctor', 'Vojtěch', 'Wojciech',
  'Xavier', 'Yağmur', 'Yusuf', 'Zoë', 'Zoé', 'Zuzana', 'Žaneta', 'Zeynep', 'Łucja', 'Ørjan',
];

// prettier-ignore
export const LAST_NAMES = [
  'Álvarez', 'Andersen', 'Arslan', 'Bădescu', 'Bauer', 'Becker', 'Bernard', 'Blanco', 'Bonnet', 'Brønstad',
  'Caron', 'Castaño', 'Çelik', 'Černý', 'Chávez', 'Costa', 'Dąbrowski', 'David', 'Demir', 'Díaz',
  'Dubois', 'Dupré', 'Dvořák', 'Eriksson', 'Fernández', 'Ferreira', 'Fischer', 'Fontaine', 'François', 'Gārša',
  'García', 'Gómez', 'González', 'Gonçalves', 'Groß', 'Guðmundsson', 'Hájek', 'Hansen', 'Hernández', 'Hoffmann',
  'Horváth', 'Íñiguez', 'Jakobsen', 'Jankowski', 'Jiménez', 'Johansson', 'Kaya', 'Kovačević', 'Kowalczyk', 'Kowalski',
  'Krämer', 'Kučera', 'Laurent', 'Lefèvre', 'Lehmann', 'Lewandowski', 'López', 'Łukaszewicz', 'Marić', 'Martín',
  'Martínez', 'Mercier', 'Meyer', 'Moreau', 'Moreno', 'Müller', 'Muñoz', 'Nagy', 'Navrátil', 'Němec',
  'Nielsen', 'Novák', 'Núñez', 'Nowak', 'Öberg', 'Ólafsdóttir', 'Oliveira', 'Özdemir', 'Pérez', 'Petit',
  'Petrović', 'Pokorný', 'Procházka', 'Ramírez', 'Rodríguez', 'Roux', 'Ruiz', 'Şahin', 'Sánchez', 'Santos',
  'Schäfer', 'Schmidt', 'Schneider', 'Schröder', 'Silva', 'Sørensen', 'Souza', 'Stefánsson', 'Svoboda', 'Szabó',
  'Szymański', 'Tóth', 'Vázquez', 'Veselý', 'Vincent', 'Wagner', 'Weiß', 'Wiśniewski', 'Wójcik', 'Yıldız',
  'Yılmaz', 'Zieliński', 'Żak', 'Zimmermann', 'Øverland', 'Åberg', 'Ågren', 'Ødegård', 'Štěpánek', 'Lindqvist',
];

// prettier-ignore
const DOMAINS = [
  'gmail.com', 'outlook.com', 'yahoo.fr', 'web.de', 'gmx.de', 'orange.fr', 'wp.pl', 'seznam.cz',
  'libero.it', 'telefonica.es', 'proton.me', 'icloud.com', 'hotmail.com', 'free.fr', 'bluewin.ch',
];

// prettier-ignore
const TAGS = [
  'vip', 'wholesale', 'retail', 'newsletter', 'b2b', 'b2c', 'lead', 'partner', 'reseller', 'late-payer',
  'eu', 'export', 'trade-show-2025', 'referral', 'loyalty', 'churn-risk', 'gift-card', 'marketplace',
];

/** [city, region, postal code pattern (# = digit), country, phone country code, phone digits] */
const PLACES = [
  ['Paris', 'Île-de-France', '750##', 'FR', '33', 9],
  ['Lyon', 'Auvergne-Rhône-Alpes', '6900#', 'FR', '33', 9],
  ['München', 'Bayern', '80###', 'DE', '49', 10],
  ['Köln', 'Nordrhein-Westfalen', '50###', 'DE', '49', 10],
  ['Kraków', 'Małopolskie', '3#-###', 'PL', '48', 9],
  ['Łódź', 'Łódzkie', '9#-###', 'PL', '48', 9],
  ['Praha', 'Praha', '1## ##', 'CZ', '420', 9],
  ['Brno', 'Jihomoravský kraj', '6## ##', 'CZ', '420', 9],
  ['Madrid', 'Madrid', '280##', 'ES', '34', 9],
  ['Sevilla', 'Andalucía', '410##', 'ES', '34', 9],
  ['Lisboa', 'Lisboa', '1###-###', 'PT', '351', 9],
  ['Zürich', 'Zürich', '80##', 'CH', '41', 9],
  ['Malmö', 'Skåne', '2## ##', 'SE', '46', 9],
  ['København', 'Hovedstaden', '1###', 'DK', '45', 8],
  ['İstanbul', 'İstanbul', '34###', 'TR', '90', 10],
  ['Reykjavík', 'Höfuðborgarsvæðið', '1##', 'IS', '354', 7],
  ['Budapest', 'Budapest', '1###', 'HU', '36', 9],
  ['São Paulo', 'SP', '0####-###', 'BR', '55', 11],
];

// prettier-ignore
const STREETS = [
  'Rue de la Paix', 'Hauptstraße', 'ulica Długa', 'Calle Mayor', 'Rua Augusta', 'Bahnhofstrasse',
  'Vesterbrogade', 'Karlova', 'Avenue des Champs-Élysées', 'Kungsgatan', 'İstiklal Caddesi', 'Váci utca',
  'Laugavegur', 'Gran Vía', 'Schillerstraße', 'Rue Sainte-Catherine', 'Nowy Świat', 'Avenida Paulista',
];

// ---------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32): the same seed gives the same million customers every time. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FOLD = { ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', ß: 'ss', æ: 'ae', đ: 'd', Đ: 'D', ı: 'i', ð: 'd', þ: 'th' };

/** "Ørjan Ólafsdóttir" → "orjan", "olafsdottir": what people put in the local part of an email. */
export function asciiFold(text) {
  return text
    .replace(/[øØłŁßæđĐıðþ]/g, (c) => FOLD[c])
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function pattern(rand, template) {
  return template.replace(/#/g, () => String(Math.floor(rand() * 10)));
}

/**
 * Yields customer rows in id order (oldest first), as arrays in INSERT_COLUMNS order.
 * ~30% have an address, ~60% a phone, 90% are active, 0–3 tags, a few have notes.
 */
export function* customerRows(count, seed = 20250101) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const emailsSeen = new Map();
  // Spread sign-ups over five years up to a fixed date, so ids and created_at grow together.
  const end = Date.parse('2025-06-30T12:00:00Z');
  const start = end - 5 * 365 * 24 * 3600 * 1000;
  const step = (end - start) / Math.max(1, count);

  for (let i = 0; i < count; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    // A few people give two last names or a middle initial.
    const roll = rand();
    const name =
      roll < 0.06
        ? `${first} ${last}-${pick(LAST_NAMES)}`
        : roll < 0.1
          ? `${first} ${String.fromCharCode(65 + Math.floor(rand() * 26))}. ${last}`
          : `${first} ${last}`;

    const f = asciiFold(first);
    const l = asciiFold(last);
    const style = rand();
    let local =
      style < 0.45
        ? `${f}.${l}`
        : style < 0.65
          ? `${f[0]}${l}`
          : style < 0.8
            ? `${f}_${l}`
            : style < 0.9
              ? `${f}${l}`
              : `${l}.${f}`;
    const domain = pick(DOMAINS);
    const base = `${local}@${domain}`;
    // Unique emails, as real ones are: the second "jose.muller@gmail.com" becomes "jose.muller2@…".
    const seen = emailsSeen.get(base) ?? 0;
    emailsSeen.set(base, seen + 1);
    if (seen > 0) local = `${local}${seen + 1}`;
    let email = `${local}@${domain}`;
    if (rand() < 0.05) email = email.replace(/^./, (c) => c.toUpperCase()); // normalisation has work to do

    const place = pick(PLACES);
    const hasPhone = rand() < 0.6;
    const digits = hasPhone ? pattern(rand, '#'.repeat(place[5])).replace(/^0/, '6') : '';
    const hasAddress = rand() < 0.3;

    const tagRoll = rand();
    const tagCount = tagRoll < 0.4 ? 0 : tagRoll < 0.75 ? 1 : tagRoll < 0.95 ? 2 : 3;
    const tags = new Set();
    while (tags.size < tagCount) tags.add(pick(TAGS));

    const created = new Date(start + i * step + rand() * step).toISOString();
    yield [
      name,
      email,
      email.toLowerCase(),
      hasPhone ? `+${place[4]} ${digits}` : null,
      hasPhone ? `+${place[4]}${digits}` : null,
      hasAddress ? `${1 + Math.floor(rand() * 180)} ${pick(STREETS)}` : null,
      hasAddress && rand() < 0.15 ? `Apt ${1 + Math.floor(rand() * 40)}` : null,
      hasAddress ? place[0] : null,
      hasAddress ? place[1] : null,
      hasAddress ? pattern(rand, place[2]) : null,
      hasAddress ? place[3] : null,
      rand() < 0.9 ? 'active' : 'inactive',
      JSON.stringify([...tags]),
      rand() < 0.03 ? 'Prefers email. Asked for invoices in PDF.' : null,
      created,
      created,
    ];
  }
}

// prettier-ignore
const INSERT_COLUMNS = [
  'name', 'email', 'email_normalized', 'phone', 'phone_e164', 'address_line1', 'address_line2', 'address_city',
  'address_region', 'address_postal_code', 'address_country', 'status', 'tags', 'notes', 'created_at', 'updated_at',
];

/** Creates `dataDir` with the product's schema and `count` customers. Returns seconds spent. */
export async function seedCustomers(dataDir, count, { log = () => {} } = {}) {
  const started = performance.now();
  const { createOfficina } = await import(pathToFileURL(join(OUT, 'app.js')).href);
  // The product creates and migrates the database, so the bench never drifts from the real schema.
  const app = createOfficina({ dataDir, watchOtherProcesses: false, logLevel: 'warn' });
  await app.close();

  const db = new Database(join(dataDir, 'officina.db'));
  try {
    // A cache, not a customer's data: no durability needed while loading (a crash just reseeds).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const trigger = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'customers_fts_insert'")
      .pluck()
      .get();
    if (!trigger)
      throw new Error(
        'customers_fts_insert trigger not found: has the schema changed? Update bench/seed-customers.mjs.',
      );
    const insert = db.prepare(
      `INSERT INTO customers (${INSERT_COLUMNS.join(', ')}, version) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')}, 1)`,
    );
    db.transaction(() => {
      // Indexing names into FTS row by row (the trigger) is most of the cost; one 'rebuild' after the
      // load produces the same index several times faster. The trigger is put back unchanged.
      db.exec('DROP TRIGGER customers_fts_insert');
      let n = 0;
      for (const row of customerRows(count)) {
        insert.run(row);
        if (++n % 250_000 === 0) log(`  seeded ${n.toLocaleString('en-US')} rows…`);
      }
      log('  building the full-text index…');
      db.exec("INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')");
      db.exec(trigger);
    })();
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  return (performance.now() - started) / 1000;
}

/**
 * The data directory with `count` customers under bench/.data/, seeding it only when missing or
 * stale. Returns { dataDir, seeded: boolean, seconds }.
 */
export async function ensureSeeded(count, { log = () => {} } = {}) {
  const dataDir = join(CACHE_DIR, `customers-${count}`);
  const marker = join(dataDir, 'bench-seed.json');
  const seed = { version: SEED_VERSION, count };
  const cached = existsSync(join(dataDir, 'officina.db')) && cachedSeed(marker, seed);
  if (cached) return { dataDir, marker, seeded: false, seconds: cached.seconds };
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  log(`Seeding ${count.toLocaleString('en-US')} customers into ${dataDir} (cached for later runs)…`);
  const seconds = await seedCustomers(dataDir, count, { log });
  writeSeedMarker(marker, seed, { seconds });
  log(`  done in ${seconds.toFixed(1)} s`);
  return { dataDir, marker, seeded: true, seconds };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const target = process.argv[3];
  if (target) {
    const seconds = await seedCustomers(resolve(target), count, { log: console.log });
    console.log(`Seeded ${count} customers into ${target} in ${seconds.toFixed(1)} s`);
  } else {
    const result = await ensureSeeded(count, { log: console.log });
    console.log(result.seeded ? `Seeded ${result.dataDir}` : `Cached: ${result.dataDir}`);
  }
}
