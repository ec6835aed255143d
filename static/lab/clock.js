// One clock for a lab session. The server stamps every event with `t_ms`, milliseconds since
// the session began on its own clock; the page's WebSocket events happen on the page's clock
// (`performance.now()`, the origin of every DOM event's `timeStamp`). To draw both on one time
// line the page measures the offset between the two at the start, as NTP does (RFC 5905 §8,
// with one server reading instead of two): it reads the server's clock (`GET …/clock`) a few
// times and keeps the quickest round trip, assuming the reading was taken at its midpoint.
// The error of that assumption is at most half the round trip: the uncertainty shown with
// every page event's time.

/** How many readings are taken; the quickest round trip wins. */
export const SAMPLES = 5;

/**
 * Measures the offset from the page's clock to the session's.
 * @param {string} url  the session's clock endpoint, answering {"t_ms": number}
 * @returns {Promise<{offset:number, uncertainty:number, samples:number}|null>}  session time =
 *   page time - offset, ± uncertainty; null when no reading could be taken.
 */
export async function measureClock(url, samples = SAMPLES) {
  let best = null;
  let taken = 0;
  for (let i = 0; i < samples; i++) {
    try {
      const sent = performance.now();
      const r = await fetch(url, { cache: "no-store" });
      const body = r.ok ? await r.json() : null;
      const received = performance.now();
      const t = Number(body?.t_ms);
      if (!Number.isFinite(t)) continue;
      taken++;
      const rtt = received - sent;
      if (!best || rtt < best.rtt) best = { rtt, offset: (sent + received) / 2 - t };
    } catch {
      // A reading lost is a reading not taken.
    }
  }
  return best ? { offset: best.offset, uncertainty: best.rtt / 2, samples: taken } : null;
}

/** A page time (performance.now() or an event's timeStamp) on the session's clock. */
export function sessionTime(clock, pageMs) {
  return clock ? pageMs - clock.offset : undefined;
}

/** "±0.21 ms": the uncertainty of a page event's time. */
export function formatUncertainty(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  return `±${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}
