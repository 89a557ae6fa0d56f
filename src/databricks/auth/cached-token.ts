/** Refresh when fewer than this many milliseconds of validity remain. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Caches a bearer token that expires: `token()` returns the cached one while more than
 * {@link REFRESH_MARGIN_MS} of validity remain, else fetches a new one; `refresh()` always fetches;
 * concurrent fetches are merged into one request.
 * @param fetchToken returns the token and its lifetime in seconds (`expires_in`)
 */
export function createCachedToken(
  fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>,
  now: () => number,
): { token(): Promise<string>; refresh(): Promise<string> } {
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  function refresh(): Promise<string> {
    inFlight ??= fetchToken()
      .then((fresh) => {
        cached = { token: fresh.token, expiresAt: now() + fresh.expiresInSeconds * 1000 };
        return fresh.token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }
  return {
    token: () =>
      cached !== undefined && cached.expiresAt - now() > REFRESH_MARGIN_MS ? Promise.resolve(cached.token) : refresh(),
    refresh,
  };
}
