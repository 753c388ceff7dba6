/** What the login page says above the form. */
export type LoginNotice = "none" | "refused" | "throttled" | "logged-out";

const NOTICES: Readonly<Record<LoginNotice, string>> = {
  none: "",
  refused: "Wrong username or password.",
  throttled: "Too many failed logins from your address: wait and try again.",
  "logged-out": "You are logged out.",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Only a path of this dashboard is a place to return to after login: never another site (`//evil`,
 * `https://...`), which would make the login form a redirector for phishing.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (value === null || value === undefined || !value.startsWith("/") || value.startsWith("//")) return "/";
  // A backslash reads as a slash to browsers (`/\\evil`); control characters have no place in a path.
  if (value.includes("\\") || [...value].some((character) => character.charCodeAt(0) < 0x20)) return "/";
  return value;
}

/**
 * The login form, plain HTML without scripts (it works before the UI is built, and with scripts off).
 * It posts to /login as a form; the answer sets the session cookie and redirects to `next`.
 */
export function loginPage(notice: LoginNotice, next: string): string {
  const message = NOTICES[notice];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · Routing console</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:grid;place-items:center;min-height:100vh}
form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:18rem}
h1{font-size:1.2rem;margin:0 0 1rem}label{display:block;margin:.6rem 0 .2rem;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:.45rem;font-size:1rem}
button{margin-top:1rem;width:100%;padding:.55rem;font-size:1rem;background:#2457c5;color:#fff;border:0;border-radius:4px}
.notice{color:#b00020;font-size:.9rem;margin:0 0 .5rem}
</style>
</head>
<body>
<form method="post" action="/login">
<h1>Routing console</h1>
${message === "" ? "" : `<p class="notice" role="alert">${escapeHtml(message)}</p>`}
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
</body>
</html>
`;
}
