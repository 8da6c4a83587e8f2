#!/usr/bin/env node
// The PouchDB half of the side-by-side comparison (docs/PERFORMANCE.md,
// "Side by side: PouchDB/CouchDB"). Driven step by step by the Rust bench
// `server/benches/side_by_side.rs`, which runs pouchdb-server, counts the
// bytes between this script and it (a TCP proxy), and loses an answer on
// purpose before the retry steps. Each step prints one JSON line on stdout
// and exits 1, naming what it expected, when a claimed behaviour is not
// observed.
//
//   node pouch.js push  --url URL --records FILE     a phone's PouchDB holding
//                                                    every record replicates to URL
//   node pouch.js pull  --url URL --records FILE     a second phone replicates from URL
//                                                    and must hold exactly the records
//   node pouch.js retry-replicate --url URL --doc FILE   replication whose first
//                                                    _bulk_docs answer is lost, then again
//   node pouch.js retry-put  --url URL --doc FILE    a put whose answer is lost, retried
//   node pouch.js retry-post --url URL --doc FILE    a POST /db whose answer is lost, retried
//
// URL is the database's URL through the proxy (http://127.0.0.1:P/club).
// Every local PouchDB is in memory (pouchdb-adapter-memory), like the
// in-memory stores of the Rust side.

'use strict';

const fs = require('fs');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-replication'));

function args() {
  const out = { step: process.argv[2] };
  for (let i = 3; i < process.argv.length; i += 2) {
    out[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  }
  if (!out.url) fail('--url is required');
  return out;
}

function fail(message) {
  process.stderr.write(`pouch.js: FAILED: ${message}\n`);
  process.exit(1);
}

function expect(cond, message) {
  if (!cond) fail(message);
}

function ms(started) {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// The remote database through the proxy. `fetch` is PouchDB's own; the
// wrapper only counts the requests PouchDB makes, as a cross-check of the
// proxy's count.
function remote(url, counter) {
  return new PouchDB(url, {
    skip_setup: true,
    fetch(u, opts) {
      counter.requests += 1;
      return PouchDB.fetch(u, opts);
    },
  });
}

// A record without PouchDB's own fields, for comparison.
function strip(doc) {
  const { _rev, _revisions, ...rest } = doc;
  return rest;
}

function same(a, b) {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.keys(v).sort().reduce((o, k) => { o[k] = sortKeys(v[k]); return o; }, {});
  }
  return v;
}

async function push(a) {
  const records = JSON.parse(fs.readFileSync(a.records, 'utf8'));
  const local = new PouchDB('phone-a', { adapter: 'memory' });
  let t = process.hrtime.bigint();
  const written = await local.bulkDocs(records);
  const localMs = ms(t);
  expect(written.every((r) => r.ok), 'every record written locally');
  const counter = { requests: 0 };
  t = process.hrtime.bigint();
  const result = await PouchDB.replicate(local, remote(a.url, counter));
  const replicateMs = ms(t);
  expect(result.ok && result.docs_written === records.length,
    `replication wrote ${result.docs_written} of ${records.length} documents`);
  return {
    step: 'push', docs: records.length, local_write_ms: localMs, replicate_ms: replicateMs,
    docs_written: result.docs_written, fetch_calls: counter.requests,
  };
}

async function pull(a) {
  const records = JSON.parse(fs.readFileSync(a.records, 'utf8'));
  const local = new PouchDB('phone-b', { adapter: 'memory' });
  const counter = { requests: 0 };
  const t = process.hrtime.bigint();
  const result = await PouchDB.replicate(remote(a.url, counter), local);
  const replicateMs = ms(t);
  expect(result.ok && result.docs_written === records.length,
    `replication wrote ${result.docs_written} of ${records.length} documents`);
  const all = await local.allDocs({ include_docs: true });
  expect(all.rows.length === records.length,
    `phone B holds ${all.rows.length} documents, expected ${records.length}`);
  const byId = new Map(all.rows.map((r) => [r.id, strip(r.doc)]));
  for (const rec of records) {
    expect(same(byId.get(rec._id), rec), `phone B's ${rec._id} differs from the record`);
  }
  return {
    step: 'pull', docs: all.rows.length, replicate_ms: replicateMs,
    docs_written: result.docs_written, fetch_calls: counter.requests, identical: true,
  };
}

// The number of revisions the server keeps for `id` (1 = written once).
async function revisions(db, id) {
  const doc = await db.get(id, { revs: true });
  return doc._revisions.ids.length;
}

async function retryReplicate(a) {
  const doc = JSON.parse(fs.readFileSync(a.doc, 'utf8'));
  const local = new PouchDB('phone-a-retry', { adapter: 'memory' });
  await local.put(doc);
  const counter = { requests: 0 };
  const target = remote(a.url, counter);
  let firstError = null;
  try {
    await PouchDB.replicate(local, target);
  } catch (e) {
    firstError = e;
  }
  expect(firstError !== null, 'the first replication fails (its _bulk_docs answer was lost)');
  const second = await PouchDB.replicate(local, target);
  expect(second.ok, 'the second replication succeeds');
  // The server stored the document the first time; the second replication
  // asks _revs_diff, learns the server has this revision, and sends nothing.
  expect(second.docs_written === 0,
    `the second replication wrote ${second.docs_written} documents, expected 0`);
  const revs = await revisions(target, doc._id);
  expect(revs === 1, `the server holds ${revs} revisions of ${doc._id}, expected 1`);
  return {
    step: 'retry-replicate', first: String(firstError.message || firstError),
    second_docs_written: second.docs_written, server_revisions: revs,
  };
}

async function retryPut(a) {
  const doc = JSON.parse(fs.readFileSync(a.doc, 'utf8'));
  const counter = { requests: 0 };
  const db = remote(a.url, counter);
  let firstError = null;
  try {
    await db.put(doc);
  } catch (e) {
    firstError = e;
  }
  expect(firstError !== null && firstError.status !== 409,
    'the first put fails without an answer (it was lost)');
  let retried = null;
  try {
    await db.put(doc);
  } catch (e) {
    retried = e;
  }
  // The retry of a write that did land is refused as a conflict: the app
  // cannot tell it from someone else's write without reading the document.
  expect(retried !== null && retried.status === 409,
    `the retried put answers 409 conflict (got ${retried ? retried.status : 'success'})`);
  const stored = await db.get(doc._id, { revs: true });
  expect(stored._revisions.ids.length === 1, 'the server holds one revision');
  expect(same(strip(stored), doc), 'the stored document is the one put');
  // An update retried with the same _rev is refused the same way.
  const updated = { ...strip(stored), _rev: stored._rev, memo: `${doc.memo || ''} (sửa)` };
  const first = await db.put(updated);
  let again = null;
  try {
    await db.put(updated);
  } catch (e) {
    again = e;
  }
  expect(again !== null && again.status === 409,
    'an update retried with the same _rev answers 409 conflict');
  return {
    step: 'retry-put', first: String(firstError.message || firstError),
    retry_status: retried.status, retry_error: retried.name,
    update_rev: first.rev, update_retry_status: again.status, server_revisions_after_create: 1,
  };
}

async function retryPost(a) {
  const doc = JSON.parse(fs.readFileSync(a.doc, 'utf8'));
  const { _id, ...body } = doc; // POST /db: the server assigns the id
  const send = () => fetch(a.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
  let firstError = null;
  try {
    await send();
  } catch (e) {
    firstError = e;
  }
  expect(firstError !== null, 'the first POST fails without an answer (it was lost)');
  const retried = await send();
  expect(retried.status === 201, `the retried POST answers 201 (got ${retried.status})`);
  const counter = { requests: 0 };
  const db = remote(a.url, counter);
  const all = await db.allDocs({ include_docs: true });
  const copies = all.rows.filter((r) => r.doc.type === body.type && r.doc.id === body.id);
  expect(copies.length === 2,
    `the server holds ${copies.length} copies of the posted repayment, expected 2`);
  return {
    step: 'retry-post', first: String(firstError.message || firstError),
    retry_status: retried.status, copies: copies.length,
    ids: copies.map((r) => r.id), amount_each: body.amount,
  };
}

const steps = {
  push, pull, 'retry-replicate': retryReplicate, 'retry-put': retryPut, 'retry-post': retryPost,
};

const a = args();
const step = steps[a.step];
if (!step) fail(`unknown step ${a.step}; one of ${Object.keys(steps).join(', ')}`);
step(a).then(
  (out) => { process.stdout.write(`${JSON.stringify(out)}\n`); },
  (e) => fail(`${a.step}: ${e && e.stack ? e.stack : e}`),
);
