// The Content-Security-Policy of pages (pure: proxy.ts builds one per request with a fresh nonce; the
// headers every other response gets are static, in next.config.ts).
//
// Scripts: only those carrying this request's nonce, and what they load ('strict-dynamic'). Next.js reads the
// nonce from the request's Content-Security-Policy header and puts it on its own scripts and the inline RSC
// payload, so every page must render dynamically (they do: the root layout reads the locale cookie).
// Styles: 'unsafe-inline' stays, because React renders `style={{...}}` props as style attributes, which a
// nonce cannot cover (and a nonce in style-src would switch 'unsafe-inline' off); styles cannot run code.
// Development adds 'unsafe-eval' (React rebuilds server error stacks with eval) and the HMR websocket.

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    // Only when served over https: on http://localhost it would send the browser to https://localhost.
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
