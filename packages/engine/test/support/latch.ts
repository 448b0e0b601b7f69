// A latch the test opens: code awaiting `wait()` stays there until `open()` (e.g. a request to
// TikTok held mid-flight while the test looks at the world).
export function latch() {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const arrived = new Promise<void>((r) => (reached = r));
  return {
    open,
    /** Resolves once someone is waiting at the latch. */
    arrived,
    wait: async () => {
      reached();
      await opened;
    },
  };
}
