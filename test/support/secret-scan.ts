// Finds credentials in text a test captured (log lines, CLI output, API answers). Two nets: the
// exact secrets a test knows it handed out (client secrets, the encryption key, tokens read back
// from the store), and the shapes of generated ones, so a secret the test never saw is caught too:
// tokpost API keys (`tp_` + 43 base64url characters), the emulator's access and refresh tokens
// (`act.`/`rft.` + 40) and its authorization codes (`…*0!NNNN.va`).
const SHAPES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'API key', pattern: /\btp_[A-Za-z0-9_-]{43}/ },
  { name: 'access token', pattern: /\bact\.[A-Za-z0-9_-]{40}/ },
  { name: 'refresh token', pattern: /\brft\.[A-Za-z0-9_-]{40}/ },
  { name: 'authorization code', pattern: /[A-Za-z0-9_-]{32}\*0!\d{4}\.va/ },
];

export interface SecretFinding {
  what: string;
  line: string;
}

/** Every line holding a known secret (at least 8 characters long) or a credential's shape. */
export function findSecrets(lines: readonly string[], known: ReadonlyArray<string | undefined> = []): SecretFinding[] {
  const exact = known.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const found: SecretFinding[] = [];
  for (const line of lines) {
    const hit = exact.find((s) => line.includes(s));
    if (hit) {
      found.push({ what: `known secret ${hit.slice(0, 4)}…`, line });
      continue;
    }
    const shape = SHAPES.find((s) => s.pattern.test(line));
    if (shape) found.push({ what: shape.name, line });
  }
  return found;
}

/** Throws naming each leaking line (cut to 300 characters) when any line holds a secret. */
export function assertNoSecrets(source: string, lines: readonly string[], known: ReadonlyArray<string | undefined> = []): void {
  const found = findSecrets(lines, known);
  if (found.length === 0) return;
  const shown = found.slice(0, 5).map((f) => `  ${f.what}: ${f.line.slice(0, 300)}`);
  throw new Error(`${source}: ${found.length} line(s) hold a secret:\n${shown.join('\n')}`);
}
