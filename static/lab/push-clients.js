// The push lab's six clients: each receives one run's feed the way a page of its era did,
// and notes, for every event, when this page's handler ran (on the session's clock) and
// whether its bytes are the ones the feed published. See templates/lab_push.html.
//
//   poll        fetch …/poll?after=K, then wait P ms after each answer, again
//   long-poll   fetch …/long-poll?after=K, again at once (RFC 6202 §2.1)
//   iframe      a hidden <iframe> whose endless page calls window.wtPush (the forever frame)
//   streaming   one fetch whose body is read as it arrives (RFC 6202 §3.1)
//   sse         an EventSource; it reconnects with Last-Event-ID by itself (HTML §9.2)
//   websocket   a WebSocket, a text frame per event (RFC 6455)
//
// SECURITY: a payload is only compared and parsed (JSON.parse), never inserted as markup.

import { t } from "../i18n.js";

export const TECHNIQUES = ["poll", "long-poll", "iframe", "streaming", "sse", "websocket"];

/** How the page names them. */
export const NAMES = {
  poll: t("polling"), "long-poll": t("long polling"), iframe: t("forever iframe"),
  streaming: t("HTTP streaming"), sse: "Server-Sent Events", websocket: "WebSocket",
};

const PAD = "abcdefghijklmnopqrstuvwxyz";

/** Event k's payload, as the feed publishes it (labs/push/feed.rs). */
export function expectedPayload(k, intervalMs, size) {
  const head = `{"n":${k},"t":${k * intervalMs},"p":"`;
  const room = Math.max(0, size - head.length - 2);
  let pad = "";
  while (pad.length < room) pad += PAD;
  return `${head}${pad.slice(0, room)}"}`;
}

/** The counter of a payload, or null. */
export function counterOf(payload) {
  const m = /^\{"n":(\d+),/.exec(payload);
  return m ? Number(m[1]) : null;
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
});

/**
 * Receives run `ctx.run` by `technique`; resolves once every event is here, the run's time
 * is up, or `ctx.signal` aborts: {technique, got: [{n, at, ok}], requests, error}.
 * `ctx`: {id, run, params, clock: () => ms on the session's clock, signal, host}.
 */
export async function receive(technique, ctx) {
  const inbox = { got: [], requests: 0, last: 0, error: null };
  const { params } = ctx;
  inbox.take = (payload) => {
    const at = ctx.clock();
    const n = counterOf(payload);
    inbox.got.push({ n, at, ok: n !== null && payload === expectedPayload(n, params.interval_ms, params.payload_bytes) });
    if (n !== null && n > inbox.last) inbox.last = n;
  };
  inbox.done = () => inbox.last >= params.events;
  // The feed waits up to 3 s for the techniques, then runs; a delay costs each write.
  const budget = 3000 + params.events * params.interval_ms + 8 * params.delay_ms + 10_000;
  const timer = new AbortController();
  const stop = () => timer.abort();
  ctx.signal?.addEventListener("abort", stop, { once: true });
  const deadline = setTimeout(stop, budget);
  try {
    await CLIENTS[technique]({ ...ctx, signal: timer.signal }, inbox);
  } catch (e) {
    if (!timer.signal.aborted) inbox.error = String(e?.message ?? e);
  } finally {
    clearTimeout(deadline);
    ctx.signal?.removeEventListener("abort", stop);
  }
  if (!inbox.done() && !inbox.error) inbox.error = ctx.signal?.aborted ? t("stopped") : t("not every event arrived in time");
  return { technique, got: inbox.got, requests: inbox.requests, error: inbox.error };
}

const base = (ctx, technique) => `/api/lab/push/${encodeURIComponent(ctx.id)}/${technique}?run=${ctx.run}`;

/** Polling and long polling: a request for what came after the last event, again. */
async function polls(technique, ctx, inbox) {
  while (!inbox.done() && !ctx.signal.aborted) {
    inbox.requests++;
    const res = await fetch(`${base(ctx, technique)}&after=${inbox.last}`, { cache: "no-store", signal: ctx.signal });
    if (res.status === 200) {
      for (const line of (await res.text()).split("\n")) if (line) inbox.take(line);
    } else if (res.status !== 204) {
      throw new Error(t("{technique}: the server answered {status}", { technique, status: res.status }));
    }
    if (technique === "poll" && !inbox.done()) await sleep(ctx.params.poll_ms, ctx.signal);
  }
}

/** Resolves when `inbox` is complete or `signal` aborts; `onEvent` runs after each event. */
function until(inbox, signal, onEvent) {
  return new Promise((resolve) => {
    const take = inbox.take;
    inbox.take = (payload) => {
      take(payload);
      onEvent?.();
      if (inbox.done()) resolve();
    };
    signal.addEventListener("abort", resolve, { once: true });
  });
}

const CLIENTS = {
  poll: (ctx, inbox) => polls("poll", ctx, inbox),
  "long-poll": (ctx, inbox) => polls("long-poll", ctx, inbox),

  /** One response, read chunk by chunk as it arrives; events end with LF. */
  async streaming(ctx, inbox) {
    inbox.requests++;
    const res = await fetch(base(ctx, "streaming"), { cache: "no-store", signal: ctx.signal });
    if (!res.ok || !res.body) throw new Error(t("{technique}: the server answered {status}", { technique: "streaming", status: res.status }));
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = text.indexOf("\n")) >= 0) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        if (line) inbox.take(line);
      }
    }
  },

  /** The forever frame: a hidden iframe whose scripts call window.wtPush. */
  async iframe(ctx, inbox) {
    inbox.requests++;
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = t("the forever frame");
    const arrived = until(inbox, ctx.signal);
    window.wtPush = (payload) => inbox.take(String(payload));
    frame.src = base(ctx, "iframe");
    document.body.append(frame);
    try {
      await arrived;
    } finally {
      frame.remove();
      delete window.wtPush;
    }
  },

  /** EventSource: each (re)connection is a request; the browser sends Last-Event-ID. */
  async sse(ctx, inbox) {
    const source = new EventSource(base(ctx, "sse"));
    source.onopen = () => { inbox.requests++; };
    const arrived = until(inbox, ctx.signal, () => { if (inbox.done()) source.close(); });
    source.onmessage = (e) => inbox.take(e.data);
    const failed = new Promise((_, reject) => {
      source.onerror = () => {
        // CONNECTING: it is reconnecting by itself (HTML §9.2.3). CLOSED: it gave up.
        if (source.readyState === EventSource.CLOSED && !inbox.done()) reject(new Error(t("sse: the stream failed")));
      };
    });
    try {
      await Promise.race([arrived, failed]);
    } finally {
      source.close();
    }
  },

  /** A WebSocket: each text frame an event; the server closes with 1000 at the end. */
  async websocket(ctx, inbox) {
    inbox.requests++;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/push?session=${encodeURIComponent(ctx.id)}&run=${ctx.run}`);
    const arrived = until(inbox, ctx.signal);
    socket.onmessage = (e) => inbox.take(String(e.data));
    const closed = new Promise((resolve, reject) => {
      socket.onclose = (e) => (inbox.done() ? resolve() : reject(new Error(t("websocket: closed with {code}", { code: e.code }))));
    });
    try {
      await Promise.race([arrived, closed]);
      // All here: give the server's Close (its closing handshake) a moment to arrive.
      if (inbox.done()) await Promise.race([closed.catch(() => {}), sleep(2000, ctx.signal)]);
    } finally {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    }
  },
};
