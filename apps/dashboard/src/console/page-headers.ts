/**
 * Headers of the console's and the login form's pages: scripts and styles only from the dashboard itself
 * (inline style attributes allowed: Chart.js sizes its canvases with them, the login page has one style
 * block), no framing (clickjacking), forms post only here, and never cached (they change with the session).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
};
