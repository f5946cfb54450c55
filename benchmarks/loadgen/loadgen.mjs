// Load generator for the scale benchmark (benchmarks/scale.py drives it).
//
// Thousands of lean phones in one Node process, each doing what the attendee page does:
// GET /e/<code> (session cookie + CSRF token), POST /api/events/<code>/join with the CSRF header,
// then one WebSocket speaking Engine.IO 4 / Socket.IO 5 with auth {event, audience: "attendee"}.
//
// Usage: node loadgen.mjs '<json config>'. Talks to its driver by lines: it prints
// {"type": "...", ...} JSON lines on stdout (progress, "need_restart", the final "result") and reads
// "restarted <pid>" from stdin after a need_restart. Every figure is measured here, on one clock.
import http from "node:http";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import WebSocket from "ws";

const cfg = JSON.parse(process.argv[2]);
const url = new URL(cfg.base);
const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

let serverPid = cfg.serverPid;
const stdinLines = [];
let stdinWaiter = null;
createInterface({ input: process.stdin }).on("line", (line) => {
  if (stdinWaiter) {
    const resolve = stdinWaiter;
    stdinWaiter = null;
    resolve(line);
  } else stdinLines.push(line);
});
const readLine = () => (stdinLines.length ? Promise.resolve(stdinLines.shift()) : new Promise((r) => { stdinWaiter = r; }));

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function pct(values, p) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function summary(values) {
  return { n: values.length, p50: pct(values, 50), p99: pct(values, 99), max: values.length ? Math.max(...values) : null };
}

/** Run fn over items with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

// --- HTTP -------------------------------------------------------------------------------------

function request(agent, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, agent, headers, timeout: 60000 },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

function cookieFrom(res, old) {
  const set = res.headers["set-cookie"];
  if (!set) return old;
  return set.map((c) => c.split(";", 1)[0]).join("; ");
}

// --- A phone --------------------------------------------------------------------------------

class Phone {
  constructor(index) {
    this.index = index;
    this.cookie = "";
    this.ws = null;
    this.acks = new Map(); // ack id -> resolve
    this.nextAck = 0;
    this.connected = false;
    this.onMessage = null;
    this.votes = new Map(); // question id -> count as this phone last heard
    this.seq = -1; // how new this phone's state is, as the page tracks it (live.js)
    this.tally = -1;
    this.hello = null; // resolves with the server's greeting after a connect
  }

  /** What the page keeps from a snapshot: how new it is. */
  holdSnapshot(body) {
    const snapshot = JSON.parse(body);
    this.seq = snapshot.seq;
    this.tally = snapshot.tally_seq;
  }

  /** What the page and its join button do over HTTP. */
  async join(code) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const page = await request(agent, "GET", `/e/${code}`);
      if (page.status !== 200) throw new Error(`page ${page.status}`);
      this.csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)[1];
      this.cookie = cookieFrom(page, "");
      const res = await request(agent, "POST", `/api/events/${code}/join`, {
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf, Cookie: this.cookie },
        body: "{}",
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`join ${res.status}: ${res.body.slice(0, 200)}`);
      this.cookie = cookieFrom(res, this.cookie);
      this.holdSnapshot(res.body); // the join answers a snapshot
      this.joined = true;
    } finally {
      agent.destroy();
    }
  }

  /** The Socket.IO handshake over a direct WebSocket; resolves once the CONNECT is acknowledged. */
  connect(code, timeoutMs = 60000) {
    this.greeting = new Promise((resolve) => { this.hello = resolve; });
    return new Promise((resolve, reject) => {
      // node: the per-page value the pages send, which a proxy in front of several processes hashes on
      // (deploy/nginx/): each phone keeps to one process, the phones spread over all of them.
      this.node = this.node || Math.random().toString(16).slice(2, 10);
      const ws = new WebSocket(`ws://${url.host}/socket.io/?EIO=4&transport=websocket&node=${this.node}`, {
        headers: this.cookie ? { Cookie: this.cookie } : {},
        perMessageDeflate: false,
      });
      this.ws = ws;
      let done = false;
      const finish = (err) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) {
          ws.terminate();
          reject(err);
        } else resolve();
      };
      const timer = setTimeout(() => finish(new Error("handshake timeout")), timeoutMs);
      ws.on("message", (data) => {
        const text = data.toString();
        const type = text.charCodeAt(0);
        if (type === 50 /* "2" ping */) ws.send("3");
        else if (type === 48 /* "0" open */) ws.send("40" + JSON.stringify({ event: code, audience: "attendee" }));
        else if (type === 52 /* "4" message */) this.packet(text, finish);
      });
      ws.on("error", (err) => finish(err));
      ws.on("close", () => {
        const was = this.connected;
        this.connected = false;
        finish(new Error("closed during handshake"));
        if (was && this.onClose) this.onClose(this);
      });
    });
  }

  packet(text, finish) {
    const sio = text.charCodeAt(1);
    if (sio === 48 /* "0" CONNECT */) {
      this.connected = true;
      finish();
    } else if (sio === 52 /* "4" CONNECT_ERROR */) {
      finish(new Error(`refused: ${text.slice(2, 200)}`));
    } else if (sio === 50 /* "2" EVENT */) {
      const [name, msg] = parseEvent(text);
      if (name === "hello") {
        if (this.hello) this.hello(msg);
        this.hello = null;
        return;
      }
      if (msg && typeof msg.seq === "number") {  // as live.js does: sequenced, then tallies' version
        if (msg.seq > this.seq && !name.endsWith(":tallied")) this.seq = msg.seq;
        if (msg.seq === this.seq && typeof msg.tally_seq === "number" && msg.tally_seq > this.tally) {
          this.tally = msg.tally_seq;
        }
      }
      if (this.onMessage) this.onMessage(this, text);
    } else if (sio === 51 /* "3" ACK */) {
      const bracket = text.indexOf("[");
      const id = Number(text.slice(2, bracket));
      const resolve = this.acks.get(id);
      if (resolve) {
        this.acks.delete(id);
        resolve(JSON.parse(text.slice(bracket))[0]);
      }
    }
  }

  call(name, payload, timeoutMs = 60000) {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve({ ok: false, error: { code: "ack_timeout" } });
      }, timeoutMs);
      this.acks.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.ws.send(`42${id}` + JSON.stringify([name, payload]));
    });
  }

  async snapshot(code, agent) {
    const res = await request(agent, "GET", `/api/events/${code}/snapshot`, { headers: { Cookie: this.cookie } });
    if (res.status !== 200) throw new Error(`snapshot ${res.status}`);
    return res.body;
  }

  /** After a connect, as the page does: wait for the greeting (3 s at most) and fetch a snapshot
   * only when the room's state is newer than this phone's. True when it fetched one. */
  async catchUp(code, agent) {
    const hello = await Promise.race([this.greeting, sleep(3000).then(() => null)]);
    if (hello && hello.seq <= this.seq && hello.tally_seq <= this.tally) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        this.holdSnapshot(await this.snapshot(code, agent));
        return true;
      } catch {
        await sleep(Math.min(1000 * 2 ** attempt, 15000));
      }
    }
  }
}

// Parse each distinct broadcast once: every phone receives the same text.
let lastText = null;
let lastParsed = null;
function parseEvent(text) {
  if (text !== lastText) {
    lastText = text;
    lastParsed = JSON.parse(text.slice(2));
  }
  return lastParsed;
}

// --- Phases -----------------------------------------------------------------------------------

async function joinAll(phones) {
  const start = now();
  const failures = [];
  await pool(phones, cfg.joinConcurrency, async (p) => {
    try {
      await p.join(cfg.code);
    } catch (err) {
      failures.push(String(err.message || err));
    }
  });
  const seconds = (now() - start) / 1000;
  return { seconds, per_second: phones.length / seconds, failed: failures.length, first_failure: failures[0] || null };
}

/** The floor under joins: the same number of the app's cheapest request (GET /healthz: Flask, one
 * SELECT 1), each on a new connection as a phone's first request is. A join is two requests. */
async function httpFloor(n) {
  const start = now();
  let failed = 0;
  await pool(Array.from({ length: n }), cfg.joinConcurrency, async () => {
    const agent = new http.Agent({ keepAlive: false });
    try {
      const res = await request(agent, "GET", "/healthz");
      if (res.status !== 200) failed++;
    } catch {
      failed++;
    } finally {
      agent.destroy();
    }
  });
  const seconds = (now() - start) / 1000;
  return { requests: n, seconds, per_second: n / seconds, failed };
}

async function connectAll(phones) {
  const start = now();
  const failures = [];
  const took = [];
  await pool(phones, cfg.connectConcurrency, async (p) => {
    const t0 = now();
    try {
      await p.connect(cfg.code);
      took.push(now() - t0);
    } catch (err) {
      failures.push(String(err.message || err));
    }
  });
  const seconds = (now() - start) / 1000;
  return {
    seconds,
    per_second: (phones.length - failures.length) / seconds,
    failed: failures.length,
    first_failure: failures[0] || null,
    handshake_ms: summary(took),
  };
}

/** A new question asked by `asker`; every phone's arrival time of the questions:changed that carries it. */
async function fanout(phones, askers, rounds) {
  const latencies = [];
  const perRound = [];
  let delivered = 0;
  let expected = 0;
  for (let round = 0; round < rounds; round++) {
    const asker = askers[round % askers.length];
    const marker = `Fan-out round ${round} ${Math.random().toString(36).slice(2, 10)}`;
    const listeners = phones.filter((p) => p !== asker && p.connected);
    let waiting = listeners.length;
    let allIn;
    const arrived = new Promise((resolve) => { allIn = resolve; });
    const roundLatencies = [];
    let t0 = 0;
    for (const p of listeners) {
      p.onMessage = (phone, text) => {
        if (!text.startsWith('42["questions:changed"') || !text.includes(marker)) return;
        phone.onMessage = null;
        roundLatencies.push(now() - t0);
        if (--waiting === 0) allIn();
      };
    }
    t0 = now();
    const ack = asker.call(cfg.reference ? "question:ask" : "question:ask", { text: marker });
    await Promise.race([arrived, sleep(cfg.fanoutTimeoutMs || 15000)]);
    const answer = await ack;
    if (!answer.ok) throw new Error(`ask refused: ${JSON.stringify(answer)}`);
    for (const p of listeners) p.onMessage = null;
    expected += listeners.length;
    delivered += roundLatencies.length;
    latencies.push(...roundLatencies);
    perRound.push(pct(roundLatencies, 99));
    await sleep(cfg.fanoutGapMs || 300);
  }
  return { ...summary(latencies), delivered, expected, worst_round_p99: Math.max(...perRound) };
}

/** Votes offered at cfg.voteRate per second for cfg.voteSeconds from `voters`, while every phone
 * listens to the tallies; snapshots fetched meanwhile; a few deliberate duplicate votes. */
async function votes(phones, voters, questionIds) {
  const perQuestion = Object.fromEntries(questionIds.map((id) => [id, 0]));
  const refusedCodes = {};
  const ackMs = [];
  let offered = 0;
  let acked = 0;
  let doubled = 0;
  let duplicatesRefused = 0;
  const queues = voters.map((p, i) => {
    const order = [...questionIds];
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(Math.random() * (j + 1));
      [order[j], order[k]] = [order[k], order[j]];
    }
    return { phone: p, order, next: 0, done: [] };
  });
  // Every phone keeps the counts the tallies tell it (absolute values).
  for (const p of phones) {
    p.votes = new Map();
    p.onMessage = (phone, text) => {
      if (!text.startsWith('42["questions:tallied"')) return;
      const [, msg] = parseEvent(text);
      for (const [id, count] of Object.entries(msg.votes)) phone.votes.set(Number(id), count);
    };
  }
  const snapshotMs = [];
  let snapshotErrors = 0;
  let stop = false;
  const snapAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const snapshotter = (async () => {
    while (!stop) {
      const p = phones[Math.floor(Math.random() * phones.length)];
      const t0 = now();
      try {
        await p.snapshot(cfg.code, snapAgent);
        snapshotMs.push(now() - t0);
      } catch {
        snapshotErrors++;
      }
      await sleep(1000 / cfg.snapshotRate);
    }
  })();
  const pending = [];
  const start = now();
  let cursor = 0;
  const durationMs = cfg.voteSeconds * 1000;
  const inWindow = [];
  while (now() - start < durationMs) {
    const due = Math.floor(((now() - start) / 1000) * cfg.voteRate);
    while (offered < due) {
      const q = queues[cursor++ % queues.length];
      if (!q.phone.connected) continue;
      let qid;
      let duplicate = false;
      if (q.done.length && Math.random() < cfg.duplicateShare) {
        qid = q.done[Math.floor(Math.random() * q.done.length)];
        duplicate = true;
      } else if (q.next < q.order.length) {
        qid = q.order[q.next++];
      } else continue;
      offered++;
      const t0 = now();
      pending.push(
        q.phone.call("question:vote", { question_id: qid }, 60000).then((ack) => {
          const t1 = now();
          if (ack.ok) {
            if (duplicate) doubled++;
            else {
              perQuestion[qid]++;
              q.done.push(qid);
            }
            acked++;
            ackMs.push(t1 - t0);
            if (t1 - start <= durationMs) inWindow.push(t1);
          } else {
            const code = ack.error && ack.error.code;
            if (duplicate && code === "already_voted") duplicatesRefused++;
            else refusedCodes[code] = (refusedCodes[code] || 0) + 1;
            ackMs.push(t1 - t0);
          }
        }),
      );
    }
    await sleep(2);
  }
  const offeredSeconds = (now() - start) / 1000;
  await Promise.all(pending);
  const drained = (now() - start) / 1000;
  stop = true;
  await snapshotter;
  snapAgent.destroy();
  await sleep(cfg.tallyWaitMs || 4000); // the last coalesced tallies (a big room hears every 2 s)
  return {
    offered,
    offered_per_second: offered / offeredSeconds,
    acked_ok: acked,
    acked_per_second: acked / drained,
    acked_in_window: inWindow.length,
    all_acked_after_s: drained,
    ack_ms: summary(ackMs),
    refused: refusedCodes,
    duplicates_refused: duplicatesRefused,
    doubled_acks: doubled,
    per_question: perQuestion,
    snapshot_ms: summary(snapshotMs),
    snapshot_errors: snapshotErrors,
  };
}

/** Each listening phone's counts against the counts acknowledged: how many phones hold a stale tally. */
function tallyConvergence(phones, perQuestion) {
  let stale = 0;
  for (const p of phones) {
    for (const [id, count] of Object.entries(perQuestion)) {
      if (count && p.votes.get(Number(id)) !== count) {
        stale++;
        break;
      }
    }
  }
  return { phones: phones.length, stale_phones: stale };
}

/** The server goes away under every phone; each reconnects as socket.io-client does (1 s ± 50 %,
 * doubling to 5 s) and then fetches its snapshot, as the page does on every connect. */
async function storm(phones, variant) {
  let back = 0;
  let fetched = 0;
  let failedAttempts = 0;
  let t0 = 0;
  const connectedAt = [];
  let finished;
  const allBack = new Promise((resolve) => { finished = resolve; });
  const agents = Array.from({ length: 64 }, () => new http.Agent({ keepAlive: true, maxSockets: 4 }));
  const delay = (attempt) => {
    const base = Math.min(1000 * 2 ** attempt, 5000);
    const deviation = Math.floor(Math.random() * 0.5 * base);
    return Math.min((Math.floor(Math.random() * 10) & 1) === 0 ? base - deviation : base + deviation, 5000);
  };
  const rejoin = async (p) => {
    for (let attempt = 0; ; attempt++) {
      await sleep(delay(attempt));
      try {
        await p.connect(cfg.code, 20000);
        connectedAt.push((now() - t0) / 1000);
        break;
      } catch {
        failedAttempts++;
      }
    }
    if (await p.catchUp(cfg.code, agents[p.index % agents.length])) fetched++;
    if (++back === phones.length) finished(now());
  };
  for (const p of phones) {
    p.onMessage = null;
    p.onClose = (phone) => {
      phone.onClose = null;
      rejoin(phone);
    };
  }
  say({ type: "need_restart", variant });
  t0 = now();
  const [, pid, stopS, startS] = (await readLine()).split(" ");
  serverPid = Number(pid);
  const restartedAfter = (now() - t0) / 1000;
  const end = await Promise.race([allBack, sleep(cfg.stormTimeoutMs || 120000).then(() => null)]);
  for (const a of agents) a.destroy();
  return {
    variant,
    server_back_after_s: restartedAfter,
    server_stop_s: Number(stopS),
    server_start_s: Number(startS),
    converged_s: end === null ? null : (end - t0) / 1000,
    reconnected: back,
    snapshots_fetched: fetched,
    failed_attempts: failedAttempts,
    connected_s: summary(connectedAt),
  };
}

/** Memory over time with churn: every second some phones leave for good, some drop and come
 * back, and as many new phones join and connect; a question every 10 s and a trickle of votes.
 * The server's RSS is sampled every cfg.soakSampleSeconds. */
async function soak(phones, askers) {
  const samples = [];
  const start = now();
  const live = new Set(phones.filter((p) => p.connected));
  let next = phones.length;
  let churned = 0;
  let joined = 0;
  let questionIds = [];
  let lastQuestion = -Infinity;
  let lastSample = -Infinity;
  const perSecond = Math.max(1, Math.round(live.size * cfg.soakChurnShare));
  const tick = async () => {
    const pool = [...live].filter((p) => !askers.includes(p));
    for (let i = 0; i < perSecond && pool.length; i++) {
      const p = pool.splice(Math.floor(Math.random() * pool.length), 1)[0];
      live.delete(p);
      p.onClose = null;
      p.ws.terminate();
      churned++;
      if (i % 2 === 0) {  // half come back on the same phone, half are replaced by a newcomer
        p.connect(cfg.code).then(() => live.add(p), () => {});
      } else {
        const fresh = new Phone(next++);
        fresh.join(cfg.code).then(() => fresh.connect(cfg.code)).then(() => { live.add(fresh); joined++; }, () => {});
      }
    }
    const voters = [...live].slice(0, 200);
    for (let i = 0; i < cfg.soakVotesPerSecond && questionIds.length && voters.length; i++) {
      const p = voters[Math.floor(Math.random() * voters.length)];
      p.call("question:vote", { question_id: questionIds[Math.floor(Math.random() * questionIds.length)] }, 20000);
    }
  };
  while ((now() - start) / 1000 < cfg.soakSeconds) {
    const elapsed = (now() - start) / 1000;
    if (elapsed - lastQuestion >= 10) {
      lastQuestion = elapsed;
      askers[Math.floor(elapsed) % askers.length].call("question:ask", { text: `Soak question at ${Math.round(elapsed)} s` })
        .then((ack) => { if (ack.ok) questionIds = [...questionIds.slice(-39), ack.data.id]; });
    }
    if (elapsed - lastSample >= cfg.soakSampleSeconds) {
      lastSample = elapsed;
      const rss = rssKb(serverPid);
      samples.push({ at_s: Math.round(elapsed), rss_kb: rss, connected: live.size });
      say({ type: "progress", phase: "soak", at_s: Math.round(elapsed), rss_kb: rss, connected: live.size, churned });
    }
    await tick();
    await sleep(1000);
  }
  return { seconds: cfg.soakSeconds, churn_per_second: perSecond, churned, newcomers: joined, samples };
}

// --- Main -----------------------------------------------------------------------------------

async function main() {
  const result = { n: cfg.phones, reference: !!cfg.reference };
  let phones = Array.from({ length: cfg.phones }, (_, i) => new Phone(i));
  if (!cfg.reference) {
    result.http_floor = await httpFloor(Math.min(cfg.phones, 3000));
    say({ type: "progress", phase: "http_floor", ...result.http_floor });
    say({ type: "phase_start", phase: "join" });
    result.join = await joinAll(phones);
    say({ type: "progress", phase: "join", ...result.join });
    phones = phones.filter((p) => p.joined); // a phone refused at the door does not go on
  }
  await sleep(500);
  const rssBefore = rssKb(serverPid);
  say({ type: "phase_start", phase: "connect" });
  result.connect = await connectAll(phones);
  say({ type: "progress", phase: "connect", ...result.connect });
  if (!cfg.reference) result.joined_and_connected_s = result.join.seconds + result.connect.seconds;
  await sleep(2000); // let the server settle (stats, GC) before reading its memory
  const rssAfter = rssKb(serverPid);
  const connected = phones.filter((p) => p.connected).length;
  result.memory = { rss_before_kb: rssBefore, rss_after_kb: rssAfter, connected,
    per_phone_kb: (rssAfter - rssBefore) / connected };
  say({ type: "progress", phase: "memory", ...result.memory });

  const askers = phones.slice(-Math.min(8, phones.length));
  const listeners = phones.filter((p) => !askers.includes(p));
  if (cfg.soakSeconds > 0) {
    result.soak = await soak(phones, askers);
    say({ type: "result", result });
    process.exit(0);
  }
  say({ type: "phase_start", phase: "fanout" });
  result.fanout = await fanout(phones, askers, cfg.fanoutRounds);
  say({ type: "progress", phase: "fanout", ...result.fanout });

  if (!cfg.reference && cfg.voteSeconds > 0) {
    // Questions to vote on: enough that no voter runs out (a phone votes once per question).
    const needed = Math.ceil((cfg.voteRate * cfg.voteSeconds) / Math.min(cfg.voters, listeners.length) * 1.3) + 2;
    const ids = [];
    for (let i = 0; ids.length < needed; i++) {
      const asker = askers[i % askers.length];
      const ack = await asker.call("question:ask", { text: `Vote target ${i}` });
      if (ack.ok) ids.push(ack.data.id);
      else if (ack.error && ack.error.code === "rate_limited") await sleep(500);
      else throw new Error(`ask refused: ${JSON.stringify(ack)}`);
    }
    await sleep(1000);
    const voters = listeners.slice(0, cfg.voters);
    say({ type: "phase_start", phase: "votes" });
    result.votes = await votes(phones, voters, ids);
    result.votes.tallies = tallyConvergence(listeners, result.votes.per_question);
    say({ type: "progress", phase: "votes", offered: result.votes.offered, acked: result.votes.acked_ok });
  }

  if (!cfg.reference && cfg.storm) {
    // A restart in which nothing changed (one server: nothing can), then one in which the room's
    // state moved on while the server was down (a question asked): every phone then fetches.
    result.storms = [];
    for (const variant of ["unchanged", "changed"]) {
      say({ type: "phase_start", phase: `storm_${variant}` });
      const outcome = await storm(phones.filter((p) => p.connected), variant);
      result.storms.push(outcome);
      say({ type: "progress", phase: `storm_${variant}`, ...outcome });
      await sleep(3000);
    }
  }
  say({ type: "result", result });
  for (const p of phones) if (p.ws) p.ws.terminate();
  process.exit(0);
}

main().catch((err) => {
  say({ type: "error", message: String(err && err.stack ? err.stack : err) });
  process.exit(1);
});
