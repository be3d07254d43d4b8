// Many Socket.IO clients in one Node process, for bench/realtime.py.
//
// A Python asyncio client per connection costs the server's two cores about
// as much as the server itself; Node's event loop holds hundreds of sockets
// for a fraction of that, so delivery times measure the server.
//
// Protocol (one JSON object a line):
//   stdin, first line: {"urls": [...], "thread_id": 1, "tokens": [...], "batch": 50, "deflate": false}
//   stdout:            {"type": "joined", "clients": N, "connect_ms": 1234.5}
//                      {"type": "delivered", "post_id": 7}   once every client has post 7
//   stdin, later:      "report"
//   stdout:            {"type": "arrivals", "arrivals": {"7": [ms since the epoch, ...]}}, then exit
//   stdout on failure: {"type": "error", "message": "..."}, exit status 1
"use strict";

const readline = require("node:readline");
const { performance } = require("node:perf_hooks");
const { io } = require("socket.io-client");

const JOIN_TIMEOUT_MS = 30000;

function say(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function fail(error) {
  say({ type: "error", message: String(error && error.message ? error.message : error) });
  process.exit(1);
}

// Wall-clock milliseconds with sub-millisecond resolution: the same clock as
// Python's time.time() on this machine.
function now() {
  return performance.timeOrigin + performance.now();
}

function connect(url, token, deflate) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ["websocket"], // as the Python client: no long-polling first
      auth: { token },
      reconnection: false,
      forceNew: true, // one engine.io connection per client, not one shared
      perMessageDeflate: deflate ? { threshold: 1024 } : false,
      timeout: JOIN_TIMEOUT_MS,
    });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(new Error(`connect: ${error.message}`)));
  });
}

async function joinThread(socket, threadId) {
  const ack = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck("join_thread", { thread_id: threadId });
  if (!ack || !ack.ok) {
    throw new Error(`join_thread refused: ${JSON.stringify(ack)}`);
  }
}

class Arrivals {
  constructor(expected) {
    this.expected = expected;
    this.byPost = new Map();
  }

  record(postId, moment) {
    const times = this.byPost.get(postId) || [];
    times.push(moment);
    this.byPost.set(postId, times);
    if (times.length === this.expected) {
      say({ type: "delivered", post_id: postId });
    }
  }

  asJson() {
    return Object.fromEntries(this.byPost);
  }
}

async function openAll(config, arrivals) {
  const sockets = [];
  const batch = config.batch || 50;
  for (let start = 0; start < config.tokens.length; start += batch) {
    const opened = await Promise.all(config.tokens.slice(start, start + batch).map(async (token, offset) => {
      const index = start + offset;
      const socket = await connect(config.urls[index % config.urls.length], token, config.deflate);
      // Listen before joining, so no post can slip between the ack and the listener.
      socket.on("post_created", (data) => arrivals.record(data.post.id, now()));
      await joinThread(socket, config.thread_id);
      return socket;
    }));
    sockets.push(...opened);
  }
  return sockets;
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    throw new Error("no configuration on stdin");
  }
  const config = JSON.parse(first.value);
  const arrivals = new Arrivals(config.tokens.length);

  const started = performance.now();
  const sockets = await openAll(config, arrivals);
  say({ type: "joined", clients: sockets.length, connect_ms: performance.now() - started });

  for await (const line of iterator) {
    if (line.trim() === "report") {
      break;
    }
  }
  say({ type: "arrivals", arrivals: arrivals.asJson() });
  sockets.forEach((socket) => socket.disconnect());
  process.exit(0);
}

main().catch(fail);
